"""Relative ages on article pages: resolved against the page's clock, and the article path's
day kept where the age is too coarse to name the day."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from spotlight_crawler.extract.listing import ListingEntry
from spotlight_crawler.record import extract_record

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
def test_an_age_a_month_off_takes_the_day_of_the_path(raw: str, path: str, expected: str):
    page = "<html><body><article><h1>Floods</h1><p>The river rose overnight.</p></article></body></html>"
    record = extract_record(page, BASE + path, SERVED, entry=ListingEntry(BASE + path, date_raw=raw))
    assert record.item.published_at == expected
    assert record.counts["spotlight/normalize/age_day_from_path"] == (len(expected) == 10)
