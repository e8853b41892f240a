"""Structured data of a page as named witnesses (``jsonld.author``, ``meta.article:published_time``,
``dc.creator``...): JSON-LD read here, microdata and Dublin Core by extruct."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from parsel import Selector

from spotlight_crawler import site
from spotlight_crawler.extract.text import clean
from spotlight_crawler.judge import Named

# JSON-LD nests a few levels (a graph, an author, an organisation); anything deeper is ignored.
MAX_LD_DEPTH = 16


@dataclass
class Structured:
    """What a page states about itself: JSON-LD objects (how many were too deep), the article's
    (or a mainEntity), objects by ``@id``, the article's microdata, Dublin Core and ``<meta>``."""

    objects: list[dict[str, Any]] = field(default_factory=list)
    too_deep: int = 0
    article: dict[str, Any] = field(default_factory=dict)
    ids: dict[str, dict[str, Any]] = field(default_factory=dict)
    microdata: dict[str, Any] = field(default_factory=dict)
    dublin_core: dict[str, list[str]] = field(default_factory=dict)
    meta: dict[str, list[str]] = field(default_factory=dict)


def read_structured(sel: Selector, html_text: str, url: str) -> Structured:
    """The structured data of the page ``sel`` (its text ``html_text``) fetched from ``url``."""
    found = Structured()
    for el in sel.css("meta[content]"):
        for attr in ("property", "name", "itemprop"):
            if (key := el.attrib.get(attr)) and el.attrib["content"]:
                found.meta.setdefault(key.strip().lower(), []).append(el.attrib["content"])
    for raw in sel.css(site.JSON_LD).getall():
        try:
            _add_objects(found, json.loads(raw))
        except RecursionError:  # nested deeper than the decoder recurses
            found.too_deep += 1
        except ValueError:  # not JSON: no data
            pass
    found.ids = {obj["@id"]: obj for obj in found.objects if isinstance(obj.get("@id"), str)}
    # The article: an object of an article's type, else one an object names as its mainEntity.
    main_entities = (resolve(obj.get("mainEntity"), found.ids) for obj in found.objects)
    found.article = next((obj for obj in chain(found.objects, main_entities) if _is_article(obj)), {})
    import extruct  # on first use: a run that reads no article page does not load it

    # errors="ignore": a syntax extruct cannot read on this page gives nothing, as absent data would.
    data = extruct.extract(html_text, base_url=url, syntaxes=["microdata", "dublincore"], uniform=True, errors="ignore")
    found.microdata = next((i for i in data.get("microdata", []) if _is_article(i)), {})
    for block in data.get("dublincore", []):
        for element in [*block.get("elements", []), *block.get("terms", [])]:
            name, content = element.get("name"), clean(element.get("content"))
            if isinstance(name, str) and content:
                found.dublin_core.setdefault(name.lower(), []).append(content)
    return found


def _add_objects(found: Structured, item: Any, depth: int = 0) -> None:
    """The objects of a JSON-LD document, in document order: top level, lists and ``@graph``."""
    if depth > MAX_LD_DEPTH:
        found.too_deep += bool(isinstance(item, (list, dict)) and item)
    elif isinstance(item, list):
        for child in item:
            _add_objects(found, child, depth + 1)
    elif isinstance(item, dict):
        found.objects.append(item)
        _add_objects(found, item.get("@graph", []), depth + 1)


def ld_types(obj: dict[str, Any]) -> list[str]:
    types = obj.get("@type")
    return [t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)]


def _is_article(obj: Any) -> bool:
    return isinstance(obj, dict) and any(site.JSON_LD_ARTICLE_TYPE.fullmatch(t) for t in ld_types(obj))


def resolve(value: Any, ids: dict[str, dict[str, Any]]) -> Any:
    """``value``, or the object its ``{"@id": ...}`` reference (or bare @id string) points to."""
    ref = value.get("@id") if isinstance(value, dict) and set(value) <= {"@id", "@type"} else value
    return ids[ref] if isinstance(ref, str) and ref in ids else value


