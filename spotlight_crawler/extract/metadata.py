"""Machine-readable metadata of a page: JSON-LD objects, <meta> values, and the selector helpers that read them."""

from __future__ import annotations

import html
import json
from functools import cache
from typing import Any

from lxml import etree
from parsel import Selector
from parsel.csstranslator import HTMLTranslator

from spotlight_crawler import site
from spotlight_crawler.extract.text import clean

# JSON-LD nests a few levels (a graph, an author, an organisation); anything deeper is ignored.
MAX_LD_DEPTH = 16


def json_ld_objects(sel: Selector, too_deep: list[str] | None = None) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page (also inside ``@graph``), in order; bad JSON is skipped.

    A block nested too deep to decode (``json`` recurses) is skipped like an invalid one;
    objects deeper than ``MAX_LD_DEPTH`` are not looked at. Each part ignored for its depth
    is noted in ``too_deep`` (when given), so the caller can count it.
    """
    found: list[dict[str, Any]] = []
    for raw in select_nodes(sel, site.JSON_LD):
        try:
            data = json.loads(raw)
        except RecursionError:
            if too_deep is not None:
                too_deep.append("block")
            continue
        except ValueError:
            continue
        found.extend(_ld_objects(data, too_deep))
    return found


def json_ld_article(sel: Selector) -> dict[str, Any]:
    """The first JSON-LD object of an article type (also inside ``@graph``), or ``{}``."""
    return ld_article(json_ld_objects(sel))


def ld_types(obj: dict[str, Any]) -> list[str]:
    types = obj.get("@type")
    return [t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)]


def ld_article(objects: list[dict[str, Any]]) -> dict[str, Any]:
    for obj in objects:
        if any(t in site.JSON_LD_ARTICLE_TYPES for t in ld_types(obj)):
            return obj
    return {}


def _ld_objects(data: Any, too_deep: list[str] | None = None) -> list[dict[str, Any]]:
    """Objects of a JSON-LD document, in document order: top level, lists and ``@graph``."""
    found: list[dict[str, Any]] = []
    todo: list[tuple[Any, int]] = [(data, 0)]
    while todo:
        item, depth = todo.pop()
        if depth > MAX_LD_DEPTH:
            if too_deep is not None and isinstance(item, (list, dict)) and item:
                too_deep.append("part")
            continue
        if isinstance(item, list):
            todo.extend((child, depth + 1) for child in reversed(item))
        elif isinstance(item, dict):
            found.append(item)
            todo.append((item.get("@graph", []), depth + 1))
    return found


def ld_text(value: Any, depth: int = 0) -> str | None:
    if depth > MAX_LD_DEPTH:
        return None
    if isinstance(value, str):
        # JSON-LD text is often written HTML-escaped ("Swift&#8217;s"): read as the page shows it.
        return clean(html.unescape(value) if "&" in value else value) or None
    if isinstance(value, dict):
        return ld_text(value.get("name") or value.get("url") or value.get("@id"), depth + 1)
    if isinstance(value, list):
        names = [n for n in (ld_text(v, depth + 1) for v in value) if n]
        # Written as a byline prints them: "A, B and C", which the byline parser splits again.
        return " and ".join(filter(None, (", ".join(names[:-1]), names[-1]))) if names else None
    return None


def page_meta(sel: Selector) -> dict[str, list[str]]:
    """The page's ``<meta>`` contents by lower-cased property, name and itemprop, in one pass."""
    found: dict[str, list[str]] = {}
    root = sel.root
    if not hasattr(root, "iter"):
        return found
    for el in root.iter("meta"):
        content = el.get("content")
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            if key := el.get(attr):
                found.setdefault(key.strip().lower(), []).append(content)
    return found


def meta_values(meta: dict[str, list[str]], keys: tuple[str, ...]) -> list[str]:
    return [text for key in keys for value in meta.get(key, ()) if (text := clean(value))]


def meta_first(meta: dict[str, list[str]], keys: tuple[str, ...]) -> str | None:
    values = meta_values(meta, keys)
    return values[0] if values else None


def first_of(sel: Selector, queries: tuple[str, ...]) -> str | None:
    for query in queries:
        for value in select_nodes(sel, query):
            if text := clean(value):
                return text
    return None


_TRANSLATOR = HTMLTranslator()


@cache
def _compiled(query: str) -> etree.XPath:
    # Plain strings for ::text and ::attr(): nothing asks a match for its parent element.
    return etree.XPath(_TRANSLATOR.css_to_xpath(query), smart_strings=False)


def select_nodes(sel: Selector, query: str) -> list[Any]:
    """``sel.css(query)`` on the lxml tree, each query compiled once: elements, or strings for
    ``::text`` and ``::attr()`` (Selector objects per match cost more than the match)."""
    root = sel.root
    found = _compiled(query)(root) if isinstance(root, etree._Element) else []
    return found if isinstance(found, list) else []


def string_of(sel: Selector, query: str) -> str:
    """The text of the first element ``query`` matches, whitespace collapsed."""
    for el in select_nodes(sel, query):
        return clean("".join(el.itertext()) if isinstance(el, etree._Element) else str(el))
    return ""


def strip_site_name(text: str | None, site_name: str | None = None) -> str | None:
    """A title without the site's name after a separator: this site's, or ``site_name``
    (``Headline | TechCrunch``, ``Headline - The Namibian | by A Writer``)."""
    if not text:
        return None
    text = site.TITLE_SUFFIX.sub("", text)
    if site_name and (name := clean(site_name)):
        for m in site.TITLE_SEPARATOR.finditer(text):
            if m.start() and clean(text[m.end() :]).casefold().startswith(name.casefold()):
                text = text[: m.start()]
                break
    return clean(text) or None
