"""The body's judge: ``trafilatura.main`` (the general extractor) checked against
``walk.story`` (the site's text walk)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from itertools import pairwise, takewhile

from spotlight_crawler import site
from spotlight_crawler.extract.fields import furniture_line, split_sign_off
from spotlight_crawler.judge import Verdict

GENERAL, WALK = "trafilatura.main", "walk.story"
_MIN_PIECE = 20  # a shorter walk paragraph is not looked for inside a merged general one
_MERGED_SHARE = 0.6  # merged: the walk's paragraphs inside a general one make up this share of it,
_MERGED_PIECES = 3  # or are this many (a whole page run into one block)
_SENTENCE_WORDS = 4  # a sentence: at least this many words, closed by one of _SENTENCE_END
_SENTENCE_END = tuple('.!?…"”’)')
_OPENING = 1  # the general extractor drops at most this many opening paragraphs


def line_key(text: str) -> str:
    """A line as the judge compares it: spacing and case aside."""
    return " ".join(text.split()).casefold()


def judge_body(
    general: list[str], walk: list[str], headline: str | None, summary: str | None, elsewhere: Collection[str] = ()
) -> Verdict[list[str]]:
    """The story's paragraphs: the general extractor's without furniture and ``elsewhere``'s
    lines (as :func:`line_key` gives them), plus the walk's sentences it is known to drop (the
    opening one, one repeated between two it kept, those after its last); else the walk's."""
    if not general:
        return Verdict(walk or None, WALK if walk else None)
    skip = {(headline or "").casefold(), (summary or "").casefold()}
    kept = [p for p in _unmerged(general, walk) if p.casefold() not in skip and not furniture_line(p)]
    paragraphs = split_sign_off(kept)[0]
    # A story neither opens nor closes with a prompt or a caption.
    while paragraphs and _prompt_or_caption(paragraphs[-1]):
        paragraphs.pop()
    while paragraphs and _prompt_or_caption(paragraphs[0]):
        paragraphs.pop(0)
    paragraphs = [p for p in paragraphs if line_key(p) not in elsewhere]
    keys = [line_key(p) for p in paragraphs]
    shared = set(keys)
    walk_keys = [line_key(p) for p in walk]
    agreed = [i for i, k in enumerate(walk_keys) if k in shared]
    if not agreed:
        # Nothing in common: the reading with more of a story's sentences.
        disagree = ((GENERAL, WALK),) if walk else ()
        if _prose(walk) > _prose(paragraphs):
            return Verdict(walk, WALK, disagree)
        return Verdict(paragraphs or walk or None, GENERAL if paragraphs else WALK, disagree)
    before = _edge(reversed(walk[: agreed[0]]), shared)[:_OPENING][::-1]
    after = _edge(walk[agreed[-1] + 1 :], shared)
    # Put back (before the second): walk sentences between two shared paragraphs, in others only.
    inside: dict[str, list[str]] = {}
    for a, b in pairwise(agreed):
        missed = [
            p
            for p in walk[a + 1 : b]
            if (k := line_key(p)) not in shared and _story_line(p) and any(k in other for other in keys)
        ]
        if missed:
            inside[walk_keys[b]] = missed
    paragraphs = [q for p, k in zip(paragraphs, keys, strict=True) for q in (*inside.get(k, ()), p)]
    keys = [line_key(p) for p in paragraphs]
    first, last = keys.index(walk_keys[agreed[0]]), keys.index(walk_keys[agreed[-1]])
    body = [*paragraphs[:first], *before, *paragraphs[first : last + 1], *after, *paragraphs[last + 1 :]]
    same = len(agreed) == len(walk) == len(paragraphs)
    witness = GENERAL if not (before or after or inside) else f"{GENERAL}+{WALK}"
    return Verdict(body, witness, () if same else ((GENERAL, WALK),))


def _unmerged(general: list[str], walk: list[str]) -> list[str]:
    """The general paragraphs, where one runs several of the walk's together (a headline, a
    date line and the story in one table cell) replaced by those."""
    walk_keys = [(p, line_key(p)) for p in walk]
    known = {k for _, k in walk_keys}
    out: list[str] = []
    for text in general:
        key = line_key(text)
        if key in known:
            out.append(text)
            continue
        inside = [p for p, k in walk_keys if len(k) > _MIN_PIECE and k in key]
        merged = len(inside) >= _MERGED_PIECES or sum(map(len, inside)) >= _MERGED_SHARE * len(text)
        out.extend(inside if merged else [text])
    return list(dict.fromkeys(out))


def _edge(candidates: Iterable[str], shared: set[str]) -> list[str]:
    """The walk's paragraphs past the general extractor's edge, up to the first that is not
    a sentence, or is a prompt or a caption."""
    return list(takewhile(_story_line, (text for text in candidates if line_key(text) not in shared)))


def _prose(paragraphs: list[str]) -> int:
    return sum(len(p) for p in paragraphs if _story_line(p))


def _story_line(text: str) -> bool:
    sentence = len(text.split()) >= _SENTENCE_WORDS and text.rstrip().endswith(_SENTENCE_END)
    return sentence and not _prompt_or_caption(text)


def _prompt_or_caption(text: str) -> bool:
    if len(text) <= site.PROMPT_MAX_CHARS and site.PROMPT_LINE.search(text):
        return True
    return bool(site.CAPTION_LINE.search(text))
