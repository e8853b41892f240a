"""Judges (pure): each field picked from its witnesses, ``(name, value)`` readings named after
where they were read (``jsonld.datePublished``), in the order the judge trusts them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Generic, TypeVar

T = TypeVar("T")
Named = list[tuple[str, str]]  # the witnesses of a text field


@dataclass(frozen=True)
class Verdict(Generic[T]):
    """A field's value, the witness it came from, and the witnesses that disagreed."""

    value: T | None = None
    witness: str | None = None
    disagreements: tuple[tuple[str, str], ...] = ()


def disagreeing(witnesses: Sequence[tuple[str, T]], same: Callable[[T, T], bool]) -> tuple[tuple[str, str], ...]:
    """Every pair of witnesses (by name, in the order given) whose values ``same`` tells apart."""
    return tuple((a, b) for (a, va), (b, vb) in combinations(witnesses, 2) if not same(va, vb))