def ld_text(value: Any, depth: int = 0) -> str | None:
    """A JSON-LD value as text: entities read, an object by its name, a list joined as a byline prints it."""
    if depth > MAX_LD_DEPTH:
        return None
    if isinstance(value, str):
        return clean(html.unescape(value)) or None
    if isinstance(value, dict):
        return ld_text(value.get("name") or value.get("url") or value.get("@id"), depth + 1)
    if isinstance(value, list):
        return joined([n for n in (ld_text(v, depth + 1) for v in value) if n]) or None
    return None


def joined(names: list[str]) -> str:
    """Names written as a byline prints them: "A, B and C"."""
    return " and ".join(filter(None, (", ".join(names[:-1]), names[-1]))) if names else ""


def meta_values(meta: dict[str, list[str]], keys: tuple[str, ...]) -> list[str]:
    return [text for key in keys for value in meta.get(key, ()) if (text := clean(value))]


def first_of(sel: Selector, queries: tuple[str, ...]) -> str | None:
    """The first non-blank text or attribute value the CSS ``queries`` select."""
    return next((text for query in queries for value in sel.css(query).getall() if (text := clean(value))), None)


def strip_site_name(text: str | None, site_name: str | None = None) -> str | None:
    """A title without this site's name, or ``site_name``, after a separator."""
    if not text:
        return None
    text = site.TITLE_SUFFIX.sub("", text)
    if site_name and (name := clean(site_name)):
        for m in site.TITLE_SEPARATOR.finditer(text):
            if m.start() and clean(text[m.end() :]).casefold().startswith(name.casefold()):
                text = text[: m.start()]
                break
    return clean(text) or None


def ld_names(value: Any, ids: dict[str, dict[str, Any]], depth: int = 0) -> list[str]:
    """The names a JSON-LD person or organisation value gives, references resolved."""
    if depth > MAX_LD_DEPTH:
        return []
    value = resolve(value, ids)
    if isinstance(value, list):
        return [n for v in value for n in ld_names(v, ids, depth + 1)]
    if isinstance(value, dict):
        names = value.get("name")
        name = next((n for n in (names if isinstance(names, list) else [names]) if isinstance(n, str)), "")
        parts = (value.get("givenName"), value.get("familyName"))
        text = clean(name) or clean(" ".join(n for n in parts if isinstance(n, str)))
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
    return _first(names) or _first(meta_values(data.meta, ("og:site_name",)))


def published_witnesses(data: Structured) -> Named:
    """The publication date-times each structured source gives, in order of trust."""
    found = [
        ("jsonld.datePublished", ld_text(data.article.get("datePublished"))),
        *((f"meta.{key}", _first(meta_values(data.meta, (key,)))) for key in site.META_PUBLISHED_ALL),
        ("microdata.datePublished", ld_text(data.microdata.get("datePublished"))),
        *((key, _first(data.dublin_core.get(key, []))) for key in site.DC_PUBLISHED),
    ]
    return [(name, value) for name, value in found if value]


def meta_published(sel: Selector, data: Structured) -> str | None:
    """The machine-readable publication time: JSON-LD, the first ``<meta>`` of it, a ``<time>``'s value."""
    found = ld_text(data.article.get("datePublished")) or _first(meta_values(data.meta, site.META_PUBLISHED))
    return found or first_of(sel, site.TIME_PUBLISHED)


def headline_witnesses(data: Structured, site_name: str | None = None) -> Named:
    """The headlines each structured source gives, ``site_name`` after a separator removed, in order of trust."""
    social = [(f"meta.{key}", value) for key in site.META_HEADLINE if (value := _first(meta_values(data.meta, (key,))))]
    found = [
        ("jsonld.headline", ld_text(data.article.get("headline"))),
        ("microdata.headline", ld_text(data.microdata.get("headline"))),
        *social[:1],  # the social titles (og:, twitter:) are one source, copied: the first counts
    ]
    return [(name, text) for name, value in found if (text := strip_site_name(value, site_name))]


def _first(values: list[str]) -> str | None:
    return values[0] if values else None
