"""End to end: the real `scrapy crawl` against the replica, checked against the replica's truth."""

from __future__ import annotations

import re
import subprocess
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread

import pytest

from tests.crawl import ROOT, crawl, read_jsonl, validate
from tests.pages import FIXTURES
from tests.truth import NO_STATE, assert_matches_truth, expected, story_of

# Real crawls, servers on 127.0.0.1 or subprocesses: the end-to-end layer.
pytestmark = pytest.mark.e2e


def test_international_writes_each_article_once_matching_the_truth(replica, tmp_path):
    result = crawl("international", replica.base_url, tmp_path, settings=NO_STATE)
    assert result.returncode == 0, result.log[-3000:]
    validate(result.records)
    assert_matches_truth(result.records, expected(replica.site.international()), replica.site)
    assert {r["listing"] for r in result.records} == {"international"}
    assert result.stat("spotlight/dedup/dropped/repost_in_this_run") >= 1  # the reposts
    assert "ERROR" not in result.log


def test_latest_walks_every_page_and_writes_every_article(replica_factory, tmp_path):
    replica = replica_factory(n_articles=45, page_size=10)
    result = crawl("latest", replica.base_url, tmp_path, settings=NO_STATE)
    validate(result.records)
    assert_matches_truth(result.records, expected(replica.site.latest()), replica.site)
    assert result.stat("spotlight/listing/pages") == 5


def test_listings_are_found_from_the_navigation(replica_factory, tmp_path):
    replica = replica_factory(international_path="/section/world/", latest_path="/all-stories/")
    result = crawl("international", replica.base_url, tmp_path, settings=NO_STATE)
    assert_matches_truth(result.records, expected(replica.site.international()), replica.site)
    assert result.stat("spotlight/listing/discovered") == 1
    assert any(r["path"].startswith("/section/world/") for r in replica.requests)


def test_fallback_paths_when_the_navigation_names_no_listing(replica_factory, tmp_path):
    replica = replica_factory(nav=False)
    result = crawl("latest", replica.base_url, tmp_path, settings=NO_STATE)
    assert_matches_truth(result.records, expected(replica.site.latest()), replica.site)
    assert result.stat("spotlight/listing/fallback_path") == 1


def test_max_pages_limits_paging(replica, tmp_path):
    result = crawl("latest", replica.base_url, tmp_path, args={"max_pages": "2"}, settings=NO_STATE)
    validate(result.records)
    listing_requests = [r for r in replica.requests if r["path"].startswith("/articles/")]
    assert len(listing_requests) == 2
    assert_matches_truth(result.records, expected(replica.site.latest()[:20]), replica.site)


