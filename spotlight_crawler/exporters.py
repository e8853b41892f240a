"""The CSV feed exporter: nested fields as JSON, and cells a spreadsheet would run made safe.

Scrapy's CSV exporter writes a list or dict field as its Python repr
(``[{'name': 'Agencies', 'kind': 'agency'}]``), which no other program reads back, and a
headline such as ``=HYPERLINK("http://x", "Read")`` as it is, which a spreadsheet opening
the file runs as a formula (OWASP's "CSV injection"). Following OWASP's rule, a cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with a single
quote before it (``'=HYPERLINK(...``): spreadsheets show it as text. ``SPOTLIGHT_CSV_SAFE_CELLS
= False`` writes cells as they are (for a program that reads the CSV, not a spreadsheet).
"""

from __future__ import annotations

import json
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exporters import CsvItemExporter

# OWASP's CSV injection rule: a cell starting with one of these is a formula to a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def flat_value(value: Any) -> Any:
    """A dict or list as compact JSON text; anything else as it is."""
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


def safe_cell(value: Any) -> Any:
    """``value`` with a single quote before it when a spreadsheet would run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class FlatCsvItemExporter(CsvItemExporter):
    """CSV with nested fields written as JSON and, unless ``safe_cells=False``, every cell a
    spreadsheet would run neutralised (registered for ``csv`` in FEED_EXPORTERS)."""

    def __init__(self, *args: Any, safe_cells: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.safe_cells = safe_cells

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> FlatCsvItemExporter:
        kwargs.setdefault("safe_cells", crawler.settings.getbool("SPOTLIGHT_CSV_SAFE_CELLS", True))
        return cls(*args, **kwargs)

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        serialized = super().serialize_field(field, name, flat_value(value))
        return safe_cell(serialized) if self.safe_cells else serialized
