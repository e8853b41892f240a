"""A few readable INFO lines at the end of every crawl: what was written, fetched and lost.

Logged when the engine stops, after Scrapy's stats dump, so they are the last lines of the
log. Everything comes from the stats (and the feed exporter for the output paths); the
same numbers are in the run report (``SPOTLIGHT_REPORT_FILE``). Example::

    Run summary (latest, finished, exit status 0):
      records: 38 written to /data/latest/2025-01-07T06-00-00+00-00.jsonl; dropped: 2 duplicates, 0 invalid
      pages fetched: 4 listing, 40 article
      responses: 47 (article 40, listing 4, home page 1, robots.txt 1, past the last listing page 1)
      failures: none
      fields missing on article pages: byline_raw 3
      taken from the listing instead: byline_raw 3
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FeedExporter

from spotlight_crawler import compat
from spotlight_crawler.run import keys, verdict
from spotlight_crawler.run.lesson import lesson_lines

logger = logging.getLogger(__name__)


def _counts(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    """``{rest of the key: value}`` for numeric stats under ``prefix``, largest first."""
    found = {k[len(prefix) :]: int(v) for k, v in stats.items() if k.startswith(prefix) and isinstance(v, (int, float))}
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))


def _listed(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {n}" for name, n in counts.items())


def failure_kinds(stats: dict[str, Any]) -> list[str]:
    """Pages not fetched (by page kind), downloader exceptions and HTTP error statuses."""
    parts = []
    for kind in keys.failed_page_kinds(stats):  # spotlight/<page kind>/failed/<why>, counted by the errbacks
        if failed := _counts(stats, keys.failed_prefix(kind)):
            parts.append(f"{kind} pages not fetched: {_listed(failed)}")
    exceptions: dict[str, int] = {}
    for name, n in _counts(stats, "downloader/exception_type_count/").items():
        short = name.rsplit(".", 1)[-1]
        exceptions[short] = exceptions.get(short, 0) + n
    if exceptions:
        parts.append(f"downloader exceptions: {_listed(exceptions)}")
    statuses = {
        code: n
        for code, n in _counts(stats, "downloader/response_status_count/").items()
        if code.isdigit() and int(code) >= 400
    }
    # The 404 past a listing's last page is how paging ends, not a failure.
    statuses["404"] = statuses.get("404", 0) - int(stats.get(keys.LISTING_PAST_END, 0))
    statuses = {code: n for code, n in statuses.items() if n > 0}
    if statuses:
        parts.append(f"HTTP error statuses: {_listed(statuses)}")
    if given_up := int(stats.get("retry/max_reached", 0)):
        parts.append(f"retries given up: {given_up}")
    return parts


def response_breakdown(stats: dict[str, Any]) -> dict[str, int]:
    """Every response of the run by what it was; whatever no counter explains is ``other``."""

    def n(key: str) -> int:
        return int(stats.get(key, 0) or 0)

    statuses = _counts(stats, "downloader/response_status_count/")
    parts = {
        "listing": n(keys.LISTING_PAGES),
        "article": n(keys.ARTICLE_PAGES),
        "home page": n(keys.HOME_PAGES),
        "feed": n(keys.FEED_PAGES),  # every answer of the feed, its 304 included
        "robots.txt": n("robotstxt/response_count"),
        "past the last listing page": n(keys.LISTING_PAST_END),
        "retried": sum(v for k, v in _counts(stats, "retry/reason_count/").items() if k[:3].isdigit()),
        "redirects": sum(v for k, v in statuses.items() if k in {"301", "302", "303", "307", "308"}),
        "re-asked through the browser": n(keys.RENDER_FALLBACKS),
        "cut short, asked again": n(keys.ARTICLE_TRUNCATED_RETRIED),
        # The errbacks count a page given up with its last status (past_end is not among them).
        "error pages given up": sum(
            v for k, v in stats.items() if "/failed/http_" in k and k.startswith(keys.PREFIX) and isinstance(v, int)
        ),
    }
    parts["other"] = n("downloader/response_count") - sum(parts.values())
    return {name: count for name, count in parts.items() if count}


def summary_lines(stats: dict[str, Any], spider: str, outputs: Iterable[tuple[str, int]]) -> list[str]:
    status, _ = verdict.read(stats)
    written = int(stats.get("item_scraped_count", 0))
    where = "; ".join(f"{n} to {uri}" for uri, n in outputs) or "no feed"
    duplicates = sum(_counts(stats, keys.DEDUP_DROPPED_PREFIX).values())
    invalid = int(stats.get("spidermon/validation/items/dropped", 0))
    lines = [
        f"Run summary ({spider}, {stats.get('finish_reason', 'unknown')}, exit status {status}):",
        f"  records: {written} written ({where}); dropped: {duplicates} duplicates, {invalid} invalid",
        f"  pages fetched: {int(stats.get(keys.LISTING_PAGES, 0))} listing, "
        f"{int(stats.get(keys.ARTICLE_PAGES, 0))} article",
        f"  responses: {int(stats.get('downloader/response_count', 0))} "
        f"({_listed(response_breakdown(stats)) or 'none'})",
        f"  failures: {'; '.join(failure_kinds(stats)) or 'none'}",
        f"  fields missing on article pages: {_listed(_counts(stats, keys.field_missing(''))) or 'none'}",
    ]
    if disagreeing := _counts(stats, keys.WITNESS_DISAGREE_PREFIX):
        (worst, n), pages = next(iter(disagreeing.items())), int(stats.get(keys.ARTICLE_PAGES, 0))
        field, _, pair = worst.partition("/")
        lines.append(
            f"  witnesses disagreeing: {sum(disagreeing.values())} times; most often on {field}, "
            f"{pair.replace('~', ' against ')}, on {n} of {pages} article pages"
        )
    lines.extend(lesson_lines(stats))  # what the site's feed taught (run/lesson.py)
    if borrowed := _counts(stats, keys.FALLBACK_PREFIX):
        lines.append(f"  taken from the listing instead: {_listed(borrowed)}")
    if seen := int(stats.get(keys.INCREMENTAL_SKIPPED_SEEN, 0)):
        lines.append(f"  already seen in earlier runs, not fetched: {seen}")
    if rendered := _counts(stats, keys.RENDER_PREFIX):
        lines.append(f"  browser rendering: {_listed(rendered)}")
    if no_browser := stats.get(keys.RENDER_BROWSER_MISSING):
        lines.append(f"  browser: none, {no_browser}")
    if missing := int(stats.get(keys.REPLAY_MISSING, 0)):
        lines.append(f"  replay: {missing} requests not in the recording")
    if not_stories := _counts(stats, keys.NOT_STORY_PREFIX):
        lines.append(
            f"  article pages that were not stories, no record written: {sum(not_stories.values())} "
            f"({_listed(not_stories)})"
        )
    if output := stats.get(keys.OUTPUT_WRITE_FAILED):
        lines.append(f"  output: {output}; only what reached it is remembered as seen")
    if carried := int(stats.get(keys.FAILURES_CARRIED, 0)):
        lines.append(
            f"  pages kept for the next run to retry: {carried} ({_listed(_counts(stats, keys.failures_carried('')))})"
        )
    if recovered := int(stats.get(keys.FAILURES_RECOVERED, 0)):
        lines.append(f"  pages of earlier runs recovered: {recovered}")
    if given_up := int(stats.get(keys.FAILURES_GIVEN_UP, 0)):
        lines.append(f"  pages given up: {given_up} ({_listed(_counts(stats, keys.failures_given_up('')))})")
    if lost := int(stats.get(keys.FAILURES_LOST, 0)):
        lines.append(f"  pages not read whole, not retried by any later run (no state): {lost}")
    if failed := stats.get(keys.MONITORS_FAILED):
        lines.append(f"  monitors failed: {len(failed)} (reasons in the 'Run not good' line above)")
    return lines


class RunSummary:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.spider_name = "?"

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunSummary:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        self.spider_name = spider.name

    def engine_stopped(self) -> None:
        assert self.crawler.stats is not None
        verdict.settle(self.crawler.stats)  # decided at spider close; now if nothing did
        lines = summary_lines(self.crawler.stats.get_stats(), self.spider_name, self._outputs())
        logger.info("\n".join(lines))

    def _outputs(self) -> list[tuple[str, int]]:
        return [
            (output.uri, output.records) for output in compat.feed_outputs(self.crawler.get_extension(FeedExporter))
        ]
