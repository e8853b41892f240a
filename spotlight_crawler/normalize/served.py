"""When a response was served, from its ``Date`` header: ages, ``scraped_at`` and ``Retry-After``
count from it, so a replayed recording gives the same output."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any


def http_date(value: bytes | str | None) -> datetime | None:
    """An HTTP date (``Date``, ``Retry-After``) in UTC (no zone read as UTC), or None when absent or unreadable."""
    if value is None:
        return None
    try:
        moment = parsedate_to_datetime(value.decode("latin-1") if isinstance(value, bytes) else value)
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (TypeError, ValueError, IndexError, OverflowError):  # not a date in range
        return None


def served_at(headers: Any) -> datetime:
    """The ``Date`` of a response's ``headers`` (a mapping of bytes) in UTC, else the crawl clock."""
    return http_date(headers.get(b"Date")) or datetime.now(UTC)
