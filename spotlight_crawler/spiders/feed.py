"""Feed first: a stateful, unnarrowed run whose previous run walked its whole listing asks the
feed (conditionally) what is new: a 304 ends the run, unseen entries become article requests
when one entry at least is seen, else (a gap) the listing is walked. Other runs read the feed
beside the listing. The pages of its unseen entries are read first, the walk waiting: scored
against the feed, they settle the lesson (judge/taught.py), then are written in the feed's order.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from parsel import Selector
from scrapy.http import Request, Response, TextResponse
from scrapy.utils.response import get_base_url
from twisted.python.failure import Failure

from spotlight_crawler import site
from spotlight_crawler.extract.article import read_page
from spotlight_crawler.extract.feed import FeedEntry, FeedError, parse_feed
from spotlight_crawler.extract.listing import ListingEntry
from spotlight_crawler.incremental.store import FeedValidators
from spotlight_crawler.incremental.taught import save_lesson
from spotlight_crawler.judge.taught import Scored, score, settle
from spotlight_crawler.record import FeedListingEntry
from spotlight_crawler.run import keys
from spotlight_crawler.run.feed_check import FeedCheck
from spotlight_crawler.spiders.base import answered_urls, failed, page_selector
from spotlight_crawler.spiders.listing import ListingSpider
from spotlight_crawler.urls import absolute_url, article_path, canonical_url, fetch_url, is_site_url

logger = logging.getLogger(__name__)


class FeedFirstSpider(ListingSpider):
    """A listing spider that reads the site's feed: first when it can, beside the listing otherwise."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.teaching: dict[str, FeedEntry] = {}  # the feed's pages the lesson awaits, by canonical URL
        # The feed's pages read while learning, in the feed's order: scored and written once it settles.
        self._held: dict[str, tuple[TextResponse, FeedEntry] | None] = {}
        # Requests waiting for the lesson (the walk, the retried pages); None once settled, or with no feed.
        self._after_lesson: list[Request] | None = []

    @property
    def feed_path(self) -> str:
        return self.settings.get("SPOTLIGHT_FEED_PATH", site.FEED_PATH)

    async def start(self) -> AsyncIterator[Request]:
        """The feed, when this run starts from it (see the module's docstring), else the home page; the
        pages earlier runs could not read after the lesson."""
        if not self.settings.getbool("SPOTLIGHT_FEED", True):
            self._after_lesson = None  # no feed: nothing waits for a lesson
        state = self.state
        if self._after_lesson is not None and state is not None and state.may_stop_early and not self.narrowed:
            url = fetch_url(state.feed.url if state.feed else self.feed_path, self.base_url)
            yield self.feed_request(url, first=True, known=state.feed)
        else:
            yield self.home_request()
        for request in self._after_learning(self.retried()):
            yield request

    def feed_request(self, url: str, first: bool, known: FeedValidators | None = None) -> Request:
        """The feed; conditional on what a finished run read (``known``), unless the HTTP cache records or replays."""
        headers: dict[str, str] = {}
        if known is not None and not self.settings.getbool("HTTPCACHE_ENABLED"):
            validators = {"If-None-Match": known.etag, "If-Modified-Since": known.last_modified}
            headers = {name: value for name, value in validators.items() if value}
        if headers:
            self._count(keys.FEED_CONDITIONAL)
        return Request(
            url,
            callback=self.parse_feed,
            errback=self.feed_failed,
            headers=headers or None,
            cb_kwargs={"first": first},
            meta={"handle_httpstatus_list": [304]},
            dont_filter=True,
            priority=10,
        )

    def parse_home(self, response: Response, selector: Selector | None = None) -> Iterable[Request]:
        if selector is None and isinstance(response, TextResponse):
            selector = page_selector(response)  # parsed once for the feed link and the navigation
        if self._after_lesson is not None:  # the feed not asked yet
            yield self.feed_request(self._feed_url(response, selector), first=False)
        yield from self._after_learning(super().parse_home(response, selector))

    def home_failed(self, failure: Failure) -> Iterable[Request]:
        if self._after_lesson is not None:
            yield self.feed_request(fetch_url(self.feed_path, self.base_url), first=False)
        yield from self._after_learning(super().home_failed(failure))

    def _feed_url(self, response: Response, selector: Selector | None) -> str:
        """The feed the home page links to (its ``<base>`` counts), else the configured path."""
        if isinstance(response, TextResponse) and selector is not None:
            base = get_base_url(response)
            for href in [href.strip() for css in site.FEED_LINK for href in selector.css(css).getall()]:
                if href and (found := absolute_url(base, href)) and is_site_url(found, self.base_url):
                    self._count(keys.FEED_DISCOVERED)
                    return fetch_url(found, self.base_url)
        return fetch_url(self.feed_path, self.base_url)

    def parse_feed(self, response: Response, first: bool) -> Iterable[Request]:
        self._count(keys.FEED_PAGES)
        state = self.state
        request_url = response.request.url if response.request else response.url
        if response.status == 304:
            self._count(keys.FEED_NOT_MODIFIED)
            logger.info("%s: the feed is unchanged since the last run (304): nothing new", request_url)
            if state is not None and state.feed is not None:
                state.feed_read(FeedValidators(request_url, state.feed.etag, state.feed.last_modified))
            yield from self._settle()
            return
        try:
            feed = parse_feed(response.body, response.url)
        except FeedError as exc:
            self._count(keys.feed_unreadable(exc.reason))
            logger.warning("%s: the feed cannot be read (%s)", response.url, exc)
            yield from self._feed_gap(exc.reason) if first else self._settle()
            return
        if state is not None:
            etag, modified = _header(response, b"ETag"), _header(response, b"Last-Modified")
            state.feed_read(FeedValidators(request_url, etag, modified))
        entries = self._feed_entries(feed.entries)
        if feed.skipped:
            self._count(keys.FEED_ENTRIES_WITHOUT_LINK, feed.skipped)
        self._count(keys.FEED_ENTRIES, len(entries))
        self._check_against(entries)
        unseen = {url: entry for url, entry in entries.items() if state is None or not state.seen_url(url)}
        if not first:
            # A narrowed run writes only what its window holds: it judges with the lesson it remembers.
            yield from self._settle() if self.narrowed else self._teach(unseen)
            return
        assert state is not None
        if len(unseen) == len(entries):
            # Empty, or all new: the walk reads them in its own order, stopping where it meets stories
            # written before; pages of the feed written first would stop it early. Nothing taught.
            yield from self._feed_gap("window" if entries else "empty")
            return
        self._count(keys.INCREMENTAL_SKIPPED_SEEN, len(entries) - len(unseen))
        for url in [url for url in unseen if state.given_up_url(url)]:
            self._count(keys.INCREMENTAL_SKIPPED_GIVEN_UP)
            del unseen[url]
        self._count(keys.FEED_NEW, len(unseen))
        yield from self._teach(unseen)
        logger.info(
            "%s: %d new of %d feed entries; the feed reaches known stories, so no listing page is read",
            response.url,
            len(unseen),
            len(entries),
        )

    def _feed_entries(self, entries: list[FeedEntry]) -> dict[str, FeedEntry]:
        """Article entries on the site, by canonical URL; others are counted and left."""
        found: dict[str, FeedEntry] = {}
        for entry in entries:
            if not (article_path(entry.link) and is_site_url(entry.link, self.base_url)):
                self._count(keys.FEED_NOT_ARTICLE_LINKS)
                continue
            found.setdefault(canonical_url(entry.link, self.canonical_base), entry)
        return found

    def feed_failed(self, failure: Failure) -> Iterable[Request]:
        request, kind = self.not_fetched(failure, "feed", "the feed was not fetched")
        yield from self._feed_gap(kind) if request.cb_kwargs["first"] else self._settle()

    def _check_against(self, entries: dict[str, FeedEntry]) -> None:
        """The feed's entries to the feed check, which compares the records with them."""
        check = self.crawler.get_extension(FeedCheck)
        if check is not None:
            check.add_entries(entries)

    def _feed_gap(self, reason: str) -> Iterable[Request]:
        """The feed cannot tell what is new: the listing walked until it meets seen stories."""
        self._count(keys.FEED_GAP)
        self._count(keys.feed_gap(reason))
        why = {"window": "every entry is new, so more stories may be missing than the feed holds"}.get(reason, reason)
        logger.warning("Feed gap (%s): walking the listing until it meets seen stories", why)
        yield from self._settle()
        yield self.home_request()

    def _after_learning(self, requests: Iterable[Request]) -> Iterator[Request]:
        """``requests`` now, or when the lesson has settled while the feed may still teach."""
        if self._after_lesson is None:
            yield from requests
        else:
            self._after_lesson.extend(requests)

    def _teach(self, entries: dict[str, FeedEntry]) -> Iterator[Any]:
        """The feed's pages to learn from, requested; with none, the lesson settles at once."""
        self.teaching = entries
        self._held = dict.fromkeys(self.teaching)
        for entry in self.teaching.values():
            published = entry.published.isoformat() if entry.published else None
            listed = FeedListingEntry(url=entry.link, headline=entry.title, byline_raw=entry.author, date_raw=published)
            yield self.article_request(entry.link, self.name, listed)
        if not self.teaching:
            yield from self._settle()

    def held_for_lesson(self, response: TextResponse) -> bool:
        if (url := self._awaited(answered_urls(response))) is None:
            return False
        self._count(keys.TAUGHT_PAGES)
        self._held[url] = (response, self.teaching[url])
        return True

    def _not_a_story(self, url: str, kind: str) -> None:
        super()._not_a_story(url, kind)
        self._held.pop(url, None)  # a page held for the lesson is found to be no story after all

    def parse_article(self, response: Response, listing: str, entry: ListingEntry | None = None) -> Iterable[Any]:
        out = list(super().parse_article(response, listing, entry))
        yield from out
        # A feed page asked again (cut short, or for the browser) is still awaited.
        if not any(isinstance(o, Request) for o in out):
            yield from self._answered(answered_urls(response))

    def article_failed(self, failure: Failure) -> Iterable[Any]:  # type: ignore[override]  # an errback may yield what the lesson held back
        super().article_failed(failure)
        yield from self._answered({failed(failure)[0].url})

    def _answered(self, urls: set[str]) -> Iterator[Any]:
        """The feed's page of ``urls`` came back (read or not): awaited no more; after the last, the lesson settles."""
        if (url := self._awaited(urls)) is not None:
            del self.teaching[url]
            if not self.teaching:
                yield from self._settle()

    def _awaited(self, urls: set[str]) -> str | None:
        """The canonical URL of the page of ``urls`` the lesson waits for, if any."""
        canonical = {canonical_url(url, self.canonical_base) for url in urls}
        return next(iter(canonical & self.teaching.keys()), None)

    def _settle(self) -> Iterator[Any]:
        """The lesson settled (kept in the state), the held pages judged with it, then the requests
        that waited for it; the feed check waits for the feed's entries no more (none if it was not read)."""
        if self._after_lesson is None:
            return
        self._check_against({})
        waiting, self._after_lesson, self.teaching = self._after_lesson, None, {}
        held = [page for page in self._held.values() if page is not None]
        self._held = {}
        if held:
            self._learn([_scored(response, entry) for response, entry in held])
        for response, _entry in held:
            yield self.emit(self.read_record(response, **response.cb_kwargs))
        yield from waiting

    def _learn(self, pages: list[Scored]) -> None:
        lesson = settle(self.lesson, pages, datetime.now(UTC))
        for field_name, line in lesson.news.items():
            logger.warning("%s", line)
            self.stats.set_value(keys.taught_news(field_name), line)
        for field_name in lesson.unproven:
            self.stats.set_value(keys.taught_unproven(field_name), 1)
            logger.info("%s: no reading agrees with the feed on all %d pages: nothing learned", field_name, len(pages))
        changed = lesson.adopted != self.lesson
        self.lesson.clear()
        self.lesson.update(lesson.adopted)
        if changed and (state := self.state) is not None:
            try:
                save_lesson(state.store.path, lesson.adopted)
            except sqlite3.Error as exc:
                logger.warning("%s: the feed's lesson cannot be kept (%s)", state.store.path, exc)


def _scored(response: TextResponse, entry: FeedEntry) -> Scored:
    """The page's witnesses, as the judge reads it without the lesson, scored against its feed entry."""
    raw = read_page(response.text, response.url)[1]
    chosen = {"headline": raw.headline, "published_at": raw.published_at_raw, "authors": raw.authors, "body": raw.body}
    return score(raw.candidates, chosen, entry)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
