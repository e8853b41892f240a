"""A fetched page's text parsed into a parsel ``Selector``, as parsel parses it, over lxml's
plain elements (no ``lxml.html`` element classes: nothing here uses their methods)."""

from __future__ import annotations

import re
from typing import NamedTuple

from lxml import etree
from parsel import Selector

_EMPTY = b"<html/>"


class ParsedPage(NamedTuple):
    """A page's tree; ``flattened`` when parsed again without its wrappers (too deep for
    libxml2), ``whole`` False when even that left text out of the tree."""

    selector: Selector
    whole: bool = True
    flattened: bool = False


def html_selector(text: str, url: str | None = None) -> Selector:
    """The same tree ``Selector(text=text, base_url=url)`` builds, in plain elements."""
    return parse_page(text, url).selector


def parse_page(text: str, url: str | None = None) -> ParsedPage:
    """The page parsed (see ``ParsedPage``): as parsel parses it, flattened when too deep."""
    body = text.strip().replace("\x00", "").encode("utf-8") or _EMPTY
    page = _parse(body, url)
    return page if page.whole else _parse(flatten_wrappers(body.decode("utf-8")).encode("utf-8"), url, flattened=True)


def _parse(body: bytes, url: str | None, flattened: bool = False) -> ParsedPage:
    # As parsel's HTML parser: recover from broken markup, no size limit on text nodes.
    parser = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
    # None for a page without an element (lxml's stubs say otherwise).
    root: etree._Element | None = etree.fromstring(body, parser=parser, base_url=url)
    # The one error libxml2 raises for a tree it cut at its depth limit (XML_ERR_RESOURCE_LIMIT).
    whole = not any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log)
    if root is None:
        root = etree.fromstring(_EMPTY, parser=parser, base_url=url)
    return ParsedPage(Selector(root=root, type="html"), whole, flattened)


# A comment, a script or style with its raw text, or a start or end tag (quoted attributes may hold ">").
_TOKEN = re.compile(
    r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|<(/?)([A-Za-z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.S | re.I,
)
_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr")
)


def flatten_wrappers(html: str) -> str:
    """``html`` without its pure wrappers: the tags of an element without attributes that is
    the only child (white space aside) of a parent of the same name. The text is unchanged."""
    tags = [m for m in _TOKEN.finditer(html) if m.group(3)]
    names = [m.group(3).lower() for m in tags]
    end: dict[int, int] = {}  # index of a start tag -> index of its end tag
    open_: list[int] = []
    for i, tag in enumerate(tags):
        if not tag.group(2):
            if names[i] not in _VOID:
                open_.append(i)
            continue
        for depth in range(len(open_) - 1, -1, -1):
            if names[open_[depth]] == names[i]:
                end[open_[depth]] = i
                del open_[depth:]
                break

    def adjacent(a: int, b: int) -> bool:
        return not html[tags[a].end() : tags[b].start()].strip()

    # A start tag right after its parent's start, its end right before the parent's end.
    drop: list[int] = []
    for child, close in end.items():
        parent = child - 1
        wraps = parent in end and names[parent] == names[child] and end[parent] == close + 1
        if wraps and not tags[child].group(4).strip(" /") and adjacent(parent, child) and adjacent(close, end[parent]):
            drop += (child, close)
    out, at = [], 0
    for i in sorted(drop):
        out.append(html[at : tags[i].start()])
        at = tags[i].end()
    out.append(html[at:])
    return "".join(out)
