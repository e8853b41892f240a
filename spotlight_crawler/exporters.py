"""The CSV feed exporter: nested fields as JSON (not Python's repr), and a cell a spreadsheet
would run as a formula (OWASP's rule on CSV injection) with a single quote before it, unless
``SPOTLIGHT_CSV_SAFE_CELLS = False``.
"""

from __future__ import annotations

import json
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exporters import CsvItemExporter

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
    """``FEED_EXPORTERS["csv"]``: nested fields as JSON and, unless ``safe_cells=False``, safe cells."""

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
