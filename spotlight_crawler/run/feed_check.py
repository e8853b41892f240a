"""The feed as a check of the records: per story in both, its title, time and author against
``headline``, ``published_at`` and ``authors``, counted as ``spotlight/feed_check/<field>/{agree,
disagree,not_comparable}`` (first disagreement: ``.../example``; stories: ``.../stories``)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Literal

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from spotlight_crawler.extract.feed import FeedEntry
from spotlight_crawler.items import from_listing
from spotlight_crawler.judge.body import line_key
from spotlight_crawler.judge.taught import agrees
from spotlight_crawler.normalize import parse_byline
from spotlight_crawler.run import keys

PREFIX = keys.FEED_CHECK_PREFIX
# Record field -> the raw field whose origin says whether the page printed it.
FIELDS = {"headline": "headline", "published_at": "published_at_raw", "authors": "byline_raw"}
COMPARED = (*FIELDS, "byline_raw")  # the record's fields compare() reads
# Records written before the feed is read wait for it, at most this many: flat memory.
MAX_WAITING = 1000

Verdict = Literal["agree", "disagree", "not_comparable"]
_VERDICTS: dict[bool | None, Verdict] = {True: "agree", False: "disagree", None: "not_comparable"}


def compare_authors(page: list[dict[str, str]] | None, page_raw: str | None, feed: str | None) -> bool | None:
    """Whether every name the feed gives is a name of the record (``authors``, or the byline as
    printed); None when either has none."""
    if not feed or not (page or page_raw):
        return None
    names = {line_key(a.get("name", "")) for a in page or []}
    if page_raw:
        names.add(line_key(re.sub(r"^\s*By\s+", "", page_raw, flags=re.I)))
    wanted = {line_key(a["name"]) for a in parse_byline(feed)} or {line_key(feed)}
    return wanted <= names or line_key(feed) in names


def compare(
    record: dict[str, Any], entry: FeedEntry, borrowed: frozenset[str] = frozenset()
) -> dict[str, tuple[Verdict, str, str]]:
    """Per field: the verdict (:func:`agrees` of judge/taught.py), the page's value and the feed's, as
    text; a field the page lacks or the record took from elsewhere (``borrowed``) is not comparable."""
    headline, published, people, byline = (record.get(name) for name in COMPARED)
    authors = ", ".join(a.get("name", "") for a in people or []) or byline
    feed_published = entry.published.isoformat() if entry.published else entry.published_raw
    moment = datetime.fromisoformat(published) if published and "T" in published else None  # a day is no instant
    checks = {
        "headline": (agrees("headline", headline, entry) if headline else None, headline, entry.title),
        "published_at": (agrees("published_at", moment, entry) if moment else None, published, feed_published),
        "authors": (compare_authors(people, byline, entry.author), authors, entry.author),
    }
    return {
        name: (_VERDICTS[None if FIELDS[name] in borrowed else ok], str(page), str(feed))
        for name, (ok, page, feed) in checks.items()
    }


class FeedCheck:
    """Pairs the feed's entries (``add_entries``) with the records written (``item_scraped``)."""

    def __init__(self, stats: StatsCollector):
        self.stats = stats
        self.entries: dict[str, FeedEntry] | None = None  # None until the feed is read
        self.records: dict[str, tuple[dict[str, Any], frozenset[str]]] = {}  # waiting for the feed

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FeedCheck:
        assert crawler.stats is not None
        if not crawler.settings.getbool("SPOTLIGHT_FEED", True):
            raise NotConfigured  # no feed at all: nothing to check
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        return ext

    def add_entries(self, entries: dict[str, FeedEntry]) -> None:
        """The feed's entries by canonical URL (the first entry of a URL wins); the records
        waiting for the feed are compared, or let go when it does not hold them."""
        self.entries = {**entries, **(self.entries or {})}
        waiting, self.records = self.records, {}
        for url, (record, borrowed) in waiting.items():
            if url in self.entries:
                self._compare(url, record, borrowed)

    def item_scraped(self, item: Any, spider: Any = None) -> None:
        adapter = ItemAdapter(item)  # a valid record: each URL once (the dedup pipeline), and a str
        url, record = adapter["url"], {name: adapter.get(name) for name in COMPARED}
        if self.entries is None:
            if len(self.records) < MAX_WAITING:
                self.records.setdefault(url, (record, from_listing(item)))
        elif url in self.entries:
            self._compare(url, record, from_listing(item))

    def _compare(self, url: str, record: dict[str, Any], borrowed: frozenset[str]) -> None:
        assert self.entries is not None
        self.stats.inc_value(PREFIX + "stories")
        for name, (verdict, page, feed) in compare(record, self.entries[url], borrowed).items():
            self.stats.inc_value(f"{PREFIX}{name}/{verdict}")
            if verdict == "disagree" and not self.stats.get_value(f"{PREFIX}{name}/example"):
                self.stats.set_value(f"{PREFIX}{name}/example", f"{url}: page {page!r} | feed {feed!r}")
