"""Structured data of a page as named witnesses: JSON-LD, microdata, OpenGraph and Dublin Core.

JSON-LD is read by :mod:`spotlight_crawler.extract.metadata` (depth-guarded, ``@graph``
flattened); here its ``@id`` references are resolved and an article given as a page's
``mainEntity`` is found. Microdata and Dublin Core are read by extruct; OpenGraph and the
other ``<meta>`` values by the page's one ``<meta>`` pass. Each value is offered under a
stable name (``jsonld.author``, ``microdata.datePublished``, ``meta.article:published_time``,
``dc.creator``) for the judges to weigh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spotlight_crawler import site
from spotlight_crawler.extract.metadata import MAX_LD_DEPTH, ld_text, ld_types, meta_values, strip_site_name
from spotlight_crawler.extract.text import clean

Named = list[tuple[str, str]]


@dataclass
class Structured:
    """What a page states about itself in machine-readable form."""

    # The article's JSON-LD object (the first of an article type, or a page's mainEntity).
    article: dict[str, Any] = field(default_factory=dict)
    # Every JSON-LD object with an @id, by it: what references point to.
    ids: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The article's microdata item (extruct's uniform form), or {}.
    microdata: dict[str, Any] = field(default_factory=dict)
    # Dublin Core elements and terms by lower-cased name (dc.creator, dcterms.created...).
    dublin_core: dict[str, list[str]] = field(default_factory=dict)
    # <meta> contents by lower-cased property, name and itemprop.
    meta: dict[str, list[str]] = field(default_factory=dict)


def read_structured(html: str, url: str, objects: list[dict[str, Any]], meta: dict[str, list[str]]) -> Structured:
    """The structured data of the page ``html`` from ``url``; ``objects`` are its JSON-LD
    objects and ``meta`` its ``<meta>`` values, as already read."""
    ids = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str)}
    found = Structured(article=_article(objects, ids), ids=ids, meta=meta)
    # Imported on first use: a run that reads no article page does not pay for it (0.4 s).
    import extruct

    # errors="ignore": a syntax extruct cannot read on this page gives nothing, as absent data would.
    data = extruct.extract(html, base_url=url, syntaxes=["microdata", "dublincore"], uniform=True, errors="ignore")
    found.microdata = next((i for i in data.get("microdata", []) if _is_article(i)), {})
    for block in data.get("dublincore", []):
        for element in [*block.get("elements", []), *block.get("terms", [])]:
            name, content = element.get("name"), clean(element.get("content"))
            if isinstance(name, str) and content:
                found.dublin_core.setdefault(name.lower(), []).append(content)
    return found


def _is_article(obj: Any) -> bool:
    return isinstance(obj, dict) and any(t in site.JSON_LD_ARTICLE_TYPES for t in ld_types(obj))


def _article(objects: list[dict[str, Any]], ids: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The first object of an article type; else the article a page names as its mainEntity."""
    for obj in objects:
        if _is_article(obj):
            return obj
    for obj in objects:
        entity = resolve(obj.get("mainEntity"), ids)
        if _is_article(entity):
            return entity
    return {}


def resolve(value: Any, ids: dict[str, dict[str, Any]]) -> Any:
    """``value``, or the object its ``{"@id": ...}`` reference (or bare @id string) points to."""
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in ids:
        return ids[value["@id"]]
    if isinstance(value, str) and value in ids:
        return ids[value]
    return value


def ld_names(value: Any, ids: dict[str, dict[str, Any]], depth: int = 0) -> list[str]:
    """The names a JSON-LD person or organisation value gives, references resolved."""
    if depth > MAX_LD_DEPTH:
        return []
    value = resolve(value, ids)
    if isinstance(value, list):
        return [n for v in value for n in ld_names(v, ids, depth + 1)]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, list):
            name = next((n for n in name if isinstance(n, str)), None)
        text = clean(name) if isinstance(name, str) else ""
        if not text:
            given, family = value.get("givenName"), value.get("familyName")
            text = clean(" ".join(n for n in (given, family) if isinstance(n, str)))
        return [text] if text else []
    if isinstance(value, str) and (text := clean(value)) and not _is_address(text):
        return [text]
    return []


def _is_address(text: str) -> bool:
    return text.startswith(("http://", "https://", "/", "www."))


def author_witnesses(data: Structured) -> list[tuple[str, list[str]]]:
    """The authors each structured source names, in order of trust."""
    found: list[tuple[str, list[str]]] = [
        ("jsonld.author", ld_names(data.article.get("author"), data.ids)),
        ("microdata.author", ld_names(data.microdata.get("author"), {})),
    ]
    for key in site.META_AUTHOR:
        found.append((f"meta.{key}", [v for v in meta_values(data.meta, (key,)) if not _is_address(v)]))
    found.append(("dc.creator", [_given_first(v) for v in data.dublin_core.get("dc.creator", [])]))
    return [(name, values) for name, values in found if values]


def _given_first(name: str) -> str:
    """Dublin Core's "Family, Given" written as a byline prints it."""
    family, comma, given = name.partition(",")
    return f"{given.strip()} {family.strip()}" if comma and given.strip() and "," not in given else name


def publisher_name(data: Structured) -> str | None:
    """The publication's own name: the article's JSON-LD publisher, else ``og:site_name``."""
    names = ld_names(data.article.get(site.JSON_LD_PUBLISHER), data.ids)
    return names[0] if names else next(iter(meta_values(data.meta, ("og:site_name",))), None)


def published_witnesses(data: Structured) -> Named:
    """The publication date-times each structured source gives, in order of trust."""
    found: Named = []
    if value := ld_text(data.article.get("datePublished")):
        found.append(("jsonld.datePublished", value))
    for key in site.META_PUBLISHED_ALL:
        for value in meta_values(data.meta, (key,))[:1]:
            found.append((f"meta.{key}", value))
    if isinstance(value := data.microdata.get("datePublished"), str) and clean(value):
        found.append(("microdata.datePublished", clean(value)))
    for key in site.DC_PUBLISHED:
        for value in data.dublin_core.get(key, [])[:1]:
            found.append((key, value))
    return found


def headline_witnesses(data: Structured, site_name: str | None = None) -> Named:
    """The headlines each structured source gives, entities read and ``site_name`` after a
    separator removed, in order of trust."""
    found: Named = []
    if value := ld_text(data.article.get("headline")):
        found.append(("jsonld.headline", value))
    if isinstance(value := data.microdata.get("headline"), str) and clean(value):
        found.append(("microdata.headline", clean(value)))
    # The social titles (og:, twitter:) are one source, written once and copied: the first counts.
    for key in site.META_HEADLINE:
        if value := next(iter(meta_values(data.meta, (key,))), None):
            found.append((f"meta.{key}", value))
            break
    return [(name, text) for name, value in found if (text := strip_site_name(value, site_name))]
