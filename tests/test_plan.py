"""Splitting a backfill's window into parts (spotlight_crawler/backfill/plan.py)."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest

from spotlight_crawler.backfill.plan import Part, split, window_pages

UNTIL = date(2024, 12, 31)


def pages_of(stories_per_day: list[int], size: int = 10) -> tuple[dict[int, tuple[date, date]], list[date]]:
    """Listing pages (newest first) of a listing with ``stories_per_day[i]`` stories on UNTIL - i days."""
    stories = [UNTIL - timedelta(days=i) for i, k in enumerate(stories_per_day) for _ in range(k)]
    chunks = [stories[i : i + size] for i in range(0, len(stories), size)]
    return {n: (c[0], c[-1]) for n, c in enumerate(chunks, 1)}, stories


def assert_tiles(parts: list[Part], since: date, until: date) -> None:
    """Newest first, each part non-empty, neighbours touching: every day in exactly one part."""
    assert parts[0].until == until and parts[-1].since == since
    assert [p.index for p in parts] == list(range(1, len(parts) + 1))
    for newer, older in pairwise(parts):
        assert older.until == newer.since - timedelta(days=1)
        assert older.first_page >= newer.first_page
    assert all(p.since <= p.until and p.first_page <= p.last_page for p in parts)


def pages_per_part(parts: list[Part], stories: list[date], size: int = 10) -> list[int]:
    """How many listing pages actually hold each part's stories."""
    out = []
    for part in parts:
        held = {i // size for i, d in enumerate(stories) if part.since <= d <= part.until}
        out.append(len(held))
    return out


@pytest.mark.parametrize(
    ("per_day", "parts"),
    [
        pytest.param([5] * 365, 4, id="steady"),
        pytest.param([1] * 200 + [12] * 165, 4, id="busier-lately"),
        pytest.param([12] * 100 + [1] * 265, 3, id="busier-long-ago"),
        pytest.param([3, 0, 0, 7] * 90, 5, id="empty-days"),
        pytest.param([5] * 365, 1, id="one-part"),
    ],
)
def test_parts_tile_the_window_with_about_equal_pages(per_day, parts):
    page_dates, stories = pages_of(per_day)
    since = UNTIL - timedelta(days=len(per_day) - 1)
    result = split(since, UNTIL, parts, page_dates)
    assert len(result) == parts
    assert_tiles(result, since, UNTIL)
    counts = pages_per_part(result, stories)
    assert max(counts) - min(counts) <= 2, counts
    assert sum(counts) <= len(page_dates) + parts - 1  # only boundary pages are shared


def test_only_the_sampled_pages_are_enough():
    page_dates, stories = pages_of([1] * 200 + [12] * 165)
    first, last = 1, max(page_dates)
    sampled = {p: page_dates[p] for p in [first, last, *window_pages(first, last, 4)]}
    result = split(UNTIL - timedelta(days=364), UNTIL, 4, sampled)
    assert_tiles(result, UNTIL - timedelta(days=364), UNTIL)
    counts = pages_per_part(result, stories)
    assert max(counts) - min(counts) <= 2, counts


def test_a_day_over_many_pages_goes_whole_to_one_part():
    page_dates, _ = pages_of([2, 95, 3])  # the middle day fills ten pages
    result = split(UNTIL - timedelta(days=2), UNTIL, 3, page_dates)
    assert_tiles(result, UNTIL - timedelta(days=2), UNTIL)
    assert [(p.since, p.until) for p in result] == [(UNTIL - timedelta(days=i),) * 2 for i in range(3)]


def test_more_parts_than_days_gives_a_part_a_day():
    result = split(date(2024, 1, 1), date(2024, 1, 3), 8, {})
    assert [(p.since.day, p.until.day) for p in result] == [(3, 3), (2, 2), (1, 1)]


def test_without_pages_the_days_are_split_evenly():
    result = split(date(2024, 1, 1), date(2024, 12, 31), 4, {})
    assert_tiles(result, date(2024, 1, 1), date(2024, 12, 31))
    assert sorted((p.until - p.since).days + 1 for p in result) == [91, 91, 92, 92]


def test_pages_outside_the_window_are_ignored():
    page_dates, _ = pages_of([5] * 730)
    result = split(UNTIL - timedelta(days=500), UNTIL - timedelta(days=200), 2, page_dates)
    assert_tiles(result, UNTIL - timedelta(days=500), UNTIL - timedelta(days=200))
    # Day 200's stories are entries 1000-1004 (page 101), day 500's entries 2500-2504 (page 251).
    assert (result[0].first_page, result[-1].last_page) == (101, 251)


@pytest.mark.parametrize(
    ("since", "until", "parts", "message"),
    [
        (date(2024, 2, 1), date(2024, 1, 1), 2, "since=2024-02-01 is after until=2024-01-01"),
        (date(2024, 1, 1), date(2024, 2, 1), 0, "parts=0"),
    ],
)
def test_bad_windows_are_refused(since, until, parts, message):
    with pytest.raises(ValueError, match=message):
        split(since, until, parts, {})


def test_window_pages_are_where_equal_runs_meet():
    assert window_pages(101, 200, 4) == [126, 151, 176]
    assert window_pages(5, 5, 3) == [5]
    assert window_pages(1, 10, 1) == []


def test_a_part_serializes_with_iso_dates():
    part = Part(1, date(2024, 1, 1), date(2024, 3, 31), 40, 80)
    assert part.to_json() == {
        "index": 1,
        "since": "2024-01-01",
        "until": "2024-03-31",
        "first_page": 40,
        "last_page": 80,
    }
