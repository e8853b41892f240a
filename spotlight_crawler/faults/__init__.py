"""Pages that cannot be read as they are: failure kinds and the downloader middlewares that guard against them."""

from __future__ import annotations

from typing import Self

from scrapy.crawler import Crawler


class FaultMiddleware:
    """A downloader middleware built from the crawler, counting what it sees in the crawl's stats."""

    def __init__(self, crawler: Crawler):
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def count(self, *keys: str) -> None:
        for key in keys:
            self.stats.inc_value(key)
