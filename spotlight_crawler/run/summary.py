"""The run's outcome: the summary, INFO lines at the end of the log; with ``SPOTLIGHT_REPORT_FILE``,
the report (stats, verdict, exit status and its reasons) as JSON, written when the crawl ends."""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FeedExporter

from spotlight_crawler import compat
from spotlight_crawler.run import keys, verdict
from spotlight_crawler.run.keys import counts
from spotlight_crawler.run.lesson import lesson_lines
from spotlight_crawler.run.verdict import listed

logger = logging.getLogger(__name__)

_REDIRECTS = {"301", "302", "303", "307", "308"}
# Responses counted by one stats key each, by what they were.
_RESPONSES = {
    "listing": keys.LISTING_PAGES,
    "article": keys.ARTICLE_PAGES,
    "home page": keys.HOME_PAGES,
    "feed": keys.FEED_PAGES,  # every answer of the feed, its 304 included
    "robots.txt": "robotstxt/response_count",
    "past the last listing page": keys.LISTING_PAST_END,
    "re-asked through the browser": keys.RENDER_FALLBACKS,
    "cut short, asked again": keys.truncated("article", "retried"),
}
# Summary lines shown when their key is set: ``{n}`` is its value (for a prefix, the sum of the
# counts under it), ``{kinds}`` the counts under it.
_COUNTED = (
    (keys.FALLBACK_PREFIX, "taken from the listing instead: {kinds}"),
    (keys.INCREMENTAL_SKIPPED_SEEN, "already seen in earlier runs, not fetched: {n}"),
    (keys.RENDER_PREFIX, "browser rendering: {kinds}"),
    (keys.RENDER_BROWSER_MISSING, "browser: none, {n}"),
    (keys.REPLAY_MISSING, "replay: {n} requests not in the recording"),
    (keys.not_story(""), "article pages that were not stories, no record written: {n} ({kinds})"),
    (keys.OUTPUT_WRITE_FAILED, "output: {n}; only what reached it is remembered as seen"),
    (keys.FAILURES_CARRIED, "pages kept for the next run to retry: {n} ({kinds})"),
    (keys.FAILURES_RECOVERED, "pages of earlier runs recovered: {n}"),
    (keys.FAILURES_GIVEN_UP, "pages given up: {n} ({kinds})"),
    (keys.FAILURES_LOST, "pages not read whole, not retried by any later run (no state): {n}"),
)


def failure_kinds(stats: dict[str, Any]) -> list[str]:
    """Pages not fetched (by page kind), downloader exceptions and HTTP error statuses."""
    exceptions: Counter[str] = Counter()
    for name, n in counts(stats, "downloader/exception_type_count/").items():
        exceptions[name.rsplit(".", 1)[-1]] += n
    responses = counts(stats, "downloader/response_status_count/")
    statuses = Counter({code: n for code, n in responses.items() if code.isdigit() and int(code) >= 400})
    statuses.subtract({"404": int(stats.get(keys.LISTING_PAST_END, 0))})  # how paging ends, not a failure
    parts = {f"{kind} pages not fetched": listed(why) for kind, why in keys.failed_pages(stats).items()}
    parts["downloader exceptions"] = listed(exceptions)
    parts["HTTP error statuses"] = listed(+statuses)
    parts["retries given up"] = str(int(stats.get("retry/max_reached", 0)) or "")
    return [f"{label}: {text}" for label, text in parts.items() if text]


def response_breakdown(stats: dict[str, Any]) -> dict[str, int]:
    """Every response of the run by what it was; whatever no counter explains is ``other``."""
    parts = {name: int(stats.get(key, 0) or 0) for name, key in _RESPONSES.items()}
    parts["retried"] = sum(v for k, v in counts(stats, "retry/reason_count/").items() if k[:3].isdigit())
    statuses = counts(stats, "downloader/response_status_count/")
    parts["redirects"] = sum(n for code, n in statuses.items() if code in _REDIRECTS)
    # The errbacks count a page given up with its last status (past_end is not among them).
    failed = keys.failed_pages(stats).values()
    parts["error pages given up"] = sum(n for why in failed for kind, n in why.items() if kind.startswith("http_"))
    parts["other"] = int(stats.get("downloader/response_count", 0)) - sum(parts.values())
    return {name: count for name, count in parts.items() if count}


def summary_lines(stats: dict[str, Any], spider: str, outputs: Iterable[tuple[str, int]]) -> list[str]:
    status, _ = verdict.read(stats)
    where = "; ".join(f"{n} to {uri}" for uri, n in outputs) or "no feed"
    duplicates = sum(counts(stats, keys.DEDUP_DROPPED_PREFIX).values())
    invalid = int(stats.get("spidermon/validation/items/dropped", 0))
    article_pages = int(stats.get(keys.ARTICLE_PAGES, 0))
    lines = [
        f"Run summary ({spider}, {stats.get('finish_reason', 'unknown')}, exit status {status}):",
        f"  records: {int(stats.get('item_scraped_count', 0))} written ({where}); "
        f"dropped: {duplicates} duplicates, {invalid} invalid",
        f"  pages fetched: {int(stats.get(keys.LISTING_PAGES, 0))} listing, {article_pages} article",
        f"  responses: {int(stats.get('downloader/response_count', 0))} "
        f"({listed(response_breakdown(stats)) or 'none'})",
        f"  failures: {'; '.join(failure_kinds(stats)) or 'none'}",
        f"  fields missing on article pages: {listed(counts(stats, keys.field_missing(''))) or 'none'}",
    ]
    if disagreeing := counts(stats, keys.WITNESS_DISAGREE_PREFIX):
        worst, times = next(iter(disagreeing.items()))
        field, _, pair = worst.partition("/")
        lines.append(
            f"  witnesses disagreeing: {sum(disagreeing.values())} times; most often on {field}, "
            f"{pair.replace('~', ' against ')}, on {times} of {article_pages} article pages"
        )
    lines += lesson_lines(stats)
    for key, text in _COUNTED:
        kinds = counts(stats, key.rstrip("/") + "/")
        n = sum(kinds.values()) if key.endswith("/") else stats.get(key)
        if n:
            lines.append("  " + text.format(n=n, kinds=listed(kinds)))
    if failed := stats.get(keys.MONITORS_FAILED):
        lines.append(f"  monitors failed: {len(failed)} (reasons in the 'Run not good' line above)")
    return lines


class RunSummary:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunSummary:
        ext = cls(crawler)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def engine_stopped(self) -> None:
        stats = self.crawler.stats
        assert stats is not None
        status, failures = verdict.settle(stats)  # settled by the run monitors at spider close; now if nothing did
        spider = self.crawler.spider.name if self.crawler.spider else "?"
        if path := self.crawler.settings.get("SPOTLIGHT_REPORT_FILE"):
            report = {
                "spider": spider,
                "finish_reason": stats.get_value("finish_reason"),
                "exit_status": status,
                "failures": [why for _, why in failures],
                "stats": stats.get_stats(),
            }
            file = Path(path).expanduser()
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(json.dumps(report, indent=2, sort_keys=True, default=_jsonable), encoding="utf-8")
        exporter = self.crawler.get_extension(FeedExporter)
        outputs = [(output.uri, output.records) for output in compat.feed_outputs(exporter)]
        logger.info("\n".join(summary_lines(stats.get_stats(), spider, outputs)))


def _jsonable(value: Any) -> str:
    """A stats value JSON has no type for: a datetime in ISO 8601, anything else as text."""
    return value.isoformat() if isinstance(value, datetime) else str(value)
