"""When a response was served, from its ``Date`` header (pure: headers in, a datetime out).

Relative ages, ``scraped_at`` and a ``Retry-After`` date all count from the time the site
answered, not from the crawl clock, so a replayed recording gives the same output.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any


def served_at(headers: Any) -> datetime:
    """The ``Date`` of a response's ``headers`` (a mapping of bytes), else the crawl clock."""
    header = headers.get(b"Date")
    if header:
        try:
            moment = parsedate_to_datetime(header.decode("latin-1"))
        except (TypeError, ValueError, IndexError):
            moment = None
        if moment is not None:
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.now(UTC)
