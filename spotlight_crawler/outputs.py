"""The feeds' files. Seen means written: ``OutputGuard`` checks them before the first request, pushes each
line to the OS and stops the run (exit 7) at the first that cannot be opened or written (``GuardedFileStorage``
reports it). ``FlatCsvItemExporter``: CSV with nested fields as JSON, cells a spreadsheet will not run."""

from __future__ import annotations

import contextlib
import io
import json
import logging
from pathlib import Path
from typing import IO, Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.exporters import CsvItemExporter
from scrapy.extensions.feedexport import FeedExporter, FileFeedStorage
from scrapy.utils.defer import deferred_from_coro

from spotlight_crawler import compat
from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)

# What a spreadsheet runs as a formula (OWASP's rule on CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def file_outputs(crawler: Crawler) -> list[Path]:
    """Where the feed's file outputs are written."""
    return [
        Path(output.storage.path).resolve()
        for output in compat.feed_outputs(crawler.get_extension(FeedExporter))
        if isinstance(output.storage, FileFeedStorage)
    ]


class GuardedFile(io.RawIOBase):
    """A binary file whose first write error goes to ``report`` and ends all writing to it."""

    def __init__(self, file: IO[bytes] | None, path: str, report: Any):
        super().__init__()
        self.file = file
        self.path = path
        self.report = report

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._call("write", data)
        return len(memoryview(data))  # a failed write is reported, not raised into the feed exporter

    def flush(self) -> None:
        self._call("flush")

    def close(self) -> None:
        super().close()  # flushes first
        self._call("close")
        self.file = None

    def _call(self, method: str, *args: Any) -> None:
        """``file.<method>(*args)`` until a call fails: that error reported, the file closed and let go."""
        if self.file is None:
            return
        try:
            getattr(self.file, method)(*args)
        except OSError as exc:
            self.report(self.path, exc)
            with contextlib.suppress(OSError):  # what it still buffers cannot be written either
                self.file.close()
            self.file = None


class GuardedFileStorage(FileFeedStorage):
    """Scrapy's file storage, its file a ``GuardedFile`` reporting to the run's ``OutputGuard``."""

    def open(self, spider: Spider) -> IO[bytes]:
        self.guard = spider.crawler.get_extension(OutputGuard)
        try:
            file = super().open(spider)
        except OSError as exc:
            self._report(self.path, exc)
            file = None  # nothing to write to
        return GuardedFile(file, self.path, self._report)  # type: ignore[return-value]  # a binary file to the exporter

    def _report(self, path: str, exc: OSError) -> None:
        if self.guard is not None:
            self.guard.write_failed(path, exc)
        else:  # the guard switched off: still said, once per file
            logger.error("The output %s could not be written (%s)", path, exc)


class OutputGuard:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.written = True  # whether every record of the run so far reached every output file
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        """Each file output opened for appending (created if new, removed again): before any request."""
        for path in file_outputs(self.crawler):
            existed = path.exists()
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("ab"):
                    pass
                if not existed:
                    path.unlink()  # the feed exporter creates it with the first record, as before
            except OSError as exc:
                self._say(str(path), exc, "nothing was fetched")
                raise CloseSpider("output_not_writable") from None

    def item_scraped(self, item: Any, spider: Spider) -> None:
        if self.written:
            # The feed exporter has written the line; push it to the OS, where a full disk shows.
            compat.flush_feed_files(self.crawler.get_extension(FeedExporter))

    def write_failed(self, path: str, exc: OSError) -> None:
        """A write to ``path`` failed: said once, and the run stops."""
        if not self.written:
            return
        self._say(path, exc, "the run stops; what was not written is not remembered as seen")
        if self.crawler.engine is not None:  # while the run closes: waits for that
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="output_write_failed"))

    def _say(self, path: str, exc: OSError, then: str) -> None:
        self.written = False
        failure = f"the output {path} could not be written ({exc.strerror or exc})"
        assert self.crawler.stats is not None
        self.crawler.stats.set_value(keys.OUTPUT_WRITE_FAILED, failure)
        logger.error("Output not written: %s: %s", failure, then)


def flat_value(value: Any) -> Any:
    """A dict or list as compact JSON text (not Python's repr); anything else as it is."""
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


def safe_cell(value: Any) -> Any:
    """``value`` with a single quote before it when a spreadsheet would run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class FlatCsvItemExporter(CsvItemExporter):
    """``FEED_EXPORTERS["csv"]``: nested fields as JSON, safe cells unless ``SPOTLIGHT_CSV_SAFE_CELLS = False``."""

    safe_cells = True

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        exporter = cls(*args, **kwargs)
        exporter.safe_cells = crawler.settings.getbool("SPOTLIGHT_CSV_SAFE_CELLS", True)
        return exporter

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        serialized = super().serialize_field(field, name, flat_value(value))
        return safe_cell(serialized) if self.safe_cells else serialized
