"""Every use of a library's private API, each behind one small adapter: two, each saying why
no public API serves.

Each adapter names the version it was written against (the pin in requirements.txt) and
checks what it relies on: an upgrade that renames or drops it fails loudly here, with a
``LibraryChanged`` naming the attribute and the pinned version, not silently with a default.
tests/test_compat.py checks each of them against the installed versions.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import IO, Any, NamedTuple

# Versions the adapters below were written against (requirements.txt).
SCRAPY = "2.19.0"
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
    """Start a scrapy-playwright handler created after engine start: ``ScrapyPlaywrightDownloadHandler._maybe_launch_in_thread``.

    Why private: scrapy-playwright launches its browser only from its own ``engine_started``
    handler, and has no public call to launch it later. The browser handler is created only
    when a page first needs it (browser_handler.py), so a run that never renders never loads
    Playwright; that handler must then be started by this call.
    """
    launch: Callable[[], Awaitable[None]] = private(
        handler, "_maybe_launch_in_thread", "scrapy-playwright", SCRAPY_PLAYWRIGHT
    )
    return launch()


# -- Scrapy 2.19.0 -------------------------------------------------------------------------


class FeedOutput(NamedTuple):
    """One output of the feed exporter: its URI, the records written to it, its storage and
    its open file (None before its first record, or once closed by Scrapy)."""

    uri: str
    records: int
    storage: Any
    file: IO[bytes] | None


def feed_outputs(exporter: Any) -> list[FeedOutput]:
    """The feed exporter's outputs (``FeedExporter.slots``: ``FeedSlot.uri``, ``.itemcount``,
    ``.storage``, ``.file``); none without an exporter.

    Why private: Scrapy offers no public view of the feeds being written. The
    ``feed_slot_closed`` signal comes after a feed is closed, too late for what a run needs
    while it writes: each line pushed to the OS before the state remembers its story ("seen
    means written"), the output files' paths to register the run with, and each output's
    count for the summary. A ``FeedExporter`` without ``slots`` is an upgrade that changed it:
    ``LibraryChanged``, not an empty list that would make a run look like it wrote nothing.
    """
    if exporter is None:
        return []
    slots: list[Any] = private(exporter, "slots", "scrapy", SCRAPY)
    return [
        FeedOutput(
            str(private(slot, "uri", "scrapy", SCRAPY)),
            int(private(slot, "itemcount", "scrapy", SCRAPY)),
            private(slot, "storage", "scrapy", SCRAPY),
            private(slot, "file", "scrapy", SCRAPY),
        )
        for slot in slots
    ]


def flush_feed_files(exporter: Any) -> None:
    """Push what the feed exporter has written to the OS: each open output file, flushed."""
    for output in feed_outputs(exporter):
        if output.file is not None and not output.file.closed:
            output.file.flush()
