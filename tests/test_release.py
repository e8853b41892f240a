"""A page read by its callback is freed when the crawl drops it, without waiting for the cycle collector."""

from __future__ import annotations

import asyncio
import gc
import weakref

import pytest
from scrapy.http import HtmlResponse, Response

from spotlight_crawler.release import ReleaseSelectorMiddleware, release

PAGE = b"<html><body><h1>A story</h1><p>" + b"Its text. " * 2000 + b"</p></body></html>"


def page() -> HtmlResponse:
    return HtmlResponse("https://www.spotlightnepal.com/2024/10/22/a-story/", body=PAGE)


async def collect(response: Response) -> list[str]:
    async def callback():
        yield response.css("h1::text").get()

    return [x async for x in ReleaseSelectorMiddleware().process_spider_output(response, callback())]


@pytest.fixture
def no_collector():
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.mark.parametrize("through_middleware", [False, True])
def test_a_page_whose_selector_was_used_is_freed_once_dropped(no_collector, through_middleware):
    response = page()
    gone = weakref.ref(response)
    if through_middleware:
        assert asyncio.run(collect(response)) == ["A story"]
    else:
        assert response.xpath("//p/text()").get().startswith("Its text.")
        assert release(response) is True
    del response
    assert gone() is None  # freed by reference counting: no garbage collection ran


def test_without_release_the_cycle_keeps_the_page(no_collector):
    """What the middleware is for: Scrapy's cached selector points back at its response."""
    response = page()
    response.css("h1")
    gone = weakref.ref(response)
    del response
    assert gone() is not None
    gc.collect()
    assert gone() is None


def test_the_selector_stays_usable_and_pages_never_parsed_are_left_alone():
    response = page()
    assert release(response) is False  # nothing parsed: no selector is built to be released
    assert response.css("h1::text").get() == "A story"
    assert release(response) is True and release(response) is False
    assert response.css("h1::text").get() == "A story"
    assert release(Response("https://www.spotlightnepal.com/media/images/a.jpg", body=b"\xff\xd8")) is False
