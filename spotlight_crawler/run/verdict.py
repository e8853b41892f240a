"""Whether a run was good, as an exit status a plain cron line can act on.

``scrapy crawl`` exits 0 even when nothing could be fetched. The project's ``crawl``
command asks this module instead. Exit statuses:

- 0: the run is good;
- 1: the crawl could not start (bad arguments or settings: Scrapy's own status);
- 3: the site could not be reached (no listing, article or feed page was fetched);
- 4: a replay missed responses that are not in the recording;
- 5: a run monitor failed (coverage, record count, errors, finish reason, stories lost, ...);
- 6: an article asked for by URL (the ``article`` spider) is not on the site (404);
- 7: the output could not be written (opened before the first request, or a write failed
  mid-run): only what reached the file is remembered as seen;
- 8: the run stopped short: pages it could not read (the site went away mid-walk, error
  statuses) are left for the next run, which asks for them again (a run with the state);
- 75: another run holds the state file's lock (this run did nothing; try again later).

When several apply, the lowest non-zero status wins, except 7: a run whose output failed
says only that (its other checks read records that never reached the file).

The verdict is decided once per run (``settle``, when the run monitors have reported at
spider close) and kept in the stats; the report, the summary and the exit status read it.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)

OK, CANNOT_START, UNREACHABLE, REPLAY_MISSING, MONITOR_FAILED, REQUESTED_MISSING = 0, 1, 3, 4, 5, 6
OUTPUT_FAILED = 7
# Nothing is lost yet (the state keeps the pages), but the run did not do all its work.
STOPPED_SHORT = 8
# EX_TEMPFAIL of sysexits.h, as bin/spotlight-scheduled uses for its own lock.
STATE_BUSY = 75


def failures(stats: dict[str, Any]) -> list[tuple[int, str]]:
    """Every reason the run is not good, with its exit status."""
    if output := stats.get(keys.OUTPUT_WRITE_FAILED):
        return [(OUTPUT_FAILED, str(output))]
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
    if left := int(stats.get(keys.FAILURES_CARRIED, 0)):
        found.append((STOPPED_SHORT, stopped_short(stats, left)))
    return found


def stopped_short(stats: dict[str, Any], left: int) -> str:
    """What a run that stopped short wrote and what it left for the next run, in one sentence."""
    written = int(stats.get("item_scraped_count", 0))
    why = {
        key.removeprefix(keys.failures_carried("")): int(n)
        for key, n in stats.items()
        if key.startswith(keys.failures_carried("")) and isinstance(n, (int, float)) and n
    }
    kinds = ", ".join(f"{reason} {n}" for reason, n in sorted(why.items(), key=lambda kv: (-kv[1], kv[0])))
    return (
        f"stopped short: {written} {'story' if written == 1 else 'stories'} written, "
        f"{left} {'page' if left == 1 else 'pages'} left for the next run" + (f" ({kinds})" if kinds else "")
    )


def exit_status(stats: dict[str, Any]) -> int:
    codes = [code for code, _ in failures(stats)]
    return min(codes) if codes else OK


class Stats(Protocol):
    def get_stats(self) -> dict[str, Any]: ...
    def set_value(self, key: str, value: Any) -> None: ...


def settle(stats: Stats) -> tuple[int, list[tuple[int, str]]]:
    """The run's verdict, decided the first time this is called and kept in the stats
    (``spotlight/verdict/exit_status`` and ``.../failures``); a run that is not good logs it
    here, as one ERROR line. Later calls return what was decided."""
    everything = stats.get_stats()
    if (decided := recorded(everything)) is not None:
        return decided
    found = failures(everything)
    status = min((code for code, _ in found), default=OK)
    stats.set_value(keys.VERDICT_FAILURES, [[code, reason] for code, reason in found])
    stats.set_value(keys.VERDICT_EXIT_STATUS, status)
    if status != OK:
        logger.error("Run not good (exit status %d): %s.", status, "; ".join(reason for _, reason in found))
    return status, found


def recorded(stats: dict[str, Any]) -> tuple[int, list[tuple[int, str]]] | None:
    """The verdict ``settle`` kept in ``stats``, or None before it ran."""
    if keys.VERDICT_EXIT_STATUS not in stats:
        return None
    found = [(int(code), str(reason)) for code, reason in stats.get(keys.VERDICT_FAILURES) or []]
    return int(stats[keys.VERDICT_EXIT_STATUS]), found


def read(stats: dict[str, Any]) -> tuple[int, list[tuple[int, str]]]:
    """The kept verdict; for stats of a run that never settled one (read back from elsewhere),
    what it would have been."""
    decided = recorded(stats)
    if decided is not None:
        return decided
    found = failures(stats)
    return min((code for code, _ in found), default=OK), found
