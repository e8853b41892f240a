"""Scheduled runs emit and fetch only what is new: ``IncrementalState`` holds the locked state
(``SPOTLIGHT_STATE``) for the run; ``IncrementalMiddleware`` drops seen article pages and stops paging."""

from __future__ import annotations

import fcntl
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import IO, Any

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.extensions.feedexport import FeedExporter
from scrapy.http import Request, Response
from scrapy.utils.defer import deferred_from_coro

from spotlight_crawler import compat
from spotlight_crawler.addon import data_dir
from spotlight_crawler.faults.brokenfiles import BrokenFile, check_state_file
from spotlight_crawler.incremental.store import Failure, FeedValidators, SeenStore
from spotlight_crawler.outputs import OutputGuard, file_outputs
from spotlight_crawler.run import keys, verdict
from spotlight_crawler.urls import article_path, canonical_url

logger = logging.getLogger(__name__)

REFUSED_KEY = keys.STATE_REFUSED


class StateRefused(Exception):
    """The run must not start on this state; ``status`` is its exit status."""

    def __init__(self, message: str, status: int = verdict.CANNOT_START):
        super().__init__(message)
        self.status = status


def state_path(crawler: Crawler) -> Path | None:
    """The seen-store file for this crawl, or None: none with ``-a fresh=1``, in a replay, or (with
    ``SPOTLIGHT_STATE=auto``) outside a Scrapyd job."""
    spider, settings = crawler.spider, crawler.settings
    # No spider: scrapy shell or fetch. fresh: -a fresh=1, read by the spider.
    if spider is None or getattr(spider, "fresh", False) or settings.get("SPOTLIGHT_REPLAY"):
        return None
    configured = settings.get("SPOTLIGHT_STATE", "auto")
    if configured == "auto":  # Scrapyd passes -a _job=<id> to each job it runs
        configured = "default" if getattr(spider, "_job", None) else ""
    if configured == "default":
        return data_dir(settings) / "state.sqlite3"
    return Path(configured).expanduser().resolve() if configured else None


def lock_state(path: Path) -> IO[str]:
    """``<state>.lock``, held with ``flock`` until the file returned is closed (or the process ends)."""
    lock = path.with_name(path.name + ".lock")
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        file = lock.open("a")
        fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        file.close()
        message = f"Not started: another run holds {lock}; one run at a time per state file"
        raise StateRefused(message, verdict.STATE_BUSY) from None
    except OSError as exc:
        raise StateRefused(f"Not started: the state file {path} cannot be locked: {exc}") from None
    return file