def test_since_and_until_window(replica, tmp_path):
    days = sorted({a.published_at.date() for a in replica.site.latest()})
    since, until = days[len(days) // 3], days[2 * len(days) // 3]
    result = crawl(
        "latest",
        replica.base_url,
        tmp_path,
        args={"since": since.isoformat(), "until": until.isoformat()},
        settings=NO_STATE,
    )
    inside = [a for a in replica.site.latest() if since <= a.published_at.date() <= until]
    assert {r["url"] for r in result.records} <= {a.canonical_url for a in inside}
    assert len(result.records) == len({story_of(a) for a in inside})
    # Paging stopped at the first page entirely older than `since` (the probes that found
    # the page holding `until` come before the walk: tests/test_jump.py).
    pages = [r for r in replica.requests if r["path"].startswith("/articles/")]
    oldest_needed = min(i for i, a in enumerate(replica.site.latest()) if a.published_at.date() < since)
    probes = result.stat("spotlight/bisect/requests")
    assert probes >= 1 and len(pages) - probes <= oldest_needed // 10 + 2


def test_article_spider_scrapes_only_the_given_urls_in_any_spelling(replica, tmp_path):
    arts = [a for a in replica.site.latest() if a.duplicate_of is None][:3]
    urls = [
        "https://spotlightnepal.com" + arts[0].path.rstrip("/"),
        "https://www.spotlightnepal.com" + arts[1].path,
    ]
    urls_file = tmp_path / "urls.txt"
    urls_file.write_text(f"# re-scrape\n{replica.base_url}{arts[2].path}\n\n", encoding="utf-8")
    result = crawl(
        "article",
        replica.base_url,
        tmp_path,
        args={"url": ",".join(urls), "urls_file": str(urls_file)},
        settings=NO_STATE,
    )
    validate(result.records)
    assert_matches_truth(result.records, expected(arts), replica.site)
    assert {r["listing"] for r in result.records} == {"article"}


def test_article_spider_refuses_what_is_not_an_article_url(replica, tmp_path):
    result = crawl("article", replica.base_url, tmp_path, args={"url": replica.base_url + "/topic/international"})
    assert result.returncode != 0
    assert "not article URLs" in result.log


def test_bad_arguments_are_clear_errors(replica, tmp_path):
    result = crawl("latest", replica.base_url, tmp_path, args={"since": "yesterday"})
    assert result.returncode != 0
    assert "expected a date as YYYY-MM-DD" in result.log


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def fixture_server():
    """Serves tests/fixtures on 127.0.0.1: pages in markups the replica does not use."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: _Quiet(*a, directory=str(FIXTURES)))
    Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_page_in_unknown_markup_still_yields_the_text_fields(fixture_server, tmp_path):
    """The real sample's text in a table layout: no metadata, no classes the replica uses."""
    page = FIXTURES / "2024" / "10" / "22" / "ukraine-releases-video" / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_bytes((FIXTURES / "real-article-2024-10-22.html").read_bytes())
    try:
        result = crawl(
            "article",
            fixture_server,
            tmp_path,
            args={"url": "https://www.spotlightnepal.com/2024/10/22/ukraine-releases-video/"},
            settings={**NO_STATE, "ROBOTSTXT_OBEY": "False"},
        )
    finally:
        for p in (page, page.parent, page.parent.parent, page.parent.parent.parent, page.parent.parent.parent.parent):
            p.unlink() if p.is_file() else p.rmdir()
    validate(result.records)
    [rec] = result.records
    assert rec["headline"] == "Ukraine releases video purportedly showing North Korean soldiers in Russia"
    assert rec["published_at_raw"] == "Oct. 22, 2024, 7:54 p.m."
    assert rec["published_at"] == "2024-10-22T19:54:00+05:45"
    assert rec["body"].startswith("Ukraine has released a video purportedly showing North Korean soldiers")
    assert rec["body"].endswith("respond to the issue without delay.")
    assert rec["body"].count("\n\n") == 6
    assert rec["authors"] == [{"name": "Agencies", "kind": "agency"}]


def test_default_output_is_a_new_jsonl_file_per_run(replica, tmp_path):
    data = tmp_path / "data"
    cmd = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "international",
        "-s",
        f"SPOTLIGHT_BASE_URL={replica.base_url}",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        f"SPOTLIGHT_DATA_DIR={data}",
        "-a",
        "max_pages=1",
        "-a",
        "fresh=1",
    ]
    subprocess.run(
        cmd,
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={
            "PYTHONPATH": str(ROOT),
            "PATH": "/usr/bin:/bin",
            "SCRAPY_SETTINGS_MODULE": "spotlight_crawler.settings",
            "HOME": str(tmp_path),
        },
    )
    [out] = list((data / "international").glob("*.jsonl"))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\+00-00\.jsonl", out.name)
    records = read_jsonl(out)
    validate(records)
    assert len(records) == len(expected(replica.site.international()[:10]))
    raw = out.read_text(encoding="utf-8")
    assert "\\u" not in raw  # UTF-8, not ASCII escapes
    assert list(records[0]) == [
        "url",
        "headline",
        "section",
        "published_at",
        "published_at_raw",
        "authors",
        "byline_raw",
        "summary",
        "body",
        "image_url",
        "magazine_issue",
        "listing",
        "scraped_at",
    ]
