"""Bodies under an HTML label that are UTF-16 or not text (spotlight_crawler/faults/charset.py),
the waits 429/503 ask for and robots.txt read in part (spotlight_crawler/faults/polite.py)."""

from __future__ import annotations

import codecs
import gzip
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from scrapy import Request, Spider
from scrapy.core.downloader import Slot
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from spotlight_crawler.faults import polite
from spotlight_crawler.faults.charset import is_binary, utf16_encoding
from spotlight_crawler.faults.polite import (
    CALM_ANSWERS,
    PoliteRetryMiddleware,
    RetryAfter,
    RobotsBodyMiddleware,
    RobotsPolicyMiddleware,
    retry_after,
)
from tests.replica.faults import TINY_PNG
from tests.replica.pages import TINY_JPEG

PAGE = (
    "<!DOCTYPE html><html><head><title>Nepal’s café</title></head><body><p>" + "A story. " * 40 + "</p></body></html>"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (PAGE.encode("utf-16-le"), "utf-16-le"),
        (PAGE.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be"), "utf-16-be"),
        (PAGE.encode("utf-8"), None),
        (PAGE.encode("cp1252"), None),
        (TINY_PNG, None),
    ],
)
def test_utf16_encoding(body, expected):
    assert utf16_encoding(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (TINY_PNG, True),
        (TINY_JPEG, True),
        (b"PK\x03\x04\x14\x00", True),  # zip
        (gzip.compress(PAGE.encode(), mtime=0), True),
        (bytes(range(256)) * 8, True),
        (PAGE.encode("utf-8"), False),
        (PAGE.encode("utf-16-le"), False),  # UTF-16 text, for the charset layer
        (PAGE.encode("utf-8").replace(b"A story.", b"A\x00story.", 1), False),  # a stray NUL is not a binary body
    ],
    ids=["png", "jpeg", "zip", "gzip", "bytes", "utf8", "utf16", "stray_nul"],
)
def test_is_binary(body, expected):
    assert is_binary(body) is expected


NOW = datetime(2024, 10, 22, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (b"5", 5.0),
        (" 120 ", 120.0),
        ("Tue, 22 Oct 2024 12:00:30 GMT", 30.0),
        ("Tue, 22 Oct 2024 11:59:00 GMT", 0.0),  # in the past: no wait
        ("soon", None),
        ("-3", None),
        (None, None),
    ],
)
def test_retry_after(value, seconds):
    assert retry_after(value, NOW) == seconds


@pytest.mark.parametrize(("retries", "wait"), [(0, 1.5), (1, 3.0), (2, 6.0)])
def test_without_retry_after_the_wait_doubles_per_retry(monkeypatch, retries, wait):
    crawler = get_crawler(Spider, settings_dict={"SPOTLIGHT_RETRY_BACKOFF": 1.5, "RETRY_TIMES": 5})
    crawler.spider = Spider.from_crawler(crawler, "latest")
    slot = Slot(concurrency=1, delay=0.5, jitter=0)
    monkeypatch.setattr(polite, "download_slot", lambda crawler, request: slot)
    request = Request("https://www.spotlightnepal.com/2024/10/22/a/", meta={"retry_times": retries})
    again = PoliteRetryMiddleware.from_crawler(crawler).process_response(request, Response(request.url, status=503))
    assert isinstance(again, Request) and slot.delay == wait


def _retry_middleware() -> PoliteRetryMiddleware:
    return PoliteRetryMiddleware.from_crawler(get_crawler(settings_dict={"SPOTLIGHT_MAX_RETRY_AFTER": 120}))


@pytest.mark.parametrize("wait", ["121", "86400", "Wed, 23 Oct 2024 12:00:00 GMT"])
def test_a_page_asking_for_a_longer_wait_than_the_cap_is_left_for_later(wait):
    middleware = _retry_middleware()
    request = Request("https://www.spotlightnepal.com/2024/10/22/a/")
    answer = Response(request.url, status=503, headers={"Retry-After": wait, "Date": "Tue, 22 Oct 2024 12:00:00 GMT"})
    with pytest.raises(RetryAfter, match="asked to be fetched again in"):
        middleware.process_response(request, answer)
    assert middleware.crawler.stats.get_value("spotlight/retry/deferred") == 1


