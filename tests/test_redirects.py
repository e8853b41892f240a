"""Redirects off the site or round a loop fail their request (spotlight_crawler/faults/offsite.py)."""

from __future__ import annotations

import pytest
from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler

from spotlight_crawler.faults.offsite import OffsiteRedirect, RedirectGuardMiddleware, RedirectLoop
from spotlight_crawler.spiders.latest import LatestSpider

BASE = "http://127.0.0.1:8000"
PAGE = BASE + "/2024/10/22/a-story/"


@pytest.fixture
def guard():
    crawler = get_crawler(LatestSpider, {"SPOTLIGHT_BASE_URL": BASE, "SPOTLIGHT_RENDER": "never"})
    crawler.spider = LatestSpider.from_crawler(crawler)
    return RedirectGuardMiddleware.from_crawler(crawler)


def redirect(location: str, status: int = 301, request: Request | None = None) -> tuple[Request, Response]:
    request = request or Request(PAGE)
    return request, Response(request.url, status=status, headers={"Location": location}, request=request)


def test_a_location_without_a_redirect_status_is_no_redirect(guard):
    request = Request(PAGE)
    answer = Response(PAGE, status=200, headers={"Location": "https://evil.example/"}, request=request)
    assert guard.process_response(request, answer) is answer


@pytest.mark.parametrize(
    "location",
    [
        "/2024/10/22/a-story",  # the other spelling: not a loop (yet)
        BASE + "/2024/10/22/a-story/?r=1",
        "HTTP://127.0.0.1:8000/2024/10/22/a-story",
    ],
)
def test_redirects_on_the_site_are_followed(guard, location):
    request, response = redirect(location)
    assert guard.process_response(request, response) is response


def test_the_live_hosts_spellings_are_one_site():
    crawler = get_crawler(
        LatestSpider, {"SPOTLIGHT_BASE_URL": "https://www.spotlightnepal.com", "SPOTLIGHT_RENDER": "never"}
    )
    live = RedirectGuardMiddleware.from_crawler(crawler)
    page = "https://www.spotlightnepal.com/2024/10/22/a-story/"
    for location in ("https://spotlightnepal.com/2024/10/22/a-story/", "https://www.spotlightnepal.com:443/x/"):
        request, response = redirect(location, request=Request(page))
        assert live.process_response(request, response) is response
    with pytest.raises(OffsiteRedirect):  # the same host over plain HTTP is another origin
        live.process_response(*redirect("http://www.spotlightnepal.com/x/", request=Request(page)))


@pytest.mark.parametrize(
    "location",
    [
        "http://localhost:9/2024/10/22/a-story/",
        "https://evil.example/",
        "http://127.0.0.1:8001/2024/10/22/a-story/",  # same host, another port
        "https://127.0.0.1:8000/2024/10/22/a-story/",  # same host and port, another scheme
        "https://www.spotlightnepal.com/2024/10/22/a-story/",  # the live host, when crawling a mirror
        "//localhost:9/x/",  # scheme-relative
    ],
)
def test_redirects_off_the_site_fail(guard, location):
    with pytest.raises(OffsiteRedirect):
        guard.process_response(*redirect(location, status=302))
    assert guard.stats.get_value("spotlight/redirects/offsite") == 1


def test_redirect_back_into_the_chain_fails(guard):
    second = Request(BASE + "/2024/10/22/a-story", meta={"redirect_urls": [PAGE]})
    with pytest.raises(RedirectLoop):
        guard.process_response(*redirect(PAGE, request=second))
    with pytest.raises(RedirectLoop):
        guard.process_response(*redirect(PAGE))  # to itself


def test_dont_redirect_is_left_alone(guard):
    request, response = redirect("https://evil.example/", request=Request(PAGE, meta={"dont_redirect": True}))
    assert guard.process_response(request, response) is response
