"""Seen requests and entries kept in SQLite: exact, and Scrapy's dupefilter in every other way.

The unit layer checks ``SqliteSet`` and ``SqliteDupeFilter`` on plain values and requests
(its ``requests.seen`` read by Scrapy's own filter and the other way round); the crawl
checks that a story linked from two listing pages is fetched once and the second link is
counted in ``dupefilter/filtered``.
"""

from __future__ import annotations

import logging

import pytest
from scrapy import Request, Spider
from scrapy.dupefilters import RFPDupeFilter
from scrapy.utils.request import RequestFingerprinter
from scrapy.utils.test import get_crawler

from spotlight_crawler.dupefilter import SqliteDupeFilter
from spotlight_crawler.sqlset import SqliteSet
from tests.crawl import crawl
from tests.replica.server import RequestInfo, Response

URL = "https://www.spotlightnepal.com/2024/10/22/a-story/"


@pytest.mark.parametrize(
    ("added", "present", "absent"),
    [
        ([], [], ["", b""]),
        (["a"], ["a"], [b"a", "A", "a ", ""]),  # text and bytes are never equal, as in a set
        ([b"\x00" * 20, b"\x00" * 19 + b"\x01"], [b"\x00" * 20, b"\x00" * 19 + b"\x01"], [b"\x00" * 19, b"\x00" * 21]),
        ([URL, URL.rstrip("/")], [URL, URL.rstrip("/")], [URL + "x", URL.upper()]),
        (["é", "e\u0301"], ["é", "e\u0301"], ["e"]),  # compared as stored, not normalized
    ],
)
def test_a_sqlite_set_holds_exactly_what_was_added(added, present, absent):
    members = SqliteSet()
    assert members.update(added) == len(set(added))
    assert len(members) == len(set(added))
    assert all(m in members for m in present)
    assert not any(m in members for m in absent)
    assert sorted(members, key=repr) == sorted(set(added), key=repr)
    assert 3 not in members and None not in members  # neither str nor bytes: not a member


def test_adding_again_is_not_new_and_the_count_survives_closing():
    members = SqliteSet(["x"])
    assert members.add("y") is True and members.add("y") is False and members.add("x") is False
    assert members.update(["x", "z", "z"]) == 1
    assert members.issuperset(["x", "y"]) and not members.issuperset(["x", "w"])
    members.close()
    assert len(members) == 3


def test_many_members_spill_past_the_page_cache_and_stay_exact():
    fingerprints = [RequestFingerprinter().fingerprint(Request(f"{URL}{i}")) for i in range(20_000)]
    members = SqliteSet(cache_kib=16)
    assert all(members.add(fp) for fp in fingerprints)
    assert not any(members.add(fp) for fp in fingerprints)
    assert len(members) == 20_000 and len(set(members)) == 20_000


def filter_for(jobdir: str | None = None, **settings) -> SqliteDupeFilter:
    crawler = get_crawler(settings_dict={"JOBDIR": jobdir, **settings})
    dupefilter = SqliteDupeFilter.from_crawler(crawler)
    assert dupefilter.fingerprinter is crawler.request_fingerprinter
    return dupefilter


def test_a_request_is_seen_once_whatever_its_url_spelling():
    dupefilter = filter_for()
    assert not dupefilter.request_seen(Request(URL + "?b=2&a=1"))
    assert dupefilter.request_seen(Request(URL + "?a=1&b=2"))  # Scrapy's canonical form: one request
    assert not dupefilter.request_seen(Request(URL + "?a=1&b=2", method="POST"))
    assert not dupefilter.request_seen(Request(URL))
    assert len(dupefilter.seen) == 3
    dupefilter.close("finished")


def test_requests_seen_is_read_and_written_as_scrapy_does(tmp_path):
    """A JOBDIR written by this filter resumes under Scrapy's, and the other way round."""
    first, second, third = (Request(f"{URL}?page={n}") for n in (1, 2, 3))
    ours = filter_for(str(tmp_path))
    assert not ours.request_seen(first) and not ours.request_seen(second) and ours.request_seen(first)
    ours.close("shutdown")

    scrapys = RFPDupeFilter.from_crawler(get_crawler(settings_dict={"JOBDIR": str(tmp_path)}))
    assert scrapys.request_seen(first) and scrapys.request_seen(second)
    assert not scrapys.request_seen(third)
    scrapys.close("shutdown")

    resumed = filter_for(str(tmp_path))
    assert len(resumed.seen) == 3
    assert all(resumed.request_seen(r) for r in (first, second, third))
    resumed.close("finished")


def test_a_requests_seen_cut_by_a_kill_loses_only_its_torn_last_fingerprint(tmp_path):
    dupefilter = filter_for(str(tmp_path))
    for n in range(3):
        dupefilter.request_seen(Request(f"{URL}?page={n}"))
    dupefilter.close("shutdown")
    seen = tmp_path / "requests.seen"
    seen.write_bytes(seen.read_bytes()[:-5])
    resumed = filter_for(str(tmp_path))
    assert len(resumed.seen) == 2
    assert resumed.request_seen(Request(f"{URL}?page=1")) and not resumed.request_seen(Request(f"{URL}?page=2"))
    resumed.close("finished")


@pytest.mark.parametrize("debug", [False, True])
def test_filtered_requests_are_logged_and_counted_as_scrapy_does(caplog, debug):
    crawler = get_crawler(settings_dict={"DUPEFILTER_DEBUG": debug})
    spider = Spider.from_crawler(crawler, name="x")
    dupefilter = SqliteDupeFilter.from_crawler(crawler)
    crawler.stats.open_spider()
    with caplog.at_level(logging.DEBUG, logger="scrapy.dupefilters"):
        for _ in range(3):
            request = Request(URL)
            if dupefilter.request_seen(request):
                dupefilter.log(request, spider)
    lines = [r.getMessage() for r in caplog.records if r.name == "scrapy.dupefilters"]
    assert len(lines) == (2 if debug else 1) and all("Filtered duplicate request" in line for line in lines)
    assert crawler.stats.get_value("dupefilter/filtered") == 2
    dupefilter.close("finished")


# --- The crawl ----------------------------------------------------------------------------


@pytest.mark.e2e
def test_a_story_linked_from_two_listing_pages_is_fetched_once(replica_factory, tmp_path):
    """Three stories go online before each listing page is served: the last three entries of
    a page come again at the top of the next one. Each is fetched once; the second request for
    it is Scrapy's ``dupefilter/filtered``."""
    replica = replica_factory(n_articles=40, page_size=10)

    def publish(req: RequestInfo) -> Response | None:
        if req.path == "/articles/":
            replica.site.publish(3)
        return None

    replica.hooks.append(publish)
    # Listings only: the feed's pages, read first, would be more of the links filtered.
    result = crawl(
        "latest", replica.base_url, tmp_path, settings={"SPOTLIGHT_RENDER": "never", "SPOTLIGHT_FEED": "False"}
    )
    assert result.returncode == 0, result.log[-3000:]
    article_paths = [r["path"] for r in replica.requests if r["path"].count("/") >= 4 and r["path"][1:5].isdigit()]
    assert article_paths and len(article_paths) == len(set(article_paths)), "an article was fetched twice"
    urls = [r["url"] for r in result.records]
    assert urls and len(urls) == len(set(urls)), "a story was written twice"
    repeated = result.stat("spotlight/listing/entries") - len(article_paths)
    assert repeated >= 3 * (result.stat("spotlight/listing/pages") - 2)  # three per page after the first
    assert result.stat("dupefilter/filtered") == repeated
