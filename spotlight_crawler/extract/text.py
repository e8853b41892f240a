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

# Every kind of space, line breaks included: a single <br> inside a paragraph is a space.
_SPACE = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\x1e]+")
# What a <br> leaves in the text: not a newline, since newlines in the HTML source are spaces.
_BR = "\x1e"
_BLANK_LINE = re.compile(r"\x1e\s*\x1e")
_SKIP, _BLOCK, _HEADING = site.SKIP_TAGS, site.BLOCK_TAGS, site.HEADING_TAGS


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-like run of text.

    ``link_only`` is true when every character sits inside links (navigation, sidebar entries);
    ``heading`` when the block is an ``<hN>``; ``in_aside`` when it is inside ``<aside>``;
    ``in_story`` when it is inside the story container given to :func:`blocks`.
    """

    text: str
    link_only: bool = False
    heading: bool = False
    in_aside: bool = False
    links: tuple[str, ...] = ()
    in_story: bool = False


def clean(text: str | None) -> str:
    """Whitespace collapsed (non-breaking spaces included) and trimmed."""
    return _SPACE.sub(" ", text or "").strip()


class _Walker:
    def __init__(self, story: etree._Element | None = None) -> None:
        self.story = story
        self._in_story = False
        self.blocks: list[Block] = []
        self._parts: list[tuple[str, bool]] = []
        self._links: list[str] = []
        self._heading = False
        self._aside = False

    def flush(self) -> None:
        parts = self._parts
        if not parts:
            return
        self._parts = []
        links, self._links = tuple(self._links), []
        text = "".join(part for part, _ in parts)
        if not text or text.isspace():
            return
        # Link-only: every visible character sits inside a link (navigation, sidebar entries).
        link_only = all(linked for part, linked in parts if not part.isspace())
        # A <br><br> pair leaves an empty line: split the run there into separate paragraphs.
        chunks = _BLANK_LINE.split(text) if _BR in text else (text,)
        for chunk in chunks:
            if value := clean(chunk):
                self.blocks.append(Block(value, link_only, self._heading, self._aside, links, self._in_story))

    def walk(self, root: etree._Element, in_link: bool = False, in_aside: bool = False) -> None:
        """Visit ``root`` and everything inside it in document order.

        Iterative, with a stack of its own: a page nests as deep as its author (or an
        attacker) likes, and a recursive walk of 1,000 nested elements ends in RecursionError.
        Called for every element of every page: kept lean on purpose.
        """
        # Entries are (element, in_link, in_aside) to enter, or (None, element, block,
        # is_story, in_aside, outer_link) to leave once its children are done.
        todo: list[tuple] = [(root, in_link, in_aside)]
        pop, push = todo.pop, todo.append
        while todo:
            item = pop()
            if item[0] is None:
                _, el, block, is_story, in_aside, outer_link = item
                if block:
                    self.flush()
                    self._heading = False
                    self._aside = in_aside
                if is_story:
                    self._in_story = False
                if el.tail:
                    self._parts.append((el.tail, outer_link))
                continue
            el, in_link, in_aside = item
            parts = self._parts
            tag = el.tag
            if not isinstance(tag, str) or (tag := tag.lower().rpartition("}")[2]) in _SKIP:
                if el.tail:
                    parts.append((el.tail, in_link))
                continue
            outer_link = in_link
            is_story = el is self.story
            block = is_story or tag in _BLOCK
            if is_story:
                self.flush()
                self._in_story = True
            if block:
                self.flush()
                parts = self._parts
                self._heading = tag in _HEADING
                self._aside = in_aside or tag == "aside"
            if tag == "br":
                parts.append((_BR, in_link))
            elif tag == "a" and (href := el.get("href")):
                self._links.append(href)
                in_link = True
            if el.text:
                parts.append((el.text, in_link))
            push((None, el, block, is_story, in_aside, outer_link))
            child_aside = in_aside or tag == "aside"
            for child in reversed(el):
                push((child, in_link, child_aside))


def blocks(sel: Selector, story: etree._Element | None = None) -> list[Block]:
    """The visible text of ``sel`` as blocks, in document order.

    Blocks inside ``story`` (an element of ``sel``, e.g. the page's story container) are
    marked ``in_story``, so one walk serves both the page and its story.
    """
    root = sel.root
    if not isinstance(root, etree._Element):
        return []
    body = root.find(".//body") if root.tag == "html" else root
    walker = _Walker(story)
    walker.walk(body if body is not None else root)
    walker.flush()
    return walker.blocks
