"""A fetched page's text as a parsel ``Selector`` over lxml's plain elements.

``Selector(text=...)`` builds its tree with ``lxml.html``, whose parser calls back into
Python to choose a class for every element the code touches; the text walk touches every
element of every page, and the lookup was about a sixth of extraction. Nothing in
extraction uses ``lxml.html``'s element methods, so pages are parsed with ``lxml.etree``'s
HTML parser instead, the text prepared as parsel prepares it.
"""

from __future__ import annotations

from lxml import etree
from parsel import Selector

_EMPTY = b"<html/>"


def html_selector(text: str, url: str | None = None) -> Selector:
    """The same tree ``Selector(text=text, base_url=url)`` builds, in plain elements."""
    body = text.strip().replace("\x00", "").encode("utf-8") or _EMPTY
    # As parsel's HTML parser: recover from broken markup, no size limit on text nodes.
    parser = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
    # lxml's stubs say an element; its HTML parser answers None for a page without one.
    root: etree._Element | None = etree.fromstring(body, parser=parser, base_url=url)
    if root is None:
        root = etree.fromstring(_EMPTY, parser=parser, base_url=url)
    return Selector(root=root, type="html")
