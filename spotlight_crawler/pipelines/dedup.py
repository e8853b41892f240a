"""Each story once (rules: identity/rules.py), in this run and against earlier runs (the state): a
known canonical URL, or a repost (same headline key, body similarity >= SPOTLIGHT_REPOST_SIMILARITY).
Drops are logged at INFO with their evidence and counted; a replay applies the recorded decisions."""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from spotlight_crawler.identity.fingerprint import DEFAULT_THRESHOLD, body_fingerprint
from spotlight_crawler.identity.rules import StoryIndex, Verdict, judge
from spotlight_crawler.incremental.extension import IncrementalState
from spotlight_crawler.incremental.store import SeenStore
from spotlight_crawler.normalize import headline_key
from spotlight_crawler.replay import RecordedReposts
from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)


class DedupPipeline:
    def __init__(self, crawler: Crawler):
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats = crawler.stats
        self.threshold = crawler.settings.getfloat("SPOTLIGHT_REPOST_SIMILARITY", DEFAULT_THRESHOLD)
        if not 0 < self.threshold <= 1:
            raise ValueError(f"SPOTLIGHT_REPOST_SIMILARITY must be in (0, 1], got {self.threshold!r}")
        self.seen = StoryIndex()  # emitted in this run
        self.recorded = RecordedReposts.from_settings(crawler.settings)  # None unless recording or replaying

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        return cls(crawler)

    def close_spider(self) -> None:
        self.seen.close()
        if self.recorded is not None:
            self.recorded.save()

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url, headline = adapter.get("url"), adapter.get("headline")
        state = self.crawler.get_extension(IncrementalState)
        met: list[tuple[str, StoryIndex | SeenStore]] = [("in_this_run", self.seen)]
        if state is not None:
            met.append(("in_an_earlier_run", state.store))
        if url and (when := next((where for where, index in met if index.has_url(url)), None)):
            self.stats.inc_value(keys.dedup(f"dropped/url_{when}"))
            logger.info(
                "Duplicate dropped (same URL as a story emitted %s): %r at %s", when.replace("_", " "), headline, url
            )
            raise DropItem(f"duplicate url ({when}): {url}", log_level="DEBUG")
        if self.recorded is not None and (decided := self.recorded.recorded(url)):
            self._drop_repost(url, headline, Verdict("repost", *decided), state)
        key = headline_key(headline)
        fingerprint = body_fingerprint(adapter.get("body")) if key else None
        if key:
            sources = [(where, index.same_headline(key)) for where, index in met]
            verdict = judge(url, fingerprint, sources, self.threshold)
            if verdict.outcome == "repost":
                self._drop_repost(url, headline, verdict, state)
            elif verdict.outcome != "new":
                self.stats.inc_value(keys.dedup(verdict.outcome.replace("kept_", "kept_same_headline_")))
                logger.debug("Kept %r at %s: its title is known, its text is not (%s)", headline, url, verdict.outcome)
        self.seen.add(url, key, fingerprint)
        return item

    def _drop_repost(self, url: str | None, headline: object, verdict: Verdict, state: IncrementalState | None) -> None:
        when = verdict.where
        self.stats.inc_value(keys.dedup(f"dropped/repost_{when}"))
        logger.info(
            "Duplicate dropped (repost of a story emitted %s: same headline key, body similarity %.2f >= %.2f):"
            " %r at %s; first at %s",
            when.replace("_", " "),
            verdict.score,
            self.threshold,
            headline,
            url,
            verdict.first,
        )
        if state is not None and url:
            state.add_alias(url, verdict.first)  # another name of a story emitted: later runs skip its page
        if self.recorded is not None:
            self.recorded.note(url, when, verdict.first, verdict.score)
        raise DropItem(f"repost ({when}, similarity {verdict.score:.2f}): {url} of {verdict.first}", log_level="DEBUG")
