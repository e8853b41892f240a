"""Witnesses for the feed to teach (judge/taught.py), named after where they read: ``html.<tag>.<first
class>``, ``printed.date_after:<label>``, ``printed.credit_after:<label>``. No judge picks them alone."""

from __future__ import annotations

import re

from parsel import Selector

from spotlight_crawler.extract.text import Block, clean
from spotlight_crawler.judge import Named
from spotlight_crawler.judge.body import line_key

# Headings looked at, at most: a page's own come first; a long page's others are its sidebars.
_HEADINGS = 12
# A label: one to three words before the date or the colon.
_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z ]{0,30}?)\s*:?\s*$")
_CREDIT_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z ]{1,30}?)\s*:\s*(\S.{1,60})$")
_CREDIT_WORDS = 6


def heading_witnesses(sel: Selector) -> Named:
    """The first heading of each tag and first class, in the page's order."""
    found: dict[str, str] = {}
    for node in sel.xpath("//body//*[self::h1 or self::h2 or self::h3]")[:_HEADINGS]:
        tag = node.root.tag
        classes = (node.attrib.get("class") or "").split()
        name = f"html.{tag}.{classes[0]}" if classes else f"html.{tag}"
        text = clean(" ".join(node.xpath(".//text()").getall()))
        if text and name not in found:
            found[name] = text
    return list(found.items())


def labelled_dates(page: list[Block], printed: dict[int, str]) -> Named:
    """Each printed date-time under the words its line opens with (the first of each label)."""
    found: dict[str, str] = {}
    for i, text in printed.items():
        if (label := _date_label(page[i], text)) is not None:
            found.setdefault(f"printed.date_after:{label}", clean(text))
    return list(found.items())


def _date_label(block: Block, text: str) -> str | None:
    """The label before the printed date-time ``text`` of ``block``: "" when none, None when
    the date sits inside a sentence or an entry."""
    before = block.text.split(text, 1)[0]
    if not before.strip():
        return ""
    return m.group(1).lower() if (m := _LABEL.match(before)) else None


def labelled_credits(page: list[Block]) -> Named:
    """The name on each short ``Label: Name`` line outside sidebars (the first of each label)."""
    found: dict[str, str] = {}
    for block in page:
        if block.link_only or not (m := _CREDIT_LINE.match(block.text)):
            continue
        label, rest = m.group(1).lower(), clean(m.group(2))
        if len(label.split()) <= 3 and len(rest.split()) <= _CREDIT_WORDS:
            found.setdefault(f"printed.credit_after:{label}", rest)
    return list(found.items())


def labelled_lines(page: list[Block], printed: dict[int, str]) -> set[str]:
    """The page's lines that hold a labelled date or credit (as :func:`line_key` gives them)."""
    lines = {line_key(b.text) for b in page if _CREDIT_LINE.match(b.text)}
    return lines | {line_key(page[i].text) for i, text in printed.items() if _date_label(page[i], text)}


def trim_body(paragraphs: list[str], headings: Named, labelled: set[str]) -> list[str]:
    """``paragraphs`` without the labelled date and credit lines, nor the headings they open with."""
    heads = {line_key(text) for _, text in headings}
    kept = [p for p in paragraphs if line_key(p) not in labelled]
    while kept and line_key(kept[0]) in heads:
        kept.pop(0)
    return kept
