"""A page as a reader sees it: an ordered list of text blocks (extraction relies on the
order of what the site prints and on its text patterns rather than on class names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from lxml import etree
from parsel import Selector

from spotlight_crawler import site

# What a <br> leaves in the text (newlines in the HTML source are spaces); two make a paragraph break.
_BR = "\x1e"
_BLANK_LINE = re.compile(r"\x1e\s*\x1e")
# What a block's flags are made of: inside a figure, inside an embedded post.
_CAPTION, _EMBED = 1, 2


class Block(NamedTuple):
    """One paragraph-like run of text: ``link_only`` when all of it sits inside links,
    ``links`` their hrefs, ``link_chars`` how much of it does; ``caption``: inside a figure;
    ``embed``: inside an embedded post."""

    text: str
    link_only: bool = False
    links: tuple[str, ...] = ()
    link_chars: int = 0
    caption: bool = False
    embed: bool = False

    @property
    def link_dense(self) -> bool:
        """Mostly link text: a list entry, a lead-in to another story, a share or tag row."""
        return self.link_chars * 2 >= len(self.text)


def clean(text: str | None) -> str:
    """Whitespace collapsed (non-breaking and zero-width spaces included) and trimmed."""
    return " ".join(text.replace("\u200b", " ").split()) if text else ""


def text_of(el: etree._Element) -> str:
    """All the text inside ``el``, whitespace collapsed."""
    return clean("".join(el.itertext()))


@dataclass
class Walk:
    """One walk over a page: its blocks; story ``containers`` (by class or ``itemprop``) with
    the range of ``blocks`` each holds; breadcrumb and category ``labels``; unwalked ``asides``."""

    blocks: list[Block]
    containers: list[tuple[etree._Element, int, int]]
    labels: list[etree._Element]
    asides: list[etree._Element]


class _Walker:
    def __init__(self) -> None:
        self.walk = Walk([], [], [], [])
        self._parts: list[tuple[str, bool]] = []
        self._links: list[str] = []
        self._flags = 0

    def flush(self) -> None:
        if not self._parts:
            return  # the links met so far stay for the run to come
        parts, self._parts = self._parts, []
        links, self._links = tuple(self._links), []
        text = "".join(part for part, _ in parts)
        # Link text counts only in a run that holds the link's start (a block inside a link does not).
        linked_chars = sum(len(part.strip()) for part, linked in parts if linked) if links else 0
        link_only = linked_chars > 0 and all(linked for part, linked in parts if not part.isspace())
        # A <br><br> pair leaves an empty line: split the run there into separate paragraphs.
        chunks = _BLANK_LINE.split(text)
        for chunk in chunks:
            if value := clean(chunk.replace(_BR, " ")):
                share = linked_chars if len(chunks) == 1 else min(linked_chars, len(value))
                caption, embed = bool(self._flags & _CAPTION), bool(self._flags & _EMBED)
                self.walk.blocks.append(Block(value, link_only, links, share, caption, embed))

    def run(self, root: etree._Element) -> None:
        """Visit ``root`` and everything inside it in document order, with a stack of its own
        (pages nest deeper than Python recurses)."""
        # Entries are (element, in_link, flags) to enter, or (None, element, block, container,
        # first block, flags, outer_link) to leave once its children are done.
        todo: list[tuple[Any, ...]] = [(root, False, 0)]
        while todo:
            item = todo.pop()
            if item[0] is None:
                _, el, block, container, first, flags, in_link = item
                if block:
                    self.flush()
                    self._flags = flags
                if container:
                    self.walk.containers.append((el, first, len(self.walk.blocks)))
                if el.tail:
                    self._parts.append((el.tail, in_link))
                continue
            el, in_link, flags = item
            tag = el.tag.lower().rpartition("}")[2] if isinstance(el.tag, str) else ""
            if tag in site.SKIP_TAGS or tag == "aside" or not tag:
                if tag == "aside":
                    self.walk.asides.append(el)
                elif tag == "nav" and _is_label(el, tag):
                    self.walk.labels.append(el)
                if el.tail:
                    self._parts.append((el.tail, in_link))
                continue
            container = bool(site.BODY_CONTAINER_CLASS.search(el.get("class") or ""))
            container = container or el.get("itemprop") == "articleBody"
            if not container and _is_label(el, tag):
                self.walk.labels.append(el)
            block = container or tag in site.BLOCK_TAGS
            child_flags = flags
            if tag in site.CAPTION_TAGS:
                child_flags |= _CAPTION
            elif tag in site.EMBED_TAGS and _is_embed(el, tag):
                child_flags |= _EMBED
            if block:
                self.flush()
                self._flags = child_flags
            first = len(self.walk.blocks)
            child_link = in_link
            if tag == "br":
                self._parts.append((_BR, in_link))
            elif tag == "a" and (href := el.get("href")):
                self._links.append(href)
                child_link = True
            if el.text:
                self._parts.append((el.text, child_link))
            todo.append((None, el, block, container, first, flags, in_link))
            todo.extend((child, child_link, child_flags) for child in reversed(el))


def _is_label(el: etree._Element, tag: str) -> bool:
    """A breadcrumb trail (class, ARIA label, microdata) or a category label."""
    if site.SECTION_LABEL_CLASS.search(el.get("class") or ""):
        return True
    if site.BREADCRUMB_CLASS.search(" ".join(filter(None, (el.get("aria-label"), el.get("itemtype"))))):
        return True
    return tag == "a" and "category" in (el.get("rel") or "")


def _is_embed(el: etree._Element, tag: str) -> bool:
    """An embedded post: its embed code's class, or a block quote signed like a post."""
    if site.EMBED_CLASS.search(el.get("class") or ""):
        return True
    return tag == "blockquote" and bool(site.EMBED_SIGNATURE.search("".join(el.itertext())))


def walk_page(sel: Selector) -> Walk:
    """The visible text of ``sel`` as blocks in document order (``<aside>`` set aside), and what
    the walk noticed."""
    return walk_element(sel.root)


def walk_element(root: Any) -> Walk:
    """The walk of an element of a parsed page (its ``<body>`` for the whole page)."""
    walker = _Walker()
    if isinstance(root, etree._Element):
        body = root.find(".//body") if root.tag == "html" else root
        walker.run(body if body is not None else root)
        walker.flush()
    return walker.walk
