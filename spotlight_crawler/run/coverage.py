"""How many records written carry each field: ``spotlight/coverage/records``, ``.../<field>`` (not
empty) and ``.../from_listing/<field>``. A publication date counts only when the page printed it:
every listing entry prints one, which would hide the loss of the page's own after a redesign."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from spotlight_crawler.items import from_listing
from spotlight_crawler.run import keys

PREFIX = keys.COVERAGE_PREFIX
RECORDS = PREFIX + "records"

# field -> the raw field whose origin decides whether it counts: present on the page only.
PAGE_ONLY = {"published_at": "published_at_raw", "published_at_raw": "published_at_raw"}


def present(value: Any) -> bool:
    """Not None and not empty (an empty string, list or dict is a missing value)."""
    return bool(value.strip()) if isinstance(value, str) else value not in (None, [], {})


class FieldCoverage:
    def __init__(self, stats: StatsCollector):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FieldCoverage:
        assert crawler.stats is not None
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        return ext

    def item_scraped(self, item: Any) -> None:
        borrowed = from_listing(item)
        self.stats.inc_value(RECORDS)
        for name in borrowed:
            self.stats.inc_value(keys.COVERAGE_FROM_LISTING_PREFIX + name)
        for name, value in ItemAdapter(item).items():
            if present(value) and PAGE_ONLY.get(name) not in borrowed:
                self.stats.inc_value(PREFIX + name)
