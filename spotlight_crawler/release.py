"""A page's parsed tree is freed when its callback is done, not at the next full garbage collection.

Scrapy's ``TextResponse.selector`` caches a ``Selector`` that points back at its response: a
reference cycle, so neither the page's text nor its lxml tree (about 100 KB a page) is freed
when the crawl drops the response, only when the cycle collector next runs its older
generations. With many long-lived objects those collections are rare: a replay held up to
two hundred pages at once, and the process's heap grew with the longest such stretch met,
i.e. with the length of the crawl. ``ReleaseSelectorMiddleware`` breaks the cycle once every
middleware and the engine have taken the callback's output; the selector itself stays usable.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from scrapy.http import Response, TextResponse

from spotlight_crawler import compat


class ReleaseSelectorMiddleware:
    """Spider middleware, outermost (``SPIDER_MIDDLEWARES`` order below Scrapy's own)."""

    async def process_spider_output(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        try:
            async for obj in result:
                yield obj
        finally:
            release(response)


def release(response: Response) -> bool:
    """Break the response/selector cycle of ``response``; True when there was one."""
    if not isinstance(response, TextResponse):
        return False
    selector = compat.cached_selector(response)
    if selector is None or getattr(selector, "response", None) is not response:
        return False
    selector.response = None
    return True
