"""The authors' judge: every name the page credits, from the witness that names them all."""

from __future__ import annotations

from collections.abc import Sequence

from spotlight_crawler.judge import Verdict, disagreeing
from spotlight_crawler.judge.body import line_key
from spotlight_crawler.normalize import Author


def _names(authors: list[Author]) -> frozenset[str]:
    return frozenset(line_key(a["name"]) for a in authors)


def same_authors(a: list[Author], b: list[Author]) -> bool:
    """Whether two witnesses credit the same names (spacing and case aside)."""
    return _names(a) == _names(b)


def judge_authors(witnesses: Sequence[tuple[str, list[Author]]], publisher: str | None = None) -> Verdict[list[Author]]:
    """The authors of the story, and the witness that gave them: the most trusted, unless
    another names a strict superset; one crediting only ``publisher`` gives way."""
    present = [(name, authors) for name, authors in witnesses if authors]
    if not present:
        return Verdict()
    own = {line_key(publisher)} if publisher else set()
    naming = [(name, authors) for name, authors in present if _names(authors) - own] or present
    chosen_name, chosen = naming[0]
    for name, authors in naming[1:]:
        # The publication's own name beside a person's is its masthead, not one more author.
        if _names(authors) - own > _names(chosen) - own:
            chosen_name, chosen = name, authors
    return Verdict(chosen, chosen_name, disagreeing(present, same_authors))