def test_a_slow_down_holds_against_fast_answers_and_eases_after_calm_answers(monkeypatch):
    crawler = get_crawler(
        Spider, settings_dict={"SPOTLIGHT_MAX_RETRY_AFTER": 120, "DOWNLOAD_DELAY": 0.5, "AUTOTHROTTLE_ENABLED": True}
    )
    crawler.spider = Spider.from_crawler(crawler, "latest")
    middleware = PoliteRetryMiddleware.from_crawler(crawler)
    slot = Slot(concurrency=1, delay=0.5, jitter=0)
    monkeypatch.setattr(polite, "download_slot", lambda crawler, request: slot)
    request = Request("https://www.spotlightnepal.com/2024/10/22/a/")
    again = middleware.process_response(request, Response(request.url, status=429, headers={"Retry-After": "8"}))
    assert isinstance(again, Request) and slot.delay == 8
    for _ in range(CALM_ANSWERS - 1):
        slot.delay = 0.5  # what AutoThrottle makes of a fast answer
        middleware.process_response(request, Response(request.url, status=200))
        assert slot.delay == 8
    slot.delay = 0.5
    middleware.process_response(request, Response(request.url, status=200))
    assert slot.delay == 4  # halved by CALM_ANSWERS calm answers in a row
    for _ in range(CALM_ANSWERS * 8):
        slot.delay = 0.5
        middleware.process_response(request, Response(request.url, status=200))
    assert slot.delay == 0.5  # back at its configured delay
    assert crawler.stats.get_value("spotlight/retry/slowest_delay") == 8


def test_a_crawl_delay_keeps_the_slot_apart_and_is_reported_once(monkeypatch):
    crawler = get_crawler(Spider, settings_dict={"ROBOTSTXT_OBEY": True, "SPOTLIGHT_MAX_CRAWL_DELAY": 5})
    middleware = RobotsPolicyMiddleware.from_crawler(crawler)
    slot = Slot(concurrency=1, delay=0.5, jitter=0.5)
    monkeypatch.setattr("spotlight_crawler.faults.polite.download_slot", lambda crawler, request: slot)
    parser = SimpleNamespace(crawl_delay=lambda user_agent: 30)
    middleware.robots_parsed(parser, Request("https://www.spotlightnepal.com/robots.txt"))
    request = Request("https://www.spotlightnepal.com/2024/10/22/a/")
    middleware.request_reached_downloader(request)
    assert slot.delay * (1 - slot.jitter) == 5  # the least gap its random draw can leave
    assert request.meta["autothrottle_dont_adjust_delay"] is True
    assert crawler.stats.get_value("spotlight/robots/crawl_delay") == 5
    assert crawler.stats.get_value("spotlight/robots/crawl_delay_capped") == 30


def test_robots_txt_asking_for_a_long_wait_is_answered_as_it_is():
    middleware = _retry_middleware()
    request = Request("https://www.spotlightnepal.com/robots.txt", meta={"dont_obey_robotstxt": True})
    answer = Response(request.url, status=503, headers={"Retry-After": "86400"})
    assert middleware.process_response(request, answer) is answer
    assert middleware.crawler.stats.get_value("spotlight/retry/deferred") is None


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        (b"User-agent: *\nDisallow: /a/\nDisallow: /b", b"User-agent: *\nDisallow: /a/\n"),  # /b might be /b2/...
        (b"User-agent: *\n", b"User-agent: *\n"),
        (b"no line break at all", b""),
    ],
)
def test_a_robots_txt_read_in_part_keeps_its_whole_lines(body, kept):
    middleware = RobotsBodyMiddleware.from_crawler(get_crawler(settings_dict={"ROBOTSTXT_OBEY": True}))
    request = Request("https://www.spotlightnepal.com/robots.txt", meta={"dont_obey_robotstxt": True})
    middleware.process_request(request)
    answer = middleware.process_response(request, Response(request.url, body=body, flags=["download_stopped"]))
    assert answer.body == kept


def test_a_robots_txt_sent_compressed_is_left_to_scrapys_decompression_within_the_limit():
    middleware = RobotsBodyMiddleware.from_crawler(get_crawler(settings_dict={"ROBOTSTXT_OBEY": True}))
    request = Request("https://www.spotlightnepal.com/robots.txt", meta={"dont_obey_robotstxt": True})
    middleware.process_request(request)
    body = gzip.compress(b"User-agent: *\nDisallow: /a/\n")
    answer = Response(request.url, body=body, headers={"Content-Encoding": "gzip"}, flags=["download_stopped"])
    assert middleware.process_response(request, answer) is answer
    assert request.meta["download_maxsize"] == 512 * 1024  # what HttpCompressionMiddleware inflates at most
