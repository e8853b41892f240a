"""Scrapy's log lines per page and per record, built only when ``LOG_LEVEL`` shows them.

Scrapy logs a DEBUG line for every page crawled and every record scraped. Its log handler
drops them at the usual INFO level, but only after each was built: a log record, the
record's repr, the referer. Returning None from the formatter skips the line before any of
that (Scrapy's documented way to silence one of them); at ``LOG_LEVEL=DEBUG`` every line is
logged as before.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


class LevelLogFormatter(LogFormatter):
    def __init__(self, level: int = logging.DEBUG) -> None:
        self.level = level

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LevelLogFormatter:
        level = crawler.settings.get("LOG_LEVEL") or logging.DEBUG
        return cls(level if isinstance(level, int) else logging.getLevelName(str(level).upper()))

    def crawled(self, request: Request, response: Response, spider: Spider) -> LogFormatterResult | None:  # type: ignore[override]
        return super().crawled(request, response, spider) if self.level <= logging.DEBUG else None

    def scraped(self, item: Any, response: Response | Failure | None, spider: Spider) -> LogFormatterResult | None:  # type: ignore[override]
        return super().scraped(item, response, spider) if self.level <= logging.DEBUG else None

    def dropped(  # type: ignore[override]
        self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult | None:
        entry = super().dropped(item, exception, response, spider)
        return entry if entry["level"] >= self.level else None
