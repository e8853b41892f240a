"""``scrapy crawl`` that exits non-zero when the run is not good (see ``verdict``)."""

from __future__ import annotations

import argparse
import logging

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from spotlight_crawler import verdict

logger = logging.getLogger(__name__)


class Command(ScrapyCrawlCommand):
    def short_desc(self) -> str:
        return "Run a spider; the exit status tells whether the run was good"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name")
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
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
