"""The run's report: its stats as JSON, written when the spider closes.

Scheduled runs and tests read it instead of scraping the log. The path is
``SPOTLIGHT_REPORT_FILE`` (no report when unset). Beside the stats: the run's verdict, the
exit status the ``crawl`` command will return and every reason for it (see ``verdict``); the
run monitors have already settled it, as Spidermon's handler is connected before this one.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from spotlight_crawler.run import verdict


class RunReport:
    def __init__(self, crawler: Crawler, path: Path):
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReport:
        path = crawler.settings.get("SPOTLIGHT_REPORT_FILE")
        if not path:
            raise NotConfigured
        ext = cls(crawler, Path(path).expanduser())
        # Low priority: written after every other spider_closed handler has counted.
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed, weak=False)
        return ext

    def spider_closed(self, spider: Spider, reason: str) -> None:
        assert self.crawler.stats is not None
        # Settled by the run monitors just before; settled here if they did not run (Spidermon off).
        status, failures = verdict.settle(self.crawler.stats)
        stats = {k: _jsonable(v) for k, v in self.crawler.stats.get_stats().items()}
        report = {
            "spider": spider.name,
            "finish_reason": reason,
            "exit_status": status,
            "failures": [why for _, why in failures],
            "stats": stats,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(report, indent=2, sort_keys=True), encoding="utf-8")


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):  # e.g. spotlight/monitors/failed
        return [_jsonable(v) for v in value]
    return str(value)
