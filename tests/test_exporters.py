"""The feeds' exporters: JSON Lines as Scrapy writes it, CSV with nested fields as JSON and safe cells."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from scrapy.exporters import JsonLinesItemExporter
from scrapy.utils.test import get_crawler

from spotlight_crawler import settings as project
from spotlight_crawler.items import FIELD_NAMES, ArticleItem, mark_from_listing
from spotlight_crawler.outputs import FlatCsvItemExporter, safe_cell


def _record() -> ArticleItem:
    item = ArticleItem(
        url="https://www.spotlightnepal.com/2024/10/22/a/",
        headline="Nepal’s “quoted” headline \u2014 देवनागरी \U0001f600",
        authors=[{"name": "Agencies", "kind": "agency"}],
        body="One.\n\nTwo \\ \t \x00 \u2028.",
        magazine_issue={"volume": 18, "number": 7, "date": "2024-10-18", "dates_agree": True},
        listing="latest",
    )
    mark_from_listing(item, ["byline_raw"])  # instance state beside the fields: never written
    return item


def test_a_feed_line_holds_the_records_fields_in_order_and_its_text_as_written():
    """The project's feeds are Scrapy's JSON Lines exporter with the project's settings: one
    line per record, the declared fields in their order, text unescaped, nothing of the marks
    kept beside the fields."""
    out = io.BytesIO()
    exporter = JsonLinesItemExporter(
        out, encoding=project.FEED_EXPORT_ENCODING, fields_to_export=project.FEED_EXPORT_FIELDS
    )
    exporter.start_exporting()
    exporter.export_item(_record())
    exporter.finish_exporting()
    lines = out.getvalue().decode("utf-8").split("\n")[:-1]  # the body holds U+2028, not a line end
    assert len(lines) == 1
    written = json.loads(lines[0])
    assert list(written) == list(FIELD_NAMES)
    assert written["headline"] == _record().headline
    assert "देवनागरी" in lines[0]  # UTF-8 text, not \u escapes


# --- CSV: cells a spreadsheet would run (OWASP's CSV injection rule) ---------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+2", "'=1+2"),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+977 1 4000000", "'+977 1 4000000"),
        ("-5% for the rupee", "'-5% for the rupee"),
        ("@SUM(1,2)", "'@SUM(1,2)"),
        ("\t=1+2", "'\t=1+2"),
        ("\r=1+2", "'\r=1+2"),
        ("Nepal = home", "Nepal = home"),  # only the first character counts
        ("'=1+2", "'=1+2"),  # already text
        ("", ""),
        (None, None),
        (7, 7),
    ],
)
def test_safe_cell(value, written):
    assert safe_cell(value) == written


def _csv(item: ArticleItem, **settings: Any) -> list[dict[str, str]]:
    out = io.BytesIO()
    crawler = get_crawler(settings_dict=settings)
    exporter = FlatCsvItemExporter.from_crawler(crawler, out, fields_to_export=["url", "headline", "authors"])
    exporter.start_exporting()
    exporter.export_item(item)
    exporter.finish_exporting()
    return list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"))))


def test_the_csv_exporter_neutralises_formulas_unless_told_not_to():
    item = ArticleItem(url="https://www.spotlightnepal.com/2024/10/22/a/", headline="=1+2", authors=[{"name": "A"}])
    assert _csv(item) == [{"url": item.url, "headline": "'=1+2", "authors": '[{"name":"A"}]'}]
    assert _csv(item, SPOTLIGHT_CSV_SAFE_CELLS=False)[0]["headline"] == "=1+2"
