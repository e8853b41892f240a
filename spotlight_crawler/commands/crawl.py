"""``scrapy crawl`` that exits non-zero when the run is not good (see ``verdict``)."""

from __future__ import annotations

import argparse
import asyncio
import logging
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from spotlight_crawler import verdict
from spotlight_crawler.brokenfiles import BrokenFile
from spotlight_crawler.incremental import REFUSED_KEY, StateRefused

logger = logging.getLogger(__name__)


class Command(ScrapyCrawlCommand):
    def short_desc(self) -> str:
        return "Run a spider; the exit status tells whether the run was good"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name")
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        _report_start_errors(self.crawler_process.crawl(crawler, **opts.spargs))
        self.crawler_process.start()
        if crawler.stats is not None and (refused := crawler.stats.get_value(REFUSED_KEY)):
            self.exitcode = int(refused)  # said in one ERROR line by the state extension
            return
        if self.crawler_process.bootstrap_failed or crawler.stats is None:
            self.exitcode = 1
            return
        stats = crawler.stats.get_stats()
        self.exitcode = verdict.exit_status(stats)
        if "spotlight/verdict/exit_status" in stats:
            return  # the run monitors already logged the verdict as one paragraph at close
        for code, reason in verdict.failures(stats):
            logger.error("Run failed (exit status %d): %s", code, reason)


def _report_start_errors(started: Any) -> None:
    """A crawl that could not start says so in one ERROR line, without a traceback.

    A ``StateRefused`` was already logged by the state extension; a ``BrokenFile`` (a
    damaged recording manifest) is logged here. Any other start-up error is logged with its
    traceback, as asyncio would have.
    """

    def on_done(task: asyncio.Future[Any]) -> None:
        if task.cancelled() or (exc := task.exception()) is None or isinstance(exc, StateRefused):
            return
        if isinstance(exc, BrokenFile):
            logger.error("Cannot start: %s", exc)
        else:
            logger.error("The crawl could not start: %s", exc, exc_info=exc)

    def on_failure(failure: Any) -> Any:
        if failure.check(StateRefused):
            return None
        if failure.check(BrokenFile):
            logger.error("Cannot start: %s", failure.value)
            return None
        return failure

    if isinstance(started, asyncio.Future):
        started.add_done_callback(on_done)
    elif hasattr(started, "addErrback"):
        started.addErrback(on_failure)
