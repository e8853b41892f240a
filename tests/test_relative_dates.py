"""Relative ages on article pages: resolved against the page's clock, and the article path's
day kept where the age is too coarse to name the day."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from scrapy.utils.test import get_crawler

from spotlight_crawler.items import ArticleItem, mark_served
from spotlight_crawler.normalize import parse_datetime
from spotlight_crawler.pipelines.normalize import NormalizePipeline, settle_age
from spotlight_crawler.spiders.latest import LatestSpider

SERVED = datetime(2024, 10, 22, 14, 40, tzinfo=UTC)  # 20:25 in Kathmandu
BASE = "https://www.spotlightnepal.com"


@pytest.mark.parametrize(
    ("raw", "path", "expected"),
    [
        ("2 hours, 13 minutes ago", "/2024/10/22/x/", "2024-10-22T18:12:00+05:45"),  # fine enough: kept
        ("1 day, 8 hours ago", "/2024/10/21/x/", "2024-10-21T12:25:00+05:45"),
        ("3 years, 1 month ago", "/2021/09/14/x/", "2021-09-14"),  # a month's error: the path's day
        ("2 weeks ago", "/2024/10/05/x/", "2024-10-05"),
        ("3 years, 1 month ago", "/topic/international", "2021-09-22T20:25:00+05:45"),  # no dated path
        ("Oct. 22, 2024, 7:54 p.m.", "/2024/10/21/x/", "2024-10-22T19:54:00+05:45"),  # printed: never touched
    ],
)
def test_settle_age(raw: str, path: str, expected: str):
    value, _ = settle_age(parse_datetime(raw, now=SERVED), raw, BASE + path)
    assert value.isoformat() == expected


def test_pipeline_counts_a_day_taken_from_the_path():
    crawler = get_crawler(LatestSpider, {"SPOTLIGHT_STATE": ""})
    pipeline = NormalizePipeline.from_crawler(crawler)
    item = ArticleItem(
        url=BASE + "/2021/09/14/x/",
        headline="X",
        published_at_raw="3 years, 1 month ago",
    )
    mark_served(item, datetime(2024, 10, 22, 14, 40, tzinfo=UTC))
    pipeline.process_item(item)
    assert item.published_at == "2021-09-14"
    assert item.published_at_raw == "3 years, 1 month ago"
    assert crawler.stats.get_value("spotlight/normalize/age_day_from_path") == 1
    assert date.fromisoformat(item.published_at) == date(2021, 9, 14)
