"""A page as a reader sees it: an ordered list of text blocks.

The site's markup is unknown, but the order of what it prints is known (headline, standfirst,
date line, paragraphs, sign-off, sidebars). Walking the rendered text block by block lets
extraction rely on that order and on the printed text patterns instead of on class names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from parsel import Selector

from spotlight_crawler import site

_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-like run of text.

    ``link_only`` is true when every character sits inside links (navigation, sidebar entries);
    ``heading`` when the block is an ``<hN>``; ``in_aside`` when it is inside ``<aside>``.
    """

    text: str
    link_only: bool = False
    heading: bool = False
    in_aside: bool = False
    links: tuple[str, ...] = ()


def clean(text: str | None) -> str:
    """Whitespace collapsed (non-breaking spaces included) and trimmed."""
    return _SPACE.sub(" ", text or "").strip()


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._parts: list[tuple[str, bool]] = []
        self._links: list[str] = []
        self._heading = False
        self._aside = False

    def flush(self) -> None:
        # A <br><br> pair leaves an empty line: split the run there into separate paragraphs.
        text = "".join(part for part, _ in self._parts)
        chunks = re.split(r"\n\s*\n", text) if "\n" in text else [text]
        in_link_chars = sum(len(clean(p)) for p, linked in self._parts if linked)
        all_chars = len(clean(text.replace("\n", " ")))
        link_only = all_chars > 0 and in_link_chars >= all_chars
        for chunk in chunks:
            value = clean(chunk.replace("\n", " "))
            if value:
                self.blocks.append(Block(value, link_only, self._heading, self._aside, tuple(self._links)))
        self._parts = []
        self._links = []

    def walk(self, el: etree._Element, in_link: bool = False, in_aside: bool = False) -> None:
        outer_link = in_link
        tag = el.tag.lower().rpartition("}")[2] if isinstance(el.tag, str) else ""
        if not tag or tag in site.SKIP_TAGS:
            self._tail(el, outer_link)
            return
        block = tag in site.BLOCK_TAGS
        if block:
            self.flush()
            self._heading = tag in site.HEADING_TAGS
            self._aside = in_aside or tag == "aside"
        if tag == "br":
            self._parts.append(("\n", in_link))
        if tag == "a" and el.get("href"):
            self._links.append(el.get("href", ""))
            in_link = True
        if el.text:
            self._parts.append((el.text, in_link))
        for child in el:
            self.walk(child, in_link, in_aside or tag == "aside")
        if block:
            self.flush()
            self._heading = False
            self._aside = in_aside
        self._tail(el, outer_link)

    def _tail(self, el: etree._Element, in_link: bool) -> None:
        if el.tail:
            self._parts.append((el.tail, in_link))


def blocks(sel: Selector) -> list[Block]:
    """The visible text of ``sel`` as blocks, in document order."""
    root = sel.root
    if not isinstance(root, etree._Element):
        return []
    body = root.find(".//body") if root.tag == "html" else root
    walker = _Walker()
    walker.walk(body if body is not None else root)
    walker.flush()
    return walker.blocks
