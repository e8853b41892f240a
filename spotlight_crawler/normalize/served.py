"""When a response was served, from its ``Date`` header: ages, ``scraped_at`` and ``Retry-After``
count from it, so a replayed recording gives the same output."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any


def served_at(headers: Any) -> datetime:
    """The ``Date`` of a response's ``headers`` (a mapping of bytes) in UTC, else the crawl clock."""
    try:
        moment = parsedate_to_datetime(bytes(headers.get(b"Date")).decode("latin-1"))
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (TypeError, ValueError, IndexError, OverflowError):  # none, or not a date in range
        return datetime.now(UTC)
