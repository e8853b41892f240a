"""Each story once: drop a record whose canonical URL or headline key was already emitted.

Within the run the pipeline remembers what it let through; across runs it asks the
incremental state (when the run uses one). Each drop is logged once at INFO, naming the
rule, the headline and both URLs, and counted in stats by rule.
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from spotlight_crawler.incremental import IncrementalState
from spotlight_crawler.state import story_keys

logger = logging.getLogger(__name__)


class DedupPipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.claimed: dict[str, str] = {}  # key -> URL of the story that claimed it in this run

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url, headline = adapter.get("url"), adapter.get("headline")
        keys = story_keys(url, headline)
        for key in keys:
            first, when = self._claimant(key)
            if first is not None:
                rule = key.split(":", 1)[0]
                assert self.stats is not None
                self.stats.inc_value(f"spotlight/dedup/dropped/{rule}_{when}")
                logger.info("Duplicate dropped (same %s as a story %s): %r at %s; first at %s",
                            rule, when, headline, url, first)
                self._remember_alias(url)
                raise DropItem(f"duplicate {rule} ({when}): {url}", log_level="DEBUG")
        for key in keys:
            self.claimed[key] = url
        return item

    def _remember_alias(self, url: str) -> None:
        """A repost's URL is another name for a story already emitted: later runs skip its page."""
        state = self.crawler.get_extension(IncrementalState)
        if state is not None and url:
            state.store.add(url, None, state.run_id)

    def _claimant(self, key: str) -> tuple[str | None, str]:
        if key in self.claimed:
            return self.claimed[key], "in_this_run"
        state = self.crawler.get_extension(IncrementalState)
        if state is not None and (url := state.store.claimed_by(key)):
            return url, "in_an_earlier_run"
        return None, ""
