"""What start-up built is set aside from the garbage collector for the crawl.

A crawl opens with some 90,000 long-lived objects (modules, settings, the site's tables,
Scrapy's components). Each of Python's full collections during the crawl would scan them all
again, for nothing: ``gc.freeze()`` moves them to a permanent generation once the engine has
started (after a collection, so that start-up's garbage is freed, not kept), and
``gc.unfreeze()`` gives them back when it stops, so a process that runs several crawls keeps
nothing frozen from the one before. BENCHMARKS.md (section 2) has what it saves.
"""

from __future__ import annotations

import gc

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from spotlight_crawler.run import keys


class FrozenStartupHeap:
    def __init__(self, stats: StatsCollector):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrozenStartupHeap:
        assert crawler.stats is not None
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.engine_started, signal=signals.engine_started)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def engine_started(self) -> None:
        gc.collect()
        gc.freeze()
        self.stats.set_value(keys.HEAP_FROZEN_OBJECTS, gc.get_freeze_count())

    def engine_stopped(self) -> None:
        gc.unfreeze()
