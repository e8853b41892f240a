"""A JOBDIR left behind by a killed crawl is set aside instead of resumed from.

Scrapy writes a JOBDIR's request queue when the crawl closes, but appends to
``requests.seen`` (the duplicate filter's memory) while it runs. A crawl that never closed
(SIGKILL, a second Ctrl-C, a crash of the machine) leaves a queue that misses what was
pending and a seen list that may name part of it: resumed as is, requests that are both
lost from the queue and listed as seen are never made, and their stories silently go
missing. ``JobdirGuard`` keeps a marker file in the JOBDIR while a crawl runs; a crawl that
finds the marker at start moves the JOBDIR's contents to ``killed-<UTC time>/`` and walks
the listings again, while the seen-store (``SPOTLIGHT_STATE``) skips the stories the killed
run already wrote. A crawl that closed (finished, or stopped by one SIGTERM or Ctrl-C)
removes the marker, and the next one resumes its queue as Scrapy does.
"""

from __future__ import annotations

import logging
import shutil
from datetime import UTC, datetime
from pathlib import Path

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.job import job_dir

from spotlight_crawler.incremental.extension import state_path
from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)

MARKER = "spotlight.running"


def set_aside_if_killed(jobdir: Path) -> Path | None:
    """Move the contents of a JOBDIR whose crawl never closed aside; return where to, or None."""
    if not (jobdir / MARKER).exists():
        return None
    aside = jobdir / datetime.now(UTC).strftime("killed-%Y%m%dT%H%M%S.%fZ")
    aside.mkdir()
    for entry in jobdir.iterdir():
        if entry != aside and not entry.name.startswith("killed-"):
            shutil.move(str(entry), str(aside / entry.name))
    return aside


class JobdirGuard:
    def __init__(self, crawler: Crawler, jobdir: Path):
        self.crawler = crawler
        self.jobdir = jobdir

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JobdirGuard:
        configured = job_dir(crawler.settings)
        if not configured:
            raise NotConfigured
        ext = cls(crawler, Path(configured))
        # Extensions are built before the scheduler opens the JOBDIR: this runs first.
        ext.start()
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def start(self) -> None:
        aside = set_aside_if_killed(self.jobdir)
        if aside is not None:
            assert self.crawler.stats is not None
            self.crawler.stats.set_value(keys.JOBDIR_SET_ASIDE, str(aside))
            seen_store = state_path(self.crawler) is not None
            logger.warning(
                "JOBDIR %s was left by a crawl that was killed: its queue is incomplete. Moved it to %s; "
                "the listings are walked again%s.",
                self.jobdir,
                aside,
                ", stories already written are skipped through the seen-store"
                if seen_store
                else " and, with SPOTLIGHT_STATE empty, stories already written will be written again",
            )
        (self.jobdir / MARKER).write_text(datetime.now(UTC).isoformat() + "\n", encoding="utf-8")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        # The scheduler has written its queue by now (it closes before this signal).
        (self.jobdir / MARKER).unlink(missing_ok=True)