class IncrementalState:
    def __init__(self, crawler: Crawler, path: Path):
        """The state at ``path``, locked for this run; ``StateRefused`` when it may not be used."""
        try:
            check_state_file(path)
        except BrokenFile as broken:
            raise StateRefused(f"Cannot start: {broken}") from None
        feeds = crawler.settings.getdict("FEEDS").items()
        if overwrite := [str(uri) for uri, options in feeds if isinstance(options, dict) and options.get("overwrite")]:
            raise StateRefused(
                f"Refused: this run uses the state {path} and would overwrite {', '.join(overwrite)} (-O); the "
                "stories that file holds would then be in no file. Use -o (append) or a new file, or -a fresh=1."
            )
        self.crawler = crawler
        self.stats = crawler.stats
        assert self.stats is not None
        self.canonical_base = crawler.settings.get("SPOTLIGHT_CANONICAL_URL")
        self.max_attempts = max(1, crawler.settings.getint("SPOTLIGHT_MAX_ATTEMPTS", 5))
        self.spider_name = name = crawler.spider.name if crawler.spider else ""
        self.lock = lock_state(path)
        try:
            self.store = store = SeenStore(path)
            recovered = store.reconcile()  # before the feed exporter truncates any file
            self.may_stop_early = store.last_run_complete(name)
            self.pending = {f.url: f for f in store.failures(name)}  # to ask for again, by URL
            self.given_up = {f.url for f in store.failures(name, given_up=True) if f.page_kind == "article"}
            self.feed = store.feed(name)  # as the last finished run read it
            self.stats.set_value(keys.STATE_KNOWN_BEFORE, len(store))
            # Registered before the feed exporter opens any file: a run that dies is reconciled.
            self.run_id = store.begin_run(name)
        except (sqlite3.Error, OSError) as exc:
            self.lock.close()
            raise StateRefused(f"Not started: the state file {path} could not be opened or written: {exc}") from None
        self.failed_now: dict[str, Failure] = {}  # this run's failures, by URL
        self.feed_now: FeedValidators | None = None
        self.aliases_waiting: dict[str, list[str]] = {}  # reposts' URLs, by the story not yet written
        self.write_failed = False
        self.stats.set_value(keys.STATE_FILE, str(path))
        self.stats.set_value(keys.STATE_RECOVERED, recovered)
        if recovered:
            logger.info("Recovered %d stories from the output of an unfinished run", recovered)
        if not self.may_stop_early:
            logger.info("The last %s run did not walk its whole listing: paging goes past known stories", name)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalState:
        if (path := state_path(crawler)) is None:
            raise NotConfigured
        assert crawler.stats is not None
        try:
            ext = cls(crawler, path)
        except StateRefused as refused:
            logger.error("%s", refused)
            crawler.stats.set_value(REFUSED_KEY, refused.status)
            raise
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        self._write(self.store.set_outputs, self.run_id, [str(p) for p in file_outputs(self.crawler)])

    def item_scraped(self, item: Any) -> None:
        guard = self.crawler.get_extension(OutputGuard)
        if guard is None:  # switched off: push the line to the OS here before claiming the story
            compat.flush_feed_files(self.crawler.get_extension(FeedExporter))
        elif not guard.written:
            return  # the line did not reach the output: not seen
        adapter = ItemAdapter(item)
        aliases = [(alias, None, None) for alias in self.aliases_waiting.pop(adapter["url"], [])]
        story = (adapter["url"], adapter.get("headline"), adapter.get("body"))
        self._write(self.store.add, [story, *aliases], self.run_id)

    def add_alias(self, url: str, first: str | None = None) -> None:
        """Remember a repost's URL, so later runs skip its page, once ``first`` (the story it
        reposts) is remembered as written: until then the alias waits for that story's line."""
        if first is not None and not self.store.has_url(first):
            self.aliases_waiting.setdefault(first, []).append(url)
        else:
            self._write(self.store.add, [(url, None, None)], self.run_id)

    def forget(self, url: str) -> bool:
        """Forget ``url``, remembered in this run, whose text the site served under many URLs; True when known."""
        return bool(self._write(self.store.forget, canonical_url(url, self.canonical_base)))

    def feed_read(self, feed: FeedValidators) -> None:
        """Kept for the next run if this one finishes whole."""
        self.feed_now = feed

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if not self.write_failed:  # a run whose state write failed stays unfinished: reconciled next time
            listing_lost = any(f.page_kind == "listing" for f in self.failed_now.values())
            complete = reason == "finished" and not getattr(spider, "narrowed", False) and not listing_lost
            if complete and self.feed_now is not None:
                self._write(self.store.set_feed, self.spider_name, self.feed_now)
            self._write(self.store.finish_run, self.run_id, complete)
        if carried := [f for f in self.failed_now.values() if not f.given_up]:
            shown = ", ".join(
                f"{f.url} ({f.reason}, attempt {f.attempts} of {self.max_attempts})" for f in carried[:20]
            )
            logger.warning("%d pages could not be read and are kept for the next run: %s", len(carried), shown)
        self.store.close()
        self.lock.close()

    def retries(self, narrowed: bool) -> list[Failure]:
        """Earlier failures to ask for again (none in a narrowed run: they wait for a full one)."""
        retried = [] if narrowed else list(self.pending.values())
        for failure in retried:
            self.stats.inc_value(keys.failures_retried(failure.reason))
        return retried

    def page_failed(
        self, url: str, page_kind: str, reason: str, listing_url: str | None = None, page: int | None = None
    ) -> None:
        """Remember a page that could not be read; give it up after ``SPOTLIGHT_MAX_ATTEMPTS`` runs."""
        key = self._key(url, page_kind)
        if key in self.failed_now:
            return  # one attempt per run, however many requests asked for it
        record = self.store.record_failure
        failure = self._write(record, self.spider_name, key, page_kind, reason, self.max_attempts, listing_url, page)
        if failure is None:
            return
        self.pending.pop(key, None)
        self.failed_now[key] = failure
        self.stats.inc_value(keys.FAILURES_GIVEN_UP if failure.given_up else keys.FAILURES_CARRIED)
        self.stats.inc_value((keys.failures_given_up if failure.given_up else keys.failures_carried)(reason))
        if failure.given_up:
            message = "Gave up on %s page %s after %d attempts in as many runs (last: %s)"
            logger.warning(message, page_kind, key, failure.attempts, reason)

    def page_read(self, url: str, page_kind: str) -> None:
        """``url`` was read whole: an earlier failure of it is recovered."""
        key = self._key(url, page_kind)  # a page that failed in this run is no longer pending
        if (failure := self.pending.pop(key, None)) and self._write(self.store.resolve, self.spider_name, key):
            self.stats.inc_value(keys.FAILURES_RECOVERED)
            message = "Recovered %s page %s (failed %d time(s) before: %s)"
            logger.info(message, page_kind, key, failure.attempts, failure.reason)

    def _key(self, url: str, page_kind: str) -> str:
        return canonical_url(url, self.canonical_base) if page_kind == "article" else url

    def _write(self, write: Callable[..., Any], *args: Any) -> Any:
        """A state write's result (True for None), or None when it failed: the run then stops, once;
        the next run reconciles from the output."""
        if self.write_failed:
            return None
        try:
            result = write(*args)
        except sqlite3.Error as exc:
            self.write_failed = True
            logger.error(
                "The state file %s could not be written (%s): the run stops. Its output files are registered, so the "
                "next run reconciles from them; free the disk (or fix the file's permissions) before it.",
                self.store.path,
                exc,
            )
            if self.crawler.engine is not None:
                deferred_from_coro(self.crawler.engine.close_spider_async(reason="state_write_failed"))
            return None
        return True if result is None else result

    def seen_url(self, url: str) -> bool:
        return self.store.has_url(canonical_url(url, self.canonical_base))

    def given_up_url(self, url: str) -> bool:
        return canonical_url(url, self.canonical_base) in self.given_up


