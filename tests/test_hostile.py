"""A hostile or broken site cannot steer the crawler: nothing off-site, every crawl ends,
no page crashes it, every failure counted under its own name.

Each test switches on a fault of the replica (tests/replica/faults.py) and runs the real
``scrapy crawl``. Two traps stand for the places a page may try to send the crawler: a
server on another loopback host (127.0.0.2) and one on the site's own host but another
port. Both record every request they get; every test asserts they got none.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

import pytest

from spotlight_crawler.incremental.store import SeenStore
from tests.crawl import CrawlResult, crawl, validate
from tests.replica.faults import as_hook
from tests.truth import assert_matches_truth, expected, originals, reachable

# Real crawls, servers on 127.0.0.1 or subprocesses: the end-to-end layer.
pytestmark = pytest.mark.e2e

SETTINGS = {"SPOTLIGHT_STATE": "", "SPOTLIGHT_RENDER": "never"}


class Trap:
    """A loopback server that answers every request with a page of its own and logs it."""

    def __init__(self, host: str) -> None:
        self.requests: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests.append(self.path)
                body = (
                    b"<!DOCTYPE html><html><head><title>Injected</title></head><body><h1>Injected story</h1>"
                    b"<p>Text from another server.</p></body></html>"
                )
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_HEAD = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.url = f"http://{host}:{self.server.server_address[1]}"
        Thread(target=self.server.serve_forever, daemon=True).start()
        # It answers, so "received nothing" below means the crawl sent nothing.
        with urllib.request.urlopen(self.url + "/probe", timeout=5) as reply:
            assert reply.status == 200
        assert self.requests == ["/probe"]
        self.requests.clear()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def traps() -> Iterator[dict[str, Trap]]:
    found = {"other_host": Trap("127.0.0.2"), "other_port": Trap("127.0.0.1")}
    yield found
    for trap in found.values():
        trap.close()


def held(result: CrawlResult, traps: dict[str, Trap], exit_status: int = 0) -> CrawlResult:
    """What every hostile run keeps: it finishes, crashes nowhere, writes valid records
    once each, sends nothing off the site, and exits with ``exit_status``."""
    assert result.stats.get("finish_reason") == "finished", result.log[-3000:]
    assert not [k for k in result.stats if k.startswith("spider_exceptions/")], result.log[-3000:]
    assert "Traceback" not in result.own_log, result.log[-3000:]
    validate(result.records)
    urls = [r["url"] for r in result.records]
    assert len(urls) == len(set(urls)), "a story was written twice"
    assert "Injected story" not in json.dumps(result.records)
    for name, trap in traps.items():
        assert trap.requests == [], f"a request reached the {name} trap"
    assert result.returncode == exit_status, result.log[-3000:]
    return result


def run(
    replica, tmp_path: Path, traps, spider: str = "international", exit_status: int = 0, **settings: str
) -> CrawlResult:
    result = crawl(spider, replica.base_url, tmp_path, settings={**SETTINGS, **settings})
    return held(result, traps, exit_status)


# --- 1. Nothing off the site, whatever made the request -------------------------------------


def test_meta_refresh_and_redirects_off_the_origin_are_never_sent(replica, traps, tmp_path):
    to_host, to_name, redirected = originals(replica.site.international(), 3)
    replica.set_fault("meta_refresh", to=traps["other_host"].url, paths=[to_host.path])
    replica.hooks.append(as_hook(replica, "meta_refresh", to="http://offsite.invalid", paths=[to_name.path]))
    replica.hooks.append(as_hook(replica, "redirect_offsite", to=traps["other_port"].url, paths=[redirected.path]))
    # The home page is asked for with dont_filter, which Scrapy's offsite filter lets go anywhere.
    replica.hooks.append(as_hook(replica, "meta_refresh", to=traps["other_host"].url, kind=None, paths=["/"]))
    # Three stories could not be read, and a run without the state retries nothing: exit 5.
    result = run(replica, tmp_path, traps, exit_status=5)
    assert_matches_truth(
        result.records, reachable(replica.site.international(), to_host, to_name, redirected), replica.site
    )
    assert result.stat("spotlight/failures/lost/article") == 3
    # The meta refreshes' requests are stopped before they are sent: neither the other host
    # nor a name that cannot resolve is reached (no `dns` failure: the name was never looked up).
    assert result.stat("spotlight/article/failed/offsite_blocked") == 2
    assert result.stat("spotlight/article/failed/dns") == 0
    assert result.stat("spotlight/offsite/blocked") == 3
    assert result.stat("spotlight/listing/fallback_path") == 1  # the home page was lost to its refresh
    # The 301 to the same host on another port fails before it is followed.
    assert result.stat("spotlight/article/failed/offsite_redirect") == 1


# --- 4. 429 and 503: Retry-After is honoured, the whole crawl slows down ---------------------


@pytest.mark.parametrize(("code", "form"), [(429, "seconds"), (503, "date")])
def test_a_strict_rate_limiter_is_obeyed_and_every_story_written(replica_factory, traps, tmp_path, code, form):
    replica = replica_factory(n_articles=16)
    replica.set_fault("rate_limited", interval=1, code=code, form=form)
    # Listings, the home page and articles all go through the limiter; robots.txt does not.
    result = run(replica, tmp_path, traps)
    assert_matches_truth(result.records, expected(replica.site.international()), replica.site)
    limiter = replica.faults["rate_limited"]
    assert limiter["refused"] >= 1, "the limiter never had to refuse: the test proves nothing"
    assert result.stat("spotlight/retry/retry_after") == limiter["refused"]
    assert result.stat("retry/max_reached") == 0  # no page ran out of retries
    assert result.stat("spotlight/retry/slowest_delay") == 1
    # Waiting as asked, a request is refused at most once per burst, never twice in a row
    # for the same page: each page was asked for at most twice.
    asked: dict[str, int] = {}
    for request in replica.requests:
        asked[request["path"]] = asked.get(request["path"], 0) + 1
    assert max(asked.values()) <= 2, asked


def test_a_long_retry_after_defers_its_page_to_the_next_run_and_the_rest_goes_on(replica_factory, traps, tmp_path):
    replica = replica_factory(n_articles=24)
    (victim,) = originals(replica.site.latest(), 1)
    replica.set_fault("flaky", code=503, retry_after=86400, times=None, paths=[victim.path])
    state = {"SPOTLIGHT_STATE": str(tmp_path / "state.sqlite3")}
    first = run(replica, tmp_path / "run1", traps, spider="latest", exit_status=5, **state)
    listed = replica.site.latest()
    assert_matches_truth(first.records, reachable(listed, victim), replica.site)
    assert len(first.records) >= 20
    # Asked once: no retry within the run, and no wait put on the rest of the site.
    assert [r["path"] for r in replica.requests].count(victim.path) == 1
    assert first.stat("spotlight/retry/deferred") == 1
    assert first.stat("spotlight/article/failed/retry_after") == 1
    assert first.stat("spotlight/failures/carried/retry_after") == 1
    assert "spotlight/retry/slowest_delay" not in first.stats
    verdict = next(line for line in first.log.splitlines() if "Run not good" in line)
    assert "1 pages answered with a Retry-After longer than SPOTLIGHT_MAX_RETRY_AFTER=120 s" in verdict
    assert f"{victim.path} answered 503 with Retry-After: 86400 s" in first.log

    replica.clear_faults()
    second = run(replica, tmp_path / "run2", traps, spider="latest", **state)
    assert [r["url"] for r in second.records] == [victim.canonical_url]
    assert_matches_truth(first.records + second.records, expected(listed), replica.site)
    assert second.stat("spotlight/failures/recovered") == 1


# --- 5. robots.txt that cannot be read, and pages it disallows ---------------------------------


@pytest.mark.parametrize(
    ("fault", "params", "kind"),
    [
        ("slow", {"paths": ["/robots.txt"], "delay": 4}, "timeout"),
        ("status", {"path_prefix": "/robots.txt", "code": 503}, "http_503"),
    ],
)
def test_robots_txt_that_cannot_be_read_allows_everything_and_the_run_is_good(
    replica, traps, tmp_path, fault, params, kind
):
    replica.set_fault(fault, **params)
    result = run(replica, tmp_path, traps, SPOTLIGHT_ROBOTS_TIMEOUT="1", SPOTLIGHT_MAX_RETRY_AFTER="0")
    assert_matches_truth(result.records, expected(replica.site.international()), replica.site)
    assert result.stat(f"spotlight/robots/unavailable/{kind}") == 1
    assert " ERROR: " not in result.log
    assert "robots.txt could not be read" in result.log
    robots = [r for r in replica.requests if r["path"] == "/robots.txt"]
    assert len(robots) == 2  # asked once, retried once (SPOTLIGHT_ROBOTS_RETRIES), then given up


def test_a_page_robots_txt_disallows_is_not_fetched_and_counted_by_its_own_name(replica, traps, tmp_path):
    (victim,) = originals(replica.site.international(), 1)
    replica.set_fault("robots", disallow=[victim.path])
    result = run(replica, tmp_path, traps)
    assert_matches_truth(result.records, reachable(replica.site.international(), victim), replica.site)
    assert result.stat("spotlight/article/failed/robots_disallowed") == 1
    assert result.stat("spotlight/article/failed/ignored") == 0
    assert victim.path not in {r["path"] for r in replica.requests}


def test_a_robots_txt_longer_than_the_page_limit_keeps_its_rules(replica, traps, tmp_path):
    """Over DOWNLOAD_MAXSIZE (8 MiB): its first SPOTLIGHT_ROBOTS_MAXSIZE bytes are read, not
    "unavailable, so allow everything"."""
    (victim,) = originals(replica.site.international(), 1)
    replica.set_fault("robots", disallow=[victim.path], size=9 * 1024 * 1024)
    result = run(replica, tmp_path, traps)
    assert_matches_truth(result.records, reachable(replica.site.international(), victim), replica.site)
    assert victim.path not in {r["path"] for r in replica.requests}
    assert result.stat("spotlight/article/failed/robots_disallowed") == 1
    assert result.stat("spotlight/robots/truncated") == 1
    assert result.stat("spotlight/robots/unavailable") == 0
    assert "its rules in the first 524288 bytes are obeyed" in result.log


def test_a_robots_txt_sent_compressed_past_its_limit_allows_everything(replica, traps, tmp_path):
    """Asked for plain, sent gzip-compressed anyway: Scrapy inflates it no further than
    SPOTLIGHT_ROBOTS_MAXSIZE, refuses it with one WARNING, and the crawl goes on as without one."""
    (victim,) = originals(replica.site.international(), 1)
    replica.set_fault("robots", disallow=[victim.path], size=9 * 1024 * 1024, gzip=True)
    result = run(replica, tmp_path, traps)
    assert_matches_truth(result.records, expected(replica.site.international()), replica.site)
    assert victim.path in {r["path"] for r in replica.requests}
    assert "robots.txt" in result.log and "exceeded DOWNLOAD_MAXSIZE (524288 B) during decompression" in result.log
    assert " ERROR: " not in result.log


def test_a_crawl_delay_is_kept_up_to_its_cap(replica, traps, tmp_path):
    replica.set_fault("robots", crawl_delay=30)
    # AutoThrottle on, from no delay at all: it would lower the slot's delay to the loopback's latency.
    result = run(
        replica,
        tmp_path,
        traps,
        SPOTLIGHT_MAX_CRAWL_DELAY="0.1",
        AUTOTHROTTLE_ENABLED="True",
        AUTOTHROTTLE_START_DELAY="0",
    )
    assert_matches_truth(result.records, expected(replica.site.international()), replica.site)
    # The Crawl-delay kept, and what was asked.
    assert result.stats["spotlight/robots/crawl_delay"] == 0.1
    assert result.stats["spotlight/robots/crawl_delay_capped"] == 30
    assert "Crawl-delay: 30; requests to the site are kept SPOTLIGHT_MAX_CRAWL_DELAY=0.1 s apart" in result.log


# --- 6. Encodings and bodies that are not HTML ------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"order": "le", "bom": False},  # undeclared, no byte order mark
        {"order": "le", "bom": True},
        {"order": "be", "bom": True},
    ],
)
def test_utf16_pages_are_read_right_and_fetched_once(replica, traps, tmp_path, params):
    replica.set_fault("utf16", **params)
    result = run(replica, tmp_path, traps)
    assert_matches_truth(result.records, expected(replica.site.international()), replica.site)
    articles = [r["path"] for r in replica.requests if r["path"].startswith("/20")]
    assert len(articles) == len(set(articles)), "an article page was fetched again"
    assert result.stat("spotlight/article/truncated/retried") == 0
    assert result.stat("spotlight/charset/utf16") == len(articles)


def test_an_image_served_as_html_is_not_a_record_and_not_seen(replica, traps, tmp_path):
    (victim,) = originals(replica.site.international(), 1)
    replica.set_fault("binary", paths=[victim.path])
    state = tmp_path / "state.sqlite3"
    # The page is left for the next run: the run stopped short of it (8), nothing is lost.
    result = run(replica, tmp_path, traps, exit_status=8, SPOTLIGHT_STATE=str(state))
    assert_matches_truth(result.records, reachable(replica.site.international(), victim), replica.site)
    assert result.stat("spotlight/not_html") == 1
    assert result.stat("spotlight/article/not_html") == 1
    store = SeenStore(state)
    try:
        assert not store.has_url(victim.canonical_url)  # the next run asks for it again
        assert all(store.has_url(r["url"]) for r in result.records)
    finally:
        store.close()


def test_a_decompression_bomb_is_counted_as_too_large(replica, traps, tmp_path):
    (victim,) = originals(replica.site.international(), 1)
    replica.set_fault("gzip_bomb", paths=[victim.path], size=20_000_000)
    result = run(replica, tmp_path, traps, exit_status=5, DOWNLOAD_MAXSIZE=str(4 * 1024 * 1024))
    assert_matches_truth(result.records, reachable(replica.site.international(), victim), replica.site)
    assert result.stat("spotlight/article/failed/too_large") == 1
    assert result.stat("spotlight/failures/lost/article") == 1  # named by the "Lost stories" monitor
    assert result.stat("spotlight/article/failed/ignored") == 0


# --- 8. Files safe for analysts: no formula a spreadsheet runs, no control character -----------

# Headlines a page may print: formulas by OWASP's rule, and terminal controls (ESC ] ... BEL
# retitles a terminal window, CSI as the C1 character U+009B colours it, U+0085 is C1's NEL).
HOSTILE_HEADLINES = [
    '=HYPERLINK("http://127.0.0.2/x","Read more")',
    "+1+2 is not a sum",
    "-5% for the rupee",
    "@SUM(1,2) and a story",
    "Breaking\x1b]0;owned\x07 news\x85 of the day\x9b31m red",
]
CLEAN_HEADLINE = "Breaking]0;owned news of the day31m red"


def _read_csv(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as file:
        return {row["url"]: row for row in csv.DictReader(file)}


@pytest.mark.parametrize("safe", [True, False])
def test_csv_cells_a_spreadsheet_would_run_are_neutralised_and_control_characters_removed(
    replica, traps, tmp_path, safe
):
    victims = originals(replica.site.international(), len(HOSTILE_HEADLINES))
    replica.set_fault("retitle", headlines={a.path: h for a, h in zip(victims, HOSTILE_HEADLINES, strict=True)})
    output = tmp_path / "international.csv"
    result = crawl(
        "international",
        replica.base_url,
        tmp_path,
        output=output,
        settings={**SETTINGS, "SPOTLIGHT_CSV_SAFE_CELLS": str(safe)},
    )
    held(result, traps)
    rows = _read_csv(output)
    assert len(rows) == len(expected(replica.site.international()))
    for article, printed in zip(victims, HOSTILE_HEADLINES[:-1], strict=False):
        assert rows[article.canonical_url]["headline"] == ("'" + printed if safe else printed)
    assert rows[victims[-1].canonical_url]["headline"] == CLEAN_HEADLINE
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", output.read_text(encoding="utf-8"))
    assert result.stat("spotlight/normalize/control_characters") == 1


def test_control_characters_never_reach_json_lines_and_formulas_stay_as_printed(replica, traps, tmp_path):
    victims = originals(replica.site.international(), len(HOSTILE_HEADLINES))
    replica.set_fault("retitle", headlines={a.path: h for a, h in zip(victims, HOSTILE_HEADLINES, strict=True)})
    result = run(replica, tmp_path, traps)
    headlines = {r["url"]: r["headline"] for r in result.records}
    assert [headlines[a.canonical_url] for a in victims] == [*HOSTILE_HEADLINES[:-1], CLEAN_HEADLINE]
    # JSON escapes C0 characters (\u001b) and writes C1 ones raw: neither is in the file.
    text = result.output.read_text(encoding="utf-8")
    assert "\\u001b" not in text and "\\u0007" not in text
    assert not re.search(r"[\x80-\x9f]", text)


# --- 7. Damaged files of earlier runs: one line naming the file, exit 1 --------------------------


def _one_line_and_exit_1(result: CrawlResult, path: Path, remedy: str) -> None:
    assert result.returncode == 1, result.log[-3000:]
    assert "Traceback" not in result.own_log, result.log[-3000:]
    errors = [line for line in result.log.splitlines() if " ERROR: " in line]
    assert len(errors) == 1, errors
    assert str(path) in errors[0] and remedy in errors[0], errors[0]
    assert result.records == []


@pytest.mark.parametrize("damage", ["garbage", "truncated", "folder"])
def test_a_damaged_state_file_stops_the_run_with_one_line(replica, traps, tmp_path, damage):
    state = tmp_path / "state.sqlite3"
    if damage == "folder":
        state.mkdir()
    else:
        store = SeenStore(state)
        store.add([("https://www.spotlightnepal.com/2024/10/22/a/", "A", None)])
        store.close()
        data = state.read_bytes()
        state.write_bytes(b"this is not a database, " * 200 if damage == "garbage" else data[:1500] + b"\x00" * 500)
    result = crawl("international", replica.base_url, tmp_path, settings={**SETTINGS, "SPOTLIGHT_STATE": str(state)})
    _one_line_and_exit_1(result, state, "-a fresh=1")
    assert replica.requests == []  # nothing was fetched for a run that could not keep its state
    assert all(trap.requests == [] for trap in traps.values())


@pytest.mark.parametrize("manifest", ['{"base_url": "http://127.0.0.1:1"', "[1, 2]", "\udcff"])
def test_a_damaged_recording_manifest_stops_the_replay_with_one_line(replica, tmp_path, manifest):
    folder = tmp_path / "recording"
    folder.mkdir()
    path = folder / "recording.json"
    path.write_bytes(manifest.encode("utf-8", errors="surrogateescape"))
    result = crawl("international", None, tmp_path, settings={**SETTINGS, "SPOTLIGHT_REPLAY": str(folder)})
    _one_line_and_exit_1(result, path, "SPOTLIGHT_RECORD")


def test_the_state_file_check_reports_a_database_it_cannot_write(tmp_path, monkeypatch):
    """A read-only seen-store (root ignores file modes, so the refusal is simulated)."""
    from spotlight_crawler.faults import brokenfiles

    state = tmp_path / "state.sqlite3"
    SeenStore(state).close()
    connect = sqlite3.connect

    class ReadOnly:
        def __init__(self, *args: object, **kwargs: object) -> None:
            self.db = connect(state)

        def execute(self, sql: str):
            if sql.startswith("BEGIN"):
                raise sqlite3.OperationalError("attempt to write a readonly database")
            return self.db.execute(sql)

        def close(self) -> None:
            self.db.close()

    monkeypatch.setattr(brokenfiles.sqlite3, "connect", ReadOnly)
    with pytest.raises(
        brokenfiles.BrokenFile, match=r"state\.sqlite3: cannot be written \(attempt to write a readonly"
    ):
        brokenfiles.check_state_file(state)


# --- 2. Pagination ends by itself ------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "pager", "reason"),
    [
        ("repeat", True, "repeats_previous_page"),  # every page is page 1
        ("last", False, "repeats_previous_page"),  # Django's get_page(), no pager to tell
        ("cycle", False, "no_new_entries"),  # pages come round again
        ("last", True, "no_next_link"),  # the last page's pager has no next link
    ],
)
def test_a_listing_that_never_ends_is_walked_once(replica, traps, tmp_path, mode, pager, reason):
    replica.set_fault("listing_loop", mode=mode, pager=pager)
    result = run(replica, tmp_path, traps)
    listed = replica.site.international()
    assert_matches_truth(result.records, expected(listed[:10] if mode == "repeat" else listed), replica.site)
    assert result.stat(f"spotlight/listing/stopped/{reason}") == 1
    listing = [r["path"] for r in replica.requests if r["path"].startswith("/topic/international")]
    pages = -(-len(replica.site.international()) // 10)
    assert len(listing) <= pages + 2, listing  # the listing's pages, then at most two to notice
    assert f"paging stops after page {len(listing)} ({reason})" in result.log


def test_the_hard_cap_on_listing_pages_is_counted(replica, traps, tmp_path):
    result = run(replica, tmp_path, traps, spider="latest", SPOTLIGHT_MAX_LISTING_PAGES="2")
    latest = [r["path"] for r in replica.requests if r["path"].startswith("/articles")]
    assert len(latest) == 2
    assert result.stat("spotlight/listing/stopped/max_pages") == 1
    assert_matches_truth(result.records, expected(replica.site.latest()[:20]), replica.site)  # two pages of ten


# --- 3. No recursion over untrusted input ------------------------------------------------------


def test_pages_nested_a_thousand_deep_are_read(replica, traps, tmp_path):
    replica.set_fault("deep", depth=1000, kind=None)  # articles, listings and the home page
    result = run(replica, tmp_path, traps)
    assert_matches_truth(result.records, expected(replica.site.international()), replica.site)
    assert "RecursionError" not in result.log
    # Both buried JSON-LD blocks of every article page were ignored for their depth, and counted.
    assert result.stat("spotlight/article/json_ld_too_deep") == 2 * result.stat("spotlight/article/pages") > 0
