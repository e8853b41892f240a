"""What every spider shares: the site's address, an article page to its record, and what a
page not read costs. Hooks (data): ``name`` (the records' ``listing``), ``default_section``,
``retries_failures``, ``known_arguments``, ``start_needs_one_of``, ``start_usage`` (commands/crawl.py).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar

import scrapy
from parsel import Selector
from scrapy.crawler import Crawler
from scrapy.http import Request, Response, TextResponse
from scrapy.statscollectors import StatsCollector
from twisted.python.failure import Failure

from spotlight_crawler import arguments, render, site
from spotlight_crawler.extract.listing import ListingEntry
from spotlight_crawler.extract.page import html_selector
from spotlight_crawler.faults.kinds import describe, failure_kind
from spotlight_crawler.faults.notstory import MIN_STORY_WORDS, SharedBodies, not_a_story
from spotlight_crawler.faults.streams import STREAM_CUT
from spotlight_crawler.incremental.extension import IncrementalState
from spotlight_crawler.incremental.taught import load_lesson, record_lesson, recorded_lesson
from spotlight_crawler.items import ArticleItem
from spotlight_crawler.judge.taught import Adopted
from spotlight_crawler.normalize.served import served_at
from spotlight_crawler.record import Record, extract_record
from spotlight_crawler.run import keys
from spotlight_crawler.urls import article_path, fetch_url

logger = logging.getLogger(__name__)


class SpotlightSpider(scrapy.Spider):
    """Knows the site's address and turns an article page into an ``ArticleItem``."""

    default_section: ClassVar[str | None] = None
    # Whether a later run asks again for the pages this one could not read.
    retries_failures: ClassVar[bool] = False
    known_arguments: ClassVar[tuple[str, ...]] = ("render", "fresh")  # any other -a is refused

    def __init__(self, *args: Any, render: Any = None, fresh: Any = None, **kwargs: Any):
        arguments.refuse_unknown(["render", "fresh", *kwargs], self.known_arguments, self.name)
        super().__init__(*args, **kwargs)  # `render` went to the settings in from_crawler
        self.fresh = arguments.flag(fresh, "fresh")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SpotlightSpider:
        # -a render=MODE wins over SPOTLIGHT_RENDER; the add-on derives the browser settings after this.
        try:
            render.apply_argument(crawler.settings, kwargs.get("render"))
        except ValueError as exc:  # render='bogus': expected one of ...
            raise arguments.BadInput(f"-a {exc}") from None
        return super().from_crawler(crawler, *args, **kwargs)

    def parse(self, response: Response, **kwargs: Any) -> Any:
        """The callback ``scrapy parse`` picks by default: an article page becomes its record."""
        return self.parse_article(response, self.name)

    @cached_property
    def rendering(self) -> render.RenderPolicy:  # when pages go through the browser
        return render.RenderPolicy.from_settings(self.settings)

    def closed(self, reason: str) -> None:
        render.log_summary(self.stats, self.rendering.mode)
        if "shared_bodies" in self.__dict__:  # met a page at all
            self.shared_bodies.close()
        for field_name, adopted in self.lesson.items():
            self.stats.set_value(keys.taught_witness(field_name), adopted.witness)
            self.stats.set_value(keys.taught_proven(field_name), adopted.proven)

    @cached_property
    def lesson(self) -> dict[str, Adopted]:
        """Per field, the witness the feed proved right (judge/taught.py): the replay's, else the state's."""
        if folder := self.settings.get("SPOTLIGHT_REPLAY"):
            return recorded_lesson(Path(folder).expanduser())
        remembered: dict[str, Adopted] = {}
        if (state := self.state) is not None:
            try:
                remembered = load_lesson(state.store.path)
            except sqlite3.Error as exc:
                logger.warning("%s: the feed's lesson cannot be read (%s): none used", state.store.path, exc)
        if folder := self.settings.get("SPOTLIGHT_RECORD"):
            record_lesson(Path(folder).expanduser(), remembered)
        return remembered  # reported by the run's summary ("taught by the feed: ...")

    # Read when used, not at construction: add-ons (replay) may still change the settings.
    @property
    def base_url(self) -> str:  # where requests go
        return str(self.settings.get("SPOTLIGHT_BASE_URL", site.CANONICAL_BASE_URL)).rstrip("/")

    @property
    def canonical_base(self) -> str:  # the host records name
        return str(self.settings.get("SPOTLIGHT_CANONICAL_URL", site.CANONICAL_BASE_URL))

    def article_request(
        self, url: str, listing: str, entry: ListingEntry | None = None, render: bool = False
    ) -> Request:
        """A request for the article at ``url`` (any spelling), fetched from the base URL."""
        return Request(
            fetch_url(article_path(url) or url, self.base_url),
            callback=self.parse_article,
            errback=self.article_failed,
            cb_kwargs={"listing": listing, "entry": entry},
            meta=self.rendering.request_meta("article", fallback=render),
        )

    def parse_article(
        self, response: Response, listing: str, entry: ListingEntry | None = None
    ) -> Iterable[ArticleItem | Request]:
        if not isinstance(response, TextResponse):
            self._count(keys.ARTICLE_NOT_HTML)
            logger.warning("%s: not an HTML page (%s), skipped", response.url, response.headers.get(b"Content-Type"))
            self._page_lost(response.url, "article", "not_html")
            return
        if not response.body.strip():
            self._count(keys.ARTICLE_PAGES)
            self._not_a_story(response.url, "empty")
            return
        if again := self._cut_short(response, "article", self.article_request(response.url, listing, entry)):
            yield again
            return
        self._count(keys.ARTICLE_PAGES)
        if cut(response):
            self._not_a_story(response.url, "cut")  # asked again up to RETRY_TIMES: never written from half a text
            return
        record = self.read_record(response, listing, entry)
        kind = self._story_kind(response.url, record)
        # A page that is no story (or lacks its headline) may be one a browser can read (a
        # challenge, a script shell): asked once through it.
        complete = kind is None and bool(record.raw.headline)
        if self.rendering.review(response, record.page.selector, self.stats, "article", complete=complete):
            yield self.article_request(response.url, listing, entry, render=True)
            return
        if kind is not None:
            self._not_a_story(response.url, kind)
            return
        self._page_read(response, "article")
        if self.held_for_lesson(response):
            return
        yield self.emit(record)

    def read_record(self, response: TextResponse, listing: str, entry: ListingEntry | None) -> Record:
        """The record of an article page, judged with the lesson."""
        return extract_record(
            response.text,
            response.url,
            served_at(response.headers),
            listing=listing,
            entry=entry,
            lesson={name: adopted.witness for name, adopted in self.lesson.items()},
            default_section=self.default_section,
            base_url=self.base_url,
            canonical_base=self.canonical_base,
        )

    def held_for_lesson(self, response: TextResponse) -> bool:
        """Whether the page waits for the lesson the run is learning (feed.py); here, never."""
        return False

    def emit(self, record: Record) -> ArticleItem:
        """The record written: what it counts and logs, applied."""
        for key, n in record.counts.items():
            self._count(key, n)
        for level, message in record.log:
            logger.log(level, "%s", message)
        return record.item

    @cached_property
    def shared_bodies(self) -> SharedBodies:
        """The bodies met, to see one text served under many URLs (``SPOTLIGHT_SHARED_BODY_URLS``)."""
        return SharedBodies(max(2, self.settings.getint("SPOTLIGHT_SHARED_BODY_URLS", 3)))

    def _story_kind(self, url: str, record: Record) -> str | None:
        """None when the page holds a story; else what it is (faults/notstory.py)."""
        if not record.page.whole:
            return "too_deep"  # the parser dropped what lies deeper than its limit, even flattened
        min_words = self.settings.getint("SPOTLIGHT_MIN_STORY_WORDS", MIN_STORY_WORDS)
        kind = not_a_story(record.page.selector, record.raw.body, url, min_words)
        if kind is None:
            urls = self.shared_bodies.served(record.item.url, record.raw.body)
            if len(urls) >= self.shared_bodies.limit:
                if urls[-1] == record.item.url and len(urls) == self.shared_bodies.limit:
                    self._shared_before(urls[:-1])
                return "shared"
        return kind

    def _shared_before(self, urls: tuple[str, ...]) -> None:
        """The pages of ``urls``, which serve one text, forgotten and kept for the next run."""
        logger.warning(
            "One text is served under %d URLs or more in this run (the site failing, not reposts): the record "
            "written for %s may not be its story, and the page is asked for again by a later run",
            self.shared_bodies.limit,
            urls[0],
        )
        for url in urls:
            if (state := self.state) is not None:
                state.forget(url)
            self._not_a_story(url, "shared")

    def _not_a_story(self, url: str, kind: str) -> None:
        """A page answered in place of the story: no record, counted by kind, kept for a later run."""
        self._count(keys.not_story(kind))
        logger.warning("%s: not a story (%s): no record written; the page is asked for again by a later run", url, kind)
        self._page_lost(url, "article", kind)

    def article_failed(self, failure: Failure) -> None:
        request, kind = self.not_fetched(failure, "article", "article not fetched")
        if kind != "robots_disallowed":  # the site asked not to be fetched there: not a loss to retry
            self._page_lost(request.url, "article", kind)

    def not_fetched(self, failure: Failure, page_kind: str, what: str) -> tuple[Request, str]:
        """A page not fetched, counted (``spotlight/<page_kind>/failed/<kind>``) and logged as ``what``."""
        request, kind = failed(failure)
        self._count(keys.page_failed(page_kind, kind))
        logger.warning("%s: %s (%s): %s", request.url, what, kind, describe(failure))
        return request, kind

    def _cut_short(self, response: Response, page_kind: str, request: Request) -> Request | None:
        """``request`` to ask again for an HTML page cut short, up to ``RETRY_TIMES``; else None."""
        tries = response.meta.get("spotlight_cut_short", 0)
        retries = self.settings.getint("RETRY_TIMES") if self.settings.getbool("RETRY_ENABLED") else 0
        if not (isinstance(response, TextResponse) and cut(response)) or tries >= retries:
            return None
        self._count(keys.truncated(page_kind, "retried"))
        request = request.replace(dont_filter=True)
        request.meta["spotlight_cut_short"] = tries + 1
        return request

    @property
    def state(self) -> IncrementalState | None:  # the seen-store extension, when this run uses the state
        return self.crawler.get_extension(IncrementalState)

    def _page_lost(
        self, url: str, page_kind: str, reason: str, listing_url: str | None = None, page: int | None = None
    ) -> None:
        """A page not read (whole): the state keeps it for the next run; without one it is lost."""
        if self.retries_failures and (state := self.state) is not None:
            state.page_failed(url, page_kind, reason, listing_url, page)
        else:
            self._count(keys.FAILURES_LOST)
            self._count(keys.lost(page_kind))

    def _page_read(self, response: Response, page_kind: str) -> None:
        if (state := self.state) is not None:
            for url in answered_urls(response):
                state.page_read(url, page_kind)

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None  # set once the crawler is configured
        return self.crawler.stats

    def _count(self, key: str, n: int = 1) -> None:
        self.stats.inc_value(key, n)


def failed(failure: Failure) -> tuple[Request, str]:
    """The request of a download failure and its kind (faults/kinds.py)."""
    request = failure.request  # type: ignore[attr-defined]  # Scrapy sets it; Failure does not declare it
    return request, failure_kind(failure)


def page_selector(response: TextResponse) -> Selector:
    """The page parsed for extraction (extract/page.py)."""
    return html_selector(response.text, response.url)


def answered_urls(response: Response) -> set[str]:
    """The URLs a response answers for: the one first asked (before redirects), the last asked, the one served."""
    asked = [*response.meta.get("redirect_urls", [])[:1], response.request.url if response.request else ""]
    return {*asked, response.url} - {""}


def cut(response: TextResponse) -> bool:
    """Whether the page stops before its end tag (a cut page can still carry a matching Content-Length),
    or its compressed stream before its end (faults/streams.py)."""
    return not site.DOCUMENT_END.search(response.body[-4096:]) or response.meta.get(STREAM_CUT) == response.url