class IncrementalMiddleware:
    """Skips seen article pages; stops paging once listing pages hold nothing new (runs with the state only)."""

    def __init__(self, crawler: Crawler, state: IncrementalState):
        self.state = state
        self.stop_after = crawler.settings.getint("SPOTLIGHT_STOP_AFTER_SEEN_PAGES", 1)
        self.seen_pages_in_a_row = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        if (state := crawler.get_extension(IncrementalState)) is None:
            raise NotConfigured
        return cls(crawler, state)

    async def process_spider_output(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        outputs = [obj async for obj in result]
        page = response.request.cb_kwargs.get("page")  # type: ignore[union-attr]  # a response here has its request
        # A listing page that did not ask for itself again through the browser tells what is new.
        if page is None or any(isinstance(o, Request) and o.cb_kwargs.get("page") == page for o in outputs):
            for obj in outputs:
                yield obj
            return
        articles = [o for o in outputs if isinstance(o, Request) and article_path(o.url)]
        unseen = [o for o in articles if not self.state.seen_url(o.url)]
        fresh = {id(o) for o in unseen if not self.state.given_up_url(o.url)}
        self.state.stats.inc_value(keys.INCREMENTAL_SKIPPED_SEEN, len(articles) - len(unseen))
        if given_up := len(unseen) - len(fresh):
            self.state.stats.inc_value(keys.INCREMENTAL_SKIPPED_GIVEN_UP, given_up)
        self.seen_pages_in_a_row = 0 if fresh else self.seen_pages_in_a_row + 1
        stop = self.state.may_stop_early and self.seen_pages_in_a_row >= self.stop_after
        for obj in outputs:
            if isinstance(obj, Request) and article_path(obj.url):
                if id(obj) in fresh:
                    yield obj
            elif isinstance(obj, Request) and "page" in obj.cb_kwargs and stop:
                self.state.stats.set_value(keys.INCREMENTAL_STOPPED_PAGING, True)
                logger.info(
                    "%d listing page(s) in a row held only seen stories; paging stops", self.seen_pages_in_a_row
                )
            else:
                yield obj
