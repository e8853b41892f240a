"""The private APIs the project relies on, checked against the installed libraries.

Each test fails on the upgrade that breaks its adapter: the attribute or method is gone,
its signature changed, or the library no longer calls it where the project hooks in; and an
adapter given an object without it raises ``LibraryChanged`` instead of defaulting.
"""

from __future__ import annotations

import asyncio
import inspect
from importlib.metadata import version
from types import SimpleNamespace

import pytest
from scrapy import Request, Spider
from scrapy.commands import BaseRunSpiderCommand
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.dupefilters import RFPDupeFilter
from scrapy.extensions.feedexport import FeedExporter
from scrapy.utils.request import RequestFingerprinter
from scrapy.utils.test import get_crawler

from spotlight_crawler import compat
from spotlight_crawler.run.monitors import SpotlightSpidermon
from tests.crawl import ROOT

REQUIREMENTS = ROOT / "requirements.txt"


def params(function) -> list[str]:
    return list(inspect.signature(function).parameters)


@pytest.mark.parametrize(
    ("dist", "pinned"),
    [
        ("scrapy", compat.SCRAPY),
        ("spidermon", compat.SPIDERMON),
        ("scrapy-playwright", compat.SCRAPY_PLAYWRIGHT),
    ],
)
def test_the_adapters_name_the_installed_versions(dist, pinned):
    """An upgrade changes the pin in requirements.txt; this says to read compat.py again."""
    assert version(dist) == pinned
    assert f"{dist}=={pinned}" in REQUIREMENTS.read_text(encoding="utf-8").splitlines()


def test_an_adapter_given_an_object_without_the_attribute_says_what_is_gone():
    with pytest.raises(compat.LibraryChanged, match=r"scrapy: SimpleNamespace.slots is gone .*scrapy 2\.19\.0"):
        compat.feed_slots(SimpleNamespace())
    with pytest.raises(compat.LibraryChanged, match="_maybe_launch_in_thread is gone"):
        compat.launch_playwright(SimpleNamespace())
    with pytest.raises(compat.LibraryChanged, match="_generate_data_for_spider"):
        compat.spidermon_data(SimpleNamespace(), None)


# -- scrapy-playwright -------------------------------------------------------------------


def test_scrapy_playwright_launches_through_maybe_launch_in_thread_on_engine_start():
    from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler as Handler

    assert inspect.iscoroutinefunction(Handler._maybe_launch_in_thread)
    assert params(Handler._maybe_launch_in_thread) == ["self"]
    # The handler the project creates late would otherwise launch here, and this is what it calls.
    assert "self._maybe_launch_in_thread, signals.engine_started" in inspect.getsource(Handler.__init__)
    assert "self._launch()" in inspect.getsource(Handler._maybe_launch_in_thread)
    assert inspect.iscoroutinefunction(Handler.close) and inspect.iscoroutinefunction(Handler.download_request)


def test_launch_playwright_awaits_the_handlers_launch():
    launched = []

    async def launch() -> None:
        launched.append(True)

    asyncio.run(compat.launch_playwright(SimpleNamespace(_maybe_launch_in_thread=launch)))
    assert launched == [True]


# -- Spidermon -----------------------------------------------------------------------------


def test_spidermon_runs_every_suite_through_run_suites():
    from spidermon.contrib.scrapy.extensions import Spidermon

    assert params(Spidermon._run_suites) == ["self", "spider", "suites"]
    assert params(Spidermon._generate_data_for_spider) == ["self", "spider"]
    compat.check_spidermon_run_suites(SpotlightSpidermon)
    assert SpotlightSpidermon._run_suites is not Spidermon._run_suites


def test_a_spidermon_that_stopped_calling_run_suites_is_refused(monkeypatch):
    from spidermon.contrib.scrapy.extensions import Spidermon

    def spider_closed(self, spider):  # an upgrade that runs its suites some other way
        return None

    monkeypatch.setattr(Spidermon, "spider_closed", spider_closed)
    with pytest.raises(compat.LibraryChanged, match="no longer runs its suites through _run_suites"):
        compat.check_spidermon_run_suites(SpotlightSpidermon)


def test_spidermon_result_and_runner_keep_the_hooks_the_quiet_log_overrides():
    from spidermon.contrib.scrapy.runners import SpiderMonitorResult

    compat.check_spidermon_result_hooks()
    from spotlight_crawler.run.monitors import QuietResult

    assert {n for n in compat.SPIDERMON_RESULT_HOOKS if n in QuietResult.__dict__} == {
        "log_error",
        "write_errors",
        "write_item_result",
        "finish_step",
        "log",
    }
    assert "log_info" in SpiderMonitorResult.__dict__


def test_a_renamed_result_hook_is_refused(monkeypatch):
    from spidermon.contrib.scrapy.runners import SpiderMonitorResult

    monkeypatch.delattr(SpiderMonitorResult, "write_item_result")
    with pytest.raises(compat.LibraryChanged, match=r"SpiderMonitorResult\.write_item_result is gone"):
        compat.check_spidermon_result_hooks()


def test_spidermon_item_validation_is_what_the_validation_pipeline_builds_on():
    compat.check_spidermon_validation_hooks()


def test_a_changed_spidermon_validation_hook_is_refused(monkeypatch):
    from spidermon.contrib.scrapy.stats import ValidationStatsManager

    monkeypatch.setattr(ValidationStatsManager, "_get_stats_name", lambda self, name: name)
    with pytest.raises(compat.LibraryChanged, match=r"ValidationStatsManager\._get_stats_name takes"):
        compat.check_spidermon_validation_hooks()


