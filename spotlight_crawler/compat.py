"""Every use of a library's private API: two adapters, each saying why no public API serves.

Each names the version it was written against (the pin in requirements.txt); an upgrade that
renames or drops what it reads raises ``LibraryChanged``, never a silent default.
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


def launch_playwright(handler: Any) -> Awaitable[None]:
    """Launch a scrapy-playwright handler created after engine start (``_maybe_launch_in_thread``).

    Why private: scrapy-playwright launches its browser only from its own ``engine_started``
    handler. The handler is created when a page first needs it (render.py), so a run
    that never renders never loads Playwright, and that late handler is launched here.
    """
    launch: Callable[[], Awaitable[None]] = private(
        handler, "_maybe_launch_in_thread", "scrapy-playwright", SCRAPY_PLAYWRIGHT
    )
    return launch()


class FeedOutput(NamedTuple):
    """One output of the feed exporter; ``file`` is None before its first record or once closed."""

    uri: str
    records: int
    storage: Any
    file: IO[bytes] | None


def feed_outputs(exporter: Any) -> list[FeedOutput]:
    """The feed exporter's outputs (``FeedExporter.slots``); none without an exporter.

    Why private: Scrapy has no public view of the feeds being written, and ``feed_slot_closed``
    comes too late: each line must reach the OS before its story is remembered as seen, and the
    summary names each output and its count while the run writes.
    """
    if exporter is None:
        return []
    slots: list[Any] = private(exporter, "slots", "scrapy", SCRAPY)
    return [
        FeedOutput(*(private(slot, name, "scrapy", SCRAPY) for name in ("uri", "itemcount", "storage", "file")))
        for slot in slots
    ]


def flush_feed_files(exporter: Any) -> None:
    """Push what the feed exporter has written to the OS: each open output file, flushed."""
    for output in feed_outputs(exporter):
        if output.file is not None and not output.file.closed:
            output.file.flush()
