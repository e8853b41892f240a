"""The run's report (``SPOTLIGHT_REPORT_FILE``): its stats, verdict, exit status and every
reason for it (``verdict``), as JSON, written when the spider closes."""

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
        if not (path := crawler.settings.get("SPOTLIGHT_REPORT_FILE")):
            raise NotConfigured
        ext = cls(crawler, Path(path).expanduser())
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider: Spider, reason: str) -> None:
        assert self.crawler.stats is not None
        # Settled by the run monitors just before (Spidermon's handler is connected first).
        status, failures = verdict.settle(self.crawler.stats)
        report = {
            "spider": spider.name,
            "finish_reason": reason,
            "exit_status": status,
            "failures": [why for _, why in failures],
            "stats": self.crawler.stats.get_stats(),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(report, indent=2, sort_keys=True, default=_jsonable), encoding="utf-8")


def _jsonable(value: Any) -> str:
    """A stats value JSON has no type for: a datetime in ISO 8601, anything else as text."""
    return value.isoformat() if isinstance(value, datetime) else str(value)
