"""Disjoint date windows of about equal numbers of listing pages (the parts of a backfill)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise


@dataclass(frozen=True)
class Part:
    index: int  # 1-based
    since: datetime.date  # inclusive
    until: datetime.date  # inclusive
    first_page: int  # listing pages the part is expected to cover (newest first)
    last_page: int


def split(since: date, until: date, parts: int, page_dates: Mapping[int, tuple[date, date]]) -> list[Part]:
    """``parts`` windows covering ``since``..``until``, newest first, cut at page boundaries.

    ``page_dates``: listing page -> (newest, oldest) entry date observed on it. Windows are cut
    at the oldest date of every ``pages / parts``-th page in the window; where pages cannot
    separate the dates (too few pages, one day over many pages) the days are split evenly.
    """
    if parts < 1 or since > until:
        raise ValueError(f"expected parts >= 1 and since <= until, got {parts}, {since}..{until}")
    pages = sorted(p for p, (newest, oldest) in page_dates.items() if oldest <= until and newest >= since)
    cuts: list[date] = []  # the first day of each part but the oldest, newest part first
    if len(pages) >= parts:
        for i in range(1, parts):
            oldest = page_dates[pages[round(i * len(pages) / parts) - 1]][1]
            cuts.append(max(oldest, since + timedelta(days=parts - i)))
    if len(cuts) != parts - 1 or any(a <= b for a, b in pairwise(cuts)) or (cuts and cuts[0] > until):
        days = (until - since).days + 1
        parts = min(parts, days)
        cuts = [since + timedelta(days=days * (parts - i) // parts) for i in range(1, parts)]
    starts = [*cuts, since]
    ends = [until, *(c - timedelta(days=1) for c in cuts)]
    result = []
    for i, (start, end) in enumerate(zip(starts, ends, strict=True), 1):
        covering = [p for p in pages if page_dates[p][1] <= end and page_dates[p][0] >= start] or [1]
        result.append(Part(i, start, end, min(covering), max(covering)))
    return result
