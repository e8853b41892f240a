"""Judges: each field of a record picked from its named witnesses.

A witness is one independent reading of a field, named stably after where it was read
(``jsonld.datePublished``, ``meta.article:published_time``, ``printed.date_line``,
``trafilatura.main``...). A field's witnesses are a list of ``(name, value)`` in the order
the judge trusts them; the judge picks a value with what is known of the site and says
which witness gave it. Witnesses that disagree are reported as pairs of names, so a run can
count them per field and pair (and a later run can trust the witness that is right most).

Pure: strings in, strings out; nothing here imports Scrapy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Generic, TypeVar

T = TypeVar("T")
Witness = tuple[str, T]


@dataclass(frozen=True)
class Verdict(Generic[T]):
    """A field's value, the witness it came from, and the witnesses that disagreed."""

    value: T | None = None
    witness: str | None = None
    disagreements: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def disagreeing(witnesses: Sequence[Witness[T]], same: Callable[[T, T], bool]) -> tuple[tuple[str, str], ...]:
    """Every pair of witnesses (by name, in the order given) whose values ``same`` tells apart."""
    return tuple((a, b) for (a, va), (b, vb) in combinations(witnesses, 2) if not same(va, vb))


def first(witnesses: Sequence[Witness[T]]) -> Witness[T] | None:
    """The first witness with a value (the most trusted, when they are listed by trust)."""
    return next(((name, value) for name, value in witnesses if value), None)
