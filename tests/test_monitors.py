"""Run monitors and the verdict: real `scrapy crawl` runs against the replica, plus the
monitor suite and the summary on chosen stats (no crawl needed for the arithmetic)."""

from __future__ import annotations

import json
import re
import socket
from typing import Any

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.settings import Settings
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.test import get_crawler
from spidermon.contrib.scrapy.runners import SpiderMonitorRunner

from spotlight_crawler import settings as project_settings
from spotlight_crawler.items import SCHEMA_PATH, ArticleItem
from spotlight_crawler.run import keys
from spotlight_crawler.run.summary import summary_lines
from tests.crawl import crawl, validate
from tests.replica.server import ARTICLE_PATH_RE, Replica, RequestInfo, Response

NO_STATE = {"SPOTLIGHT_STATE": ""}
PROJECT = {k: v for k, v in vars(project_settings).items() if k.isupper()}
# What the monitors and the validation pipeline read; a bare crawler gets only these.
MONITORING = {k: v for k, v in PROJECT.items() if k.startswith(("SPIDERMON_", "SPOTLIGHT_MIN_", "SPOTLIGHT_MAX_"))}


def verdict_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if "ERROR: Run not good" in line]


# --- Whole runs ----------------------------------------------------------------------


def without_article_dates(replica: Replica):
    """A redesign that lost the date: article pages print no date-time and carry none in
    their metadata. Listings are untouched (their `By X Oct 22, 2024` lines remain)."""

    def hook(req: RequestInfo) -> Response | None:
        art = replica.site.lookup(req.path) if ARTICLE_PATH_RE.match(req.path) else None
        if art is None:
            return None
        html = replica.renderer.article(art, req.host)
        html = re.sub(r"<time\b[^>]*>.*?</time>", "", html, flags=re.S)
        html = re.sub(r"<meta property=\"article:published_time\"[^>]*>", "", html)
        html = re.sub(r"\"datePublished\":\s*\"[^\"]*\",\s*", "", html)
        return Response(200, html.replace(art.published_at_raw, "").encode())

    return hook


@pytest.mark.e2e
def test_healthy_run_passes_every_monitor_and_so_does_a_rerun_with_nothing_new(replica, tmp_path):
    state = {"SPOTLIGHT_STATE": str(tmp_path / "state.sqlite3")}
    result = crawl("latest", replica.base_url, tmp_path / "first", settings=state)
    assert result.returncode == 0, result.log[-3000:]
    validate(result.records)
    assert result.report["exit_status"] == 0 and result.report["failures"] == []
    assert result.stats["spotlight/monitors/failed"] == []
    records = len(result.records)
    assert result.stat("spotlight/coverage/records") == records == result.stat("spidermon/validation/items")
    assert result.stat("spotlight/coverage/published_at") == records
    assert not verdict_lines(result.log)
    assert f"Run summary (latest, finished, exit status 0):\n  records: {records} written ({records} to " in result.log
    assert "ERROR" not in result.log
    # The next scheduled run finds nothing new: zero records, and that is a good run.
    again = crawl("latest", replica.base_url, tmp_path / "second", settings=state)
    assert again.returncode == 0, again.log[-3000:]
    assert again.records == []
    assert again.stat("spotlight/feed/not_modified") == 1  # the site's feed: nothing changed since
    assert again.stats["spotlight/monitors/failed"] == []


@pytest.mark.e2e
def test_article_date_markup_drift_fails_the_run_naming_the_field(replica, tmp_path):
    replica.hooks.append(without_article_dates(replica))
    # Listings only: the feed's pages, read first, would take the feed's times instead.
    result = crawl("latest", replica.base_url, tmp_path, settings={**NO_STATE, "SPOTLIGHT_FEED": "False"})
    n = len(result.records)
    assert n > 0 and result.stat("spotlight/fallback/published_at_raw") == result.stat("spotlight/article/pages")
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["published_at"]) for r in result.records)  # listing dates
    assert result.returncode == 5
    reason = (
        f"published_at found on the page in 0 of {n} records (0.0%, needs 98%; {n} took the listing's date instead)"
    )
    assert result.report["failures"] == [reason]
    [line] = verdict_lines(result.log)
    assert line.endswith(f"ERROR: Run not good (exit status 5): {reason}.")


