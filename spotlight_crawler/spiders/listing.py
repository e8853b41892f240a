"""Walking a listing page by page, within a date window, to its articles; with ``until``, from
the page the jump found by probing listing pages (backfill/bisect.py names which)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from parsel import Selector
from scrapy.http import Request, Response, TextResponse
from twisted.python.failure import Failure

from spotlight_crawler import arguments
from spotlight_crawler.backfill.bisect import PAST_END, UNDATED, Dated, Found, Observation, next_probe
from spotlight_crawler.extract.listing import ListingEntry, listing_entries, nav_link
from spotlight_crawler.extract.pager import Pager, read_pager
from spotlight_crawler.faults.kinds import describe
from spotlight_crawler.run import keys
from spotlight_crawler.spiders.base import SpotlightSpider, cut, failed, page_selector
from spotlight_crawler.spiders.pagination import Pagination
from spotlight_crawler.urls import (
    DJANGO_PAGES,
    PageScheme,
    article_day,
    article_path,
    canonical_url,
    fetch_url,
    is_site_url,
    split_page_url,
)

logger = logging.getLogger(__name__)


@dataclass
class Jump:
    """The search for the first listing page holding ``target``: what the probed pages showed."""

    listing_url: str
    target: date
    seen: dict[int, Observation] = field(default_factory=dict)
    last_hint: int | None = None  # the last page a probed page's pager named
    pager_seen: bool = False  # whether a probed page showed a pager at all
    pending: int | None = None  # the page asked for, whose answer moves the search on


class ListingSpider(SpotlightSpider):
    """Walks one listing page by page (stopping as pagination.py says) and each entry to its article.

    Arguments: ``max_pages``, ``since`` and ``until`` (YYYY-MM-DD, inclusive, by the date in
    the article's URL), ``render``. With ``until`` the walk starts a page before the first
    page holding it: that page catches entries pushed down meanwhile. Hooks: ``listing_key``
    (the navigation link naming the listing), ``fallback_setting`` (the setting holding its path).
    """

    listing_key: ClassVar[str]
    fallback_setting: ClassVar[str]
    retries_failures = True
    known_arguments: ClassVar[tuple[str, ...]] = ("max_pages", "since", "until", "render", "fresh")

    def __init__(self, *args: Any, max_pages: Any = None, since: Any = None, until: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.max_pages = arguments.positive_int(max_pages, "max_pages")
        self.since = arguments.day(since, "since")
        self.until = arguments.day(until, "until")
        if self.since and self.until and self.since > self.until:
            raise arguments.BadInput(f"-a since={self.since} is after -a until={self.until}: expected since <= until")
        self._walks: dict[str, Pagination] = {}  # the stop rules of each listing walked
        self._first_pages: dict[str, int] = {}  # where each walk started, when not on page 1
        self._schemes: dict[str, PageScheme] = {}  # how each listing names its pages, once a pager showed it
        self._jump: Jump | None = None  # the jump under way

    def parse(self, response: Response, **kwargs: Any) -> Any:
        """``scrapy parse``: a listing page gives its article requests and next page, an article its record."""
        if article_path(response.url):
            return self.parse_article(response, self.name)
        listing_url, _scheme, number = split_page_url(response.url)
        return self.parse_listing(response, listing_url=listing_url, page=max(1, number or 1))

    @property
    def narrowed(self) -> bool:  # by a window or a page limit
        return bool(self.max_pages or self.since or self.until)

    async def start(self) -> AsyncIterator[Request]:
        """The home page, whose navigation names the listing, and the pages earlier runs could not read."""
        for request in [self.home_request(), *self.retried()]:
            yield request

    def retried(self) -> Iterator[Request]:
        """The pages earlier runs could not read, asked for again (counted spotlight/failures/retried/<why>)."""
        for failure in self.state.retries(self.narrowed) if self.state is not None else ():
            if failure.page_kind == "listing" and failure.listing_url and failure.page:
                yield self.listing_request(failure.listing_url, failure.page, at=failure.url)
            elif failure.page_kind == "article":
                yield self.article_request(failure.url, self.name)

    def home_request(self) -> Request:
        return Request(self.base_url + "/", callback=self.parse_home, errback=self.home_failed, dont_filter=True)

    def parse_home(self, response: Response, selector: Selector | None = None) -> Iterable[Request]:
        """The listing named by the home page's navigation; ``selector``: the page already parsed."""
        self._count(keys.HOME_PAGES)  # for the summary's account of every response
        if selector is None and isinstance(response, TextResponse):
            selector = page_selector(response)
        found = nav_link(selector, response.url, self.listing_key) if selector is not None else None
        if found and is_site_url(found, self.base_url):
            self._count(keys.LISTING_DISCOVERED)
            yield from self.walk_start(fetch_url(found, self.base_url))
        else:
            yield from self._fallback_listing("no navigation link")

    def home_failed(self, failure: Failure) -> Iterable[Request]:
        yield from self._fallback_listing(failure.getErrorMessage())

    def _fallback_listing(self, why: str) -> Iterable[Request]:
        path = self.settings.get(self.fallback_setting)
        logger.info("Listing %r not found from the home page (%s); using %s", self.listing_key, why, path)
        self._count(keys.LISTING_FALLBACK_PATH)
        yield from self.walk_start(fetch_url(path, self.base_url))

    def walk_start(self, listing_url: str) -> Iterable[Request]:
        """The walk's first request: page 1, or with ``until`` the jump's first probe."""
        if self.until and self.settings.getbool("SPOTLIGHT_BISECT", True):
            self._jump = Jump(listing_url, self.until)
            yield from self._advance(self._jump)
        else:
            yield self.listing_request(listing_url, 1)

    def _walked(self, listing_url: str, page: int) -> int:
        """How many pages of its listing the walk has read with page ``page``."""
        return page - self._first_pages.get(listing_url, 1) + 1

    def listing_request(self, url: str, page: int, render: bool = False, at: str | None = None) -> Request:
        """Page ``page`` of the listing at ``url`` (at ``at``, as its pager named it, else as the
        listing names its pages); through the browser when ``render`` or mode ``always``."""
        target = fetch_url(at, self.base_url) if at else self._schemes.get(url, DJANGO_PAGES).url(url, page)
        return Request(
            target,
            callback=self.parse_listing,
            cb_kwargs={"listing_url": url, "page": page},
            errback=self.listing_failed,
            meta=self.rendering.request_meta("listing", fallback=render),
        )

    def read_listing(self, response: Response, listing_url: str, page: int) -> tuple[list[ListingEntry], Pager] | None:
        """Page ``page`` of a listing: its entries on the site (those elsewhere counted, as are entries
        not found in the listing's own markup) and its pager; None when the browser is to read it."""
        selector = page_selector(response) if isinstance(response, TextResponse) else None
        entries: list[ListingEntry] = []
        shaped, pager = False, Pager()
        if selector is not None:
            entries, shaped = listing_entries(selector, response.url)
            pager = read_pager(selector, response.url, listing_url, page)
        if self.rendering.review(response, selector, self.stats, "listing", complete=bool(entries)):
            return None
        if pager.scheme is not None:
            self._schemes.setdefault(listing_url, pager.scheme)
        on_site = [e for e in entries if is_site_url(e.url, self.base_url)]
        if offsite := len(entries) - len(on_site):
            self._count(keys.LISTING_OFFSITE_LINKS, offsite)
        if on_site and not shaped:
            self._count(keys.LISTING_UNSHAPED)
        return on_site, pager

    def parse_listing(self, response: Response, listing_url: str, page: int) -> Iterable[Request]:
        if again := self._cut_short(response, "listing", self.listing_request(listing_url, page, at=response.url)):
            yield again
            return
        if isinstance(response, TextResponse) and cut(response):
            # Its entries are followed, but the rest of the page (and what it linked) was never seen.
            self._count(keys.truncated("listing", "kept"))
            logger.warning("%s: the listing page stops before its end; used as it arrived", response.url)
            self._page_lost(response.url, "listing", "truncated", listing_url, page)
        else:
            self._page_read(response, "listing")
        self._count(keys.LISTING_PAGES)
        if (read := self.read_listing(response, listing_url, page)) is None:
            yield self.listing_request(listing_url, page, render=True, at=response.url)
            return
        entries, pager = read
        stop = self._paging_stop(listing_url, page, entries, pager, response.url)
        capped = bool(self.max_pages and self._walked(listing_url, page) >= self.max_pages)
        goes_on = not (stop or capped)
        if entries:
            self._count(keys.LISTING_ENTRIES, len(entries))
            days = [article_day(e.url) for e in entries]
            for entry, day in zip(entries, days, strict=True):
                if self.in_window(day):
                    yield self.article_request(entry.url, self.name, entry)
                else:
                    self._count(keys.ARTICLE_OUTSIDE_WINDOW)
            if self.since and not capped and all(d is not None and d < self.since for d in days):
                logger.info("%s: every entry is older than %s; paging stops", response.url, self.since)
                goes_on = False
        else:
            # An empty page inside the listing (a stale cache, unpublished stories) is not its end.
            self._count(keys.LISTING_NO_ARTICLE_LINKS)
            goes_on = goes_on and pager.next_url is not None
            then = "its pagination goes on, so does paging" if goes_on else "paging stops"
            logger.warning("%s: listing page holds no article links; %s", response.url, then)
        if goes_on:  # to where the pager's next link goes, else to the next page number
            at = pager.next_url if pager.next_url and is_site_url(pager.next_url, self.base_url) else None
            yield self.listing_request(listing_url, page + 1, at=at)

    def _paging_stop(
        self, listing_url: str, page: int, entries: list[ListingEntry], pager: Pager, url: str
    ) -> str | None:
        """Why paging stops after this page (see pagination.py), counted and logged; None: it goes on."""
        walk = self._walks.setdefault(
            listing_url, Pagination(self.settings.getint("SPOTLIGHT_MAX_LISTING_PAGES", 5000))
        )
        story_keys = [canonical_url(e.url, self.canonical_base) for e in entries]
        reason = walk.after(self._walked(listing_url, page), story_keys, pager.shown, pager.next_url is not None)
        if reason:
            self._count(keys.listing_stopped(reason))
            level = logging.WARNING if reason == "max_pages" else logging.INFO
            logger.log(level, "%s: paging stops after page %d (%s)", url, page, reason)
        return reason

    def listing_failed(self, failure: Failure) -> None:
        """Counts ``spotlight/listing/failed/<kind>``; a 404 after page 1 is the listing's end."""
        request, kind = failed(failure)
        if kind == "http_404" and request.cb_kwargs["page"] > 1:
            self._count(keys.LISTING_PAST_END)
            logger.debug("%s: past the last page of the listing", request.url)
            return
        self.not_fetched(failure, "listing", "listing page not fetched")
        self._page_lost(request.url, "listing", kind, **request.cb_kwargs)  # the listing's URL and the page

    def in_window(self, day: date | None) -> bool:
        return day is None or not ((self.since and day < self.since) or (self.until and day > self.until))

    # --- The jump: the first page holding `until`, found by probing ----------------------------

    def _advance(self, jump: Jump) -> Iterable[Request]:
        """The next probe, or once the page is found, the walk's first page: a page before it."""
        step = next_probe(jump.target, jump.seen, jump.last_hint)
        if not isinstance(step, Found):
            yield self._probe(jump, step)
            return
        self._jump = None  # found: later answers to its probes tell nothing
        first = max(1, step.page - 1)
        self.stats.set_value(keys.BISECT_START_PAGE, first)
        past_end = ", past the listing's end" if step.past_end else ""
        logger.info(
            "%s: until (%s) is first held by page %d%s (%d pages probed); the walk starts at page %d",
            jump.listing_url,
            jump.target,
            step.page,
            past_end,
            len(jump.seen),
            first,
        )
        self._first_pages[jump.listing_url] = first
        yield self.listing_request(jump.listing_url, first)

    def _probe(self, jump: Jump, page: int, render: bool = False) -> Request:
        jump.pending = page
        self._count(keys.BISECT_REQUESTS)
        request = self.listing_request(jump.listing_url, page, render=render)
        return request.replace(callback=self.parse_probe, errback=self.probe_failed, dont_filter=True)

    def _awaiting(self, listing_url: str, page: int) -> Jump | None:
        """The search awaiting the answer for this page (none for a probe restored from an older run's JOBDIR)."""
        jump = self._jump
        return jump if jump is not None and (jump.listing_url, jump.pending) == (listing_url, page) else None

    def parse_probe(self, response: Response, listing_url: str, page: int) -> Iterable[Request]:
        self._count(keys.LISTING_PAGES)
        if (jump := self._awaiting(listing_url, page)) is None:
            return
        if (read := self.read_listing(response, listing_url, page)) is None:
            yield self._probe(jump, page, render=True)
            return
        entries, pager = read
        if pager.last is not None:
            jump.last_hint = max(jump.last_hint or 0, pager.last)
        goes_on = pager.next_url is not None
        # A page with no next page ends the listing when it shows a pager, or when other pages
        # did (a "Load more" link the last page leaves out).
        jump.pager_seen = jump.pager_seen or pager.shown
        ends = not goes_on and jump.pager_seen
        observed = self._observation(entries, goes_on, ends)
        if observed == UNDATED:
            self._count(keys.BISECT_UNDATED)
        logger.debug("%s: probed: %s", response.url, observed)
        jump.seen[page] = observed
        yield from self._advance(jump)

    def _observation(self, entries: list[ListingEntry], goes_on: bool, ends: bool) -> Observation:
        """What a probed page tells the search: its entries' dates (in their URLs) and whether the
        listing ends with it, or that it is past the end (no entries, no next page), or nothing."""
        if not entries:
            return UNDATED if goes_on else PAST_END
        days = [day for e in entries if (day := article_day(e.url)) is not None]
        if not days:
            return UNDATED
        urls = tuple(canonical_url(e.url, self.canonical_base) for e in entries)
        return Dated(max(days), min(days), urls, goes_on=not ends)

    def probe_failed(self, failure: Failure) -> Iterable[Request]:
        """A 404 is past the end; any other failure tells nothing about the page."""
        request, kind = failed(failure)
        if kind == "http_404":
            self._count(keys.LISTING_PAST_END)  # the summary's account of the 404 answers
            observed: Observation = PAST_END
        else:
            self._count(keys.BISECT_FAILED)
            logger.warning("%s: listing page not probed (%s): %s", request.url, kind, describe(failure))
            observed = UNDATED
        if (jump := self._awaiting(**request.cb_kwargs)) is not None:
            jump.seen[request.cb_kwargs["page"]] = observed
            yield from self._advance(jump)
