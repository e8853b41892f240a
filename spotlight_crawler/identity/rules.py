"""When two records are one story: the rules, as pure functions over URLs, headline keys and
body fingerprints (the dedup pipeline and the recovery command apply them).

A story is its canonical URL. Another URL is the same story only as a repost: an equal
headline key *and* bodies whose fingerprints are at least ``threshold`` similar. A headline
alone never makes two records one story.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
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


def most_similar(fingerprint: bytes, candidates: Iterable[Candidate], exclude: str | None) -> tuple[str, float] | None:
    """The candidate (other URLs only) whose body is most like ``fingerprint``, with its similarity."""
    best: tuple[str, float] | None = None
    for url, other in candidates:
        score = similarity(fingerprint, other) if url != exclude else None
        if score is not None and (best is None or score > best[1]):
            best = (url, score)
    return best


def judge(
    url: str | None, fingerprint: bytes | None, sources: Iterable[tuple[str, list[Candidate]]], threshold: float
) -> Verdict:
    """Whether a record with a known headline key is a repost of a story in ``sources``.

    ``sources`` are (where, stories with the same headline key), searched in order.
    """
    sources = [(where, candidates) for where, candidates in sources if candidates]
    if not sources:
        return Verdict("new")
    if fingerprint is None:
        return Verdict("kept_no_body")  # only the URL rule can drop a record without text
    best_score: float | None = None
    for where, candidates in sources:
        best = most_similar(fingerprint, candidates, exclude=url)
        if best is None:
            continue
        if best[1] >= threshold:
            return Verdict("repost", where, best[0], best[1])
        best_score = max(best[1], best_score or 0.0)
    if best_score is None:
        return Verdict("kept_unknown_text")  # the earlier stories' texts are unknown
    return Verdict("kept_other_text", score=best_score)


@dataclass
class StoryIndex:
    """Stories met so far, small per story: the URL, and (url, fingerprint) per headline key."""

    urls: set[str] = field(default_factory=set)
    by_headline: dict[str, list[Candidate]] = field(default_factory=dict)

    def add(self, url: str | None, key: str, fingerprint: bytes | None) -> None:
        if url:
            self.urls.add(url)
        if key:
            self.by_headline.setdefault(key, []).append((url or "", fingerprint))

    def same_headline(self, key: str) -> list[Candidate]:
        return self.by_headline.get(key, [])
