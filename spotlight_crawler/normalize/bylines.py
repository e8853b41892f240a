"""Bylines to authors: the staff desk, news agencies and named people, from free byline text."""

from __future__ import annotations

import re
import unicodedata
from typing import Final, Literal, TypedDict

from spotlight_crawler import site
from spotlight_crawler.normalize.dates import date_span

AuthorKind = Literal["staff", "agency", "person"]


class Author(TypedDict):
    name: str
    kind: AuthorKind


_BY_PREFIX_RE: Final = re.compile(
    r"^(?:(?:written|reported|compiled|edited|story|text|report)\s+)?by\b\s*[:\-]?\s*",
    re.IGNORECASE,
)
_PAREN_RE: Final = re.compile(r"\(([^()]{0,60})\)")
_TRAILING_PAREN_RE: Final = re.compile(r"\(([^()]{1,60})\)[\s.]*$")
_BYLINE_MAX_LEN: Final = 200  # longer text left after "By" and the date is prose, not a list of authors
_SPLIT_RE: Final = re.compile(r"\s*(?:[,;/&+|]|\band\b|\bwith\b)\s*", re.IGNORECASE)
_CREDIT_LEAD_RE: Final = re.compile(
    r"^(?:(?:additional\s+)?(?:inputs?|reporting|reports?|information)\s+(?:from|by)\s+)",
    re.IGNORECASE,
)
_STAFF_CREDIT_RE: Final = re.compile(r"\b(?:staff|desk|newsroom|correspondents?)\b")
_EDGE_PUNCT: Final = " \t.,;:|-\u2013\u2014()[]\"'\u2018\u2019\u201c\u201d*_"

_PERSON_MIN_WORDS: Final = 2  # given and family name; one word is more often a place or heading
_PERSON_MAX_WORDS: Final = 6  # longer runs of capitalised words are headlines
_NAME_PARTICLES: Final = frozenset(
    {"de", "da", "di", "du", "del", "der", "van", "von", "bin", "binti", "al", "el", "la", "le", "of"}
)
_NAME_WORD_RE: Final = re.compile(r"[^\W\d_](?:[^\W\d_]|[.'\u2019\-])*")


def parse_byline(text: object) -> list[Author]:
    """The authors a byline, sign-off or meta line credits (``By NEW SPOTLIGHT ONLINE Jan 07,
    2025``, ``A and B``, ``(RSS)``); ``[]`` for anything that does not read as a byline."""
    if not isinstance(text, str):
        return []
    cleaned = " ".join(unicodedata.normalize("NFKC", text).split())
    if not cleaned or site.NOT_A_BYLINE.search(cleaned):
        return []
    cleaned, agency_credit = _split_agency_credit(cleaned)
    credit = _byline_part(cleaned)
    if (date := date_span(credit)) is not None:  # "Jan 07, 2025", "13 minutes ago"
        credit = credit[: date[0]]
    credit = _PAREN_RE.sub(" ", credit)
    parts = _SPLIT_RE.split(credit) if len(credit) <= _BYLINE_MAX_LEN else []
    found = [_classify(_CREDIT_LEAD_RE.sub("", part.strip(_EDGE_PUNCT)).strip(_EDGE_PUNCT)) for part in parts]
    authors = [author for author in found + agency_credit if author is not None]
    return list({(author["name"], author["kind"]): author for author in authors}.values())  # without repeats


def credit_authors(name: object, publisher: str | None = None) -> list[Author]:
    """The authors one structured credit names (JSON-LD ``author``, a microdata or Dublin Core
    creator), read as a byline is, but the publisher's name or its staff is a staff credit and
    any other name a person (one word and any script included). Empty for no author."""
    if not isinstance(name, str):
        return []
    text = " ".join(unicodedata.normalize("NFKC", name).split()).strip(_EDGE_PUNCT)
    if not text or "://" in text or len(text) > _BYLINE_MAX_LEN or site.NOT_A_BYLINE.search(text):
        return []
    if _SPLIT_RE.search(text) and len(listed := parse_byline(text)) > 1:
        return listed
    found = _classify(text)
    if found is not None and found["kind"] != "person":
        return [found]
    key = text.casefold()
    if (publisher and key == " ".join(publisher.split()).casefold()) or _STAFF_CREDIT_RE.search(key):
        return [{"name": text, "kind": "staff"}]
    return [found or {"name": _title_case(text) if text.isupper() and " " in text else text, "kind": "person"}]


def _split_agency_credit(text: str) -> tuple[str, list[Author]]:
    """The text before a closing agency credit (``... without delay. (RSS)``), and the credit."""
    match = _TRAILING_PAREN_RE.search(text)
    found = _classify(match.group(1).strip(_EDGE_PUNCT)) if match else None
    if match is None or found is None or found["kind"] != "agency":
        return text, []
    return text[: match.start()], [found]


def _byline_part(text: str) -> str:
    """The text after a leading ``By`` or, in a sidebar line, after the last ``By``."""
    if prefixed := _BY_PREFIX_RE.match(text):
        return text[prefixed.end() :]
    inner = list(site.INNER_BY.finditer(text))
    return text[inner[-1].end() :] if inner else text


def _classify(part: str) -> Author | None:
    key = " ".join(part.casefold().split())
    bare = key.removeprefix("the ")
    if site.STAFF_DESK_NAME.fullmatch(key):
        return {"name": site.STAFF_DESK, "kind": "staff"}
    if key in site.STAFF_ROLES:
        return {"name": site.STAFF_ROLES[key], "kind": "staff"}
    for candidate in (key, bare, key.replace(".", ""), bare.replace(".", "")):
        if candidate in site.AGENCIES:
            return {"name": site.AGENCIES[candidate], "kind": "agency"}
    name = _person_name(part)
    return {"name": name, "kind": "person"} if name is not None else None


def _person_name(part: str) -> str | None:
    """The name as printed (ALL CAPS made title case), or None if it is not a name."""
    words = part.split()
    lowered = [word.casefold() for word in words]
    if not _PERSON_MIN_WORDS <= len(words) <= _PERSON_MAX_WORDS or set(lowered) <= _NAME_PARTICLES:
        return None
    for word, low in zip(words, lowered, strict=True):
        capitalised = word[0].isupper() or low in _NAME_PARTICLES
        if not (capitalised and _NAME_WORD_RE.fullmatch(word)) or low.strip(".") in site.NOT_NAME_WORDS:
            return None
    name = " ".join(words)
    return _title_case(name) if name.isupper() else name


def _title_case(name: str) -> str:
    """``KESHAB POUDEL`` -> ``Keshab Poudel``; ``O'BRIEN`` -> ``O'Brien``."""
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), name.lower())
