"""When two records are one story (pure): the same canonical URL, or a repost: an equal
headline key *and* bodies at least ``threshold`` similar. A headline alone never is."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from spotlight_crawler.identity.fingerprint import similarity

Candidate = tuple[str, bytes | None]  # (url, body fingerprint) of an emitted story

Outcome = Literal["new", "repost", "kept_other_text", "kept_no_body", "kept_unknown_text"]


@dataclass(frozen=True)
class Verdict:
    """``outcome`` for a record; for a repost, where its original was met, its URL and the similarity."""

    outcome: Outcome
    where: str = ""
    first: str | None = None
    score: float | None = None


def judge(
    url: str | None, fingerprint: bytes | None, sources: Iterable[tuple[str, list[Candidate]]], threshold: float
) -> Verdict:
    """Whether a record with a known headline key is a repost of a story in ``sources``: (where,
    stories with the same headline key), searched in order, other URLs only."""
    sources = [(where, candidates) for where, candidates in sources if candidates]
    if not sources:
        return Verdict("new")
    if fingerprint is None:
        return Verdict("kept_no_body")  # only the URL rule can drop a record without text
    outcome: Outcome = "kept_unknown_text"  # until an earlier story's text is known
    for where, candidates in sources:
        scores = [(similarity(fingerprint, other), other_url) for other_url, other in candidates if other_url != url]
        known = [(score, other_url) for score, other_url in scores if score is not None]
        if not known:
            continue
        score, first = max(known, key=lambda scored: scored[0])  # of equals, the first met
        if score >= threshold:
            return Verdict("repost", where, first, score)
        outcome = "kept_other_text"
    return Verdict(outcome)


class StoryIndex:
    """Stories met so far: each URL, and (url, fingerprint) per headline key, in the order met,
    in a private temporary SQLite database (memory stays flat however many a backfill meets)."""

    def __init__(self) -> None:
        self._db = sqlite3.connect("")  # "": a private temporary database, deleted on close
        self._db.execute("PRAGMA cache_size = -256")  # KiB, not the default 2 MiB: the rest spills to its file
        self._db.execute("CREATE TABLE stories (url TEXT NOT NULL, key TEXT NOT NULL, fingerprint BLOB)")
        self._db.execute("CREATE INDEX stories_by_url ON stories (url)")
        self._db.execute("CREATE INDEX stories_by_key ON stories (key)")

    def add(self, url: str | None, key: str, fingerprint: bytes | None) -> None:
        self._db.execute("INSERT INTO stories VALUES (?, ?, ?)", (url or "", key, fingerprint))

    def has_url(self, url: str) -> bool:
        return bool(url) and self._db.execute("SELECT 1 FROM stories WHERE url = ?", (url,)).fetchone() is not None

    def same_headline(self, key: str) -> list[Candidate]:
        return self._db.execute("SELECT url, fingerprint FROM stories WHERE key = ? ORDER BY rowid", (key,)).fetchall()

    def close(self) -> None:
        self._db.close()
