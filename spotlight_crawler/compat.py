"""Every use of a library's private API, each behind one small adapter.

Each adapter names the version it was written against (the pin in requirements.txt) and
checks what it relies on: an upgrade that renames or drops it fails loudly here, with a
``LibraryChanged`` naming the attribute and the pinned version, not silently with a default.
tests/test_compat.py checks each of them against the installed versions.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

# Versions the adapters below were written against (requirements.txt).
SCRAPY = "2.19.0"
SPIDERMON = "1.27.0"
SCRAPY_PLAYWRIGHT = "0.0.48"


class LibraryChanged(RuntimeError):
    """A private API this project relies on is not what the pinned version had."""


def private(owner: Any, name: str, library: str, pinned: str) -> Any:
    """``owner.name``, or a ``LibraryChanged`` saying what is gone and from which version."""
    try:
        return getattr(owner, name)
    except AttributeError:
        what = owner.__name__ if isinstance(owner, type) else type(owner).__name__
        raise LibraryChanged(
            f"{library}: {what}.{name} is gone (this project was written against {library} {pinned}; "
            "see spotlight_crawler/compat.py)"
        ) from None


# -- scrapy-playwright 0.0.48 --------------------------------------------------------------


def launch_playwright(handler: Any) -> Awaitable[None]:
    """Start a scrapy-playwright handler created after engine start (its own launch runs on
    ``engine_started``): ``ScrapyPlaywrightDownloadHandler._maybe_launch_in_thread``."""
    launch: Callable[[], Awaitable[None]] = private(
        handler, "_maybe_launch_in_thread", "scrapy-playwright", SCRAPY_PLAYWRIGHT
    )
    return launch()


# -- Spidermon 1.27.0 ----------------------------------------------------------------------


def spidermon_data(extension: Any, spider: Any) -> dict[str, Any]:
    """What Spidermon passes a monitor suite run: ``Spidermon._generate_data_for_spider``."""
    generate = private(extension, "_generate_data_for_spider", "spidermon", SPIDERMON)
    data: dict[str, Any] = generate(spider)
    return data


# The method every Spidermon signal handler runs its suites through; overriding it is the
# only way to give a run a runner of one's own (SpotlightSpidermon's quiet log).
SPIDERMON_RUN_SUITES = "_run_suites"


def check_spidermon_run_suites(extension_class: type) -> None:
    """Refuse a Spidermon whose handlers no longer call ``_run_suites(spider, suites)``."""
    from spidermon.contrib.scrapy.extensions import Spidermon

    method = private(Spidermon, SPIDERMON_RUN_SUITES, "spidermon", SPIDERMON)
    if list(inspect.signature(method).parameters) != ["self", "spider", "suites"]:
        raise LibraryChanged(
            f"spidermon: Spidermon.{SPIDERMON_RUN_SUITES} takes {inspect.signature(method)}, "
            f"not (self, spider, suites) as in spidermon {SPIDERMON}"
        )
    if f"self.{SPIDERMON_RUN_SUITES}(spider" not in inspect.getsource(Spidermon.spider_closed):
        raise LibraryChanged(
            f"spidermon: Spidermon.spider_closed no longer runs its suites through {SPIDERMON_RUN_SUITES} "
            f"({extension_class.__name__} overrides it, as in spidermon {SPIDERMON})"
        )


# -- Scrapy 2.19.0 -------------------------------------------------------------------------


def feed_slots(exporter: Any) -> list[Any]:
    """The feed exporter's outputs (``FeedExporter.slots``, undocumented); none without one.

    A ``FeedExporter`` without ``slots`` is an upgrade that changed it: ``LibraryChanged``,
    not an empty list that would make a run look like it wrote nothing.
    """
    if exporter is None:
        return []
    slots: list[Any] = private(exporter, "slots", "scrapy", SCRAPY)
    return list(slots)


def feed_outputs(exporter: Any) -> list[tuple[str, int]]:
    """``(uri, records written)`` per output of the feed exporter (``FeedSlot.uri``, ``.itemcount``)."""
    return [
        (str(private(slot, "uri", "scrapy", SCRAPY)), int(private(slot, "itemcount", "scrapy", SCRAPY)))
        for slot in feed_slots(exporter)
    ]


def feed_storages(exporter: Any) -> list[Any]:
    """The storage of each output of the feed exporter (``FeedSlot.storage``)."""
    return [private(slot, "storage", "scrapy", SCRAPY) for slot in feed_slots(exporter)]


def flush_feed_files(exporter: Any) -> None:
    """Push what the feed exporter has written to the OS: each open ``FeedSlot.file``, flushed."""
    for slot in feed_slots(exporter):
        file = private(slot, "file", "scrapy", SCRAPY)
        if file is not None and not file.closed:
            file.flush()


def retry_request(middleware: Any, request: Any, reason: str) -> Any:
    """The retry of ``request`` by a ``RetryMiddleware`` (its retry limits, priority and give-up
    log level, from meta or settings), or None when it is spent: ``RetryMiddleware._retry``."""
    return private(middleware, "_retry", "scrapy", SCRAPY)(request, reason)


def create_crawler(command: Any, spider: str) -> Any:
    """The crawler ``scrapy crawl`` would make for ``spider`` (with its unused-feed warning):
    ``BaseRunSpiderCommand._create_crawler``."""
    return private(command, "_create_crawler", "scrapy", SCRAPY)(spider)


# The set of fingerprints an ``RFPDupeFilter`` keeps (``request_seen`` looks requests up in
# it, the deprecated ``fingerprints`` property reads it): dupefilter.py puts its SQLite set there.
RFP_FINGERPRINTS = "_fingerprints"


def read_requests_seen(data: bytes) -> Iterator[bytes]:
    """The fingerprints in a JOBDIR's ``requests.seen`` (a truncated last one left out):
    ``scrapy.dupefilters._read_fingerprints``."""
    import scrapy.dupefilters

    reader: Callable[[bytes], Iterator[bytes]] = private(scrapy.dupefilters, "_read_fingerprints", "scrapy", SCRAPY)
    return reader(data)


def requests_seen_record(fingerprint: bytes) -> bytes:
    """One fingerprint as ``RFPDupeFilter`` appends it to ``requests.seen``: its length in
    ``scrapy.dupefilters._SIZE_BYTES`` big-endian bytes, then the fingerprint."""
    import scrapy.dupefilters

    size: int = private(scrapy.dupefilters, "_SIZE_BYTES", "scrapy", SCRAPY)
    return len(fingerprint).to_bytes(size, "big") + fingerprint


def check_rfp_dupefilter() -> None:
    """Refuse an ``RFPDupeFilter`` that no longer keeps its fingerprints in ``_fingerprints``
    or no longer takes ``(path, debug, *, fingerprinter)``, as in scrapy 2.19.0."""
    from scrapy.dupefilters import RFPDupeFilter

    found = list(inspect.signature(RFPDupeFilter.__init__).parameters)
    if found != ["self", "path", "debug", "fingerprinter"]:
        raise LibraryChanged(
            f"scrapy: RFPDupeFilter.__init__ takes {found}, not (self, path, debug, *, fingerprinter) as in scrapy {SCRAPY}"
        )
    for method in (RFPDupeFilter.__init__, RFPDupeFilter.request_seen):
        if f"self.{RFP_FINGERPRINTS}" not in inspect.getsource(method):
            raise LibraryChanged(
                f"scrapy: RFPDupeFilter.{method.__name__} no longer uses self.{RFP_FINGERPRINTS} "
                f"as in scrapy {SCRAPY} (spotlight_crawler/dupefilter.py replaces it)"
            )


# What pipelines/validate.py builds on in Spidermon 1.27.0's item validation: the methods it
# overrides or calls (with their parameters), and what its own process_item repeats of
# Spidermon's, step by step (the names Spidermon's process_item must still go through).
SPIDERMON_VALIDATION_HOOKS = {
    ("ItemValidationPipeline", "_drop_item"): ["self", "item", "errors"],
    ("ItemValidationPipeline", "_load_jsonschema_validator"): ["schema"],
    ("ItemValidationPipeline", "_add_error_stats"): ["self", "errors"],
    ("ItemValidationPipeline", "_add_errors_to_item"): ["self", "item", "errors"],
    ("ItemValidationPipeline", "find_validators"): ["self", "item"],
    ("JSONSchemaValidator", "_validate"): ["self", "data", "strict"],
    ("ValidationStatsManager", "_get_stats_name"): ["self", "names"],
}
SPIDERMON_PROCESS_ITEM_STEPS = (
    "self.find_validators(item)",
    "self.stats.add_item()",
    "self.stats.add_fields(",
    "validator.validate(",
    "self._add_error_stats(errors)",
    "self.add_errors_to_items",
    "self._add_errors_to_item(",
    "self.drop_items_with_errors",
    "self._drop_item(item, errors)",
)


def check_spidermon_validation_hooks() -> None:
    """Refuse a Spidermon whose item validation is no longer what ``pipelines/validate.py``
    overrides and repeats (spidermon 1.27.0): a renamed hook would be silently unused, a
    changed ``process_item`` silently not mirrored."""
    from spidermon.contrib.scrapy.pipelines import ItemValidationPipeline
    from spidermon.contrib.scrapy.stats import ValidationStatsManager
    from spidermon.contrib.validation import JSONSchemaValidator

    owners = {cls.__name__: cls for cls in (ItemValidationPipeline, JSONSchemaValidator, ValidationStatsManager)}
    for (owner, name), expected in SPIDERMON_VALIDATION_HOOKS.items():
        method = private(owners[owner], name, "spidermon", SPIDERMON)
        if list(inspect.signature(method).parameters) != expected:
            raise LibraryChanged(
                f"spidermon: {owner}.{name} takes {inspect.signature(method)}, "
                f"not ({', '.join(expected)}) as in spidermon {SPIDERMON}"
            )
    source = inspect.getsource(ItemValidationPipeline.process_item)
    missing = [step for step in SPIDERMON_PROCESS_ITEM_STEPS if step not in source]
    if missing:
        raise LibraryChanged(
            f"spidermon: ItemValidationPipeline.process_item no longer does {', '.join(missing)} "
            f"as in spidermon {SPIDERMON} (pipelines/validate.py repeats its steps)"
        )


# Spidermon 1.27.0's result and runner hooks run_monitors.QuietResult and QuietRunner override
# (public names, but undocumented): a rename would leave the override silently unused.
SPIDERMON_RESULT_HOOKS = {
    "log_error": ["self", "msg"],
    "log_info": ["self", "msg"],
    "write_errors": ["self"],
    "write_item_result": ["self", "item", "extra"],
    "finish_step": ["self"],
    "log": ["self", "msg", "level"],
}


def check_spidermon_result_hooks() -> None:
    """Refuse a Spidermon whose monitor result or runner no longer has the hooks overridden."""
    from spidermon.contrib.scrapy.runners import SpiderMonitorResult, SpiderMonitorRunner

    hooks = {f"SpiderMonitorResult.{n}": (SpiderMonitorResult, n, p) for n, p in SPIDERMON_RESULT_HOOKS.items()}
    hooks["SpiderMonitorRunner.create_result"] = (SpiderMonitorRunner, "create_result", ["self"])
    for label, (owner, name, expected) in hooks.items():
        found = list(inspect.signature(private(owner, name, "spidermon", SPIDERMON)).parameters)
        if found != expected:
            raise LibraryChanged(f"spidermon: {label} takes {found}, not {expected} as in spidermon {SPIDERMON}")
