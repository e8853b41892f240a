"""Which page of a newest-first listing holds a date (pure): :func:`next_probe` doubles the page
number until a page is old enough or past the end, then bisects, in about 2·log2(pages) probes. A
copy of a lower page is past the end; pages that shift only make the answer earlier."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

# The highest page probed, for a site answering every number with pages newer than the target.
PAGE_LIMIT = 1 << 20


@dataclass(frozen=True)
class Dated:
    """A probed page: its newest and oldest date, entries (canonical URLs), whether its pager goes on."""

    newest: date
    oldest: date
    entries: tuple[str, ...] = ()
    goes_on: bool = True


PAST_END: Literal["past_end"] = "past_end"
UNDATED: Literal["undated"] = "undated"
Observation = Dated | Literal["past_end", "undated"]


@dataclass(frozen=True)
class Found:
    """The first page holding an entry dated on or before the target (``past_end``: past the listing's end)."""

    page: int
    past_end: bool = False


def next_probe(target: date, seen: Mapping[int, Observation], last_hint: int | None = None) -> int | Found:
    """The next page to probe for ``target``, or the answer, from the probed pages (``seen``);
    ``last_hint``: the last page a pager named, probed first when it lies beyond the next doubling."""
    known = _without_copies(seen)
    old_enough = [p for p, o in known.items() if o == PAST_END or (isinstance(o, Dated) and o.oldest <= target)]
    hi = min(old_enough, default=None)
    if hi is None:
        return _widen(known, last_hint)
    lo = max((p for p, o in known.items() if isinstance(o, Dated) and p < hi), default=0)
    if hi == lo + 1:
        return Found(hi, past_end=known[hi] == PAST_END)
    # The unprobed page between them nearest the middle (the lower on a tie).
    unprobed = [page for page in range(lo + 1, hi) if page not in known]
    return min(unprobed, key=lambda page: (abs(page - (lo + hi) // 2), page), default=Found(lo + 1))


def _without_copies(seen: Mapping[int, Observation]) -> dict[int, Observation]:
    """``seen`` with past the end marked: a page repeating a lower page's entries and the page
    above that lower one; the page after one whose pager goes no further."""
    known: dict[int, Observation] = {}
    first_with: dict[tuple[str, ...], int] = {}
    for page in sorted(seen):
        observed = seen[page]
        if isinstance(observed, Dated) and observed.entries:
            lower = first_with.setdefault(observed.entries, page)
            if lower != page:
                known[page] = PAST_END
                known.setdefault(lower + 1, PAST_END)
                continue
        known[page] = observed
    for page, observed in list(known.items()):
        if isinstance(observed, Dated) and not observed.goes_on:
            known.setdefault(page + 1, PAST_END)
    return known


def _widen(known: Mapping[int, Observation], last_hint: int | None) -> int | Found:
    """Every page probed is newer than the target (or undated): look further down the listing."""
    if 1 not in known:
        return 1
    top = max(known)
    doubled = min(top * 2, PAGE_LIMIT)
    if last_hint is not None and doubled < last_hint <= PAGE_LIMIT and last_hint not in known:
        return last_hint
    if top >= PAGE_LIMIT:  # the earliest page the date may be on: the one after the last dated page
        return Found(max((p for p, o in known.items() if isinstance(o, Dated)), default=0) + 1)
    return doubled
