"""A progress bar (tqdm) for crawls run by hand: article pages done of the stories found.

Shown only when stderr is a terminal and there is no ``LOG_FILE``; log lines are written above
the bar. With ``-a max_pages=N`` the total is extrapolated from the listing pages read.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from tqdm import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm

from spotlight_crawler.run import keys


def estimated_total(found: int, pages_read: int, max_pages: int | None) -> int:
    """Stories the crawl will fetch: those found, or found per page times ``max_pages``."""
    if max_pages and pages_read and pages_read < max_pages:
        return max(found, round(found * max_pages / pages_read))
    return found


class Progress:
    def __init__(self, crawler: Crawler, spider: Spider):
        self.crawler = crawler
        self.max_pages: int | None = getattr(spider, "max_pages", None)
        self.redirect = ExitStack()
        self.redirect.enter_context(logging_redirect_tqdm())
        desc = f"{spider.name}: stories"
        self.bar: tqdm[Any] | None = tqdm(total=0, desc=desc, unit=" stories", file=sys.stderr, dynamic_ncols=True)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        if crawler.settings.get("LOG_FILE") or not sys.stderr.isatty() or crawler.spider is None:
            raise NotConfigured  # not interactive: logs only
        ext = cls(crawler, crawler.spider)
        for signal in (signals.response_received, signals.item_scraped, signals.item_dropped):
            crawler.signals.connect(ext.update, signal=signal)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def update(self) -> None:
        if self.bar is None or self.crawler.stats is None:
            return
        stats = self.crawler.stats.get_stats()

        def n(key: str) -> int:
            return int(stats.get(key, 0) or 0)

        pages = n(keys.LISTING_PAGES)
        found = n(keys.LISTING_ENTRIES) - n(keys.ARTICLE_OUTSIDE_WINDOW) - n(keys.INCREMENTAL_SKIPPED_SEEN)
        done = n(keys.ARTICLE_PAGES) + sum(keys.failed_pages(stats).get("article", {}).values())
        self.bar.total = max(estimated_total(found, pages, self.max_pages), done)
        self.bar.n = done
        pages_text = f"{pages}/{self.max_pages}" if self.max_pages else str(pages)
        self.bar.set_postfix_str(
            f"listing pages {pages_text}, found {found}, fetched {done}, written {n('item_scraped_count')}",
            refresh=False,
        )
        self.bar.refresh()

    def spider_closed(self) -> None:
        if self.bar is not None:
            self.update()
            self.bar.close()
            self.bar = None
        self.redirect.close()
