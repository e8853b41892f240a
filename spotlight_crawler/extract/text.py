"""A page as a reader sees it: an ordered list of text blocks (extraction relies on the
order of what the site prints and on its text patterns rather than on class names)."""

from __future__ import annotations

import re
from typing import NamedTuple

from lxml import etree
from parsel import Selector

from spotlight_crawler import site

# What a <br> leaves in the text (newlines in the HTML source are spaces); two make a paragraph break.
_BR = "\x1e"
_BLANK_LINE = re.compile(r"\x1e\s*\x1e")


class Block(NamedTuple):
    """One paragraph-like run of text: ``link_only`` when all of it sits in links, ``links`` their
    hrefs, ``link_chars`` how much of it does; ``inset``: in a figure or an embedded post."""

    text: str
    link_only: bool = False
    links: tuple[str, ...] = ()
    link_chars: int = 0
    inset: bool = False

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


class Walk(NamedTuple):
    """One walk over a page: its blocks; story ``containers`` (by class or ``itemprop``) with
    the range of ``blocks`` each holds; breadcrumb and category ``labels``; unwalked ``asides``."""

    blocks: list[Block]
    containers: list[tuple[etree._Element, int, int]]
    labels: list[etree._Element]
    asides: list[etree._Element]


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


def walk_page(page: Selector | etree._Element) -> Walk:
    """The visible text of a page (its ``<body>``) or of one of its elements as blocks in document
    order (``<aside>`` set aside), and what the walk noticed; any depth (the walk is a loop)."""
    walk = Walk([], [], [], [])
    root: etree._Element = page.root if isinstance(page, Selector) else page
    parts: list[tuple[str, bool]] = []  # the text of the run so far, each piece with whether a link holds it
    links: list[str] = []  # the hrefs met in the run
    run_inset = False  # whether the block the run belongs to is inset

    def flush() -> None:
        if not parts:
            return  # the links met so far stay for the run to come
        # Link text counts only in a run that holds the link's start (a block inside a link does not).
        linked_chars = sum(len(part.strip()) for part, linked in parts if linked) if links else 0
        link_only = linked_chars > 0 and all(linked for part, linked in parts if not part.isspace())
        # A <br><br> pair leaves an empty line: split the run there into separate paragraphs.
        chunks = _BLANK_LINE.split("".join(part for part, _ in parts))
        for chunk in chunks:
            if value := clean(chunk.replace(_BR, " ")):
                share = linked_chars if len(chunks) == 1 else min(linked_chars, len(value))
                walk.blocks.append(Block(value, link_only, tuple(links), share, run_inset))
        parts.clear()
        links.clear()

    body = root.find(".//body") if root.tag == "html" else root
    # Per open element: whether it is a block, whether a link holds its children, whether they
    # are inset, and for a story container the index of its first block.
    open_: list[tuple[bool, bool, bool, int | None]] = []
    walker = etree.iterwalk(body if body is not None else root, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        block, _, _, first = open_.pop() if event == "end" else (False, False, False, None)
        in_link, inset = open_[-1][1:3] if open_ else (False, False)
        if block:
            flush()
            run_inset = inset
        if first is not None:
            walk.containers.append((el, first, len(walk.blocks)))
        if event != "start":
            if el.tail:
                parts.append((el.tail, in_link))
            continue
        tag = str(el.tag).lower().rpartition("}")[2]
        if tag in site.SKIP_TAGS or tag == "aside":
            if tag == "aside":
                walk.asides.append(el)
            elif tag == "nav" and _is_label(el, tag):
                walk.labels.append(el)
            walker.skip_subtree()
            open_.append((False, in_link, inset, None))
            continue
        container = bool(site.BODY_CONTAINER_CLASS.search(el.get("class") or ""))
        container = container or el.get("itemprop") == "articleBody"
        if not container and _is_label(el, tag):
            walk.labels.append(el)
        block = container or tag in site.BLOCK_TAGS
        child_inset = inset or tag in site.CAPTION_TAGS or (tag in site.EMBED_TAGS and _is_embed(el, tag))
        if block:
            flush()
            run_inset = child_inset
        child_link = in_link
        if tag == "br":
            parts.append((_BR, in_link))
        elif tag == "a" and (href := el.get("href")):
            links.append(href)
            child_link = True
        if el.text:
            parts.append((el.text, child_link))
        open_.append((block, child_link, child_inset, len(walk.blocks) if container else None))
    flush()
    return walk
