"""Scheduled runs emit only what is new, and cost only what is new.

- ``IncrementalState`` (extension) opens the seen-store (``SPOTLIGHT_STATE``), registers the
  run and its output files, and marks a story seen right after its line has been written
  and flushed to the output (``item_scraped`` fires after the feed exporter's handler).
- ``IncrementalMiddleware`` (spider middleware) drops requests for article pages already
  seen and stops paging after ``SPOTLIGHT_STOP_AFTER_SEEN_PAGES`` listing pages in a row
  that held only seen stories, provided the spider's previous run walked its whole
  listing (a killed, narrowed or first run leaves older pages unvisited).

The state is not used with ``-a fresh=1``, an empty ``SPOTLIGHT_STATE``, or in replay.
"""

from __future__ import annotations

import logging
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

from spotlight_crawler.addon import data_dir
from spotlight_crawler.state import SeenStore
from spotlight_crawler.urls import article_path, canonical_url

logger = logging.getLogger(__name__)

_TRUE = {"1", "true", "yes", "on"}


def state_path(crawler: Crawler) -> Path | None:
    """The seen-store file for this crawl, or None when the state is not to be used."""
    settings = crawler.settings
    if crawler.spider is None:  # scrapy shell, scrapy fetch: no spider run, nothing to remember
        return None
    if str(getattr(crawler.spider, "fresh", "") or "").lower() in _TRUE or settings.get("SPOTLIGHT_REPLAY"):
        return None
    configured = settings.get("SPOTLIGHT_STATE", "default")
    if configured in ("", None):
        return None
    if configured == "default":
        return data_dir(settings) / "state.sqlite3"
    return Path(configured).expanduser().resolve()


class IncrementalState:
    def __init__(self, crawler: Crawler, store: SeenStore):
        self.crawler = crawler
        self.store = store
        self.canonical_base = crawler.settings.get("SPOTLIGHT_CANONICAL_URL")
        self.run_id: int | None = None
        self.recovered = store.reconcile()  # before the feed exporter truncates any file
        spider_name = crawler.spider.name if crawler.spider else ""
        self.may_stop_early = store.last_run_complete(spider_name)
        if self.recovered:
            logger.info("Recovered %d stories from the output of an unfinished run", self.recovered)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalState:
        path = state_path(crawler)
        if path is None:
            raise NotConfigured  # silently: fresh, replay, or SPOTLIGHT_STATE empty
        ext = cls(crawler, SeenStore(path))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        assert crawler.stats is not None
        crawler.stats.set_value("spotlight/state/file", str(path))
        crawler.stats.set_value("spotlight/state/known_before", len(ext.store))
        crawler.stats.set_value("spotlight/state/recovered", ext.recovered)
        if not ext.may_stop_early:
            logger.info("The last %s run did not walk its whole listing: paging goes past known stories", crawler.spider.name)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        self.run_id = self.store.begin_run(spider.name)
        self.store.set_outputs(self.run_id, [str(p) for p in self._output_files()])

    def item_scraped(self, item: Any, spider: Spider) -> None:
        # The feed exporter has written the line; push it to the OS before claiming the story.
        for slot in self._slots():
            if slot.file is not None and not slot.file.closed:
                slot.file.flush()
        adapter = ItemAdapter(item)
        self.store.add(adapter["url"], adapter.get("headline"), self.run_id)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.run_id is not None:
            complete = reason == "finished" and not getattr(spider, "narrowed", False)
            self.store.finish_run(self.run_id, complete)
        self.store.close()

    def seen_url(self, url: str) -> bool:
        return self.store.has_url(canonical_url(url, self.canonical_base))

    def _slots(self) -> list[Any]:
        exporter = self.crawler.get_extension(FeedExporter)
        return list(getattr(exporter, "slots", []) or [])

    def _output_files(self) -> list[Path]:
        files = []
        for slot in self._slots():
            parts = urlsplit(slot.uri)
            if parts.scheme in ("", "file"):
                files.append(Path(unquote(parts.path)).resolve())
        return files


class IncrementalMiddleware:
    """Skips seen article pages; stops paging once listing pages hold nothing new."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stop_after = crawler.settings.getint("SPOTLIGHT_STOP_AFTER_SEEN_PAGES", 1)
        self.seen_pages_in_a_row = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        return cls(crawler)

    @property
    def state(self) -> IncrementalState | None:
        return self.crawler.get_extension(IncrementalState)

    async def process_spider_output(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        state = self.state
        if state is None or "page" not in response.request.cb_kwargs:  # type: ignore[union-attr]
            async for obj in result:
                yield obj
            return
        held = []
        async for obj in result:
            held.append(obj)
        page = response.request.cb_kwargs["page"]  # type: ignore[union-attr]
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
        fresh = {id(o) for o in articles if not state.seen_url(o.url)}
        stats.inc_value("spotlight/incremental/skipped_seen", len(articles) - len(fresh))
        self.seen_pages_in_a_row = 0 if fresh else self.seen_pages_in_a_row + 1
        stop = state.may_stop_early and self.seen_pages_in_a_row >= self.stop_after
        for obj in outputs:
            if isinstance(obj, Request) and article_path(obj.url):
                if id(obj) in fresh:
                    yield obj
            elif isinstance(obj, Request) and "page" in obj.cb_kwargs and stop:
                stats.set_value("spotlight/incremental/stopped_paging", True)
                logger.info("%d listing page(s) in a row held only seen stories; paging stops", self.seen_pages_in_a_row)
            else:
                yield obj
