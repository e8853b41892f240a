"""Scheduled runs emit only what is new, and cost only what is new.

- ``IncrementalState`` (extension) opens the seen-store (``SPOTLIGHT_STATE``), registers the
  run and its output files, and marks a story seen right after its line has been written
  and flushed to the output (``item_scraped`` fires after the feed exporter's handler and
  ``outputs.OutputGuard``'s flush); a line the output did not accept marks nothing.
- ``IncrementalMiddleware`` (spider middleware) drops requests for article pages already
  seen and stops paging after ``SPOTLIGHT_STOP_AFTER_SEEN_PAGES`` listing pages in a row
  that held only seen stories, provided the spider's previous run walked its whole
  listing (a killed, narrowed or first run leaves older pages unvisited).

Which runs use the state (``SPOTLIGHT_STATE``): ``auto`` (the default) means Scrapyd jobs
(``-a _job=<id>``) and ``bin/spotlight-scheduled`` (it passes ``default``); an ad-hoc
``scrapy crawl`` runs without it unless asked. Never with ``-a fresh=1`` or in replay. A
stateful run refuses a feed that overwrites its file (``-O``): the stories that file held
are marked seen and would be in no file at all.

The extension also holds the state file's lock for the whole run (a second run on it exits
75), remembers pages that could not be read, for later runs to retry, and keeps the site's
feed URL and validators for the next run's conditional request (``spiders/feed.py``).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

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
from spotlight_crawler.incremental.lock import StateBusy, StateLock
from spotlight_crawler.incremental.store import Failure, FeedValidators, SeenStore
from spotlight_crawler.outputs import OutputGuard
from spotlight_crawler.run import keys, verdict
from spotlight_crawler.urls import article_path, canonical_url

logger = logging.getLogger(__name__)

_TRUE = {"1", "true", "yes", "on"}
REFUSED_KEY = keys.STATE_REFUSED


class StateRefused(Exception):
    """The run must not start on this state; ``status`` is its exit status."""

    def __init__(self, message: str, status: int = verdict.CANNOT_START):
        super().__init__(message)
        self.status = status


def state_path(crawler: Crawler) -> Path | None:
    """The seen-store file for this crawl, or None when the state is not to be used."""
    settings = crawler.settings
    if crawler.spider is None:  # scrapy shell, scrapy fetch: no spider run, nothing to remember
        return None
    if str(getattr(crawler.spider, "fresh", "") or "").lower() in _TRUE or settings.get("SPOTLIGHT_REPLAY"):
        return None
    configured = settings.get("SPOTLIGHT_STATE", "auto")
    if configured in ("", None):
        return None
    if configured == "auto":
        # Scrapyd passes -a _job=<id> to each job it runs (older versions set SCRAPY_JOB);
        # ad-hoc runs go without the state.
        scheduled = getattr(crawler.spider, "_job", None) or os.environ.get("SCRAPY_JOB")
        configured = "default" if scheduled else ""
        if not configured:
            return None
    if configured == "default":
        return data_dir(settings) / "state.sqlite3"
    return Path(configured).expanduser().resolve()


def overwritten_feeds(crawler: Crawler) -> list[str]:
    """Feed URIs this run would truncate (``-O``, ``overwrite: true``)."""
    feeds = crawler.settings.getdict("FEEDS")
    return [str(uri) for uri, options in feeds.items() if isinstance(options, dict) and options.get("overwrite")]


class IncrementalState:
    def __init__(self, crawler: Crawler, store: SeenStore, lock: StateLock | None = None):
        self.crawler = crawler
        self.store = store
        self.lock = lock
        self.canonical_base = crawler.settings.get("SPOTLIGHT_CANONICAL_URL")
        self.max_attempts = max(1, crawler.settings.getint("SPOTLIGHT_MAX_ATTEMPTS", 5))
        self.spider_name = crawler.spider.name if crawler.spider else ""
        self.recovered = store.reconcile()  # before the feed exporter truncates any file
        self.may_stop_early = store.last_run_complete(self.spider_name)
        # Failures of earlier runs, by URL, to be asked for again; and what failed in this one.
        self.pending: dict[str, Failure] = {f.url: f for f in store.pending_failures(self.spider_name)}
        self.failed_now: dict[str, Failure] = {}
        # Given up after SPOTLIGHT_MAX_ATTEMPTS runs: not asked for again (-a fresh=1 does).
        self.given_up = {f.url for f in store.given_up(self.spider_name) if f.page_kind == "article"}
        self.write_failed = False
        # Reposts' URLs met before the story they repost was remembered as written, by that story.
        self.aliases_waiting: dict[str, list[str]] = {}
        # The feed as the last finished run read it; what this run read is kept when it finishes.
        self.feed: FeedValidators | None = store.feed(self.spider_name)
        self.feed_now: FeedValidators | None = None
        # Registered before the feed exporter opens any file: a run that dies is reconciled.
        self.run_id: int | None = store.begin_run(self.spider_name)
        if self.recovered:
            logger.info("Recovered %d stories from the output of an unfinished run", self.recovered)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalState:
        path = state_path(crawler)
        if path is None:
            raise NotConfigured  # silently: fresh, replay, or SPOTLIGHT_STATE empty
        ext = cls.open(crawler, path)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        assert crawler.stats is not None
        crawler.stats.set_value(keys.STATE_FILE, str(path))
        crawler.stats.set_value(keys.STATE_KNOWN_BEFORE, len(ext.store))
        crawler.stats.set_value(keys.STATE_RECOVERED, ext.recovered)
        crawler.stats.set_value(keys.FAILURES_PENDING_BEFORE, len(ext.pending))
        if not ext.may_stop_early:
            logger.info(
                "The last %s run did not walk its whole listing: paging goes past known stories", ext.spider_name
            )
        return ext

    @classmethod
    def open(cls, crawler: Crawler, path: Path) -> IncrementalState:
        """The state at ``path``, locked for this run; ``StateRefused`` (logged) when it may not be used."""
        try:
            try:
                check_state_file(path)
            except BrokenFile as broken:
                raise StateRefused(f"Cannot start: {broken}") from None
            if overwrite := overwritten_feeds(crawler):
                raise StateRefused(
                    f"Refused: this run uses the state {path} and would overwrite {', '.join(overwrite)} (-O); the "
                    "stories that file holds would then be in no file. Use -o (append) or a new file, or -a fresh=1."
                )
            try:
                lock = StateLock(path)
            except StateBusy as busy:
                raise StateRefused(
                    f"Not started: {busy}; one run at a time per state file", verdict.STATE_BUSY
                ) from None
            except OSError as exc:
                raise StateRefused(f"Not started: the state file {path} cannot be locked: {exc}") from None
            try:
                return cls(crawler, SeenStore(path), lock)
            except (sqlite3.Error, OSError) as exc:
                lock.release()
                raise StateRefused(
                    f"Not started: the state file {path} could not be opened or written: {exc}"
                ) from None
        except StateRefused as refused:
            logger.error("%s", refused)
            assert crawler.stats is not None
            crawler.stats.set_value(REFUSED_KEY, refused.status)
            raise

    def spider_opened(self, spider: Spider) -> None:
        assert self.run_id is not None
        self._write(self.store.set_outputs, self.run_id, [str(p) for p in self._output_files()])

    def item_scraped(self, item: Any, spider: Spider) -> None:
        if self.write_failed:
            return  # the run is stopping; the next one reconciles from the output files
        guard = self.crawler.get_extension(OutputGuard)
        if guard is None:  # switched off: push the line to the OS here before claiming the story
            compat.flush_feed_files(self._exporter())
        elif not guard.written:
            return  # the line did not reach the output (the guard flushed it): not seen
        adapter = ItemAdapter(item)
        # With its body's fingerprint: a later repost is recognised by its text, not its title.
        self._write(self.store.add, adapter["url"], adapter.get("headline"), self.run_id, adapter.get("body"))
        for alias in self.aliases_waiting.pop(adapter["url"], []):
            self._write(self.store.add, alias, None, self.run_id)

    def add_alias(self, url: str, first: str | None = None) -> None:
        """A repost's URL is another name for a story already emitted: later runs skip its page.

        Only once ``first``, the story it reposts, is remembered as written: while its line is
        on its way the alias waits for it (``item_scraped``), and if the line never reaches the
        output a later run reads the repost's page again and drops it again. Written through
        the same guard as every other state write (a full disk stops the run)."""
        if first is not None and not self.store.has_url(first):
            self.aliases_waiting.setdefault(first, []).append(url)
            return
        self._write(self.store.add, url, None, self.run_id)

    def forget(self, url: str) -> bool:
        """Forget ``url``, remembered in this run as a story or a repost's URL: its text turned out
        to be served under many URLs (the site failing); True when it was known."""
        return bool(self._write(self.store.forget, canonical_url(url, self.canonical_base)))

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats
        assert stats is not None
        if not self.write_failed and self.run_id is not None:
            listing_lost = any(f.page_kind == "listing" for f in self.failed_now.values())
            complete = reason == "finished" and not getattr(spider, "narrowed", False) and not listing_lost
            # A run whose state write failed stays unfinished: the next one reconciles from its output.
            if complete and self.feed_now is not None:
                self._write(self.store.set_feed, self.spider_name, self.feed_now)
            self._write(self.store.finish_run, self.run_id, complete)
        stats.set_value(keys.FAILURES_PENDING_AFTER, len(self.pending) + len(self.failed_now))
        if carried := [f for f in self.failed_now.values() if not f.given_up]:
            logger.warning(
                "%d pages could not be read and are kept for the next run: %s",
                len(carried),
                ", ".join(f"{f.url} ({f.reason}, attempt {f.attempts} of {self.max_attempts})" for f in carried[:20]),
            )
        self.store.close()
        if self.lock is not None:
            self.lock.release()

    def feed_read(self, feed: FeedValidators) -> None:
        """The feed was read: its validators are kept for the next run if this one finishes whole."""
        self.feed_now = feed

    # -- pages that could not be read ---------------------------------------------

    def retries(self, narrowed: bool) -> list[Failure]:
        """Earlier failures to ask for again (none in a narrowed run: they wait for a full one)."""
        if narrowed:
            return []
        stats = self.crawler.stats
        assert stats is not None
        for failure in self.pending.values():
            stats.inc_value(keys.failures_retried(failure.reason))
        return list(self.pending.values())

    def page_failed(
        self, url: str, page_kind: str, reason: str, listing_url: str | None = None, page: int | None = None
    ) -> None:
        """Remember a page that could not be read; give it up after ``SPOTLIGHT_MAX_ATTEMPTS`` runs."""
        stats = self.crawler.stats
        assert stats is not None
        key = self._key(url, page_kind)
        if key in self.failed_now:
            return  # one attempt per run, however many requests asked for it
        failure = self._write(
            self.store.record_failure, self.spider_name, key, page_kind, reason, self.max_attempts, listing_url, page
        )
        if failure is None:
            return
        self.pending.pop(key, None)
        self.failed_now[key] = failure
        if failure.given_up:
            stats.inc_value(keys.FAILURES_GIVEN_UP)
            stats.inc_value(keys.failures_given_up(reason))
            logger.warning(
                "Gave up on %s page %s after %d attempts in as many runs (last: %s)",
                page_kind,
                key,
                failure.attempts,
                reason,
            )
        else:
            stats.inc_value(keys.FAILURES_CARRIED)
            stats.inc_value(keys.failures_carried(reason))

    def page_read(self, url: str, page_kind: str) -> None:
        """``url`` was read whole: an earlier failure of it is recovered."""
        key = self._key(url, page_kind)
        if key in self.pending and key not in self.failed_now:
            failure = self.pending.pop(key)
            if self._write(self.store.resolve, self.spider_name, key) is not None:
                assert self.crawler.stats is not None
                self.crawler.stats.inc_value(keys.FAILURES_RECOVERED)
                logger.info(
                    "Recovered %s page %s (failed %d time(s) before: %s)",
                    page_kind,
                    key,
                    failure.attempts,
                    failure.reason,
                )

    def _key(self, url: str, page_kind: str) -> str:
        return canonical_url(url, self.canonical_base) if page_kind == "article" else url

    def _write(self, write: Any, *args: Any) -> Any:
        """Run a state write; a failure (disk full, read-only) stops the run loudly, once."""
        if self.write_failed:
            return None
        try:
            result = write(*args)
        except sqlite3.Error as exc:
            self.write_failed = True
            assert self.crawler.stats is not None
            self.crawler.stats.set_value(keys.STATE_WRITE_FAILED, str(exc))
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

    def _exporter(self) -> FeedExporter | None:
        return self.crawler.get_extension(FeedExporter)

    def _output_files(self) -> list[Path]:
        files = []
        for uri, *_ in compat.feed_outputs(self._exporter()):
            parts = urlsplit(uri)
            if parts.scheme in ("", "file"):
                files.append(Path(unquote(parts.path)).resolve())
        return files


class IncrementalMiddleware:
    """Skips seen article pages; stops paging once listing pages hold nothing new.

    Only in runs with the seen-store: without it there is nothing to skip, and every page's
    output would pass through one more async generator for nothing.
    """

    def __init__(self, crawler: Crawler, state: IncrementalState):
        self.crawler = crawler
        self.state = state
        self.stop_after = crawler.settings.getint("SPOTLIGHT_STOP_AFTER_SEEN_PAGES", 1)
        self.seen_pages_in_a_row = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        # Extensions are built before the engine and its middlewares.
        state = crawler.get_extension(IncrementalState)
        if state is None:
            raise NotConfigured
        return cls(crawler, state)

    async def process_spider_output(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        state = self.state
        if "page" not in response.request.cb_kwargs:  # type: ignore[union-attr]  # a response given to a spider middleware has its request
            async for obj in result:
                yield obj
            return
        held = []
        async for obj in result:
            held.append(obj)
        page = response.request.cb_kwargs["page"]  # type: ignore[union-attr]  # a response given to a spider middleware has its request
        if any(isinstance(o, Request) and o.cb_kwargs.get("page") == page for o in held):
            # The page asked for itself again (through the browser): it has told nothing yet.
            for obj in held:
                yield obj
            return
        for obj in self._filter(held, state):
            yield obj

    def _filter(self, outputs: list[Any], state: IncrementalState) -> Iterable[Any]:
        stats = self.crawler.stats
        assert stats is not None
        articles = [o for o in outputs if isinstance(o, Request) and article_path(o.url)]
        unseen = [o for o in articles if not state.seen_url(o.url)]
        fresh = {id(o) for o in unseen if not state.given_up_url(o.url)}
        stats.inc_value(keys.INCREMENTAL_SKIPPED_SEEN, len(articles) - len(unseen))
        if given_up := len(unseen) - len(fresh):
            stats.inc_value(keys.INCREMENTAL_SKIPPED_GIVEN_UP, given_up)
        self.seen_pages_in_a_row = 0 if fresh else self.seen_pages_in_a_row + 1
        stop = state.may_stop_early and self.seen_pages_in_a_row >= self.stop_after
        for obj in outputs:
            if isinstance(obj, Request) and article_path(obj.url):
                if id(obj) in fresh:
                    yield obj
            elif isinstance(obj, Request) and "page" in obj.cb_kwargs and stop:
                stats.set_value(keys.INCREMENTAL_STOPPED_PAGING, True)
                logger.info(
                    "%d listing page(s) in a row held only seen stories; paging stops", self.seen_pages_in_a_row
                )
            else:
                yield obj
