"""Scrapy's duplicate-request filter with its fingerprints in SQLite, not in a Python set.

``RFPDupeFilter`` keeps one 20-byte ``bytes`` per request for the whole crawl: about a
hundred bytes each on the Python heap, plus the pools they pin, so a crawl of the archive
grows with every article. ``SqliteDupeFilter`` keeps the same fingerprints, exactly, in a
``SqliteSet`` (sqlset.py) and is otherwise Scrapy's: the same fingerprinter
(``REQUEST_FINGERPRINTER_CLASS``), ``DUPEFILTER_DEBUG`` logging, the ``dupefilter/filtered``
stat, and with ``JOBDIR`` the same ``requests.seen`` file, appended to as requests are seen
and read back when a crawl resumes (a file Scrapy's own filter reads, and the other way round).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.dupefilters import RFPDupeFilter
from scrapy.http import Request

from spotlight_crawler import compat
from spotlight_crawler.sqlset import SqliteSet


class SqliteDupeFilter(RFPDupeFilter):
    """``DUPEFILTER_CLASS``: ``RFPDupeFilter`` over a ``SqliteSet``."""

    def __init__(self, path: str | None = None, debug: bool = False, *, fingerprinter: Any = None) -> None:
        compat.check_rfp_dupefilter()
        # No path for Scrapy's __init__: it would read requests.seen into its set.
        super().__init__(None, debug, fingerprinter=fingerprinter)
        self.seen = SqliteSet()
        setattr(self, compat.RFP_FINGERPRINTS, self.seen)  # what the inherited members read
        if path:
            # Open for the whole crawl, as Scrapy's own filter keeps it: closed in close().
            self.file = Path(path, "requests.seen").open("a+b")  # noqa: SIM115
            self.file.seek(0)
            self.seen.update(compat.read_requests_seen(self.file.read()))

    def request_seen(self, request: Request) -> bool:
        fp = self.fingerprinter.fingerprint(request)
        if not self.seen.add(fp):
            return True
        if self.file:
            self.file.write(compat.requests_seen_record(fp))
        return False

    def close(self, reason: str) -> None:
        super().close(reason)
        self.seen.close()
