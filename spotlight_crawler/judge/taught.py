"""What the feed teaches: :func:`score` checks the witnesses of a *taught page* (a feed story's
article) against the feed's item; :func:`settle` turns a run's taught pages into the lesson. Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from spotlight_crawler.extract.feed import FeedEntry
from spotlight_crawler.judge.body import line_key
from spotlight_crawler.normalize import headline_key, parse_byline, parse_datetime

FIELDS = ("headline", "published_at", "authors", "body")
# The fields a witness may be adopted for (the feed's start of a body proves no reading of it).
ADOPTABLE = ("headline", "published_at", "authors")
MIN_PAGES = 3  # taught pages a new witness must be right on before it is adopted
_BODY_START = 80  # characters of the body's start the feed's description is compared over
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")


@dataclass(frozen=True)
class Adopted:
    """A witness the site proved right for a field: asked first on every page."""

    witness: str
    proven: int  # taught pages it was right on, over the runs that kept it
    learned_at: str  # when it was adopted (ISO 8601, UTC)


@dataclass
class Scored:
    """One taught page: per field the feed judges, whether each witness and the judge's pick agree."""

    right: dict[str, dict[str, bool]] = field(default_factory=dict)
    default: dict[str, bool] = field(default_factory=dict)


@dataclass
class Lesson:
    """The site's lesson after a run's taught pages: the witnesses adopted, one line per field
    whose lesson changed, and the fields the judge read wrong with no witness proven instead."""

    adopted: dict[str, Adopted] = field(default_factory=dict)
    news: dict[str, str] = field(default_factory=dict)
    unproven: list[str] = field(default_factory=list)


def _minute(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(second=0, microsecond=0)


def agrees(name: str, value: Any, entry: FeedEntry) -> bool | None:
    """Whether a page's ``value`` of field ``name`` agrees with the feed item; None when the item
    lacks the field. Headline: text; published time: text or datetime (to the minute); authors:
    an ``Author`` list (the first counts); body: paragraphs (the item's description starts them)."""
    if name == "headline" and entry.title:
        return bool(value) and headline_key(value) == headline_key(entry.title)
    if name == "published_at" and entry.published is not None:
        moment = parse_datetime(value) if isinstance(value, str) else value
        return isinstance(moment, datetime) and _minute(moment) == _minute(entry.published)
    if name == "authors" and (wanted := parse_byline(entry.author or "")):
        return bool(value) and line_key(value[0]["name"]) == line_key(wanted[0]["name"])
    if name == "body" and (start := line_key(_ELLIPSIS.sub("", entry.description or ""))[:_BODY_START]):
        return bool(value) and line_key(" ".join(value)).startswith(start)
    return None


def score(candidates: Mapping[str, Sequence[tuple[str, Any]]], chosen: Mapping[str, Any], entry: FeedEntry) -> Scored:
    """One taught page scored: ``candidates`` are each field's witnesses ``(name, value)``,
    ``chosen`` the judge's own value per field (as :func:`agrees` takes them)."""
    scored = Scored()
    for name in FIELDS:
        witnesses = {w: ok for w, value in candidates.get(name, ()) if (ok := agrees(name, value, entry)) is not None}
        default = agrees(name, chosen.get(name), entry)
        # A description no reading starts with may be a standfirst: it cannot judge the body.
        if default is None or (name == "body" and not (default or any(witnesses.values()))):
            continue
        scored.right[name] = witnesses
        scored.default[name] = default
    return scored


def settle(remembered: Mapping[str, Adopted], pages: Sequence[Scored], now: datetime) -> Lesson:
    """The lesson after ``pages`` (this run's taught pages), from what was ``remembered``: an
    adopted witness stays while every taught page agrees with it, else one is :func:`_proven`."""
    lesson = Lesson()
    for name in FIELDS:
        judged = [p for p in pages if name in p.right]
        old = remembered.get(name) if name in ADOPTABLE else None
        if old is not None:
            wrong = sum(not p.right[name].get(old.witness, False) for p in judged)
            if not wrong:
                lesson.adopted[name] = Adopted(old.witness, old.proven + len(judged), old.learned_at)
                continue
        new = _proven(name, judged)
        if new is not None and name in ADOPTABLE:
            lesson.adopted[name] = Adopted(new, len(judged), now.astimezone(UTC).isoformat(timespec="seconds"))
            verb = "now prints it" if old is not None else "prints it"
            lesson.news[name] = f"{name}: the site {verb} {describe(new)}; learned from {len(judged)} feed stories"
            continue
        if old is not None:
            lesson.news[name] = (
                f"{name}: the site no longer prints it {describe(old.witness)} (wrong on {wrong} of "
                f"{len(judged)} feed stories); the judge's own reading is used"
            )
        if new is None and not all(p.default[name] for p in judged):
            lesson.unproven.append(name)
    return lesson


def _proven(name: str, judged: Sequence[Scored]) -> str | None:
    """The first witness right on every page of ``judged`` (at least ``MIN_PAGES``) where the
    judge's own pick is wrong on one at least; else None."""
    if len(judged) < MIN_PAGES or all(p.default[name] for p in judged):
        return None
    names = dict.fromkeys(w for p in judged for w in p.right[name])
    return next((w for w in names if all(p.right[name].get(w, False) for p in judged)), None)


def describe(witness: str) -> str:
    """Where a witness reads its value, in words (for the log and the summary)."""
    kind, _, rest = witness.partition(":")
    if kind in ("printed.date_after", "printed.credit_after"):
        return f"after {rest.capitalize()!r}" if rest else "as a date line"
    if witness == "html.title":
        return "in the page's <title>"
    if witness.startswith("html.h") and len(parts := witness.split(".", 2)) >= 2:
        cls = f' class="{parts[2]}"' if len(parts) == 3 else ""
        return f"as <{parts[1]}{cls}>"
    if witness.startswith(("jsonld.", "microdata.", "meta.", "dc.", "dcterms.")):
        return f"in its metadata ({witness})"
    return f"as {witness}"