@pytest.mark.e2e
def test_unreachable_site_exits_3(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # Nothing listens on the port once the socket is closed: every connection is refused.
    result = crawl("latest", f"http://127.0.0.1:{port}", tmp_path, settings={**NO_STATE, "RETRY_TIMES": "0"})
    assert result.returncode == 3
    assert result.report["exit_status"] == 3
    assert result.report["failures"][0].startswith("the site could not be reached")
    [line] = verdict_lines(result.log)
    assert "Run not good (exit status 3): the site could not be reached" in line
    assert "0 records written, needs at least 1" in line


@pytest.mark.e2e
def test_too_few_records_fail_a_full_run_but_not_a_narrowed_one(replica_factory, tmp_path):
    replica = replica_factory(n_articles=12, page_size=10)
    strict = {**NO_STATE, "SPOTLIGHT_MIN_RECORDS": "1000"}
    full = crawl("latest", replica.base_url, tmp_path / "full", settings=strict)
    assert full.returncode == 5
    n = len(full.records)
    assert full.report["failures"] == [
        f"{n} records written, needs at least 1000 (2 listing pages read, 0 stories already seen, 0 pages not fetched)"
    ]
    narrowed = crawl("latest", replica.base_url, tmp_path / "narrowed", args={"max_pages": "1"}, settings=strict)
    assert narrowed.returncode == 0, narrowed.log[-3000:]
    assert 0 < len(narrowed.records) < n
    assert "Enough records for a full run... SKIPPED" in narrowed.log


# --- The monitor suite on chosen stats ----------------------------------------------------


HEALTHY: dict[str, Any] = {
    "finish_reason": "finished",
    "item_scraped_count": 40,
    "spotlight/listing/pages": 4,
    "spotlight/article/pages": 40,
    "spotlight/coverage/records": 40,
    **{f"spotlight/coverage/{f}": 40 for f in ("headline", "url", "published_at", "body", "authors")},
}


def run_monitors(stats: dict[str, Any], *, narrowed: bool = False, **settings: Any) -> list[str]:
    """The project's suite through Spidermon's runner, as at spider close; the reasons back."""
    crawler = get_crawler(Spider, {**MONITORING, **settings})
    spider = Spider(name="latest")
    spider.narrowed = narrowed
    crawler.stats.set_stats(dict(stats))
    suite = load_object(PROJECT["SPIDERMON_SPIDER_CLOSE_MONITORS"][0])(crawler=crawler)
    SpiderMonitorRunner(spider=spider).run(
        suite, stats=crawler.stats.get_stats(), crawler=crawler, spider=spider, stats_history=[], job=None
    )
    # A failed monitor is 5; pages left for the next run fail no monitor, the run stopped short (8).
    assert crawler.stats.get_value(keys.VERDICT_EXIT_STATUS) == (
        5 if crawler.stats.get_value(keys.MONITORS_FAILED) else 8 if stats.get("spotlight/failures/carried") else 0
    )
    return crawler.stats.get_value(keys.MONITORS_FAILED)


def test_monitors_pass_a_healthy_run():
    assert run_monitors(HEALTHY) == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"spotlight/coverage/body": 30}, "body present in 30 of 40 records (75.0%, needs 95%)"),
        (
            {"spotlight/coverage/published_at": 10, "spotlight/coverage/from_listing/published_at_raw": 30},
            "published_at found on the page in 10 of 40 records (25.0%, needs 98%; 30 took the listing's date instead)",
        ),
        ({"log_count/ERROR": 2}, "2 ERROR lines in the log"),
        ({"finish_reason": "shutdown"}, "the crawl ended with finish reason 'shutdown', not 'finished'"),
        (
            {"spotlight/listing/no_article_links": 1},
            "1 of 4 listing pages held no recognisable article links (allowed: 0)",
        ),
        (
            {"spidermon/validation/items/dropped": 1, "spidermon/validation/fields/errors/does_not_match/image_url": 1},
            "1 records failed the JSON Schema and were dropped (allowed: 0; fields: image_url)",
        ),
        (
            {"spotlight/failures/given_up": 2, "spotlight/failures/given_up/http_503": 2},
            "stories lost: 2 pages given up after 5 attempts (named in the 'Gave up' WARNING lines) (allowed: 0)",
        ),
        (
            {"spotlight/failures/lost": 3, "spotlight/failures/lost/article": 2, "spotlight/failures/lost/listing": 1},
            "stories lost: 3 pages not read whole in a run without the state (2 article, 1 listing pages), so no later run "
            "retries them (allowed: 0)",
        ),
        (
            {"spotlight/retry/deferred": 1, "spotlight/failures/carried": 1},
            "1 pages answered with a Retry-After longer than SPOTLIGHT_MAX_RETRY_AFTER=120 s and were not read in this "
            "run (named in the 'Retry-After' WARNING lines; a run with the state asks again)",
        ),
    ],
)
def test_each_monitor_names_what_failed_and_the_numbers(change, reason):
    assert run_monitors({**HEALTHY, **change}) == [reason]


