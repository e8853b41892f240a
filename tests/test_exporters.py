"""The JSON Lines exporter writes Scrapy's bytes, through its own path or Scrapy's."""

from __future__ import annotations

import csv
import dataclasses
import io
from typing import Any

import pytest
import scrapy
from scrapy.exporters import JsonLinesItemExporter
from scrapy.utils.test import get_crawler

from spotlight_crawler.exporters import FlatCsvItemExporter, JsonLinesExporter, safe_cell
from spotlight_crawler.items import FIELD_NAMES, ArticleItem, mark_from_listing


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


@dataclasses.dataclass
class _Serialized:
    name: str
    count: int = dataclasses.field(default=0, metadata={"serializer": lambda n: f"#{n}"})


class _Declared(scrapy.Item):
    name = scrapy.Field()
    count = scrapy.Field(serializer=str)


def _both(items: list[Any], **options: Any) -> tuple[bytes, bytes]:
    ours, scrapys = io.BytesIO(), io.BytesIO()
    mine, theirs = JsonLinesExporter(ours, **options), JsonLinesItemExporter(scrapys, **options)
    for exporter in (mine, theirs):
        exporter.start_exporting()
        for item in items:
            exporter.export_item(item)
        exporter.finish_exporting()
    return ours.getvalue(), scrapys.getvalue()


_ITEMS = [
    _record(),
    ArticleItem(url="https://www.spotlightnepal.com/2024/10/21/b/"),
    {"url": "x", "headline": "a dict", "extra": [1, 2]},
    _Serialized("n", 3),
    _Declared(name="declared", count=4),
]


@pytest.mark.parametrize(
    "options",
    [
        {"encoding": "utf-8", "fields_to_export": list(FIELD_NAMES)},  # as the project's feeds
        {"encoding": "utf-8"},
        {},  # no encoding: ASCII escapes
        {"encoding": "latin-1", "fields_to_export": ["url", "headline"]},
        {"encoding": "utf-8", "fields_to_export": ["headline", "url", "name", "missing"]},
        {"encoding": "utf-8", "fields_to_export": {"url": "link", "headline": "title"}},
        {"encoding": "utf-8", "fields_to_export": ["url", "missing"], "export_empty_fields": True},
    ],
)
def test_the_same_bytes_as_scrapys_exporter(options):
    items = _ITEMS if options.get("encoding") != "latin-1" else _ITEMS[1:]
    ours, scrapys = _both(items, **options)
    assert ours == scrapys
    assert ours.count(b"\n") == len(items)


def test_a_record_of_the_project_takes_its_own_path():
    """The path that skips ItemAdapter is taken for ArticleItem, not for a record whose
    field declares a serializer."""
    exporter = JsonLinesExporter(io.BytesIO(), encoding="utf-8", fields_to_export=list(FIELD_NAMES))
    exporter.export_item(_record())
    exporter.export_item(_Serialized("n"))
    assert exporter._plain == {ArticleItem: FIELD_NAMES, _Serialized: None}


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
