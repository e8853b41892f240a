"""Every use of a library's private API: two adapters, each saying why no public API serves, written
against the pins below (requirements.txt); an upgrade that renames what they read fails here."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import IO, Any, NamedTuple

SCRAPY = "2.19.0"
SCRAPY_PLAYWRIGHT = "0.0.48"


def launch_playwright(handler: Any) -> Awaitable[None]:
    """Launch a scrapy-playwright handler created after engine start (``_maybe_launch_in_thread``).
    Why private: scrapy-playwright launches only from its own ``engine_started``, which has passed by then."""
    return handler._maybe_launch_in_thread()


class FeedOutput(NamedTuple):
    """One output of the feed exporter; ``file`` is None before its first record or once closed."""

    uri: str
    records: int
    storage: Any
    file: IO[bytes] | None


def feed_outputs(exporter: Any) -> list[FeedOutput]:
    """The feed exporter's outputs (``FeedExporter.slots``); none without an exporter. Why private: Scrapy
    has no public view of the feeds being written (``feed_slot_closed`` comes after the stories are seen)."""
    if exporter is None:
        return []
    return [FeedOutput(slot.uri, slot.itemcount, slot.storage, slot.file) for slot in exporter.slots]


def flush_feed_files(exporter: Any) -> None:
    """Push what the feed exporter has written to the OS: each open output file, flushed."""
    for output in feed_outputs(exporter):
        if output.file is not None and not output.file.closed:
            output.file.flush()
