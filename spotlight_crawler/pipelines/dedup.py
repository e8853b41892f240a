"""Each story once: a story is its canonical URL; another URL is the same story only as a repost.

Two rules, in this run or against the stories earlier runs emitted (the incremental state):

- ``url``: the canonical URL was already emitted.
- ``repost``: another URL whose headline key is equal *and* whose body is the same text
  (fingerprint similarity at least ``SPOTLIGHT_REPOST_SIMILARITY``). A headline alone never
  drops a record: columns ("From The Editor", weather forecasts) reuse one title for
  distinct stories, and a record without a body can only be dropped by its URL.

Memory per story is its URL and, per headline key, (url, fingerprint); bodies are not kept.
Each drop is logged once at INFO with the rule and its evidence, and counted in stats by
rule; distinct stories kept under a known title are counted too.
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from spotlight_crawler.fingerprint import body_fingerprint, similarity
from spotlight_crawler.incremental import IncrementalState
from spotlight_crawler.normalize import headline_key

logger = logging.getLogger(__name__)

Candidate = tuple[str, bytes | None]  # (url, body fingerprint) of an emitted story


class DedupPipeline:
    def __init__(self, crawler: Crawler, threshold: float):
        self.crawler = crawler
        self.stats = crawler.stats
        self.threshold = threshold
        self.urls: set[str] = set()  # emitted in this run
        self.by_headline: dict[str, list[Candidate]] = {}  # headline key -> stories emitted in this run

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        threshold = crawler.settings.getfloat("SPOTLIGHT_REPOST_SIMILARITY", 0.9)
        if not 0 < threshold <= 1:
            raise ValueError(f"SPOTLIGHT_REPOST_SIMILARITY must be in (0, 1], got {threshold!r}")
        return cls(crawler, threshold)

    @property
    def state(self) -> IncrementalState | None:
        return self.crawler.get_extension(IncrementalState)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url, headline = adapter.get("url"), adapter.get("headline")
        if url:
            self._drop_if_url_seen(url, headline)
        key = headline_key(headline)
        fingerprint = body_fingerprint(adapter.get("body")) if key else None
        if key:
            self._drop_if_repost(url, headline, key, fingerprint)
        if url:
            self.urls.add(url)
        if key:
            self.by_headline.setdefault(key, []).append((url or "", fingerprint))
        return item

    def _drop_if_url_seen(self, url: str, headline: object) -> None:
        if url in self.urls:
            when = "in_this_run"
        elif (state := self.state) is not None and state.store.has_url(url):
            when = "in_an_earlier_run"
        else:
            return
        self._inc(f"dropped/url_{when}")
        logger.info("Duplicate dropped (same URL as a story emitted %s): %r at %s", _words(when), headline, url)
        raise DropItem(f"duplicate url ({when}): {url}", log_level="DEBUG")

    def _drop_if_repost(self, url: str | None, headline: object, key: str, fingerprint: bytes | None) -> None:
        in_run = self.by_headline.get(key, [])
        state = self.state
        earlier = state.store.same_headline(key) if state is not None else []
        if not in_run and not earlier:
            return
        if fingerprint is None:
            self._inc("kept_same_headline_no_body")  # only the URL rule can drop a record without text
            return
        best_score = None
        for when, candidates in (("in_this_run", in_run), ("in_an_earlier_run", earlier)):
            best = _most_similar(fingerprint, candidates, exclude=url)
            if best is None:
                continue
            first, score = best
            if score >= self.threshold:
                self._inc(f"dropped/repost_{when}")
                logger.info(
                    "Duplicate dropped (repost of a story emitted %s: same headline key, body similarity %.2f >= %.2f):"
                    " %r at %s; first at %s", _words(when), score, self.threshold, headline, url, first)
                self._remember_alias(url)
                raise DropItem(f"repost ({when}, similarity {score:.2f}): {url} of {first}", log_level="DEBUG")
            best_score = max(score, best_score or 0.0)
        # Other text, or only stories whose text is unknown (recorded by a state before fingerprints).
        self._inc("kept_same_headline_other_text" if best_score is not None else "kept_same_headline_unknown_text")
        logger.debug("Kept %r at %s: its title is known, its text is not (best body similarity %s < %.2f)",
                     headline, url, "n/a" if best_score is None else f"{best_score:.2f}", self.threshold)

    def _remember_alias(self, url: str | None) -> None:
        """A repost's URL is another name for a story already emitted: later runs skip its page."""
        state = self.state
        if state is not None and url:
            state.store.add(url, None, state.run_id)

    def _inc(self, name: str) -> None:
        assert self.stats is not None
        self.stats.inc_value(f"spotlight/dedup/{name}")


def _most_similar(fingerprint: bytes, candidates: list[Candidate], exclude: str | None) -> tuple[str, float] | None:
    """The candidate whose body is most like ``fingerprint`` (other URLs only), with its similarity."""
    best: tuple[str, float] | None = None
    for url, other in candidates:
        score = similarity(fingerprint, other) if url != exclude else None
        if score is not None and (best is None or score > best[1]):
            best = (url, score)
    return best


def _words(when: str) -> str:
    return when.replace("_", " ")
