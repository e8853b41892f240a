"""The private APIs the project relies on (spotlight_crawler/compat.py), checked against the
installed libraries: an adapter given an object without what it reads raises, never
defaults. What each adapter serves is checked by the crawls
that use it (the browser, the run summary's outputs, "seen means written").
"""

from __future__ import annotations

import asyncio
import inspect
from importlib.metadata import version
from pathlib import Path
from types import SimpleNamespace

import pytest
from scrapy import Spider
from scrapy.extensions.feedexport import FeedExporter
from scrapy.utils.test import get_crawler

from spotlight_crawler import compat
from tests.crawl import ROOT

REQUIREMENTS = ROOT / "requirements.txt"
PACKAGE = ROOT / "spotlight_crawler"


@pytest.mark.parametrize(
    ("dist", "pinned"), [("scrapy", compat.SCRAPY), ("scrapy-playwright", compat.SCRAPY_PLAYWRIGHT)]
)
def test_the_adapters_name_the_installed_versions(dist, pinned):
    """An upgrade changes the pin in requirements.txt; this says to read compat.py again."""
    assert version(dist) == pinned
    assert f"{dist}=={pinned}" in REQUIREMENTS.read_text(encoding="utf-8").splitlines()


def test_at_most_three_adapters_each_saying_why_no_public_api_serves():
    adapters = [f for f in vars(compat).values() if inspect.isfunction(f) and "Why private:" in (f.__doc__ or "")]
    assert len(adapters) == 2


def test_the_package_reads_no_librarys_source_text():
    assert [p for p in PACKAGE.rglob("*.py") if "getsource" in p.read_text(encoding="utf-8")] == []


def test_an_adapter_given_an_object_without_the_attribute_raises():
    with pytest.raises(AttributeError, match="slots"):
        compat.feed_outputs(SimpleNamespace())
    with pytest.raises(AttributeError, match="_maybe_launch_in_thread"):
        compat.launch_playwright(SimpleNamespace())


def test_scrapy_playwright_still_has_the_launch_the_adapter_calls():
    from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler as Handler

    assert inspect.iscoroutinefunction(Handler._maybe_launch_in_thread)
    assert list(inspect.signature(Handler._maybe_launch_in_thread).parameters) == ["self"]


def test_launch_playwright_awaits_the_handlers_launch():
    launched = []

    async def launch() -> None:
        launched.append(True)

    asyncio.run(compat.launch_playwright(SimpleNamespace(_maybe_launch_in_thread=launch)))
    assert launched == [True]


def test_feed_outputs_are_the_exporters_slots(tmp_path):
    target = tmp_path / "out.jsonl"
    crawler = get_crawler(Spider, {"FEEDS": {str(target): {"format": "jsonlines"}}})
    exporter = FeedExporter.from_crawler(crawler)
    assert compat.feed_outputs(exporter) == []  # none opened yet
    storage = object()
    exporter.slots.append(SimpleNamespace(uri=target.as_uri(), itemcount=3, storage=storage, file=None))
    assert compat.feed_outputs(exporter) == [(target.as_uri(), 3, storage, None)]
    assert compat.feed_outputs(None) == []  # no feed exporter: no outputs


def test_feed_files_are_flushed_to_the_os(tmp_path):
    crawler = get_crawler(Spider, {"FEEDS": {str(tmp_path / "out.jsonl"): {"format": "jsonlines"}}})
    exporter = FeedExporter.from_crawler(crawler)
    written = Path(tmp_path / "written.jsonl").open("wb")  # noqa: SIM115
    written.write(b"{}\n")
    slot = {"uri": "", "itemcount": 1, "storage": None}
    exporter.slots.append(SimpleNamespace(**slot, file=written))
    exporter.slots.append(SimpleNamespace(**slot, file=None))  # an output not yet started
    compat.flush_feed_files(exporter)
    assert (tmp_path / "written.jsonl").read_text() == "{}\n"
    written.close()
    compat.flush_feed_files(exporter)  # a closed file is left alone
    exporter.slots.append(SimpleNamespace(**slot))
    with pytest.raises(AttributeError, match="file"):
        compat.flush_feed_files(exporter)