def test_pages_carried_to_the_next_run_do_not_fail_it_and_the_lost_threshold_is_a_setting():
    assert run_monitors({**HEALTHY, "spotlight/failures/carried": 4}) == []
    assert run_monitors({**HEALTHY, "spotlight/failures/given_up": 1}, SPOTLIGHT_MAX_LOST_PAGES=1) == []


def test_coverage_thresholds_are_a_setting():
    assert run_monitors({**HEALTHY, "spotlight/coverage/body": 30}, SPOTLIGHT_MIN_COVERAGE={"body": 0.5}) == []


ZERO = {"finish_reason": "finished", "spotlight/listing/pages": 1, "spotlight/listing/entries": 10}


@pytest.mark.parametrize(
    ("stats", "narrowed", "failed"),
    [
        # Nothing new: the listing was read and every story on it was seen in an earlier run.
        ({**ZERO, "spotlight/state/file": "s.sqlite3", "spotlight/incremental/skipped_seen": 10}, False, False),
        # A repost of an earlier story under a new URL, dropped as a duplicate.
        (
            {
                **ZERO,
                "spotlight/state/file": "s.sqlite3",
                "spotlight/incremental/skipped_seen": 9,
                "spotlight/dedup/dropped/headline_in_an_earlier_run": 1,
                "spotlight/article/pages": 1,
            },
            False,
            False,
        ),
        # Seen stories, but the new ones could not be fetched: not explained.
        (
            {
                **ZERO,
                "spotlight/state/file": "s.sqlite3",
                "spotlight/incremental/skipped_seen": 5,
                "spotlight/article/failed/TimeoutError": 5,
            },
            False,
            True,
        ),
        # Seen stories, but a new one was not an HTML page: not explained.
        (
            {
                **ZERO,
                "spotlight/state/file": "s.sqlite3",
                "spotlight/incremental/skipped_seen": 9,
                "spotlight/article/not_html": 1,
            },
            False,
            True,
        ),
        # No seen-store: zero records is never explained.
        ({**ZERO, "spotlight/article/pages": 10}, False, True),
        # A narrowed crawl (a window with nothing in it) may legitimately find nothing.
        (ZERO, True, False),
    ],
)
def test_zero_records_only_when_the_state_explains_it(stats, narrowed, failed):
    reasons = run_monitors(stats, narrowed=narrowed)
    assert bool(reasons) is failed, reasons
    if failed:
        assert reasons[0].startswith("0 records written, needs at least 1 (1 listing pages read")


def test_bad_coverage_setting_stops_the_crawl_at_start():
    crawler = get_crawler(Spider, {**MONITORING, "SPOTLIGHT_MIN_COVERAGE": {"publishedat": 0.9}})
    with pytest.raises(ValueError, match="publishedat"):
        load_object(PROJECT["SPIDERMON_SPIDER_CLOSE_MONITORS"][0])(crawler=crawler)


# --- Validation -------------------------------------------------------------------------


def test_an_invalid_record_is_dropped_with_a_reason_and_counted():
    crawler = get_crawler(Spider, MONITORING)
    pipelines = sorted(PROJECT["ITEM_PIPELINES"].items(), key=lambda kv: kv[1])
    assert pipelines[-1][0].endswith("ValidationPipeline")  # last: it sees the finished record
    pipeline = build_from_crawler(load_object(pipelines[-1][0]), crawler)
    good = ArticleItem(
        url="https://www.spotlightnepal.com/2024/10/22/a-story/",
        headline="A story",
        listing="latest",
        scraped_at="2024-10-22T14:09:00Z",
    )
    assert pipeline.process_item(good) is good
    bad = ArticleItem(
        url="https://www.spotlightnepal.com/2024/10/22/b-story/",
        headline="B story",
        image_url="data:image/gif;base64,R0lGOD",
        listing="latest",
        scraped_at="2024-10-22T14:09:00Z",
    )
    with pytest.raises(
        DropItem, match=r"invalid record https://www\.spotlightnepal\.com/2024/10/22/b-story/: image_url: "
    ):
        pipeline.process_item(bad)
    stats = crawler.stats.get_stats()
    assert stats["spidermon/validation/items"] == 2
    assert stats["spidermon/validation/items/dropped"] == 1
    assert any(k.startswith("spidermon/validation/fields/errors/") and k.endswith("/image_url") for k in stats)


