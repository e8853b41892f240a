"""``scrapy crawl`` that exits non-zero when the run is not good (see ``verdict``).

Bad input (a spider argument or setting the crawl cannot use, raised as a ``ValueError``
while the crawler starts) is one ERROR line naming it and what is expected, and exit
status 1; its traceback is logged at DEBUG only. Any other exception keeps its traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from spotlight_crawler import arguments, verdict

logger = logging.getLogger(__name__)


def report_bad_input(exc: BaseException) -> bool:
    """Log ``exc`` as one line if it is bad input (True), else leave it alone (False)."""
    if not isinstance(exc, ValueError):
        return False
    logger.error("Cannot start: %s", exc)
    logger.debug("Where the bad input was found", exc_info=exc)
    return True


def _retrieve(task: Any) -> None:
    """Take a bootstrap exception off the crawl task, so asyncio does not print it as a traceback."""
    if isinstance(task, asyncio.Task):
        task.add_done_callback(_on_done)
    elif isinstance(task, Deferred):
        task.addErrback(_on_failure)


def _on_done(task: asyncio.Task[Any]) -> None:
    if task.cancelled():
        return
    exc = task.exception()
    if exc is not None and not report_bad_input(exc):
        logger.error("The crawl could not start", exc_info=exc)


def _on_failure(failure: Failure) -> None:
    if not report_bad_input(failure.value):
        logger.error("The crawl could not start", exc_info=(failure.type, failure.value, failure.getTracebackObject()))


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
            crawler = self._create_crawler(args[0])
        except ValueError as exc:
            report_bad_input(exc)
            self.exitcode = 1
            return
        _retrieve(self.crawler_process.crawl(crawler, **opts.spargs))
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or crawler.stats is None:
            self.exitcode = 1
            return
        stats = crawler.stats.get_stats()
        self.exitcode = verdict.exit_status(stats)
        if "spotlight/verdict/exit_status" in stats:
            return  # the run monitors already logged the verdict as one paragraph at close
        for code, reason in verdict.failures(stats):
            logger.error("Run failed (exit status %d): %s", code, reason)
