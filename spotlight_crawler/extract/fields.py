"""The site's own readers of an article page's fields, over the text walk's blocks and the markup:
witnesses for the judges (judge/); summary, issue, image and section read in layers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from parsel import Selector

from spotlight_crawler import site
from spotlight_crawler.extract.structured import Structured, first_of, ld_text, ld_types, meta_values, strip_site_name
from spotlight_crawler.extract.text import Block, Walk, clean, text_of, walk_page
from spotlight_crawler.judge import Named
from spotlight_crawler.urls import absolute_url

# Sidebar headings, share and tag rows are short lines: longer ones are not tried against them.
SHORT_LINE = 120
# A story container with less text than this is not the story.
_STORY_MIN_CHARS = 200
# The headline sits near the top, after at most this many blocks (menus, tickers, columns).
_HEADLINE_WINDOW = 80
# Prose has this many words at least; a shorter line near a story's end may be a sign-off.
_PROSE_WORDS = 12
# A "By ..." line names a few people at most; a longer one is a sentence that starts with "By".
_BYLINE_WORDS = 12
# How many blocks after the headline a byline without "By" may sit.
_NAME_LINE_WINDOW = 8
# A section name is a few words; a longer breadcrumb step is the page's own title.
_SECTION_WORDS = 4


def story(walked: Walk) -> tuple[list[Block], list[Block]]:
    """The blocks the page is read from (the ``<aside>`` holding the story when the page outside its
    asides holds none, else the page's), and those of its known story containers (the outermost,
    siblings as one; the one with the most prose of several), empty without one long enough."""
    # A generator: the asides are walked only when the page outside them holds no story.
    columns = ([b for el in aside.iterchildren(etree.Element) for b in walk_page(el).blocks] for aside in walked.asides)
    if not _longest([walked.blocks]) and (column := _longest(columns)):
        return column, []
    containers = {el for el, _, _ in walked.containers}
    groups: dict[etree._Element | None, list[int]] = {}
    for el, first, last in walked.containers:
        if not any(ancestor in containers for ancestor in el.iterancestors()):
            groups.setdefault(el.getparent(), []).extend((first, last))
    return walked.blocks, _longest([walked.blocks[min(edges) : max(edges)] for edges in groups.values()])


def _prose_chars(story: list[Block]) -> int:
    return sum(len(b.text) - b.link_chars for b in story if not b.inset)


def _longest(stories: Iterable[list[Block]]) -> list[Block]:
    """The one of ``stories`` with the most prose; empty when that is too little for a story."""
    best = max(stories, key=_prose_chars, default=[])
    return best if _prose_chars(best) > _STORY_MIN_CHARS else []


def index_after_headline(page: list[Block], headline_text: str | None) -> int:
    """Index just after the (last repeat of the) headline near the top; 0 when not seen."""
    key = (headline_text or "").casefold()
    seen = [i for i, b in enumerate(page[:_HEADLINE_WINDOW]) if key and b.text.casefold() == key and not b.link_only]
    return seen[-1] + 1 if seen else 0


def sidebar_start(page: list[Block], start: int) -> int:
    """Index of the first sidebar heading from ``start`` on; the page's end when none."""
    return next((i for i in range(start, len(page)) if _sidebar_heading(page[i].text)), len(page))


def headlines(sel: Selector, site_name: str | None) -> tuple[Named, Named]:
    """The headline the page prints (``printed.headline``: the first of ``site.HEADLINE`` found);
    then weaker witnesses: the ``<title>`` without the site's name (``html.title``; none when it
    is the name alone), the first of ``site.HEADLINE_WEAK`` found (``printed.weak_headline``)."""
    title = strip_site_name(first_of(sel, (site.TITLE,)), site_name)
    if title and site.STAFF_DESK_NAME.fullmatch(title):
        title = None
    printed = [("printed.headline", _printed(sel, site.HEADLINE))]
    weaker = [("html.title", title), ("printed.weak_headline", _printed(sel, site.HEADLINE_WEAK))]
    return [(name, text) for name, text in printed if text], [(name, text) for name, text in weaker if text]


def _printed(sel: Selector, queries: tuple[str, ...]) -> str:
    """The first non-blank text of the first element a query of ``queries`` matches."""
    for query in queries:
        if (found := sel.css(query)) and (text := clean(found[0].xpath("string()").get())):
            return text
    return ""


def summary(data: Structured, story: list[Block], head: list[Block]) -> str | None:
    """The standfirst: a metadata description the page prints as a block of its own, else the
    ``head`` blocks (between the headline and the date line)."""
    printed = {b.text.casefold(): b.text for b in story if not b.link_only}
    for candidate in [ld_text(data.article.get("description")), *meta_values(data.meta, site.META_SUMMARY)]:
        if candidate and candidate.casefold() in printed:
            return printed[candidate.casefold()]
    return " ".join(b.text for b in head if not (b.link_only or _is_furniture(b.text))) or None


