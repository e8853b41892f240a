"""Which listing page holds a date, found by probing its pages (pure: no Scrapy).

A listing runs newest first, so "page N holds an entry dated on or before D" is false up to
some page and true from it on. :func:`next_probe` is told what the probed pages showed and
answers the next page to probe or the first page for which it is true. It doubles the page
number until it passes the date or the listing's end (galloping; a last page the pager names
is tried first when it lies further), then bisects between the last page known too new and
the first known old enough: at most about 2·log2(pages) probes, whatever the pager shows.

What a site may answer, and how it is read:

- a page of dated entries (:class:`Dated`): its newest and oldest date decide;
- past the end (:data:`PAST_END`: a 404, an empty page whose pager does not go on, or the
  page after one whose pager names no next page): as if old enough, since the date, if
  anywhere, is before it;
- the last page again for any page past the end (Django's ``Paginator.get_page()``): a page
  showing the same entries as a lower one is past the end, and so is every page above that
  lower one;
- a page without dated entries (:data:`UNDATED`): tells nothing; its unprobed neighbours
  are probed instead, and when none is left the earliest page it may be is the answer.

Pages that shift while probing (stories published push entries down a page) only make the
answer earlier than the page that holds the date by then: never later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

# The highest page probed: a site answering every number with pages newer than the target
# (or undated) ends the search here instead of doubling forever.
PAGE_LIMIT = 1 << 20


@dataclass(frozen=True)
class Dated:
    """A probed page's entries: their newest and oldest date, who they are (canonical URLs),
    and whether the listing goes on after it (False: its pager shows no next page)."""

    newest: date
    oldest: date
    entries: tuple[str, ...] = ()
    goes_on: bool = True


PAST_END: Literal["past_end"] = "past_end"
UNDATED: Literal["undated"] = "undated"
Observation = Dated | Literal["past_end", "undated"]


@dataclass(frozen=True)
class Found:
    """The first page holding an entry dated on or before the target.

    ``past_end``: that page is past the listing's end (every entry is newer than the target).
    """

    page: int
    past_end: bool = False


def next_probe(
    target: date, seen: Mapping[int, Observation], last_hint: int | None = None, limit: int = PAGE_LIMIT
) -> int | Found:
    """The next page to probe for ``target``, or the answer.

    ``seen``: page number -> what it showed; ``last_hint``: the last page a probed page's
    pager named ("Last", or a numbered link beyond the next page), probed before doubling
    on when it lies further than the next doubling.
    """
    known = _without_copies(seen)
    old_enough = [p for p, o in known.items() if o == PAST_END or (isinstance(o, Dated) and o.oldest <= target)]
    hi = min(old_enough, default=None)
    if hi is None:
        return _widen(known, last_hint, limit)
    lo = max((p for p, o in known.items() if isinstance(o, Dated) and p < hi), default=0)
    if hi == lo + 1:
        return Found(hi, past_end=known[hi] == PAST_END)
    page = _nearest_unprobed((lo + hi) // 2, lo, hi, known)
    return page if page is not None else Found(lo + 1)


def _without_copies(seen: Mapping[int, Observation]) -> dict[int, Observation]:
    """``seen``, a page repeating a lower page's entries marked past the end, and the page
    above that lower one too (the site answers pages past its end with its last page); the
    page after one whose pager goes no further is past the end too."""
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


def _widen(known: Mapping[int, Observation], last_hint: int | None, limit: int) -> int | Found:
    """Every page probed is newer than the target (or undated): look further down the listing."""
    if 1 not in known:
        return 1
    top = max(known)
    doubled = min(top * 2, limit)
    # A pager's last page is probed when it lies beyond the doubling's next step: a pager that
    # names only the pages around it (1 2 3 4 5, or the next page) then costs no probe.
    if last_hint is not None and doubled < last_hint <= limit and last_hint not in known:
        return last_hint
    if top >= limit:  # the earliest page the date may be on: the one after the last dated page
        return Found(max((p for p, o in known.items() if isinstance(o, Dated)), default=0) + 1)
    return doubled


def _nearest_unprobed(mid: int, lo: int, hi: int, known: Mapping[int, Observation]) -> int | None:
    """The unprobed page strictly between ``lo`` and ``hi`` nearest to ``mid`` (the lower on a tie)."""
    for offset in range(hi - lo):
        for page in (mid - offset, mid + offset):
            if lo < page < hi and page not in known:
                return page
    return None
