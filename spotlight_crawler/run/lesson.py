"""What the site's feed taught a run, as the summary and the report show it (from the stats).

Per field the run's lesson asked first (``spotlight/taught/<field>/...``): the witness, on how
many taught pages it was proven, the share of the run's article pages (the records before
duplicates are dropped) whose field it gave; and the
one line saying what this run learned or dropped. Example::

      taught by the feed: published_at after 'Posted on' (printed.date_after:posted on): proven on 12 feed stories, served 40 of 40 article pages
      learned: published_at: the site now prints it after 'Published'; learned from 12 feed stories
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spotlight_crawler.judge.taught import FIELDS, describe
from spotlight_crawler.run import keys


@dataclass(frozen=True)
class Taught:
    """One field of a run's lesson."""

    field: str
    witness: str
    proven: int
    served: int
    pages: int


def lesson_rows(stats: dict[str, Any]) -> list[Taught]:
    """The run's lesson, field by field (fields the feed carries, in their usual order)."""
    pages = int(stats.get(keys.ARTICLE_PAGES, 0) or 0)
    return [
        Taught(
            name,
            str(witness),
            int(stats.get(keys.taught_proven(name), 0)),
            int(stats.get(keys.taught_served(name), 0)),
            pages,
        )
        for name in FIELDS
        if (witness := stats.get(keys.taught_witness(name)))
    ]


def lesson_lines(stats: dict[str, Any]) -> list[str]:
    """The summary's lines of the lesson (none for a run that has none and learned nothing)."""
    lines = [
        f"  taught by the feed: {t.field} {describe(t.witness)} ({t.witness}): proven on {t.proven} feed stories, "
        f"served {t.served} of {t.pages} article pages"
        for t in lesson_rows(stats)
    ]
    lines += [f"  learned: {line}" for name in FIELDS if (line := stats.get(keys.taught_news(name)))]
    return lines
