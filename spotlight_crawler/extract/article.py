"""Raw fields of an article page, in layers: metadata, then markup, then printed text.

Pure: a parsel ``Selector`` and the page URL in, strings out. Nothing is normalized here
(dates and bylines stay as printed); ``None`` means the field was not found.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector

from spotlight_crawler import site
from spotlight_crawler.extract.text import Block, blocks, clean

# A paragraph of prose has at least this many words; shorter lines near the end of a story
# may be a sign-off, longer ones never are.
_PROSE_WORDS = 12
# A story container with less text than this is not the story.
_STORY_MIN_CHARS = 200
# A "By ..." line names a few people at most; a longer one is a sentence that starts with "By".
_BYLINE_WORDS = 12


@dataclass
class RawArticle:
    """What one article page prints, before normalization."""

    headline: str | None = None
    published_at_raw: str | None = None
    byline_raw: str | None = None
    summary: str | None = None
    body: list[str] = field(default_factory=list)
    image_url: str | None = None
    issue_raw: str | None = None
    section: str | None = None


def extract_article(sel: Selector, url: str) -> RawArticle:
    """Every raw field of the article page ``sel`` fetched from ``url``."""
    ld = json_ld_article(sel)
    meta = page_meta(sel)
    container = _story_container(sel)
    page = blocks(sel, container)
    art = RawArticle()
    art.headline = headline(sel, ld, meta)
    head_end = _index_after_headline(page, art.headline)
    date_idx, art.published_at_raw = published(sel, ld, meta, page)
    start = max(date_idx + 1, head_end) if date_idx is not None else head_end
    dek_end = date_idx if date_idx is not None and date_idx >= head_end else head_end
    art.summary = summary(ld, meta, page, page[head_end:dek_end])
    art.issue_raw = issue(page)
    # A known story container bounds the body; otherwise the page's order does.
    story = [b for b in page if b.in_story] if container is not None else []
    paragraphs, sign_off = body(story if _long_enough(story) else page[start:], art.headline, art.summary)
    art.body = paragraphs
    art.byline_raw = byline(ld, meta, page[: _sidebar_start(page, start)], sign_off)
    art.image_url = image(sel, ld, meta, url)
    art.section = section(ld, meta, page)
    return art


# --- Metadata ------------------------------------------------------------------


# JSON-LD nests a few levels (a graph, an author, an organisation); anything deeper is ignored.
MAX_LD_DEPTH = 16


def json_ld_article(sel: Selector) -> dict[str, Any]:
    """The first JSON-LD object of an article type (also inside ``@graph``), or ``{}``.

    A block nested too deep to decode (``json`` recurses) is skipped like an invalid one;
    objects deeper than ``MAX_LD_DEPTH`` are not looked at.
    """
    for raw in sel.css(site.JSON_LD).getall():
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        for obj in _ld_objects(data):
            types = obj.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(t in site.JSON_LD_ARTICLE_TYPES for t in types if isinstance(t, str)):
                return obj
    return {}


def _ld_objects(data: Any) -> list[dict[str, Any]]:
    """Objects of a JSON-LD document, in document order: top level, lists and ``@graph``."""
    found: list[dict[str, Any]] = []
    todo: list[tuple[Any, int]] = [(data, 0)]
    while todo:
        item, depth = todo.pop()
        if depth > MAX_LD_DEPTH:
            continue
        if isinstance(item, list):
            todo.extend((child, depth + 1) for child in reversed(item))
        elif isinstance(item, dict):
            found.append(item)
            todo.append((item.get("@graph", []), depth + 1))
    return found


def _ld_text(value: Any, depth: int = 0) -> str | None:
    if depth > MAX_LD_DEPTH:
        return None
    if isinstance(value, str):
        return clean(value) or None
    if isinstance(value, dict):
        return _ld_text(value.get("name") or value.get("url") or value.get("@id"), depth + 1)
    if isinstance(value, list):
        names = [n for n in (_ld_text(v, depth + 1) for v in value) if n]
        return " and ".join(names) or None
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


def _meta_values(meta: dict[str, list[str]], keys: tuple[str, ...]) -> list[str]:
    return [text for key in keys for value in meta.get(key, ()) if (text := clean(value))]


def _meta_first(meta: dict[str, list[str]], keys: tuple[str, ...]) -> str | None:
    values = _meta_values(meta, keys)
    return values[0] if values else None


def _first(sel: Selector, queries: tuple[str, ...]) -> str | None:
    for query in queries:
        for value in sel.css(query).getall():
            if text := clean(value):
                return text
    return None


def _strip_site_name(text: str | None) -> str | None:
    return clean(site.TITLE_SUFFIX.sub("", text)) or None if text else None


# --- Fields --------------------------------------------------------------------


def headline(sel: Selector, ld: dict[str, Any], meta: dict[str, list[str]]) -> str | None:
    """JSON-LD, OpenGraph, ``<h1>``, the ``<title>``, then weaker guesses."""
    found = _ld_text(ld.get("headline")) or _strip_site_name(_meta_first(meta, site.META_HEADLINE))
    for query in site.HEADLINE:
        found = found or clean(sel.css(query).xpath("string()").get())
    found = found or _strip_site_name(sel.css(site.TITLE).get())
    for query in site.HEADLINE_WEAK:
        found = found or clean(sel.css(query).xpath("string()").get())
    return found or None


def summary(ld: dict[str, Any], meta: dict[str, list[str]], story: list[Block], head: list[Block]) -> str | None:
    """The standfirst: a metadata description the page prints as a block of its own, else
    what the page prints between the headline and the date line.

    A description that is not printed on its own is often the body's opening cut short,
    not a standfirst.
    """
    printed = {b.text.casefold(): b.text for b in story if not (b.link_only or b.in_aside)}
    candidates = [_ld_text(ld.get("description")), *_meta_values(meta, site.META_SUMMARY)]
    for candidate in candidates:
        if candidate and candidate.casefold() in printed:
            return printed[candidate.casefold()]
    between = [b.text for b in head if not (b.link_only or b.in_aside or _is_furniture(b.text))]
    return " ".join(between) or None


def published(
    sel: Selector, ld: dict[str, Any], meta: dict[str, list[str]], page: list[Block]
) -> tuple[int | None, str | None]:
    """The printed date-time (and its block's index), else ``<time>``, else metadata's ISO value."""
    for i, block in enumerate(page):
        if not (block.link_only or block.in_aside) and (m := site.PRINTED_DATETIME.search(block.text)):
            return i, clean(m.group(0))
    for text in sel.css("time::text").getall():
        if m := site.PRINTED_DATETIME.search(text):
            return None, clean(m.group(0))
    return None, (
        _ld_text(ld.get("datePublished")) or _meta_first(meta, site.META_PUBLISHED) or _first(sel, site.TIME_PUBLISHED)
    )


def issue(story: list[Block]) -> str | None:
    """The magazine issue after ``Published in Magazine Issue:``, without the masthead."""
    for block in story:
        if block.in_aside or not (match := site.ISSUE_PREFIX.search(block.text)):
            continue
        text = block.text[match.end() :]
        text = site.MASTHEAD.split(text, maxsplit=1)[0]
        return clean(text).rstrip(" ,;|") or None
    return None


def body(candidates: list[Block], headline_text: str | None, summary_text: str | None) -> tuple[list[str], str | None]:
    """Story paragraphs up to the first sidebar heading, and the sign-off line if any."""
    skip = {(headline_text or "").casefold(), (summary_text or "").casefold()}
    paragraphs: list[str] = []
    for block in candidates:
        text = block.text
        if site.SIDEBAR_HEADING.match(text):
            break
        if block.link_only or block.in_aside or text.casefold() in skip or _is_furniture(text):
            continue
        paragraphs.append(text)
    return _split_sign_off(paragraphs)


def _is_furniture(text: str) -> bool:
    """Lines that frame a story but are not part of it: dates, bylines, issue and masthead."""
    if site.PRINTED_DATETIME.match(text) or site.ISSUE_PREFIX.search(text) or site.MASTHEAD.search(text):
        return True
    if site.PHOTO_CREDIT.match(text):
        return True
    if (m := site.PRINTED_DATE.match(text)) and m.end() == len(text):
        return True
    if (m := site.RELATIVE_AGE.match(text)) and m.end() == len(text):
        return True
    return bool(site.BYLINE_PREFIX.match(text)) and len(text.split()) <= 16


def _split_sign_off(paragraphs: list[str]) -> tuple[list[str], str | None]:
    """The last sign-off line closes the story when no prose follows it."""
    for i in range(len(paragraphs) - 1, -1, -1):
        text = paragraphs[i]
        if len(text.split()) >= _PROSE_WORDS:
            return paragraphs, None
        if site.SIGN_OFF.match(text):
            return paragraphs[:i], text.strip(" .")
    return paragraphs, None


def byline(ld: dict[str, Any], meta: dict[str, list[str]], head: list[Block], sign_off: str | None) -> str | None:
    """JSON-LD author, ``<meta name=author>``, a ``By ...`` line, then the sign-off line."""
    found = _ld_text(ld.get("author")) or _meta_first(meta, site.META_AUTHOR)
    if found:
        return found
    for block in head:
        if block.in_aside or not (m := site.BYLINE_PREFIX.match(block.text)):
            continue
        # The date line may follow on the same line: "By X Oct. 18, 2024, 6:33 p.m. Published in ..."
        name = _without_dates(site.ISSUE_PREFIX.split(m.group("byline"), maxsplit=1)[0])
        if name and len(name.split()) <= _BYLINE_WORDS:
            return name
    return sign_off


def _without_dates(text: str) -> str:
    """A byline line without the date or age printed after the name."""
    for pattern in (site.PRINTED_DATETIME, site.PRINTED_DATE, site.RELATIVE_AGE):
        if m := pattern.search(text):
            text = text[: m.start()]
    return clean(text).rstrip(" ,|-–")


def image(sel: Selector, ld: dict[str, Any], meta: dict[str, list[str]], page_url: str) -> str | None:
    value = ld.get("image")
    if isinstance(value, list):
        value = value[0] if value else None
    found = _ld_text(value.get("url") if isinstance(value, dict) else value)
    found = found or _meta_first(meta, site.META_IMAGE) or _first(sel, site.IMAGE)
    if not found:
        return None
    absolute = urljoin(page_url, found)
    # Only a web address is an image URL: not javascript:, data: or mailto: placeholders.
    return absolute if urlsplit(absolute).scheme in ("http", "https") else None


def section(ld: dict[str, Any], meta: dict[str, list[str]], page: list[Block]) -> str | None:
    """``articleSection``/``article:section``, else the ``More on <Section>`` sidebar heading."""
    found = _ld_text(ld.get("articleSection")) or _meta_first(meta, site.META_SECTION)
    if found:
        return found
    for block in page:
        if m := re.match(r"^\s*More\s+on\s+(?P<section>.{2,40}?)\s*$", block.text, re.I):
            return m.group("section")
    return None


# --- Where the story is ---------------------------------------------------------


_BODY_CONTAINER = etree.XPath(site.BODY_CONTAINER)


def _story_container(sel: Selector) -> etree._Element | None:
    """The page's story container, when it uses a known one."""
    root = sel.root
    found = _BODY_CONTAINER(root) if isinstance(root, etree._Element) else []
    return found[0] if found else None


def _long_enough(story: list[Block]) -> bool:
    """A container holding a few words only is a teaser or a caption, not the story."""
    return sum(len(b.text) for b in story) > _STORY_MIN_CHARS


def _index_after_headline(story: list[Block], headline_text: str | None) -> int:
    """Index just after the (last repeat of the) headline near the top; 0 when not seen."""
    if not headline_text:
        return 0
    key = headline_text.casefold()
    after = 0
    for i, block in enumerate(story[:40]):
        if block.text.casefold() == key and not block.link_only:
            after = i + 1
    return after


def _sidebar_start(story: list[Block], start: int) -> int:
    for i in range(start, len(story)):
        if site.SIDEBAR_HEADING.match(story[i].text):
            return i
    return len(story)
