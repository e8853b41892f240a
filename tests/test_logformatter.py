"""Per-page and per-record log lines are skipped when LOG_LEVEL hides them, logged otherwise."""

from __future__ import annotations

import logging

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from spotlight_crawler.run.logformatter import LevelLogFormatter

URL = "https://www.spotlightnepal.com/2024/10/22/a-story/"


def _formatter(level: str) -> tuple[LevelLogFormatter, Spider]:
    crawler = get_crawler(Spider, {"LOG_LEVEL": level})
    return LevelLogFormatter.from_crawler(crawler), Spider("latest", crawler=crawler)


@pytest.mark.parametrize(("level", "shown"), [("DEBUG", True), ("INFO", False), ("WARNING", False)])
def test_crawled_and_scraped_lines_follow_the_log_level(level: str, shown: bool) -> None:
    formatter, spider = _formatter(level)
    request = Request(URL)
    response = HtmlResponse(URL, body=b"<html></html>", request=request)
    assert (formatter.crawled(request, response, spider) is not None) is shown
    assert (formatter.scraped({"url": URL}, response, spider) is not None) is shown


@pytest.mark.parametrize(
    ("level", "drop_level", "shown"),
    [("INFO", "DEBUG", False), ("INFO", "WARNING", True), ("DEBUG", "DEBUG", True), ("ERROR", "WARNING", False)],
)
def test_a_drop_is_logged_when_its_level_is_shown(level: str, drop_level: str, shown: bool) -> None:
    formatter, spider = _formatter(level)
    entry = formatter.dropped({"url": URL}, DropItem("duplicate", log_level=drop_level), None, spider)
    assert (entry is not None) is shown
    if entry is not None:
        assert entry["level"] == logging.getLevelName(drop_level)
