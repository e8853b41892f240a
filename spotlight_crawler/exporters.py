"""Feed exporters: CSV with nested fields as JSON and safe cells, and JSON Lines without
per-field lookups.

Scrapy's CSV exporter writes a list or dict field as its Python repr
(``[{'name': 'Agencies', 'kind': 'agency'}]``), which no other program reads back, and a
headline such as ``=HYPERLINK("http://x", "Read")`` as it is, which a spreadsheet opening
the file runs as a formula (OWASP's "CSV injection"). Following OWASP's rule, a cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with a single
quote before it (``'=HYPERLINK(...``): spreadsheets show it as text. ``SPOTLIGHT_CSV_SAFE_CELLS
= False`` writes cells as they are (for a program that reads the CSV, not a spreadsheet).

Scrapy's JSON Lines exporter looks up every field of every record through ItemAdapter (is
it there, its metadata, its serializer): about half of the 27 µs a record costs it. For a
dataclass record whose exported fields are all its own and declare no serializer (the
project's ``ArticleItem``), the same line is written from the fields directly.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exporters import CsvItemExporter, JsonLinesItemExporter

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


class JsonLinesExporter(JsonLinesItemExporter):
    """Scrapy's JSON Lines exporter, the same bytes (registered for ``jsonlines``, ``jsonl``
    and ``jl`` in FEED_EXPORTERS); records of a plain dataclass skip ItemAdapter."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._plain: dict[type, tuple[str, ...] | None] = {}

    def export_item(self, item: Any) -> None:
        kind = type(item)
        names = self._plain[kind] if kind in self._plain else self._learn(kind)
        if names is None:
            super().export_item(item)
            return
        line = self.encoder.encode({name: getattr(item, name) for name in names}) + "\n"
        self.file.write(line.encode(self.encoding or "utf-8"))

    def _learn(self, kind: type) -> tuple[str, ...] | None:
        """The fields to write for records of ``kind``, in order, or None when Scrapy's own
        path is needed: not a dataclass, a field with a serializer, or fields_to_export naming
        something else or renaming a field. (export_empty_fields changes nothing here: every
        field of a dataclass record is set.)"""
        names: tuple[str, ...] | None = None
        if dataclasses.is_dataclass(kind) and not isinstance(self.fields_to_export, Mapping):
            own = {f.name: f for f in dataclasses.fields(kind)}
            wanted = tuple(own) if self.fields_to_export is None else tuple(self.fields_to_export)
            if all(isinstance(n, str) and n in own and "serializer" not in own[n].metadata for n in wanted):
                names = wanted
        self._plain[kind] = names
        return names
