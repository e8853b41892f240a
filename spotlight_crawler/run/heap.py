"""The garbage collector during a crawl: start-up's objects set aside, young objects scanned less often.

A crawl opens with some 90,000 long-lived objects (modules, settings, the site's tables,
Scrapy's components). Each of Python's full collections during the crawl would scan them all
again, for nothing: ``gc.freeze()`` moves them to a permanent generation once the engine has
started. Without a collection first: start-up leaves a few dozen unreachable objects (52 in
a replay), kept frozen until the engine stops, which is not worth a full scan of 90,000
objects (some 70 ms) at the start of every crawl. And nearly every
object of a page (its blocks, strings, requests) is freed by reference counting, not by the
collector, yet the youngest generation was scanned every 700 allocations, some 200 times in a
2,000-page crawl; every 5,000 it is scanned a few times, with the same peak memory.
Both are undone when the engine stops, so a process that runs several crawls keeps nothing
frozen from the one before. BENCHMARKS.md (section 2) has what it saves.
"""

from __future__ import annotations

import gc

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from spotlight_crawler.run import keys

# Allocations (less deallocations) of tracked objects between two scans of the youngest generation.
YOUNG_THRESHOLD = 5000


class CrawlHeap:
    def __init__(self, stats: StatsCollector):
        self.stats = stats
        self._thresholds: tuple[int, int, int] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlHeap:
        assert crawler.stats is not None
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.engine_started, signal=signals.engine_started)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def engine_started(self) -> None:
        gc.freeze()
        self.stats.set_value(keys.HEAP_FROZEN_OBJECTS, gc.get_freeze_count())
        self._thresholds = gc.get_threshold()
        young, *older = self._thresholds
        gc.set_threshold(max(young, YOUNG_THRESHOLD), *older)

    def engine_stopped(self) -> None:
        gc.unfreeze()
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
