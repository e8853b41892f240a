"""A cache for readers of short printed texts (bylines, issue lines).

The same few bylines and issue lines recur over many stories, so their readers are worth
caching; a long text is read each time and never kept, so a hostile page cannot fill the
cache with large strings.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

T = TypeVar("T")


def short_text_cache(maxsize: int, max_len: int) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """``read(text)`` cached (``maxsize`` texts) for texts of at most ``max_len`` characters."""

    def decorate(read: Callable[[str], T]) -> Callable[[str], T]:
        cached = lru_cache(maxsize=maxsize)(read)

        @wraps(read)
        def lookup(text: str) -> T:
            return cached(text) if len(text) <= max_len else read(text)

        return lookup

    return decorate
