"""The site's own readers of an article page's fields (headline, summary, date, issue, body,
byline, image, section), over the text walk's blocks and the page's markup.

Headline, date, body and byline readers are witnesses the judges weigh (judge/); summary,
issue, image and section take what the page offers in layers: metadata first, then markup,
then printed text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from parsel import Selector

from spotlight_crawler import site
from spotlight_crawler.extract.metadata import (
    first_of,
    ld_text,
    ld_types,
    meta_first,
    meta_values,
    select_nodes,
    string_of,
    strip_site_name,
)
from spotlight_crawler.extract.region import SHORT_LINE
from spotlight_crawler.extract.text import Block, Walk, clean
from spotlight_crawler.urls import absolute_url

# A paragraph of prose has at least this many words; shorter lines near the end of a story
# may be a sign-off, longer ones never are.
_PROSE_WORDS = 12
# A "By ..." line names a few people at most; a longer one is a sentence that starts with "By".
_BYLINE_WORDS = 12


def printed_headlines(sel: Selector) -> list[tuple[str, str]]:
    """The headline the page prints (``itemprop=headline``, the article's ``<h1>``, the
    page's ``<h1>``: the first found), as a ``printed.headline`` witness."""
    for query in site.HEADLINE:
        if found := string_of(sel, query):
            return [("printed.headline", found)]
    return []


def fallback_headlines(sel: Selector, site_name: str | None) -> list[tuple[str, str]]:
    """Weaker headline witnesses: the ``<title>`` without the site's name, an element whose
    class names a title, the first ``<h2>``."""
    found = []
    if title := strip_site_name(next(iter(select_nodes(sel, site.TITLE)), None), site_name):
        found.append(("html.title", title))
    for query in site.HEADLINE_WEAK:
        if text := string_of(sel, query):
            found.append(("printed.weak_headline", text))
            break
    return found


def summary(ld: dict[str, Any], meta: dict[str, list[str]], story: list[Block], head: list[Block]) -> str | None:
    """The standfirst: a metadata description the page prints as a block of its own, else
    what the page prints between the headline and the date line.

    A description that is not printed on its own is often the body's opening cut short,
    not a standfirst.
    """
    printed = {b.text.casefold(): b.text for b in story if not b.link_only}
    candidates = [ld_text(ld.get("description")), *meta_values(meta, site.META_SUMMARY)]
    for candidate in candidates:
        if candidate and candidate.casefold() in printed:
            return printed[candidate.casefold()]
    between = [b.text for b in head if not (b.link_only or _is_furniture(b.text))]
    return " ".join(between) or None


def published(
    sel: Selector, ld: dict[str, Any], meta: dict[str, list[str]], page: list[Block], head_end: int = 0
) -> tuple[int | None, str | None]:
    """The printed date-time (and its block's index), else ``<time>``, else metadata's ISO value,
    else a relative age printed beside the headline (resolved later against the page's ``Date``).

    The story's date line follows its headline: blocks from the headline on are read first,
    then those above it. Entries of other stories (a ticker, a trending column: links with
    their own date-times) are never the story's date.
    """
    printed = _printed_datetimes(page)
    start = max(0, head_end - 1)
    for i in [*(i for i in printed if i >= start), *(i for i in reversed(printed) if i < start)]:
        if _may_date(page[i]):
            return i, clean(printed[i])
    for text in select_nodes(sel, "time::text"):
        if m := site.PRINTED_DATETIME.search(text):
            return None, clean(m.group(0))
    if found := meta_published(sel, ld, meta):
        return None, found
    # Only an age: it must sit by the headline, not in a list of other stories.
    for i in range(max(0, head_end - 2), min(len(page), head_end + 6)):
        block = page[i]
        if "ago" in block.text and _may_date(block) and (m := site.RELATIVE_AGE.search(block.text)):
            return i, clean(m.group(0))
    return None, None


def _printed_datetimes(page: list[Block]) -> dict[int, str]:
    """The first printed date-time of each block that has one, by block index, in order.

    One pass of the cheap year-and-time search over the page's text finds the few blocks
    that may hold one; only those get the full pattern (its month names, case-blind, are
    slow to try at every character of a page)."""
    joined = "\x00".join(b.text for b in page)  # \x00 is no \s: no match runs across blocks
    starts = list(accumulate((len(b.text) + 1 for b in page), initial=0))
    found: dict[int, str] = {}
    for i in dict.fromkeys(bisect_right(starts, m.start()) - 1 for m in site.PRINTED_DATETIME_TAIL.finditer(joined)):
        if m := site.PRINTED_DATETIME.search(page[i].text):
            found[i] = m.group(0)
    return found


def _may_date(block: Block) -> bool:
    """A block that may carry the story's own date: not a link, not a sidebar, not an entry of
    another story (mostly link text beside the date), not a caption or embedded post."""
    if block.link_only or block.caption or block.embed:
        return False
    return not block.link_chars or block.text.lstrip()[:3].lower() == "by " or not _entry_like(block)


def _entry_like(block: Block) -> bool:
    """Links with their own headline: most of the text beside dates is link text."""
    text = block.text
    linked = block.link_chars * 2
    if linked >= len(text) or linked + _DATE_CHARS < len(text):
        return linked >= len(text)
    for pattern in (site.PRINTED_DATETIME, site.PRINTED_DATE, site.RELATIVE_AGE):
        text = pattern.sub("", text)
    return block.link_chars * 2 >= len(text.strip())


def entry_of_another_story(block: Block) -> bool:
    """A link to another story with its own date or age beside it (a ticker's or a list's entry)."""
    text = block.text
    return any(p.search(text) for p in (site.PRINTED_DATETIME, site.PRINTED_DATE, site.RELATIVE_AGE))


# No printed date or age is longer than this.
_DATE_CHARS = 40


def meta_published(sel: Selector, ld: dict[str, Any], meta: dict[str, list[str]]) -> str | None:
    return (
        ld_text(ld.get("datePublished")) or meta_first(meta, site.META_PUBLISHED) or first_of(sel, site.TIME_PUBLISHED)
    )


def issue(story: list[Block]) -> str | None:
    """The magazine issue after ``Published in Magazine Issue:``, without the masthead."""
    for block in story:
        if not (match := site.ISSUE_PREFIX.search(block.text)):
            continue
        text = block.text[match.end() :]
        text = site.MASTHEAD.split(text, maxsplit=1)[0]
        return clean(text).rstrip(" ,;|") or None
    return None


def body(candidates: list[Block], headline_text: str | None, summary_text: str | None) -> tuple[list[str], str | None]:
    """Story paragraphs up to the first sidebar heading after the body began, and the sign-off
    line if any.

    Left out without ending the body: link lists and lead-ins to other stories (``Also read:``),
    share and tag rows, captions and embedded posts, date, byline and issue lines. Block
    quotes and list items stay, each a paragraph.
    """
    skip = {(headline_text or "").casefold(), (summary_text or "").casefold()}
    paragraphs: list[str] = []
    for block in candidates:
        text = block.text
        if block.link_only or block.caption or block.embed:
            continue
        short = len(text) < SHORT_LINE
        if short and not (block.link_chars and site.LEAD_IN.match(text)) and site.SIDEBAR_HEADING.match(text):
            if paragraphs:
                break
            continue
        if block.link_chars and (block.link_dense or site.LEAD_IN.match(text)):
            continue
        if text.casefold() in skip or _is_furniture(text) or _is_page_furniture(text, short):
            continue
        paragraphs.append(text)
    return _split_sign_off(paragraphs)


def furniture_line(text: str) -> bool:
    """A line of text, as any extractor reads it, that frames the story rather than tells it:
    a sidebar heading, a date, byline, issue or masthead line, a lead-in to another story, a
    share or tag row, a caption's credit, an embedded post's signature."""
    short = len(text) < SHORT_LINE
    if short and site.SIDEBAR_HEADING.match(text):
        return True
    return _is_furniture(text) or _is_page_furniture(text, short)


def split_sign_off(paragraphs: list[str]) -> tuple[list[str], str | None]:
    """The paragraphs without a closing sign-off line, and that line (see ``body``)."""
    return _split_sign_off(paragraphs)


def _is_page_furniture(text: str, short: bool) -> bool:
    """Lines a CMS adds inside the story: lead-ins, share and tag rows, captions, a post's signature."""
    if short and (site.LEAD_IN.match(text) or site.SHARE_ROW.match(text)):
        return True
    if ":" in text and site.TAG_ROW.match(text):
        return True
    if ("hoto" in text or "HOTO" in text) and site.CAPTION_CREDIT.search(text):
        return True
    return "(@" in text and bool(site.EMBED_SIGNATURE.search(text))


def _is_furniture(text: str) -> bool:
    """Lines that frame a story but are not part of it: dates, bylines, issue and masthead."""
    if site.PRINTED_DATETIME.match(text):
        return True
    # The issue and masthead patterns search the whole line: only lines with their words are tried.
    low = text.lower()
    if site.ISSUE_PREFIX_WORD in low and site.ISSUE_PREFIX.search(text):
        return True
    if any(word in low for word in site.MASTHEAD_WORDS) and site.MASTHEAD.search(text):
        return True
    if site.PHOTO_CREDIT.match(text):
        return True
    if (m := site.PRINTED_DATE.match(text)) and m.end() == len(text):
        return True
    if (m := site.RELATIVE_AGE.match(text)) and m.end() == len(text):
        return True
    if len(text) < SHORT_LINE and _separated_name(text):
        return True
    return bool(site.BYLINE_PREFIX.match(text)) and len(text.split()) <= 16


def _separated_name(text: str) -> str | None:
    """A byline without "By" that a separator or a date follows: ``Agencies |``,
    ``NEW SPOTLIGHT ONLINE · Oct. 22, 2024, 7:54 p.m.``; None for any other line."""
    if site.BYLINE_PREFIX.match(text):  # "By ..." lines are read as bylines, or not at all
        return None
    if text.rstrip()[-1:] not in site.BYLINE_TRAIL and not site.DATE_HINT.search(text):
        return None  # neither a separator nor a date follows
    rest = _without_dates(text)
    if rest == text.strip() and text.rstrip()[-1:] not in site.BYLINE_TRAIL:
        return None
    return rest if rest and len(rest.split()) <= _BYLINE_WORDS and site.SIGN_OFF.match(rest) else None


def _split_sign_off(paragraphs: list[str]) -> tuple[list[str], str | None]:
    """The last sign-off line closes the story when no prose follows it."""
    for i in range(len(paragraphs) - 1, -1, -1):
        text = paragraphs[i]
        if len(text.split()) >= _PROSE_WORDS:
            return paragraphs, None
        if site.SIGN_OFF.match(text):
            return paragraphs[:i], text.strip(" .")
    return paragraphs, None


def printed_bylines(
    head: list[Block], sign_off: str | None, after_headline: Sequence[Block] = ()
) -> list[tuple[str, str]]:
    """The credits the page prints, each under its witness name: a ``By ...`` line
    (``printed.by_line``), the sign-off line (``printed.sign_off``), a name set off by a
    separator just after the headline (``printed.name_line``: ``Agencies |``)."""
    found: list[tuple[str, str]] = []
    for block in head:
        if block.caption or block.embed or not (m := site.BYLINE_PREFIX.match(block.text)):
            continue
        # The date line may follow on the same line: "By X Oct. 18, 2024, 6:33 p.m. Published in ..."
        text = _without_dates(site.ISSUE_PREFIX.split(m.group("byline"), maxsplit=1)[0])
        if text and len(text.split()) <= _BYLINE_WORDS:
            found.append(("printed.by_line", text))
            break
    if sign_off:
        found.append(("printed.sign_off", sign_off))
    for block in after_headline[:_NAME_LINE_WINDOW]:
        short = len(block.text) < SHORT_LINE
        if short and not block.link_dense and (name := _separated_name(block.text)):
            found.append(("printed.name_line", name))
            break
    return found


# How many blocks after the headline a byline without "By" may sit.
_NAME_LINE_WINDOW = 8


def _without_dates(text: str) -> str:
    """A byline line without the date or age printed after the name."""
    for pattern in (site.PRINTED_DATETIME, site.PRINTED_DATE, site.RELATIVE_AGE):
        if m := pattern.search(text):
            text = text[: m.start()]
    return clean(text).rstrip(site.BYLINE_TRAIL)


def image(sel: Selector, ld: dict[str, Any], meta: dict[str, list[str]], page_url: str) -> str | None:
    value = ld.get("image")
    if isinstance(value, list):
        value = value[0] if value else None
    found = ld_text(value.get("url") if isinstance(value, dict) else value)
    found = found or meta_first(meta, site.META_IMAGE) or first_of(sel, site.IMAGE)
    if not found:
        return None
    absolute = absolute_url(page_url, found)
    # Only a web address is an image URL: not javascript:, data: or mailto: placeholders.
    return absolute if absolute and urlsplit(absolute).scheme in ("http", "https") else None


def section(
    walked: Walk,
    ld: dict[str, Any],
    meta: dict[str, list[str]],
    objects: Sequence[dict[str, Any]] = (),
    headline_text: str | None = None,
    url: str = "",
) -> str | None:
    """``articleSection``/``article:section``, a JSON-LD ``BreadcrumbList``, a breadcrumb trail
    or a category label, else the ``More on <Section>`` sidebar heading."""
    found = ld_text(ld.get("articleSection")) or meta_first(meta, site.META_SECTION)
    found = found or _ld_breadcrumb(objects, headline_text, url) or _printed_section(walked.labels, headline_text)
    if found:
        return found
    for block in walked.blocks:
        if block.text.startswith(site.MORE_ON_STARTS) and (m := site.MORE_ON_SECTION.match(block.text)):
            return m.group("section")
    for aside in walked.asides:
        for el in aside.iter():
            if isinstance(el.tag, str) and (m := site.MORE_ON_SECTION.match(clean(el.text))):
                return m.group("section")
    return None


# A section name is a few words; a longer breadcrumb step is the page's own title.
_SECTION_WORDS = 4


def _section_name(text: str | None, headline_text: str | None) -> str | None:
    name = clean(text)
    if not name or len(name.split()) > _SECTION_WORDS or site.BREADCRUMB_HOME.match(name):
        return None
    return None if headline_text and name.casefold() == headline_text.casefold() else name


def _path_of(url: str) -> str | None:
    """The path of ``url`` without its trailing slash; None when it cannot be read."""
    try:
        return urlsplit(url).path.rstrip("/")
    except ValueError:
        return None


def _ld_position(step: dict[str, Any]) -> int:
    position = step.get("position")
    return position if isinstance(position, int) else 0


def _ld_breadcrumb(objects: Sequence[dict[str, Any]], headline_text: str | None, url: str) -> str | None:
    """The last step of a JSON-LD ``BreadcrumbList`` before the page itself."""
    path = urlsplit(url).path.rstrip("/")
    for obj in objects:
        if site.JSON_LD_BREADCRUMB not in ld_types(obj):
            continue
        items = obj.get("itemListElement")
        steps = [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []
        steps.sort(key=_ld_position)
        names = []
        for step in steps:
            target = step.get("item")
            target = target.get("@id") if isinstance(target, dict) else target
            if path and isinstance(target, str) and _path_of(target) == path:
                continue
            raw = step.get("name") or (
                target_obj.get("name") if isinstance(target_obj := step.get("item"), dict) else None
            )
            if name := _section_name(raw if isinstance(raw, str) else None, headline_text):
                names.append(name)
        if names:
            return names[-1]
    return None


_STRING_VALUE = etree.XPath("string()")


def _text_content(el: etree._Element) -> str:
    """An element's text, as lxml.html's ``text_content()`` reads it (the XPath string value)."""
    return str(_STRING_VALUE(el))


def _printed_section(labels: list[etree._Element], headline_text: str | None) -> str | None:
    """A breadcrumb trail's last step before the page, else a category label's text."""
    label = None
    for el in labels:
        marks = " ".join(filter(None, (el.get("class"), el.get("aria-label"), el.get("itemtype"))))
        if site.BREADCRUMB_CLASS.search(marks):
            steps = [_section_name(_text_content(a), headline_text) for a in el.iter("a")]
            if not steps:
                steps = [_section_name(_text_content(li), headline_text) for li in el.iter("li")]
            if named := [s for s in steps if s]:
                return named[-1]
        elif label is None:
            label = _section_name(_text_content(el), headline_text)
    return label
