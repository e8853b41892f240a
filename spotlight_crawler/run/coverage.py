"""How many of the records written carry each field, for the run monitors.

Counted at ``item_scraped``, so only records that passed every pipeline (deduplication,
validation) and went to the output count:

- ``spotlight/coverage/records``: records written;
- ``spotlight/coverage/<field>``: records whose ``<field>`` is not empty;
- ``spotlight/coverage/from_listing/<field>``: records that took ``<field>`` from the
  listing entry because their page lacked it.

The publication date counts only when the page printed it. Every listing entry prints a
date (``By X Oct 22, 2024``), so counting the listing's would hide the loss of the page's
own date-time after a redesign. A byline from the listing counts: pages that close with a
sign-off legitimately lack one, and the listing's byline is the same text.
"""

from __future__ import annotations

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

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FieldCoverage:
        assert crawler.stats is not None
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        return ext

    def item_scraped(self, item: Any, response: Response, spider: Spider) -> None:
        borrowed = from_listing(item)
        self.stats.inc_value(RECORDS)
        for name in borrowed:
            self.stats.inc_value(f"{PREFIX}from_listing/{name}")
        for name, value in ItemAdapter(item).items():
            if present(value) and PAGE_ONLY.get(name) not in borrowed:
                self.stats.inc_value(PREFIX + name)
