"""How many of the records written carry each field, for the run monitors.

Counted at ``item_scraped``, so only records that passed every pipeline (deduplication,
validation) and went to the output count:

- ``spotlight/coverage/records``: records written;
- ``spotlight/coverage/<field>``: records whose ``<field>`` is not empty;
- ``spotlight/coverage/from_listing/<field>``: records that took ``<field>`` from the
  listing entry because their page lacked it.

Records are tallied by their shape (which fields they carry, which they borrowed) and the
tally is written to the stats at ``spider_closed``, before the monitors read it: most records
of a run share a few shapes, and a dozen stats updates per record were a measurable part of
the crawl's time.

The publication date counts only when the page printed it. Every listing entry prints a
date (``By X Oct 22, 2024``), so counting the listing's would hide the loss of the page's
own date-time after a redesign. A byline from the listing counts: pages that close with a
sign-off legitimately lack one, and the listing's byline is the same text.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from spotlight_crawler.items import from_listing
from spotlight_crawler.run import keys

PREFIX = keys.COVERAGE_PREFIX
RECORDS = PREFIX + "records"

# field -> the raw field whose origin decides whether it counts: present on the page only.
PAGE_ONLY = {"published_at": "published_at_raw", "published_at_raw": "published_at_raw"}


def present(value: Any) -> bool:
    """Not None and not empty (an empty string, list or dict is a missing value)."""
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None and value != [] and value != {}


class FieldCoverage:
    def __init__(self, stats: StatsCollector):
        self.stats = stats
        # (fields counted, fields borrowed from the listing) -> records of that shape
        self._shapes: Counter[tuple[tuple[str, ...], frozenset[str]]] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FieldCoverage:
        assert crawler.stats is not None
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        # Connected before Spidermon's handler (an extension of a later order): the monitors
        # read the counts this writes.
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def item_scraped(self, item: Any, response: Response, spider: Spider) -> None:
        borrowed = from_listing(item)
        counted = tuple(
            name for name, value in ItemAdapter(item).items() if present(value) and PAGE_ONLY.get(name) not in borrowed
        )
        self._shapes[counted, borrowed] += 1

    def spider_closed(self, spider: Spider) -> None:
        inc = self.stats.inc_value
        for (counted, borrowed), n in self._shapes.items():
            inc(RECORDS, n)
            for name in borrowed:
                inc(f"{PREFIX}from_listing/{name}", n)
            for name in counted:
                inc(PREFIX + name, n)
        self._shapes.clear()
