"""A page as a reader sees it: an ordered list of text blocks.

The site's markup is unknown, but the order of what it prints is known (headline, standfirst,
date line, paragraphs, sign-off, sidebars). Walking the rendered text block by block lets
extraction rely on that order and on the printed text patterns instead of on class names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from lxml import etree
from parsel import Selector

from spotlight_crawler import site

# Every kind of space, line breaks included: a single <br> inside a paragraph is a space.
# str.split() splits on all of them (non-breaking and the \u2000 block too, and the <br>
# marker below) but the zero-width space, which is not whitespace to Python.
_ZERO_WIDTH_SPACE = "\u200b"
# What a <br> leaves in the text: not a newline, since newlines in the HTML source are spaces.
_BR = "\x1e"
_BLANK_LINE = re.compile(r"\x1e\s*\x1e")
_SKIP, _BLOCK, _HEADING = site.SKIP_TAGS, site.BLOCK_TAGS, site.HEADING_TAGS
_CAPTION_TAGS, _EMBED_TAGS, _EMBED_CLASS = site.CAPTION_TAGS, site.EMBED_TAGS, site.EMBED_CLASS
_CONTAINER_CLASS, _LABEL_CLASS, _BREADCRUMB = site.BODY_CONTAINER_CLASS, site.SECTION_LABEL_CLASS, site.BREADCRUMB_CLASS
# Most classes name none of these: one search tells, instead of one per pattern.
_ANY_MARK = re.compile("|".join(p.pattern for p in (_CONTAINER_CLASS, _LABEL_CLASS, _EMBED_CLASS)), re.I)


# Tag names as the walk compares them, by the parser's spelling: lower case, no namespace.
_TAGS: dict[str, str] = {}


def _tag_name(tag: str) -> str:
    name = tag.lower().rpartition("}")[2]
    if len(_TAGS) < 4096:  # bounded: a page may make up as many tag names as it likes
        _TAGS[tag] = name
    return name


@lru_cache(maxsize=2048)
def _marked(cls: str) -> bool:
    """Whether a class attribute names a story container, a label or an embed: asked for every
    element with a class, and a page repeats a few dozen class attributes."""
    return _ANY_MARK.search(cls) is not None


# Besides a class, what may make an element a story container or a label (see _notice).
_NOTICED_ATTRIBUTES = frozenset({"itemprop", "aria-label", "itemtype", "rel"})
# What a block's flags are made of: inside <aside>, inside a figure, inside an embedded post.
_ASIDE, _CAPTION, _EMBED = 1, 2, 4


class Block(NamedTuple):
    """One paragraph-like run of text (a named tuple: a page makes dozens, and a frozen
    dataclass takes five times as long to build).

    ``link_only`` is true when every character sits inside links (navigation, sidebar entries);
    ``heading`` when the block is an ``<hN>``; ``in_aside`` when it is inside ``<aside>``;
    ``in_story`` when it is inside the story container given to :func:`blocks`;
    ``link_chars`` counts the characters inside links (link density tells a list of other
    stories from prose); ``caption`` marks text inside ``<figure>``/``<figcaption>``, ``embed``
    text inside an embedded post (a tweet's block quote, an embed block).
    """

    text: str
    link_only: bool = False
    heading: bool = False
    in_aside: bool = False
    links: tuple[str, ...] = ()
    in_story: bool = False
    link_chars: int = 0
    caption: bool = False
    embed: bool = False

    @property
    def link_dense(self) -> bool:
        """Mostly link text: a list entry, a lead-in to another story, a share or tag row."""
        return self.link_chars * 2 >= len(self.text)


def clean(text: str | None) -> str:
    """Whitespace collapsed (non-breaking spaces included) and trimmed.

    ``str.split`` rather than a regex: called for every block of every page, and five times faster."""
    if not text:
        return ""
    if _ZERO_WIDTH_SPACE in text:
        text = text.replace(_ZERO_WIDTH_SPACE, " ")
    return " ".join(text.split())


@dataclass
class Walk:
    """One walk over a page: its blocks, and what the walk noticed on the way (when asked to).

    ``containers``: elements whose class or ``itemprop`` names a story container, each with the
    range of ``blocks`` it holds; ``labels``: breadcrumb trails and category labels;
    ``asides``: ``<aside>`` elements left unwalked (their text is never the story's).
    """

    blocks: list[Block]
    containers: list[tuple[etree._Element, int, int]]
    labels: list[etree._Element]
    asides: list[etree._Element]


class _Walker:
    def __init__(self, story: etree._Element | None = None, find: bool = False, skip_aside: bool = False) -> None:
        self.story = story
        self._in_story = False
        self.blocks: list[Block] = []
        self._parts: list[tuple[str, bool]] = []
        self._links: list[str] = []
        self._heading = False
        self._flags = 0
        self.find = find
        self.skip_aside = skip_aside
        self.containers: list[tuple[etree._Element, int, int]] = []
        self.labels: list[etree._Element] = []
        self.asides: list[etree._Element] = []

    def flush(self) -> None:
        parts = self._parts
        if not parts:
            return
        self._parts = []
        links, self._links = tuple(self._links), []
        text = parts[0][0] if len(parts) == 1 else "".join([part for part, _ in parts])
        if not text or text.isspace():
            return
        # Link-only: every visible character sits inside a link (navigation, sidebar entries).
        linked_chars = sum(len(part.strip()) for part, linked in parts if linked) if links else 0
        link_only = linked_chars > 0 and all(linked for part, linked in parts if not part.isspace())
        flags = self._flags
        aside, caption, embed = bool(flags & _ASIDE), bool(flags & _CAPTION), bool(flags & _EMBED)
        # A <br><br> pair leaves an empty line: split the run there into separate paragraphs.
        chunks = _BLANK_LINE.split(text) if _BR in text else (text,)
        for chunk in chunks:
            if value := clean(chunk):
                share = linked_chars if len(chunks) == 1 else min(linked_chars, len(value))
                self.blocks.append(
                    Block(value, link_only, self._heading, aside, links, self._in_story, share, caption, embed)
                )

    def walk(self, root: etree._Element, in_link: bool = False, flags: int = 0) -> None:
        """Visit ``root`` and everything inside it in document order.

        Iterative, with a stack of its own: a page nests as deep as its author (or an
        attacker) likes, and a recursive walk of 1,000 nested elements ends in RecursionError.
        Called for every element of every page: kept lean on purpose.
        """
        # Entries are (element, in_link, flags) to enter, or (None, element, block, container,
        # first block, is_story, flags, outer_link) to leave once its children are done. An
        # element without children (most of a page) is left as soon as it is entered.
        todo: list[tuple[Any, ...]] = [(root, in_link, flags)]
        pop, push = todo.pop, todo.append
        find, skip_aside, story = self.find, self.skip_aside, self.story
        while todo:
            item = pop()
            if item[0] is None:
                _, el, block, container, first, is_story, flags, outer_link = item
            else:
                el, in_link, flags = item
                parts = self._parts
                tag = el.tag
                if not isinstance(tag, str) or (tag := _TAGS.get(tag) or _tag_name(tag)) in _SKIP:
                    if tag == "nav" and find and _is_label(el, "nav", el.get("class")):
                        self.labels.append(el)
                    if el.tail:
                        parts.append((el.tail, in_link))
                    continue
                if tag == "aside" and skip_aside:
                    self.asides.append(el)
                    if el.tail:
                        parts.append((el.tail, in_link))
                    continue
                outer_link = in_link
                is_story = el is story
                cls = el.get("class")
                marked = cls is not None and _marked(cls)
                if find and (marked or not _NOTICED_ATTRIBUTES.isdisjoint(el.keys())):
                    container = self._notice(el, tag, cls if marked else None)
                else:
                    container = False
                block = is_story or container or tag in _BLOCK
                if is_story:
                    self.flush()
                    self._in_story = True
                child_flags = flags
                if tag == "aside":
                    child_flags |= _ASIDE
                elif tag in _CAPTION_TAGS:
                    child_flags |= _CAPTION
                elif tag in _EMBED_TAGS and (marked or tag == "blockquote") and _is_embed(el):
                    child_flags |= _EMBED
                if block:
                    self.flush()
                    parts = self._parts
                    self._heading = tag in _HEADING
                    self._flags = child_flags
                first = len(self.blocks)
                if tag == "br":
                    parts.append((_BR, in_link))
                elif tag == "a" and (href := el.get("href")):
                    self._links.append(href)
                    in_link = True
                if el.text:
                    parts.append((el.text, in_link))
                if len(el):
                    push((None, el, block, container, first, is_story, flags, outer_link))
                    for child in reversed(el):
                        push((child, in_link, child_flags))
                    continue
            # Leaving ``el``: its children are done (or it has none).
            if block:
                self.flush()
                self._heading = False
                self._flags = flags
            if container:
                self.containers.append((el, first, len(self.blocks)))
            if is_story:
                self._in_story = False
            if el.tail:
                self._parts.append((el.tail, outer_link))

    def _notice(self, el: etree._Element, tag: str, cls: str | None) -> bool:
        """True for a story container; breadcrumb trails and category labels are noted.
        ``cls`` is the class when it names one of them, else None."""
        if (cls and _CONTAINER_CLASS.search(cls)) or el.get("itemprop") == "articleBody":
            return True
        if _is_label(el, tag, cls):
            self.labels.append(el)
        return False


def _is_label(el: etree._Element, tag: str, cls: str | None) -> bool:
    """A breadcrumb trail (class, ARIA label, microdata) or a category label."""
    if cls and _LABEL_CLASS.search(cls):
        return True
    if (label := el.get("aria-label")) and _BREADCRUMB.search(label):
        return True
    if (kind := el.get("itemtype")) and _BREADCRUMB.search(kind):
        return True
    return tag == "a" and "category" in (el.get("rel") or "")


def _is_embed(el: etree._Element) -> bool:
    """An embedded post: its embed code's class, or a block quote signed like a post
    (``— UN in Nepal (@UNinNepal) October 26, 2018``)."""
    if (cls := el.get("class")) and _EMBED_CLASS.search(cls):
        return True
    return el.tag == "blockquote" and bool(site.EMBED_SIGNATURE.search("".join(el.itertext())))


def blocks(sel: Selector, story: etree._Element | None = None) -> list[Block]:
    """The visible text of ``sel`` as blocks, in document order.

    Blocks inside ``story`` (an element of ``sel``, e.g. the page's story container) are
    marked ``in_story``, so one walk serves both the page and its story.
    """
    return walk_page(sel, story).blocks


def walk_page(sel: Selector, story: etree._Element | None = None, find: bool = False, skip_aside: bool = False) -> Walk:
    """:func:`blocks`, and with ``find`` the story containers, breadcrumbs and labels met on the
    way (one walk instead of a selector pass each); ``skip_aside`` leaves ``<aside>`` unwalked."""
    return walk_element(sel.root, story, find, skip_aside)


def walk_element(root: Any, story: etree._Element | None = None, find: bool = False, skip_aside: bool = False) -> Walk:
    """:func:`walk_page` of an element of a parsed page, without wrapping it in a ``Selector``
    (a listing walks each of its entries' containers)."""
    if not isinstance(root, etree._Element):
        return Walk([], [], [], [])
    body = root.find(".//body") if root.tag == "html" else root
    walker = _Walker(story, find, skip_aside)
    walker.walk(body if body is not None else root)
    walker.flush()
    return Walk(walker.blocks, walker.containers, walker.labels, walker.asides)