def published(
    page: list[Block], printed: dict[int, str], head_end: int, filed: str | None
) -> tuple[int | None, str | None]:
    """``(block index, text)`` of the story's date: a printed date-time of ``printed`` (from
    the headline on, then above it; never another story's entry), else ``(None, filed)``, else
    an age printed beside the headline."""
    start = max(0, head_end - 1)
    for i in [*(i for i in printed if i >= start), *(i for i in reversed(printed) if i < start)]:
        if _may_date(page[i]):
            return i, clean(printed[i])
    if filed:
        return None, filed
    # Only an age: it must sit by the headline, not in a list of other stories.
    for i in range(max(0, head_end - 2), min(len(page), head_end + 6)):
        if _may_date(page[i]) and (m := site.RELATIVE_AGE.search(page[i].text)):
            return i, clean(m.group(0))
    return None, None


def _may_date(block: Block) -> bool:
    """A block that may carry the story's own date: not a link, caption or embedded post, not
    an entry of another story (mostly link text beside the date)."""
    if block.link_only or block.inset:
        return False
    if not block.link_chars or block.text.lstrip()[:3].lower() == "by ":
        return True
    return block.link_chars * 2 < len(site.ANY_DATE.sub("", block.text).strip())


def issue(page: list[Block]) -> str | None:
    """The magazine issue after ``Published in Magazine Issue:``, without the masthead."""
    for block in page:
        if match := site.ISSUE_PREFIX.search(block.text):
            text = site.MASTHEAD.split(block.text[match.end() :], maxsplit=1)[0]
            return clean(text).rstrip(" ,;|") or None
    return None


def body(candidates: list[Block], headline_text: str | None, summary_text: str | None) -> tuple[list[str], str | None]:
    """Story paragraphs up to the first sidebar heading after the body began (link lists,
    lead-ins, captions, embeds and :func:`furniture_line` lines left out), and the sign-off."""
    skip = {(headline_text or "").casefold(), (summary_text or "").casefold()}
    paragraphs: list[str] = []
    for block in candidates:
        text = block.text
        if block.link_only or block.inset:
            continue
        lead_in = bool(site.LEAD_IN.match(text))
        if not (block.link_chars and lead_in) and _sidebar_heading(text):
            if paragraphs:
                break
            continue
        if block.link_chars and (block.link_dense or lead_in):
            continue
        if text.casefold() not in skip and not furniture_line(text):
            paragraphs.append(text)
    return split_sign_off(paragraphs)


def furniture_line(text: str) -> bool:
    """A line that frames the story rather than tells it: a sidebar heading, a date, byline,
    issue or masthead line, a lead-in, a share or tag row, a caption's credit, a post's signature."""
    if _sidebar_heading(text) or _is_furniture(text):
        return True
    if len(text) < SHORT_LINE and (site.LEAD_IN.match(text) or site.SHARE_ROW.match(text)):
        return True
    return bool(site.TAG_ROW.match(text) or site.CAPTION_CREDIT.search(text) or site.EMBED_SIGNATURE.search(text))


def _sidebar_heading(text: str) -> bool:
    return len(text) < SHORT_LINE and bool(site.SIDEBAR_HEADING.match(text))


def _is_furniture(text: str) -> bool:
    """Lines that frame a story but are not part of it: dates, bylines, issue and masthead."""
    if site.PRINTED_DATETIME.match(text) or site.DATE_ONLY.match(text) or site.PHOTO_CREDIT.match(text):
        return True
    if site.ISSUE_PREFIX.search(text) or site.MASTHEAD.search(text):
        return True
    if len(text) < SHORT_LINE and _separated_name(text):
        return True
    return bool(site.BYLINE_PREFIX.match(text)) and len(text.split()) <= 16


def _separated_name(text: str) -> str | None:
    """A byline without "By" that a separator or a date follows: ``Agencies |``,
    ``NEW SPOTLIGHT ONLINE · Oct. 22, 2024, 7:54 p.m.``; None for any other line."""
    if site.BYLINE_PREFIX.match(text):  # "By ..." lines are read as bylines, or not at all
        return None
    if not (text.rstrip()[-1:] in site.BYLINE_TRAIL or site.ANY_DATE.search(text)):
        return None  # neither a separator nor a date follows
    rest = _without_dates(text)
    return rest if rest and len(rest.split()) <= _BYLINE_WORDS and site.SIGN_OFF.match(rest) else None


def split_sign_off(paragraphs: list[str]) -> tuple[list[str], str | None]:
    """The paragraphs without a closing sign-off line (one no prose follows), and that line."""
    for i, text in reversed(list(enumerate(paragraphs))):
        if len(text.split()) >= _PROSE_WORDS:
            return paragraphs, None
        if site.SIGN_OFF.match(text):
            return paragraphs[:i], text.strip(" .")
    return paragraphs, None


