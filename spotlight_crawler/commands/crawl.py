"""``scrapy crawl`` that exits non-zero when the run is not good (see ``verdict``).

Bad input (a spider argument or setting the crawl cannot use, raised as a ``ValueError``
while the crawler starts), a damaged file of an earlier run and a state file the run may not
use are one ERROR line naming it and what is expected, and exit status 1 (75 for a state
file another run holds); the traceback is logged at DEBUG only. Any other exception keeps
its traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from scrapy.statscollectors import StatsCollector
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from spotlight_crawler import arguments
from spotlight_crawler.faults.brokenfiles import BrokenFile
from spotlight_crawler.incremental.extension import REFUSED_KEY, StateRefused
from spotlight_crawler.run import verdict

logger = logging.getLogger(__name__)


def report_start_error(exc: BaseException | None) -> bool:
    """Log ``exc`` as one line if the crawl could not start for a reason the user can fix
    (True), else leave it alone (False).

    Bad input (``ValueError``) and a damaged file of an earlier run (``BrokenFile``) are one
    ERROR line, their traceback at DEBUG only; a ``StateRefused`` was already said in one line
    by the state extension.
    """
    if isinstance(exc, StateRefused):
        return True
    if not isinstance(exc, (ValueError, BrokenFile)):
        return False
    logger.error("Cannot start: %s", exc)
    logger.debug("Where the crawl could not start", exc_info=exc)
    return True


def _retrieve(task: Any) -> None:
    """Take a bootstrap exception off the crawl task, so asyncio does not print it as a traceback."""
    if isinstance(task, asyncio.Future):
        task.add_done_callback(_on_done)
    elif isinstance(task, Deferred):
        task.addErrback(_on_failure)


def _on_done(task: asyncio.Future[Any]) -> None:
    if task.cancelled():
        return
    exc = task.exception()
    if exc is not None and not report_start_error(exc):
        logger.error("The crawl could not start", exc_info=exc)


def _on_failure(failure: Failure) -> None:
    value = failure.value
    if not report_start_error(value) and value is not None:  # a Failure always holds its exception
        logger.error("The crawl could not start", exc_info=(type(value), value, failure.getTracebackObject()))


def _stats(crawler: Crawler) -> StatsCollector | None:
    """The crawler's stats, or None when the crawl never got as far as making them."""
    try:
        return crawler.stats
    except RuntimeError:  # Scrapy 2.19: "Crawler.stats is not set yet"
        return None


class Command(ScrapyCrawlCommand):
    def short_desc(self) -> str:
        return "Run a spider; the exit status tells whether the run was good"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name")
        assert self.crawler_process
        try:
            spidercls = self.crawler_process.spider_loader.load(args[0])
        except KeyError:
            known = ", ".join(self.crawler_process.spider_loader.list())
            logger.error("Cannot start: no spider named %r; known: %s", args[0], known)
            self.exitcode = 1
            return
        try:
            if needs := getattr(spidercls, "start_needs_one_of", ()):
                arguments.require_one_of(opts.spargs, needs, spidercls.name, getattr(spidercls, "start_usage", ""))
            crawler = self.crawler_process.create_crawler(args[0])
        except ValueError as exc:
            report_start_error(exc)
            self.exitcode = 1
            return
        _retrieve(self.crawler_process.crawl(crawler, **opts.spargs))
        self.crawler_process.start()
        collector = _stats(crawler)
        if collector is not None and (refused := collector.get_value(REFUSED_KEY)):
            self.exitcode = int(refused)  # said in one ERROR line by the state extension
            return
        if self.crawler_process.bootstrap_failed or collector is None:
            self.exitcode = 1
            return
        # Settled when the spider closed; a run that never got that far is settled (and logged) now.
        self.exitcode, _ = verdict.settle(collector)
