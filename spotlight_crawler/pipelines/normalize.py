"""Turn what the page printed into values analysts can sort and join on.

Removes control characters from the record's text fields first (normalize/controls.py:
ESC, BEL, NUL, C1... never reach a file; counted ``spotlight/normalize/control_characters``).
Then fills ``published_at``, ``authors`` (unless extraction judged them from the page's
credits) and ``magazine_issue`` from the raw fields, which stay beside them. A value that
cannot be parsed stays null (the raw text is kept), is logged
and counted; the record is never dropped here.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from spotlight_crawler import site
from spotlight_crawler.items import served_time
from spotlight_crawler.normalize import DateLike, parse_byline, parse_datetime, parse_issue, to_iso
from spotlight_crawler.normalize.controls import without_controls
from spotlight_crawler.normalize.dates import settle_age
from spotlight_crawler.normalize.issues import issue_record, unread_issue
from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)

# The record's text fields, and whether each keeps its line breaks and tabs.
TEXT_FIELDS = {
    "headline": False,
    "section": False,
    "published_at_raw": False,
    "byline_raw": False,
    "summary": True,
    "body": True,
    "image_url": False,  # anybody's text in a page's markup, as the rest
}


class NormalizePipeline:
    def __init__(self, stats: StatsCollector):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizePipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url = adapter.get("url")
        self._remove_controls(adapter, url)
        served = served_time(item)
        raw_date = adapter.get("published_at_raw")
        if raw_date:
            value, settled = settle_age(parse_datetime(raw_date, now=served), raw_date, url)
            if settled:
                self.stats.inc_value(keys.NORMALIZE_AGE_DAY_FROM_PATH)
            adapter["published_at"] = to_iso(self._plausible(value, served))
            self._check(adapter["published_at"], "published_at", raw_date, url)
        raw_byline = adapter.get("byline_raw")
        if raw_byline:
            # Authors the extraction judged from the page's credits stay; else the byline is read.
            adapter["authors"] = adapter.get("authors") or parse_byline(raw_byline)
            self._check(adapter["authors"], "authors", raw_byline, url)
        issue = adapter.get("magazine_issue")
        if issue and issue.get("raw"):
            adapter["magazine_issue"] = self._issue(issue["raw"], url)
        return item

    def _remove_controls(self, adapter: ItemAdapter, url: str | None) -> None:
        changed = []
        for name, multiline in TEXT_FIELDS.items():
            value = adapter.get(name)
            if isinstance(value, str) and (clean := without_controls(value, multiline=multiline)) != value:
                adapter[name] = clean
                changed.append(name)
        issue = adapter.get("magazine_issue") or {}
        raw = issue.get("raw")
        if isinstance(raw, str) and (clean := without_controls(raw, multiline=False)) != raw:
            adapter["magazine_issue"] = {**issue, "raw": clean}
            changed.append("magazine_issue")
        if changed:
            self.stats.inc_value(keys.NORMALIZE_CONTROL_CHARACTERS)
            logger.info("%s: control characters removed from %s", url, ", ".join(changed))

    def _issue(self, raw: str, url: str | None) -> dict[str, Any]:
        parsed = parse_issue(raw)
        self._check(parsed, "magazine_issue", raw, url)
        if not parsed:
            return issue_record(unread_issue(raw))
        if parsed["dates_agree"] is False:
            self.stats.inc_value(keys.NORMALIZE_ISSUE_DATES_DISAGREE)
            logger.warning("%s: issue %r: the printed BS and AD dates do not agree; kept as printed", url, raw)
        return issue_record({**parsed, "raw": raw})  # the text as the page printed it, not the part read

    def _plausible(self, value: DateLike | None, served: datetime | None) -> DateLike | None:
        """``value``, unless no story of the site can carry that date: then None (counted as
        ``implausible`` and, by ``_check``, as ``unparsed``).

        Dates before ``site.EARLIEST_YEAR`` or more than a day after the page was served
        come from a misread page (``50 years ago``, a year typed ``0224``).
        """
        if value is None:
            return None
        day = value.date() if isinstance(value, datetime) else value
        if day.year >= site.EARLIEST_YEAR and (served is None or day - timedelta(days=1) <= served.date()):
            return value
        self.stats.inc_value(keys.NORMALIZE_IMPLAUSIBLE_PUBLISHED_AT)
        return None

    def _check(self, value: Any, field: str, raw: str, url: str | None) -> None:
        if value:
            self.stats.inc_value(keys.normalized(field))
        else:
            self.stats.inc_value(keys.unparsed(field))
            logger.warning("%s: %s not understood: %r (raw text kept)", url, field, raw)


__all__ = ["NormalizePipeline", "settle_age"]