# --- Summary --------------------------------------------------------------------------------


def test_summary_names_outputs_failures_and_missing_fields():
    stats = {
        **HEALTHY,
        "item_scraped_count": 37,
        "downloader/response_count": 50,
        "spotlight/dedup/dropped/headline_in_this_run": 2,
        "spidermon/validation/items/dropped": 1,
        "spotlight/article/failed/TimeoutError": 2,
        "downloader/exception_type_count/twisted.internet.error.TimeoutError": 6,
        "downloader/response_status_count/200": 44,
        "downloader/response_status_count/503": 3,
        "spotlight/field_missing/byline_raw": 3,
        "spotlight/fallback/byline_raw": 3,
        "spotlight/replay/missing": 4,
        "spotlight/monitors/failed": ["x"],
    }
    assert summary_lines(stats, "latest", [("/data/latest/run.jsonl", 37)]) == [
        "Run summary (latest, finished, exit status 4):",
        "  records: 37 written (37 to /data/latest/run.jsonl); dropped: 2 duplicates, 1 invalid",
        "  pages fetched: 4 listing, 40 article",
        "  responses: 50 (listing 4, article 40, other 6)",
        "  failures: article pages not fetched: TimeoutError 2; downloader exceptions: TimeoutError 6; "
        "HTTP error statuses: 503 3",
        "  fields missing on article pages: byline_raw 3",
        "  taken from the listing instead: byline_raw 3",
        "  replay: 4 requests not in the recording",
        "  monitors failed: 1 (reasons in the 'Run not good' line above)",
    ]


def test_summary_names_each_counted_line_that_happened():
    stats = {
        "finish_reason": "finished",
        "item_scraped_count": 5,
        "downloader/response_count": 30,
        "spotlight/listing/pages": 2,
        "spotlight/article/pages": 7,
        "spotlight/fallback/byline_raw": 2,
        "spotlight/fallback/section": 1,
        "spotlight/incremental/skipped_seen": 9,
        "spotlight/render/pages": 2,
        "spotlight/render/fallbacks": 1,
        "spotlight/render/browser_missing": "no Chromium at /x",
        "spotlight/replay/missing": 3,
        "spotlight/article/not_story/wall": 1,
        "spotlight/article/not_story/empty": 2,
        "spotlight/output/write_failed": "the output /d.jsonl could not be written (full)",
        "spotlight/failures/carried": 2,
        "spotlight/failures/carried/http_503": 2,
        "spotlight/failures/recovered": 1,
        "spotlight/failures/given_up": 1,
        "spotlight/failures/given_up/timeout": 1,
        "spotlight/failures/lost": 4,
        "spotlight/failures/lost/article": 4,
        "spotlight/article/truncated/retried": 1,
    }
    assert summary_lines(stats, "latest", [("/d.jsonl", 5)])[3:] == [
        "  responses: 30 (listing 2, article 7, re-asked through the browser 1, cut short, asked again 1, other 19)",
        "  failures: none",
        "  fields missing on article pages: none",
        "  taken from the listing instead: byline_raw 2, section 1",
        "  already seen in earlier runs, not fetched: 9",
        "  browser rendering: pages 2, fallbacks 1",
        "  browser: none, no Chromium at /x",
        "  replay: 3 requests not in the recording",
        "  article pages that were not stories, no record written: 3 (empty 2, wall 1)",
        "  output: the output /d.jsonl could not be written (full); only what reached it is remembered as seen",
        "  pages kept for the next run to retry: 2 (http_503 2)",
        "  pages of earlier runs recovered: 1",
        "  pages given up: 1 (timeout 1)",
        "  pages not read whole, not retried by any later run (no state): 4",
    ]


def test_settings_enable_spidermon_with_the_project_suite():
    settings = Settings(PROJECT)
    assert settings.getbool("SPIDERMON_ENABLED")
    assert any(
        issubclass(load_object(path), load_object("spidermon.contrib.scrapy.extensions.Spidermon"))
        for path in settings.getdict("EXTENSIONS")
    )
    assert not settings.getbool("SPIDERMON_VALIDATION_ADD_ERRORS_TO_ITEMS")
    [schema] = settings.getlist("SPIDERMON_VALIDATION_SCHEMAS")
    assert load_object(schema) == json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
