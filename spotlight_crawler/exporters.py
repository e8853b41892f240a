"""Feed exporters for flat formats: nested fields (``authors``, ``magazine_issue``) as JSON.

Scrapy's CSV exporter writes a list or dict field as its Python repr
(``[{'name': 'Agencies', 'kind': 'agency'}]``), which no other program reads back.
"""

from __future__ import annotations

import json
from typing import Any

from scrapy.exporters import CsvItemExporter


def flat_value(value: Any) -> Any:
    """A dict or list as compact JSON text; anything else as it is."""
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


class FlatCsvItemExporter(CsvItemExporter):
    """CSV with nested fields written as JSON (registered for ``csv`` in FEED_EXPORTERS)."""

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        return super().serialize_field(field, name, flat_value(value))
