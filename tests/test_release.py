"""A page read by its callback is freed when the crawl drops it, without waiting for the cycle collector."""

from __future__ import annotations

import asyncio
import gc
import importlib
import inspect
import pkgutil
import weakref

import pytest
import scrapy
from scrapy.http import HtmlResponse, Response
from scrapy.utils.misc import is_generator_with_return_value

import spotlight_crawler.spiders as package
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


def spider_callbacks() -> list[tuple[str, object]]:
    """Every generator method of the project's spiders, by qualified name."""
    found = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, scrapy.Spider) and cls.__module__.startswith("spotlight_crawler"):
                for _, member in inspect.getmembers(cls, inspect.isfunction):
                    if inspect.isgeneratorfunction(member):
                        found[f"{member.__module__}.{member.__qualname__}"] = member
    return sorted(found.items())


def test_no_spider_callback_is_a_generator_that_returns_a_value():
    """Scrapy's own check, off in the crawl (WARN_ON_GENERATOR_RETURN_VALUE: it re-parses a
    callback's source for almost every page once pages are freed promptly), run here instead."""
    callbacks = spider_callbacks()
    assert any(name.endswith("parse_listing") for name, _ in callbacks)
    assert [name for name, member in callbacks if is_generator_with_return_value(member)] == []
