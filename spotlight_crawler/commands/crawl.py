"""``scrapy crawl`` whose exit status says whether the run was good (``run.verdict``); a start the
user can fix (unknown spider, bad argument or setting, damaged file) is one ERROR line and exit 1."""

from __future__ import annotations

import argparse
import asyncio
import logging
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from spotlight_crawler import arguments
from spotlight_crawler.faults.brokenfiles import BrokenFile
from spotlight_crawler.incremental.extension import REFUSED_KEY, StateRefused
from spotlight_crawler.run import verdict

logger = logging.getLogger(__name__)


def log_start_error(exc: BaseException) -> None:
    """One ERROR line for a reason the user can fix (the traceback at DEBUG), nothing for a refused
    state file (its extension said it), else the traceback."""
    if isinstance(exc, (ValueError, BrokenFile)):
        logger.error("Cannot start: %s", exc)
        logger.debug("Where the crawl could not start", exc_info=exc)
    elif not isinstance(exc, StateRefused):
        logger.error("The crawl could not start", exc_info=exc)


def _on_done(task: asyncio.Future[Any]) -> None:
    """Take a start's exception off the crawl task, so asyncio does not print it as a traceback."""
    if not task.cancelled() and (exc := task.exception()):
        log_start_error(exc)


class Command(ScrapyCrawlCommand):
    def short_desc(self) -> str:
        return "Run a spider; the exit status tells whether the run was good"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name")
        assert self.crawler_process
        loader = self.crawler_process.spider_loader
        try:
            if args[0] not in loader.list():
                raise arguments.BadInput(f"no spider named {args[0]!r}; known: {', '.join(loader.list())}")
            spidercls = loader.load(args[0])
            if needs := getattr(spidercls, "start_needs_one_of", ()):
                arguments.require_one_of(opts.spargs, needs, spidercls.name, getattr(spidercls, "start_usage", ""))
            crawler = self.crawler_process.create_crawler(spidercls)
        except ValueError as exc:
            log_start_error(exc)
            self.exitcode = 1
            return
        task = self.crawler_process.crawl(crawler, **opts.spargs)
        if isinstance(task, asyncio.Future):  # the asyncio reactor's crawler process (Scrapy's default)
            task.add_done_callback(_on_done)
        self.crawler_process.start()
        if not self.crawler_process.bootstrap_failed:
            # Settled when the spider closed; a run that never got that far is settled (and logged) now.
            self.exitcode, _ = verdict.settle(crawler.stats)
            return
        try:  # a refused state file has a status of its own, said in one ERROR line by the state extension
            self.exitcode = int(crawler.stats.get_value(REFUSED_KEY) or 1)
        except RuntimeError:  # the crawl never got as far as making its stats
            self.exitcode = 1
