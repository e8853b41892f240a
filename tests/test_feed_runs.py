"""Scheduled runs that start from the site's feed, and the feed as a check of the pages."""

from __future__ import annotations

import pytest

from tests.crawl import crawl, validate
from tests.test_crawl import NO_STATE, expected

# Real crawls against a replica on 127.0.0.1, in subprocesses: the end-to-end layer.
pytestmark = pytest.mark.e2e

WINDOW = 8


def paths(replica):
    """What the replica was asked for, in order (the crawl's own requests only)."""
    return [r["path"] for r in replica.requests]


def stateful(tmp_path):
    return {"SPOTLIGHT_STATE": str(tmp_path / "state.sqlite3")}


@pytest.fixture
def site(replica_factory):
    return replica_factory(n_articles=24, page_size=6, feed={"window": WINDOW})


def test_first_run_everything_then_a_quiet_run_is_robots_and_one_304(site, tmp_path):
    state = stateful(tmp_path)
    first = crawl("latest", site.base_url, tmp_path / "run1", settings=state)
    assert first.returncode == 0, first.log[-3000:]
    validate(first.records)
    assert sorted(r["url"] for r in first.records) == sorted(expected(site.site.latest()))
    assert "/feed/" in paths(site)  # read beside the listing, for the check and its validators
    # Every story both in the feed and written was checked against it (a repost is written once).
    written = {r["url"] for r in first.records}
    in_both = [a for a in site.site.latest()[:WINDOW] if a.canonical_url in written]
    assert first.stat("spotlight/feed_check/stories") == len(in_both) >= WINDOW - 2
    assert first.stat("spotlight/feed_check/headline/agree") == len(in_both)

    site.reset_requests()
    quiet = crawl("latest", site.base_url, tmp_path / "run2", settings=state)
    assert quiet.returncode == 0, quiet.log[-3000:]
    assert quiet.records == []
    log = site.requests
    assert [(r["path"], r["status"]) for r in log] == [("/robots.txt", 200), ("/feed/", 304)]
    feed_headers = {k.lower(): v for k, v in log[1]["headers"].items()}
    assert feed_headers["if-none-match"].startswith('"') and "if-modified-since" in feed_headers
    assert quiet.stat("downloader/request_count") == 2
    assert quiet.stat("spotlight/feed/not_modified") == 1


@pytest.mark.parametrize("k", [1, 3])
def test_k_new_stories_within_the_window_cost_two_plus_k_requests(site, tmp_path, k):
    state = stateful(tmp_path)
    assert crawl("latest", site.base_url, tmp_path / "run1", settings=state).returncode == 0
    new = site.publish(k)
    site.reset_requests()
    run = crawl("latest", site.base_url, tmp_path / "run2", settings=state)
    assert run.returncode == 0, run.log[-3000:]
    validate(run.records)
    assert sorted(r["url"] for r in run.records) == sorted(a.canonical_url for a in new)
    assert paths(site)[:2] == ["/robots.txt", "/feed/"]
    assert sorted(paths(site)[2:]) == sorted(a.path for a in new)
    assert len(site.requests) == run.stat("downloader/request_count") == 2 + k
    assert run.stat("spotlight/feed/new") == k and not run.stat("spotlight/feed/gap")
    # The records made from feed-found pages are checked against the feed too.
    assert run.stat("spotlight/feed_check/published_at/agree") == k

    site.reset_requests()
    quiet = crawl("latest", site.base_url, tmp_path / "run3", settings=state)
    assert quiet.records == [] and paths(site) == ["/robots.txt", "/feed/"]
    assert site.requests[1]["status"] == 304


def test_more_new_stories_than_the_window_all_arrive_through_the_listing(site, tmp_path):
    state = stateful(tmp_path)
    assert crawl("latest", site.base_url, tmp_path / "run1", settings=state).returncode == 0
    new = site.publish(WINDOW + 4)
    site.reset_requests()
    run = crawl("latest", site.base_url, tmp_path / "run2", settings=state)
    assert run.returncode == 0, run.log[-3000:]
    assert sorted(r["url"] for r in run.records) == sorted(a.canonical_url for a in new)
    assert run.stat("spotlight/feed/gap/window") == 1
    assert "Feed gap" in run.log
    assert paths(site)[1] == "/feed/" and "/articles/" in paths(site)