def printed_bylines(head: list[Block], sign_off: str | None, after_headline: list[Block]) -> Named:
    """The printed credits as ``printed.by_line``, ``printed.sign_off`` and ``printed.name_line``
    (a name set off by a separator just after the headline: ``Agencies |``)."""
    found: Named = []
    for block in head:
        if block.inset or not (m := site.BYLINE_PREFIX.match(block.text)):
            continue
        # The date line may follow on the same line: "By X Oct. 18, 2024, 6:33 p.m. Published in ..."
        text = _without_dates(site.ISSUE_PREFIX.split(m.group("byline"), maxsplit=1)[0])
        if text and len(text.split()) <= _BYLINE_WORDS:
            found.append(("printed.by_line", text))
            break
    if sign_off:
        found.append(("printed.sign_off", sign_off))
    for block in after_headline[:_NAME_LINE_WINDOW]:
        if len(block.text) < SHORT_LINE and not block.link_dense and (name := _separated_name(block.text)):
            found.append(("printed.name_line", name))
            break
    return found


def _without_dates(text: str) -> str:
    """A byline line without the date or age printed after the name."""
    if m := site.ANY_DATE.search(text):
        text = text[: m.start()]
    return clean(text).rstrip(site.BYLINE_TRAIL)


def image(sel: Selector, data: Structured, page_url: str) -> str | None:
    """The story's image: JSON-LD's, else the social ``<meta>``'s, else the first in ``site.IMAGE``."""
    value = data.article.get("image")
    if isinstance(value, list):
        value = value[0] if value else None
    found = ld_text(value.get("url") if isinstance(value, dict) else value)
    found = found or next(iter(meta_values(data.meta, site.META_IMAGE)), None)
    found = found or first_of(sel, site.IMAGE)
    absolute = absolute_url(page_url, found) if found else None
    # Only a web address is an image URL: not javascript:, data: or mailto: placeholders.
    return absolute if absolute and urlsplit(absolute).scheme in ("http", "https") else None


def section(walked: Walk, data: Structured, headline: str | None, url: str) -> str | None:
    """``articleSection``/``article:section``, a JSON-LD ``BreadcrumbList``, a breadcrumb trail
    or a category label, else the ``More on <Section>`` sidebar heading."""
    found = ld_text(data.article.get("articleSection")) or next(iter(meta_values(data.meta, site.META_SECTION)), None)
    found = found or _ld_breadcrumb(data.objects, headline, url) or _printed_section(walked.labels, headline)
    asides = (clean(el.text) for aside in walked.asides for el in aside.iter(etree.Element))
    lines = chain((b.text for b in walked.blocks), asides)
    return found or next((m.group("section") for line in lines if (m := site.MORE_ON_SECTION.match(line))), None)


def _section_name(text: Any, headline: str | None) -> str | None:
    name = clean(text) if isinstance(text, str) else ""
    if not name or len(name.split()) > _SECTION_WORDS or site.BREADCRUMB_HOME.match(name):
        return None
    return None if headline and name.casefold() == headline.casefold() else name


def _path_of(url: str) -> str | None:
    """The path of ``url`` without its trailing slash; None when it cannot be read."""
    try:
        return urlsplit(url).path.rstrip("/")
    except ValueError:
        return None


def _ld_breadcrumb(objects: Sequence[dict[str, Any]], headline: str | None, url: str) -> str | None:
    """The last step of a JSON-LD ``BreadcrumbList`` before the page itself."""
    path = _path_of(url)
    for obj in objects:
        items = obj.get("itemListElement") if "BreadcrumbList" in ld_types(obj) else None
        steps = [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []
        steps.sort(key=lambda step: step["position"] if isinstance(step.get("position"), int) else 0)
        for step in reversed(steps):
            target = step.get("item")
            address = target.get("@id") if isinstance(target, dict) else target
            if path and isinstance(address, str) and _path_of(address) == path:
                continue
            raw = step.get("name") or (target.get("name") if isinstance(target, dict) else None)
            if name := _section_name(raw, headline):
                return name
    return None


def _printed_section(labels: list[etree._Element], headline: str | None) -> str | None:
    """A breadcrumb trail's last step before the page, else a category label's text."""
    label = None
    for el in labels:
        marks = " ".join(filter(None, (el.get("class"), el.get("aria-label"), el.get("itemtype"))))
        if site.BREADCRUMB_CLASS.search(marks):
            steps = list(el.iter("a")) or list(el.iter("li"))
            if named := [name for step in steps if (name := _section_name(text_of(step), headline))]:
                return named[-1]
        elif label is None:
            label = _section_name(text_of(el), headline)
    return label
