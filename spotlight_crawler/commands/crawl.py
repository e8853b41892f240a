"""``scrapy crawl`` that exits non-zero when the run is not good (see ``verdict``)."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from spotlight_crawler import verdict
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
        _quiet_refusal(self.crawler_process.crawl(crawler, **opts.spargs))
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


def _quiet_refusal(running: Any) -> None:
    """A state refusal was logged as one ERROR line; keep its traceback out of the log."""
    if hasattr(running, "add_done_callback"):  # an asyncio task

        def retrieved(task: Any) -> None:
            exc = None if task.cancelled() else task.exception()
            if exc is not None and not isinstance(exc, StateRefused):
                logger.error("The crawl failed: %s", exc, exc_info=exc)
        running.add_done_callback(retrieved)
    elif hasattr(running, "addErrback"):  # a Twisted Deferred
        running.addErrback(lambda failure: failure.trap(StateRefused) and None)