@pytest.mark.parametrize(("fault", "reason"), [("not_xml", "not_xml"), ("404", "http_404")])
def test_a_broken_feed_falls_back_to_the_listing_and_says_so(site, tmp_path, fault, reason):
    state = stateful(tmp_path)
    assert crawl("latest", site.base_url, tmp_path / "run1", settings=state).returncode == 0
    site.feed.fault = fault
    new = site.publish(2)
    run = crawl("latest", site.base_url, tmp_path / "run2", settings=state)
    assert run.returncode == 0, run.log[-3000:]
    assert sorted(r["url"] for r in run.records) == sorted(a.canonical_url for a in new)
    assert run.stat(f"spotlight/feed/gap/{reason}") == 1
    assert [line for line in run.log.splitlines() if "Feed gap" in line and reason in line]


def test_an_empty_feed_falls_back_to_the_listing(site, tmp_path):
    state = stateful(tmp_path)
    assert crawl("latest", site.base_url, tmp_path / "run1", settings=state).returncode == 0
    site.feed.window = 0
    new = site.publish(2)
    run = crawl("latest", site.base_url, tmp_path / "run2", settings=state)
    assert run.returncode == 0, run.log[-3000:]
    assert sorted(r["url"] for r in run.records) == sorted(a.canonical_url for a in new)
    assert run.stat("spotlight/feed/gap/empty") == 1 and not run.stat("spotlight/feed/gap/window")
    assert run.stat("spotlight/listing/pages") >= 1


def test_a_feed_whose_times_disagree_with_the_pages_fails_the_run_naming_published_at(replica_factory, tmp_path):
    site = replica_factory(n_articles=24, page_size=6, feed={"window": WINDOW, "fault": "times_disagree"})
    run = crawl("latest", site.base_url, tmp_path / "run", settings=NO_STATE)
    assert run.returncode == 5, run.log[-3000:]
    assert len(run.records) == len(expected(site.site.latest()))  # nothing is lost over it
    checked = run.stat("spotlight/feed_check/stories")
    assert checked >= 5 and run.stat("spotlight/feed_check/published_at/disagree") == checked
    assert run.stat("spotlight/feed_check/headline/agree") == checked
    verdict = [line for line in run.log.splitlines() if "Run not good" in line]
    assert verdict and f"published_at agrees with the site's feed on 0 of {checked} stories" in verdict[0]
    newest = site.site.latest()[0]
    assert newest.canonical_url in verdict[0] or "https://www.spotlightnepal.com/20" in verdict[0]
    assert "headline agrees" not in verdict[0] and "authors agrees" not in verdict[0]


def test_the_feed_named_on_the_home_page_is_the_one_read_and_asked_again(replica_factory, tmp_path):
    site = replica_factory(n_articles=18, page_size=6, feed={"window": WINDOW, "path": "/rss/latest.xml"})
    state = stateful(tmp_path)
    first = crawl("latest", site.base_url, tmp_path / "run1", settings=state)
    assert first.returncode == 0, first.log[-3000:]
    assert first.stat("spotlight/feed/discovered") == 1 and "/feed/" not in paths(site)
    site.reset_requests()
    quiet = crawl("latest", site.base_url, tmp_path / "run2", settings=state)
    assert quiet.returncode == 0 and quiet.records == []
    assert [(r["path"], r["status"]) for r in site.requests] == [("/robots.txt", 200), ("/rss/latest.xml", 304)]


def test_a_narrowed_run_walks_the_listing_even_with_a_known_feed(site, tmp_path):
    state = stateful(tmp_path)
    assert crawl("latest", site.base_url, tmp_path / "run1", settings=state).returncode == 0
    new = site.publish(2)
    site.reset_requests()
    run = crawl("latest", site.base_url, tmp_path / "run2", settings=state, args={"max_pages": "1"})
    assert run.returncode == 0, run.log[-3000:]
    assert sorted(r["url"] for r in run.records) == sorted(a.canonical_url for a in new)
    assert paths(site)[1] == "/" and "/articles/" in paths(site)
    assert not run.stat("spotlight/feed/conditional")
