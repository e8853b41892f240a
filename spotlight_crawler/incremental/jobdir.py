"""A JOBDIR left by a killed crawl is set aside (to ``killed-<UTC time>/``), not resumed from:
Scrapy writes its queue only at close but ``requests.seen`` as it runs, so requests lost from the
queue would never be made. ``JobdirGuard`` keeps a marker in the JOBDIR while a crawl runs."""

from __future__ import annotations

import logging
import shutil
from datetime import UTC, datetime
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.job import job_dir

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
    def __init__(self, jobdir: Path):
        self.marker = jobdir / MARKER

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JobdirGuard:
        if not (configured := job_dir(crawler.settings)):
            raise NotConfigured
        jobdir = Path(configured)
        # Extensions are built before the scheduler opens the JOBDIR.
        if (aside := set_aside_if_killed(jobdir)) is not None:
            assert crawler.stats is not None
            crawler.stats.set_value(keys.JOBDIR_SET_ASIDE, str(aside))
            message = (
                "JOBDIR %s was left by a crawl that was killed: its queue is incomplete. Moved it to %s; the listings "
                "are walked again (stories already written are skipped through the seen-store, if the run has one)."
            )
            logger.warning(message, jobdir, aside)
        ext = cls(jobdir)
        ext.marker.write_text(datetime.now(UTC).isoformat() + "\n", encoding="utf-8")
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self) -> None:
        # The scheduler has written its queue by now (it closes before this signal).
        self.marker.unlink(missing_ok=True)
