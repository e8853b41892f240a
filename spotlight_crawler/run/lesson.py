"""What the site's feed taught a run (``spotlight/taught/...``), as the summary and the report show it."""

from __future__ import annotations

from typing import Any, NamedTuple

from spotlight_crawler.judge.taught import FIELDS, describe
from spotlight_crawler.run import keys


class Taught(NamedTuple):
    """A field of a run's lesson: the witness asked first, taught pages proving it, article pages served of ``pages``."""

    field: str
    witness: str
    proven: int
    served: int
    pages: int


def lesson_rows(stats: dict[str, Any]) -> list[Taught]:
    """The run's lesson, field by field, in the feed's usual order of fields."""
    pages = int(stats.get(keys.ARTICLE_PAGES, 0) or 0)
    rows = []
    for name in FIELDS:
        if witness := stats.get(keys.taught_witness(name)):
            proven, served = int(stats.get(keys.taught_proven(name), 0)), int(stats.get(keys.taught_served(name), 0))
            rows.append(Taught(name, str(witness), proven, served, pages))
    return rows


def lesson_lines(stats: dict[str, Any]) -> list[str]:
    """The summary's lines: one per field taught, one per field this run learned or dropped."""
    lines = [
        f"  taught by the feed: {t.field} {describe(t.witness)} ({t.witness}): proven on {t.proven} feed stories, "
        f"served {t.served} of {t.pages} article pages"
        for t in lesson_rows(stats)
    ]
    return lines + [f"  learned: {line}" for name in FIELDS if (line := stats.get(keys.taught_news(name)))]
