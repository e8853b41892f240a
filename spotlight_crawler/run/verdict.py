"""Whether a run was good, as an exit status (README, "When a run fails"): when several reasons
apply, the lowest non-zero status wins. ``settle`` decides once per run and keeps it in the stats."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.statscollectors import StatsCollector

from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)

OK = 0
CANNOT_START = 1  # bad arguments or settings: Scrapy's own status
UNREACHABLE = 3  # no listing, article or feed page was fetched
REPLAY_MISSING = 4  # requests not in the recording
MONITOR_FAILED = 5
REQUESTED_MISSING = 6  # an article asked for by URL is not on the site (404)
OUTPUT_FAILED = 7  # then the only status said: the other checks read records that never reached the file
STOPPED_SHORT = 8  # pages not read are left for the next run
STATE_BUSY = 75  # another run holds the state's lock: EX_TEMPFAIL, as bin/spotlight-scheduled uses

Verdict = tuple[int, list[tuple[int, str]]]


def listed(counts: dict[str, int]) -> str:
    """``{"http_503": 2, "timeout": 1}`` as ``http_503 2, timeout 1``."""
    return ", ".join(f"{name} {n}" for name, n in counts.items())


def failures(stats: dict[str, Any]) -> list[tuple[int, str]]:
    """Every reason the run is not good, with its exit status."""
    if output := stats.get(keys.OUTPUT_WRITE_FAILED):
        return [(OUTPUT_FAILED, str(output))]
    found: list[tuple[int, str]] = []
    missing = int(stats.get(keys.REPLAY_MISSING, 0))
    requested_missing = int(stats.get(keys.ARTICLE_REQUESTED_MISSING, 0))
    # The feed is a page of the site too: a quiet run reads the feed alone (often a 304).
    pages = sum(int(stats.get(key, 0)) for key in (keys.LISTING_PAGES, keys.ARTICLE_PAGES, keys.FEED_PAGES))
    if pages == 0 and not missing and not requested_missing:
        responses = int(stats.get("downloader/response_count", 0))
        found.append((UNREACHABLE, f"the site could not be reached: {responses} responses, no listing or article page"))
    if missing:
        found.append((REPLAY_MISSING, f"{missing} requests were not in the recording"))
    found += [(MONITOR_FAILED, str(reason)) for reason in stats.get(keys.MONITORS_FAILED) or []]
    if requested_missing:
        found.append((REQUESTED_MISSING, f"{requested_missing} requested article(s) not on the site (404)"))
    if left := int(stats.get(keys.FAILURES_CARRIED, 0)):
        written = int(stats.get("item_scraped_count", 0))
        why = listed({reason: n for reason, n in keys.counts(stats, keys.failures_carried("")).items() if n})
        reason = f"stopped short: {written} {'story' if written == 1 else 'stories'} written, "
        reason += f"{left} {'page' if left == 1 else 'pages'} left for the next run"
        found.append((STOPPED_SHORT, reason + (f" ({why})" if why else "")))
    return found


def read(stats: dict[str, Any]) -> Verdict:
    """The verdict kept in ``stats``; for stats of a run that settled none, what it would be."""
    if keys.VERDICT_EXIT_STATUS in stats:
        found = [(int(code), str(reason)) for code, reason in stats.get(keys.VERDICT_FAILURES) or []]
        return int(stats[keys.VERDICT_EXIT_STATUS]), found
    found = failures(stats)
    return min((code for code, _ in found), default=OK), found


def settle(stats: StatsCollector) -> Verdict:
    """The run's verdict, decided on the first call and kept in the stats; a run that is not
    good says so here, in one ERROR line. Later calls return what was decided."""
    status, found = read(stats.get_stats())
    if stats.get_value(keys.VERDICT_EXIT_STATUS) is None:
        stats.set_value(keys.VERDICT_FAILURES, [[code, reason] for code, reason in found])
        stats.set_value(keys.VERDICT_EXIT_STATUS, status)
        if status != OK:
            logger.error("Run not good (exit status %d): %s.", status, "; ".join(reason for _, reason in found))
    return status, found
