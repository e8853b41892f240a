"""A Scrapy extension that measures one crawl from the inside, for the benchmarks.

Enabled by adding ``benchmarks.probe.CrawlProbe`` to ``EXTENSIONS`` and naming a file in
``BENCH_PROBE_FILE``. At ``spider_closed`` it writes one JSON object there:

- ``crawl_wall_s`` / ``crawl_cpu_s``: wall and CPU seconds (this process, user + system)
  from ``spider_opened`` to ``spider_closed``, i.e. without interpreter start-up, imports
  and shutdown;
- ``responses``, ``requests``, ``items``: from the crawl's stats;
- ``peak_rss_bytes``: the process's peak resident set size so far (``VmHWM``);
- ``rss_open_bytes`` / ``rss_close_bytes``: resident set size at open and at close;
- ``dupefilter``: how many request fingerprints Scrapy's ``RFPDupeFilter`` holds and their
  bytes on the Python heap (the set plus its ``bytes`` objects);
- ``numpy_loaded``: whether numpy was imported by then (nothing in a crawl needs it: the body
  fingerprints are plain Python);

It imports nothing from the project, so the bare spider uses it too.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

_PAGE = resource.getpagesize()


def current_rss() -> int:
    """Resident set size of this process now, in bytes (Linux)."""
    try:
        with Path("/proc/self/statm").open(encoding="ascii") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except OSError:
        return 0


def peak_rss() -> int:
    """Peak resident set size of this process's address space so far, in bytes: ``VmHWM``.

    Not ``ru_maxrss``: Linux carries that over from the parent across fork/vfork and exec,
    so a crawl started by a large parent would report the parent's peak as its own.
    """
    try:
        with Path("/proc/self/status").open(encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def container_bytes(container: Any) -> int:
    """The container plus its keys (and values, for a dict), one level deep, each object
    counted once (a value shared by two keys is one object in memory)."""
    members = list(container.items()) if isinstance(container, dict) else [(k, None) for k in container]
    seen: dict[int, int] = {}
    for key, value in members:
        for obj in (key, value):
            if obj is not None:
                seen.setdefault(id(obj), sys.getsizeof(obj))
    return sys.getsizeof(container) + sum(seen.values())


class CrawlProbe:
    def __init__(self, crawler: Crawler, path: Path):
        self.crawler = crawler
        self.path = path
        self.opened_wall = self.opened_cpu = 0.0
        self.rss_open = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProbe:
        path = crawler.settings.get("BENCH_PROBE_FILE")
        if not path:
            raise NotConfigured
        probe = cls(crawler, Path(path))
        crawler.signals.connect(probe.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(probe.spider_closed, signal=signals.spider_closed)
        return probe

    def spider_opened(self, spider: Spider) -> None:
        self.rss_open = current_rss()
        self.opened_cpu = _cpu()
        self.opened_wall = time.perf_counter()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        wall = time.perf_counter() - self.opened_wall
        cpu = _cpu() - self.opened_cpu
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        data = {
            "spider": spider.name,
            "reason": reason,
            "crawl_wall_s": wall,
            "crawl_cpu_s": cpu,
            "responses": int(stats.get("response_received_count", 0)),
            "requests": int(stats.get("downloader/request_count", 0)),
            "items": int(stats.get("item_scraped_count", 0)),
            "replay_missing": int(stats.get("spotlight/replay/missing", 0)),
            "peak_rss_bytes": peak_rss(),
            "rss_open_bytes": self.rss_open,
            "rss_close_bytes": current_rss(),
            "dupefilter": self._dupefilter(),
            # numpy: no part of a crawl should import it.
            "numpy_loaded": "numpy" in sys.modules,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")

    def _dupefilter(self) -> dict[str, int] | None:
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)
        scheduler = getattr(slot, "scheduler", None) or getattr(engine, "scheduler", None)
        df = getattr(scheduler, "df", None)
        seen = getattr(df, "_fingerprints", None)
        if seen is None:
            return None
        return {"entries": len(seen), "bytes": container_bytes(seen)}
