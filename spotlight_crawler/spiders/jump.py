"""The jump to a date window: probing listing pages to find where a date is.

The search is pure (backfill/bisect.py); this module asks for the pages it names and reads
each one's entries' dates and URLs, whether its pager goes on, and the last page it names. A
probe that could not be read tells nothing and its neighbours are probed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from scrapy.http import Request, Response, TextResponse
from twisted.python.failure import Failure

from spotlight_crawler.backfill.bisect import PAST_END, UNDATED, Dated, Found, Observation, next_probe
from spotlight_crawler.extract.listing import ListingEntry, listing_entries
from spotlight_crawler.extract.pager import Pager, read_pager
from spotlight_crawler.faults.kinds import describe
from spotlight_crawler.normalize import parse_datetime
from spotlight_crawler.normalize.served import served_at
from spotlight_crawler.run import keys
from spotlight_crawler.spiders.base import SpotlightSpider, failed, page_selector
from spotlight_crawler.urls import DJANGO_PAGES, PageScheme, article_day, canonical_url, is_site_url

logger = logging.getLogger(__name__)


class ListingPage(NamedTuple):
    """A listing page read: its entries on the site, how many link elsewhere, whether they were
    found in the listing's own markup (extract/listing.py), and its pager."""

    entries: list[ListingEntry]
    offsite: int
    shaped: bool
    pager: Pager


@dataclass
class Jump:
    """One search over one listing: the date whose first page is wanted, what the probed pages
    showed, and the answer."""

    listing_url: str
    target: date
    seen: dict[int, Observation] = field(default_factory=dict)
    found: Found | None = None
    last_hint: int | None = None  # the last page a probed page's pager named
    scheme: PageScheme = DJANGO_PAGES  # how the listing names its pages, once a pager showed it
    learned: bool = False  # whether a probed page's pager showed the scheme
    pager_seen: bool = False  # whether a probed page showed a pager at all
    pending: int | None = None  # the page asked for, whose answer moves the search on
    done: bool = False


class JumpingSpider(SpotlightSpider):
    """A spider that can find the listing pages of dates before walking; ``jump_done`` says what then."""

    def start_jump(self, listing_url: str, until: date) -> Iterable[Request]:
        self._jump = Jump(listing_url, until)
        yield from self._advance(self._jump)

    def jump_done(self, jump: Jump) -> Iterable[Request]:
        """What to ask for once the page is found."""
        return ()

    def _advance(self, jump: Jump) -> Iterable[Request]:
        step = next_probe(jump.target, jump.seen, jump.last_hint)
        if not isinstance(step, Found):
            yield self._probe(jump, step)
        elif not jump.done:
            jump.found, jump.done = step, True
            logger.info(
                "%s: until (%s) is first held by page %d%s (%d pages probed)",
                jump.listing_url,
                jump.target,
                step.page,
                ", past the listing's end" if step.past_end else "",
                len(jump.seen),
            )
            yield from self.jump_done(jump)

    def _probe(self, jump: Jump, page: int, render: bool = False) -> Request:
        jump.pending = page
        return Request(
            jump.scheme.url(jump.listing_url, page),
            callback=self.parse_probe,
            errback=self.probe_failed,
            cb_kwargs={"listing_url": jump.listing_url, "page": page},
            dont_filter=True,
            meta=self.rendering.request_meta("listing", fallback=render),
        )

    def _current(self, listing_url: str, page: int) -> Jump | None:
        """The search a probe's answer belongs to (none for a probe restored from an older run's JOBDIR)."""
        jump: Jump | None = getattr(self, "_jump", None)
        if jump is None or jump.done or jump.listing_url != listing_url:
            return None
        return jump

    def parse_probe(self, response: Response, listing_url: str, page: int) -> Iterable[Request]:
        self._count(keys.BISECT_REQUESTS)
        self._count(keys.LISTING_PAGES)
        jump = self._current(listing_url, page)
        if jump is None:
            return
        read = self.read_listing(response, listing_url, page)
        if read is None:
            yield self._probe(jump, page, render=True)
            return
        pager = read.pager
        if pager.scheme is not None and not jump.learned:
            jump.scheme, jump.learned = pager.scheme, True
        if pager.last is not None:
            jump.last_hint = max(jump.last_hint or 0, pager.last)
        goes_on = pager.next_url is not None
        # A page with no next page ends the listing when it shows a pager, or when other pages
        # did (a "Load more" link the last page leaves out).
        ends = not goes_on and (pager.shown or jump.pager_seen)
        jump.pager_seen = jump.pager_seen or pager.shown
        observed = self.observation(read.entries, goes_on=goes_on, ends=ends, served=served_at(response.headers))
        if observed == UNDATED:
            self._count(keys.BISECT_UNDATED)
        logger.debug("%s: probed: %s", response.url, observed)
        yield from self._observed(jump, page, observed)

    def read_listing(self, response: Response, listing_url: str, page: int) -> ListingPage | None:
        """Page ``page`` of a listing read; None when it is to be asked again through the browser."""
        selector = page_selector(response) if isinstance(response, TextResponse) else None
        entries: list[ListingEntry] = []
        shaped, pager = False, Pager()
        if selector is not None:
            entries, shaped = listing_entries(selector, response.url)
            pager = read_pager(selector, response.url, listing_url, page)
        assert self.crawler.stats is not None
        if self.rendering.review(response, selector, self.crawler.stats, "listing", complete=bool(entries)):
            return None
        on_site = [e for e in entries if is_site_url(e.url, self.base_url)]
        return ListingPage(on_site, len(entries) - len(on_site), shaped, pager)

    def observation(self, entries: list[ListingEntry], goes_on: bool, ends: bool, served: datetime) -> Observation:
        """What a probed page tells the search: its entries' dates and whether the listing ends
        with it, or that it is past the end (no entries, no next page), or nothing (no dates)."""
        if not entries:
            return UNDATED if goes_on else PAST_END
        days = [d for d in (_entry_day(e, served) for e in entries) if d is not None]
        if not days:
            return UNDATED
        urls = tuple(canonical_url(e.url, self.canonical_base) for e in entries)
        return Dated(max(days), min(days), urls, goes_on=not ends)

    def probe_failed(self, failure: Failure) -> Iterable[Request]:
        """A 404 is past the end; any other failure tells nothing about the page."""
        request, kind = failed(failure)
        self._count(keys.BISECT_REQUESTS)
        if kind == "http_404":
            self._count(keys.LISTING_PAST_END)  # the summary's account of the 404 answers
            observed: Observation = PAST_END
        else:
            self._count(keys.BISECT_FAILED)
            logger.warning("%s: listing page not probed (%s): %s", request.url, kind, describe(failure))
            observed = UNDATED
        jump = self._current(request.cb_kwargs["listing_url"], request.cb_kwargs["page"])
        if jump is not None:
            yield from self._observed(jump, request.cb_kwargs["page"], observed)

    def _observed(self, jump: Jump, page: int, observed: Observation) -> Iterable[Request]:
        jump.seen[page] = observed
        if jump.pending == page:
            yield from self._advance(jump)


def _entry_day(entry: ListingEntry, served: datetime) -> date | None:
    """An entry's date: its URL's, else the one the listing prints beside it."""
    if (day := article_day(entry.url)) is not None:
        return day
    printed = parse_datetime(entry.date_raw, now=served) if entry.date_raw else None
    if isinstance(printed, datetime):
        return printed.date()
    return printed