def test_a_spidermon_process_item_with_other_steps_is_refused(monkeypatch):
    from spidermon.contrib.scrapy.pipelines import ItemValidationPipeline

    def process_item(self, item, spider=None):
        return item

    monkeypatch.setattr(ItemValidationPipeline, "process_item", process_item)
    with pytest.raises(compat.LibraryChanged, match=r"no longer does self\.find_validators\(item\)"):
        compat.check_spidermon_validation_hooks()


def test_spidermon_data_is_what_a_suite_run_takes():
    crawler = get_crawler(Spider, {"SPIDERMON_ENABLED": True})
    crawler.spider = Spider("x")
    extension = SpotlightSpidermon.from_crawler(crawler)
    data = compat.spidermon_data(extension, crawler.spider)
    assert {"crawler", "spider", "stats"} <= set(data)


# -- Scrapy --------------------------------------------------------------------------------


def test_feed_exporter_keeps_its_outputs_in_slots_with_uri_and_itemcount(tmp_path):
    target = tmp_path / "out.jsonl"
    crawler = get_crawler(Spider, {"FEEDS": {str(target): {"format": "jsonlines"}}})
    exporter = FeedExporter.from_crawler(crawler)
    assert compat.feed_slots(exporter) == []  # none opened yet
    exporter.slots.append(SimpleNamespace(uri=target.as_uri(), itemcount=3))
    assert compat.feed_outputs(exporter) == [(target.as_uri(), 3)]
    assert compat.feed_outputs(None) == []  # no feed exporter: no outputs
    assert "self.slots" in inspect.getsource(FeedExporter.__init__)


def test_feed_files_are_flushed_through_the_slots_file(tmp_path):
    from scrapy.extensions.feedexport import FeedSlot

    assert "self.file" in inspect.getsource(FeedSlot.start_exporting)
    crawler = get_crawler(Spider, {"FEEDS": {str(tmp_path / "out.jsonl"): {"format": "jsonlines"}}})
    exporter = FeedExporter.from_crawler(crawler)
    written = (tmp_path / "written.jsonl").open("w")
    written.write("{}\n")
    exporter.slots.append(SimpleNamespace(file=written))
    exporter.slots.append(SimpleNamespace(file=None))  # an output not yet started
    compat.flush_feed_files(exporter)
    assert (tmp_path / "written.jsonl").read_text() == "{}\n"
    written.close()
    compat.flush_feed_files(exporter)  # a closed file is left alone
    exporter.slots.append(SimpleNamespace())
    with pytest.raises(compat.LibraryChanged, match=r"SimpleNamespace\.file is gone"):
        compat.flush_feed_files(exporter)


def test_retry_middleware_retries_through_retry():
    assert params(RetryMiddleware._retry) == ["self", "request", "reason"]
    crawler = get_crawler(Spider, {"RETRY_TIMES": 1})
    crawler.spider = Spider.from_crawler(crawler, name="x")
    middleware = RetryMiddleware.from_crawler(crawler)
    retry = compat.retry_request(middleware, Request("http://127.0.0.1/a"), "503 Service Unavailable")
    assert retry is not None and retry.meta["retry_times"] == 1
    assert compat.retry_request(middleware, retry, "503 Service Unavailable") is None  # spent


def test_the_crawl_command_creates_its_crawler_through_create_crawler():
    assert params(BaseRunSpiderCommand._create_crawler) == ["self", "spidercls"]
    assert "self._create_crawler(" in inspect.getsource(ScrapyCrawlCommand.run)


def test_rfp_dupefilter_keeps_its_fingerprints_where_the_sqlite_filter_puts_its_set():
    compat.check_rfp_dupefilter()
    filtered = RFPDupeFilter()
    assert isinstance(getattr(filtered, compat.RFP_FINGERPRINTS), set)


def test_an_rfp_dupefilter_with_another_set_is_refused(monkeypatch):
    def request_seen(self, request):
        return False

    monkeypatch.setattr(RFPDupeFilter, "request_seen", request_seen)
    with pytest.raises(compat.LibraryChanged, match=r"request_seen no longer uses self\._fingerprints"):
        compat.check_rfp_dupefilter()


def test_requests_seen_records_are_read_back_as_scrapy_writes_them(tmp_path):
    fingerprints = [bytes([n]) * 20 for n in range(3)]
    scrapys = RFPDupeFilter(str(tmp_path))
    for n in range(3):
        scrapys.request_seen(Request(f"http://127.0.0.1/{n}"))
    scrapys.close("finished")
    written = (tmp_path / "requests.seen").read_bytes()
    assert list(compat.read_requests_seen(written)) == [
        RequestFingerprinter().fingerprint(Request(f"http://127.0.0.1/{n}")) for n in range(3)
    ]
    data = b"".join(compat.requests_seen_record(fp) for fp in fingerprints)
    assert list(compat.read_requests_seen(data)) == fingerprints
    assert list(compat.read_requests_seen(data[:-1])) == fingerprints[:2]  # a torn last record


def test_feed_storages_are_the_slots_storage(tmp_path):
    from scrapy.extensions.feedexport import FeedSlot

    assert "self.storage" in inspect.getsource(FeedSlot.__init__)
    crawler = get_crawler(Spider, {"FEEDS": {str(tmp_path / "out.jsonl"): {"format": "jsonlines"}}})
    exporter = FeedExporter.from_crawler(crawler)
    storage = object()
    exporter.slots.append(SimpleNamespace(storage=storage))
    assert compat.feed_storages(exporter) == [storage]
    assert compat.feed_storages(None) == []
