"""Each story once (rules: identity/rules.py), in this run or against earlier runs' (the state).

- ``url``: the canonical URL was already emitted;
- ``repost``: another URL with an equal headline key *and* the same text (fingerprint similarity
  at least ``SPOTLIGHT_REPOST_SIMILARITY``); a record without a body is dropped by URL only.

Each drop is logged at INFO with its evidence and counted by rule; distinct stories kept under
a known title are counted too. A replay applies the recorded run's decisions (``replay.RecordedReposts``).
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from spotlight_crawler.identity.fingerprint import body_fingerprint
from spotlight_crawler.identity.rules import StoryIndex, Verdict, judge
from spotlight_crawler.incremental.extension import IncrementalState
from spotlight_crawler.normalize import headline_key
from spotlight_crawler.replay import RecordedReposts
from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)


class DedupPipeline:
    def __init__(self, crawler: Crawler, threshold: float):
        self.crawler = crawler
        self.stats = crawler.stats
        self.threshold = threshold
        self.seen = StoryIndex()  # emitted in this run
        self.recorded = RecordedReposts.from_settings(crawler.settings)  # None unless recording or replaying

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        threshold = crawler.settings.getfloat("SPOTLIGHT_REPOST_SIMILARITY", 0.9)
        if not 0 < threshold <= 1:
            raise ValueError(f"SPOTLIGHT_REPOST_SIMILARITY must be in (0, 1], got {threshold!r}")
        return cls(crawler, threshold)

    def close_spider(self) -> None:
        self.seen.close()
        if self.recorded is not None:
            self.recorded.save()

    @property
    def state(self) -> IncrementalState | None:
        return self.crawler.get_extension(IncrementalState)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url, headline = adapter.get("url"), adapter.get("headline")
        state = self.state
        if url and (when := self._url_met(url)):
            self._inc(f"dropped/url_{when}")
            logger.info(
                "Duplicate dropped (same URL as a story emitted %s): %r at %s", when.replace("_", " "), headline, url
            )
            raise DropItem(f"duplicate url ({when}): {url}", log_level="DEBUG")
        if self.recorded is not None and (decided := self.recorded.recorded(url)):
            self._drop_repost(url, headline, Verdict("repost", *decided))
        key = headline_key(headline)
        fingerprint = body_fingerprint(adapter.get("body")) if key else None
        if key:
            sources = [("in_this_run", self.seen.same_headline(key))]
            if state is not None:
                sources.append(("in_an_earlier_run", state.store.same_headline(key)))
            verdict = judge(url, fingerprint, sources, self.threshold)
            if verdict.outcome == "repost":
                self._drop_repost(url, headline, verdict)
            elif verdict.outcome != "new":
                self._inc(verdict.outcome.replace("kept_", "kept_same_headline_"))
                logger.debug("Kept %r at %s: its title is known, its text is not (%s)", headline, url, verdict.outcome)
        self.seen.add(url, key, fingerprint)
        return item

    def _url_met(self, url: str) -> str | None:
        """Where a story with ``url`` was emitted before, if it was."""
        if self.seen.has_url(url):
            return "in_this_run"
        if (state := self.state) is not None and state.store.has_url(url):
            return "in_an_earlier_run"
        return None

    def _drop_repost(self, url: str | None, headline: object, verdict: Verdict) -> None:
        when = verdict.where
        self._inc(f"dropped/repost_{when}")
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
        if (state := self.state) is not None and url:
            state.add_alias(url, verdict.first)  # another name of a story emitted: later runs skip its page
        if self.recorded is not None:
            self.recorded.note(url, when, verdict.first, verdict.score)
        raise DropItem(f"repost ({when}, similarity {verdict.score:.2f}): {url} of {verdict.first}", log_level="DEBUG")

    def _inc(self, name: str) -> None:
        assert self.stats is not None
        self.stats.inc_value(keys.dedup(name))
