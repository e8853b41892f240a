"""The site's feed as an independent check of what the page extraction produced.

For every story that is both in the feed and written by this run, the feed's title,
publication time and author are compared with the record's ``headline``, ``published_at``
and ``authors`` (``compare``: pure). ``FeedCheck`` (extension) pairs feed entries and
written records in whichever order they arrive and counts, per field:

- ``spotlight/feed_check/<field>/agree`` and ``.../disagree``;
- ``.../not_comparable``: one side lacks the value (or the page printed only a day), or the
  record took the field from its listing entry or the feed itself (nothing to check);
- ``.../example``: the first disagreement, as ``<url>: page <value> | feed <value>``;
- ``spotlight/feed_check/stories``: stories compared.

``monitors.FeedAgreementMonitor`` fails the run when a field agrees too rarely.

Records written before the feed is read wait for it, at most ``MAX_WAITING`` of them (the feed
holds the newest few dozen stories, and a listing walk writes those first): a run whose feed
never comes (not fetched by its spider, failed, or unreadable) keeps no more than that.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, Literal

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from spotlight_crawler.extract.feed import FeedEntry
from spotlight_crawler.items import from_listing
from spotlight_crawler.normalize import headline_key, parse_byline
from spotlight_crawler.run import keys

PREFIX = keys.FEED_CHECK_PREFIX
STORIES = PREFIX + "stories"
# Record field -> the raw field whose origin says whether the page printed it.
FIELDS = {"headline": "headline", "published_at": "published_at_raw", "authors": "byline_raw"}

# Records kept until the feed is read, at most: a crawl's memory must not grow with its records.
MAX_WAITING = 1000

# The record's fields compare() reads.
COMPARED = ("headline", "published_at", "authors", "byline_raw")

Verdict = Literal["agree", "disagree", "not_comparable"]


def _name_key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def compare_headline(page: str | None, feed: str | None) -> Verdict:
    """Equal headline keys (case, quotes, dashes and spacing do not count)."""
    if not page or not feed:
        return "not_comparable"
    return "agree" if headline_key(page) == headline_key(feed) else "disagree"


def compare_published(page: str | None, feed: datetime | None) -> Verdict:
    """The same instant to the minute; a page that printed only a day is not comparable."""
    if not page or feed is None or "T" not in page:
        return "not_comparable"
    try:
        moment = datetime.fromisoformat(page)
    except ValueError:
        return "not_comparable"
    if moment.tzinfo is None:
        return "not_comparable"
    return "agree" if _minute(moment) == _minute(feed) else "disagree"


def _minute(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(second=0, microsecond=0)


def compare_authors(page: list[dict[str, str]] | None, page_raw: str | None, feed: str | None) -> Verdict:
    """Every name the feed gives is a name of the record (``authors``, or the byline as printed)."""
    if not feed or not (page or page_raw):
        return "not_comparable"
    names = {_name_key(a.get("name", "")) for a in page or []}
    if page_raw:
        names.add(_name_key(re.sub(r"^\s*By\s+", "", page_raw, flags=re.I)))
    wanted = {_name_key(a["name"]) for a in parse_byline(feed)} or {_name_key(feed)}
    return "agree" if wanted <= names or _name_key(feed) in names else "disagree"


def compare(
    record: dict[str, Any], entry: FeedEntry, borrowed: frozenset[str] = frozenset()
) -> dict[str, tuple[Verdict, str, str]]:
    """Per field: the verdict, the page's value and the feed's (as text, for the report)."""
    out: dict[str, tuple[Verdict, str, str]] = {}
    checks: dict[str, tuple[Verdict, Any, Any]] = {
        "headline": (compare_headline(record.get("headline"), entry.title), record.get("headline"), entry.title),
        "published_at": (
            compare_published(record.get("published_at"), entry.published),
            record.get("published_at"),
            entry.published.isoformat() if entry.published else entry.published_raw,
        ),
        "authors": (
            compare_authors(record.get("authors"), record.get("byline_raw"), entry.author),
            ", ".join(a.get("name", "") for a in record.get("authors") or []) or record.get("byline_raw"),
            entry.author,
        ),
    }
    for name, (verdict, page, feed) in checks.items():
        if FIELDS[name] in borrowed:
            verdict = "not_comparable"  # the record took it from elsewhere: nothing of the page to check
        out[name] = (verdict, str(page), str(feed))
    return out


class FeedCheck:
    """Pairs the feed's entries (``add_entries``) with the records written (``item_scraped``)."""

    def __init__(self, stats: StatsCollector):
        self.stats = stats
        self.entries: dict[str, FeedEntry] = {}
        self.records: dict[str, tuple[dict[str, Any], frozenset[str]]] = {}
        self.compared: set[str] = set()
        self.feed_read = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FeedCheck:
        assert crawler.stats is not None
        if not crawler.settings.getbool("SPOTLIGHT_FEED", True):
            raise NotConfigured  # no feed at all: nothing to check
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        return ext

    def add_entries(self, entries: dict[str, FeedEntry]) -> None:
        """The feed's entries by canonical URL (the first entry of a URL wins).

        A run reads the feed once: records written before it that it does not hold can
        never be paired, and are let go; later records are kept only when it holds them.
        """
        for url, entry in entries.items():
            self.entries.setdefault(url, entry)
            self._pair(url)
        self.feed_read = True
        self.records = {url: record for url, record in self.records.items() if url in self.entries}

    def item_scraped(self, item: Any, spider: Spider) -> None:
        adapter = ItemAdapter(item)
        url = adapter.get("url")
        if not isinstance(url, str) or url in self.compared or (self.feed_read and url not in self.entries):
            return
        if not self.feed_read and url not in self.records and len(self.records) >= MAX_WAITING:
            return  # too many waiting for a feed that may never come
        # Only what compare() reads: a run keeps no body or other field of its records here.
        self.records.setdefault(url, ({name: adapter.get(name) for name in COMPARED}, from_listing(item)))
        self._pair(url)

    def _pair(self, url: str) -> None:
        if url in self.compared or url not in self.entries or url not in self.records:
            return
        self.compared.add(url)
        record, borrowed = self.records.pop(url)
        self.stats.inc_value(STORIES)
        for name, (verdict, page, feed) in compare(record, self.entries[url], borrowed).items():
            self.stats.inc_value(f"{PREFIX}{name}/{verdict}")
            if verdict == "disagree" and not self.stats.get_value(f"{PREFIX}{name}/example"):
                self.stats.set_value(f"{PREFIX}{name}/example", f"{url}: page {page!r} | feed {feed!r}")
