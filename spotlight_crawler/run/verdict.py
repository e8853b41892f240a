"""Whether a run was good, as an exit status a plain cron line can act on.

``scrapy crawl`` exits 0 even when nothing could be fetched. The project's ``crawl``
command asks this module instead. Exit statuses:

- 0: the run is good;
- 1: the crawl could not start (bad arguments or settings: Scrapy's own status);
- 3: the site could not be reached (no listing, article or feed page was fetched);
- 4: a replay missed responses that are not in the recording;
- 5: a run monitor failed (coverage, record count, errors, finish reason, stories lost, ...);
- 6: an article asked for by URL (the ``article`` spider) is not on the site (404);
- 75: another run holds the state file's lock (this run did nothing; try again later).

When several apply, the lowest non-zero status wins.
"""

from __future__ import annotations

from typing import Any

from spotlight_crawler.run import keys

OK, CANNOT_START, UNREACHABLE, REPLAY_MISSING, MONITOR_FAILED, REQUESTED_MISSING = 0, 1, 3, 4, 5, 6
# EX_TEMPFAIL of sysexits.h, as bin/spotlight-scheduled uses for its own lock.
STATE_BUSY = 75


def failures(stats: dict[str, Any]) -> list[tuple[int, str]]:
    """Every reason the run is not good, with its exit status."""
    found: list[tuple[int, str]] = []
    responses = int(stats.get("downloader/response_count", 0))
    # The feed is a page of the site too: a quiet run reads the feed alone (often a 304).
    pages = sum(int(stats.get(keys.pages(kind), 0)) for kind in ("listing", "article", "feed"))
    requested_missing = int(stats.get(keys.ARTICLE_REQUESTED_MISSING, 0))
    if pages == 0 and not stats.get(keys.REPLAY_MISSING) and not requested_missing:
        found.append((UNREACHABLE, f"the site could not be reached: {responses} responses, no listing or article page"))
    if missing := int(stats.get(keys.REPLAY_MISSING, 0)):
        found.append((REPLAY_MISSING, f"{missing} requests were not in the recording"))
    for reason in stats.get(keys.MONITORS_FAILED, []) or []:
        found.append((MONITOR_FAILED, str(reason)))
    if requested_missing:  # the site answered, the story is not there: not "unreachable"
        found.append((REQUESTED_MISSING, f"{requested_missing} requested article(s) not on the site (404)"))
    return found


def exit_status(stats: dict[str, Any]) -> int:
    codes = [code for code, _ in failures(stats)]
    return min(codes) if codes else OK
