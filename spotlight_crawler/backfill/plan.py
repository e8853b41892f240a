"""Disjoint date windows of about equal numbers of listing pages: the parts of a backfill.

Pure: the listing pages' dates in, the parts out. The ``plan`` spider (spiders/plan.py)
finds the window's first and last listing pages by bisection and samples the pages where
parts should meet; :func:`split` cuts the window there. Parts are date windows, so each day
belongs to exactly one part: a day whose stories run over two pages goes whole to one part,
and no story at a page boundary is lost between two parts.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any


@dataclass(frozen=True)
class Part:
    index: int  # 1-based, newest part first
    since: datetime.date  # inclusive
    until: datetime.date  # inclusive
    first_page: int  # listing pages the part is expected to cover (newest first: first_page <= last_page)
    last_page: int

    def to_json(self) -> dict[str, Any]:
        """The part as the plan's JSON writes it (ISO dates)."""
        data = asdict(self)
        data["since"], data["until"] = self.since.isoformat(), self.until.isoformat()
        return data


def split(since: date, until: date, parts: int, page_dates: Mapping[int, tuple[date, date]]) -> list[Part]:
    """``parts`` windows covering ``since``..``until`` exactly, newest first, cut where the
    pages between the window's first and last listing page divide into equal runs.

    ``page_dates``: listing page -> (newest, oldest) entry date observed on it; pages not
    touching the window are ignored. A window of fewer days than ``parts`` gets one part a
    day; without pages (or with one) the days are split evenly.
    """
    if parts < 1:
        raise ValueError(f"parts={parts!r}: expected a whole number of at least 1")
    if since > until:
        raise ValueError(f"since={since} is after until={until}: expected since <= until")
    n = min(parts, (until - since).days + 1)
    pages = {p: d for p, d in page_dates.items() if d[1] <= until and d[0] >= since and d[1] <= d[0]}
    cuts = _page_cuts(since, until, n, pages) if len(pages) > 1 else _day_cuts(since, until, n)
    starts = [*cuts, since]  # each part's first day, newest part first
    ends = [until, *(c - timedelta(days=1) for c in cuts)]
    result: list[Part] = []
    for index, (start, end) in enumerate(zip(starts, ends, strict=True), 1):
        covering = sorted(p for p, (newest, oldest) in pages.items() if oldest <= end and newest >= start)
        previous = result[-1].last_page if result else min(pages, default=1)
        first, last = (covering[0], covering[-1]) if covering else (previous, previous)
        result.append(Part(index, start, end, first, last))
    return result


def _page_cuts(since: date, until: date, n: int, pages: Mapping[int, tuple[date, date]]) -> list[date]:
    """The first day of each part but the oldest, newest part first: the newest day shown
    on the page nearest each ``i / n`` of the way from the first page to the last."""
    first, last = min(pages), max(pages)
    cuts: list[date] = []
    ceiling = until + timedelta(days=1)  # the previous cut: each part keeps at least one day
    for i in range(1, n):
        goal = first + (last - first + 1) * i / n
        nearest = min(pages, key=lambda p: (abs(p - goal), p))
        floor = since + timedelta(days=n - i)  # the older parts keep a day each
        cut = min(max(pages[nearest][0], floor), ceiling - timedelta(days=1))
        cuts.append(cut)
        ceiling = cut
    return cuts


def _day_cuts(since: date, until: date, n: int) -> list[date]:
    """Equal numbers of days, newest part first."""
    days = (until - since).days + 1
    return [since + timedelta(days=days * (n - i) // n) for i in range(1, n)]


def window_pages(first: int, last: int, parts: int) -> list[int]:
    """The pages where ``parts`` equal runs of ``first``..``last`` meet: the ones to sample."""
    count = last - first + 1
    return sorted({min(last, max(first, round(first + count * i / parts))) for i in range(1, parts)})
