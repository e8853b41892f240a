"""Entries of a listing page, and the site's navigation links. Pure: a parsel ``Selector``
and the page URL in, plain values out."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from lxml import etree
from parsel import Selector

from spotlight_crawler import site
from spotlight_crawler.extract.pager import pager_links
from spotlight_crawler.extract.text import Block, clean, text_of, walk_page
from spotlight_crawler.urls import absolute_url, article_path

# How many blocks after its headline an entry's meta line may come (summary in between).
_META_WINDOW = 4
# Sectioning elements: a <header> or <footer> inside one is that section's, not the page's.
_SECTIONING = frozenset({"article", "aside", "main", "nav", "section"})
# A sponsored label is a short line of its own.
_LABEL_MAX = 80


@dataclass(frozen=True)
class ListingEntry:
    """One story as a listing shows it."""

    url: str
    headline: str | None = None
    summary: str | None = None
    byline_raw: str | None = None
    date_raw: str | None = None


@dataclass(eq=False)
class _Candidate:
    """An article's entry container and what it shows (hashed by identity)."""

    container: etree._Element
    entry: ListingEntry
    rich: bool  # a summary or a byline: a listing entry, not a bare link with a date


def listing_entries(sel: Selector, page_url: str) -> tuple[list[ListingEntry], bool]:
    """The listing's entries in page order, and whether they had the entry shape (else every
    article link outside sidebars, menus, mastheads and footers)."""
    links = [
        (*found, el)
        for el in sel.root.iter("a")
        if (href := el.get("href")) and (found := _article(page_url, href.strip()))
    ]
    candidates = _candidates(links, _windowed_entries(walk_page(sel).blocks, page_url))
    chosen = [c.entry for c in _dominant(candidates, sel.root, pager_links(sel, page_url))]
    loose = [ListingEntry(url, text_of(el) or None) for url, _key, el in links if not _outside(el)]
    unique: dict[str, ListingEntry] = {}  # by article, the first entry
    for entry in chosen or loose:
        unique.setdefault(article_path(entry.url) or entry.url, entry)
    return list(unique.values()), bool(chosen)


def _article(base: str, href: str) -> tuple[str, str] | None:
    """``(absolute URL, article key)`` of a link to an article, else None."""
    if (url := absolute_url(base, href)) and (key := article_path(url)):
        return url, key
    return None


def _outside(el: etree._Element) -> bool:
    """True when ``el`` sits in a sidebar, menu, or the page's (not a section's) masthead or footer."""
    for node in (el, *el.iterancestors()):
        if (node.get("role") or "").lower() in site.LISTING_OUTSIDE_ROLES:
            return True
        if _tag(node) in site.LISTING_OUTSIDE_TAGS and not (
            _tag(node) in ("header", "footer") and any(_tag(a) in _SECTIONING for a in node.iterancestors())
        ):
            return True
    return False


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _candidates(links: list[tuple[str, str, etree._Element]], windowed: dict[str, ListingEntry]) -> list[_Candidate]:
    """One candidate per article but advertisements: its container is the highest ancestor of
    its link that holds no other article."""
    articles: dict[etree._Element, set[str]] = defaultdict(set)  # element -> the articles it holds
    by_key: dict[str, list[tuple[str, etree._Element]]] = defaultdict(list)
    for url, key, el in links:
        by_key[key].append((url, el))
        for node in el.iterancestors():
            articles[node].add(key)
    out = []
    seen: set[etree._Element] = set()
    for url, key, el in links:
        if _outside(el):
            continue
        container = el
        parent = el.getparent()
        while parent is not None and parent.tag not in ("body", "html") and articles[parent] == {key}:
            container, parent = parent, parent.getparent()
        if container in seen:
            continue
        seen.add(container)
        if _sponsored(container, [e for _u, e in by_key[key]]):
            continue  # an advertisement is no entry
        headline_url, headline = max(
            ((u, text_of(e)) for u, e in by_key[key] if _within(e, container)),
            key=lambda pair: len(pair[1]),
        )
        entry = _container_entry(container, headline_url, headline) if container is not el else None
        if entry is None or (entry.byline_raw is None and entry.summary is None and key in windowed):
            entry = windowed.get(key) or entry or ListingEntry(url, headline or None)
        out.append(_Candidate(container, entry, entry.summary is not None or entry.byline_raw is not None))
    return out


def _sponsored(container: etree._Element, links: list[etree._Element]) -> bool:
    """Whether an entry is an advertisement: a ``rel="sponsored"`` link, an ad class, or a label line."""
    if any("sponsored" in (link.get("rel") or "").lower().split() for link in links):
        return True
    for el in container.iter(etree.Element):
        if site.LISTING_SPONSORED_CLASS.search(el.get("class") or ""):
            return True
        text = (el.text or "").strip()
        if text and len(text) <= _LABEL_MAX and site.LISTING_SPONSORED_LABEL.match(text):
            return True
    return False


def _signature(container: etree._Element) -> tuple[str, ...]:
    """Tag and class of the container and its two nearest ancestors."""
    nodes = [container, *container.iterancestors()][:3]
    return tuple(f"{_tag(node)}.{'.'.join(sorted((node.get('class') or '').split()))}" for node in nodes)


def _container_entry(container: etree._Element, url: str, headline: str) -> ListingEntry | None:
    """Headline, summary and meta line read from an entry's own container."""
    summary: list[str] = []
    byline = day = None
    after_headline = False
    for block in walk_page(container).blocks:
        text = block.text
        if headline and not after_headline:
            if text != headline and not text.startswith(headline + " "):
                continue  # a kicker or label before the headline
            after_headline = True
            if not (text := text[len(headline) + 1 :]):
                continue
        if meta := parse_meta_line(text):
            byline, day = meta
            break  # the meta line ends the entry
        if not block.link_only:
            summary.append(text)
    if headline and not after_headline:
        return None
    return ListingEntry(url, headline or None, " ".join(summary) or None, byline, day)


def parse_meta_line(text: str) -> tuple[str | None, str] | None:
    """``(byline, date)`` of a listing meta line, ``byline`` None for a date alone (a byline is
    short enough for names, and not itself a date)."""
    for pattern in site.LISTING_META:
        if m := pattern.match(text):
            byline = clean(m.groupdict().get("byline"))
            names = len(byline) <= site.LISTING_BYLINE_MAX and len(byline.split()) <= site.LISTING_BYLINE_MAX_WORDS
            if not byline or (names and not site.DATE_ONLY.match(byline)):
                return byline or None, clean(m["date"])
    return None


def _dominant(candidates: list[_Candidate], root: etree._Element, pager: list[etree._Element]) -> list[_Candidate]:
    """The listing's entries: the largest repeated group of rich entries (one not boxed under
    a sidebar-like heading first, unless the pager follows it), plus the rich entries of
    another shape in the same column that no other box's heading stands over (a lead story)."""
    groups: dict[tuple[str, ...], list[_Candidate]] = defaultdict(list)
    for cand in candidates:
        groups[_signature(cand.container)].append(cand)
    names = _page_names(root)
    order = {el: i for i, el in enumerate(root.iter())}
    headings = _headings_over(candidates, root, order)
    paged = _paged(candidates, pager, order)
    ranked = []
    for group in groups.values():
        if rich := sum(c.rich for c in group):
            # A boxed group wins only when nothing else is rich, unless the pager follows it.
            boxed = _names_box(headings.get(group[0]), names) and paged not in group
            ranked.append((not boxed, rich, len(group), group))
    if not ranked:
        return []
    group = max(ranked, key=lambda r: r[:3])[3]
    own = headings.get(group[0])
    column = _main_column(_common_ancestor([c.container for c in group]), root)

    def kept(c: _Candidate) -> bool:
        heading = headings.get(c)
        boxed = heading is not own and _names_box(heading, names, any_text=True)
        return c in group or (c.rich and _within(c.container, column) and not boxed)

    return [c for c in candidates if kept(c)]


def _main_column(el: etree._Element, root: etree._Element) -> etree._Element:
    """The page's main column around ``el``: its ``<main>``, else the smallest element holding
    ``el`` and the page's ``<h1>``, else the page."""
    for node in (el, *el.iterancestors()):
        if _tag(node) == "main" or (node.get("role") or "").lower() == "main":
            return node
    h1 = next(root.iter("h1"), None)
    return _common_ancestor([el, h1]) if h1 is not None else root


def _paged(
    candidates: list[_Candidate], pager: list[etree._Element], order: dict[etree._Element, int]
) -> _Candidate | None:
    """The rich entry the page's pager follows: the last one before the first pager link after an entry."""
    rich = [c for c in candidates if c.rich]
    for link in pager:
        if before := [c for c in rich if order[c.container] < order[link]]:
            return before[-1]
    return None


def _headings_over(
    candidates: list[_Candidate], root: etree._Element, order: dict[etree._Element, int]
) -> dict[_Candidate, etree._Element]:
    """For each candidate, the nearest heading before it (not inside an entry, nor outside the
    page's column) whose box, its nearest ancestor holding entries after it, holds it."""
    containers = {c.container for c in candidates}
    last_inside: dict[etree._Element, int] = {}  # element -> where the last entry inside it starts
    chains = {cand: set(cand.container.iterancestors()) for cand in candidates}
    for cand in candidates:
        for ancestor in chains[cand]:
            last_inside[ancestor] = max(last_inside.get(ancestor, -1), order[cand.container])
    boxed: list[tuple[int, etree._Element, etree._Element]] = []  # (position, heading, its box)
    for el in root.iter():
        heading = _tag(el) in site.HEADING_TAGS or (el.get("role") or "").lower() == "heading"
        if not heading or _outside(el) or any(node in containers for node in (el, *el.iterancestors())):
            continue
        at = order[el]
        if (box := next((a for a in el.iterancestors() if last_inside.get(a, -1) > at), None)) is not None:
            boxed.append((at, el, box))
    out: dict[_Candidate, etree._Element] = {}
    for cand in candidates:
        at = order[cand.container]
        if over := [heading for position, heading, box in boxed if position < at and box in chains[cand]]:
            out[cand] = over[-1]
    return out


def _names_box(heading: etree._Element | None, page_names: list[list[str]], any_text: bool = False) -> bool:
    """Whether ``heading`` (not an ``<h1>``) heads a box of other stories: it reads like a
    sidebar's (with ``any_text``, whatever it says) and does not name the page itself."""
    if heading is None or _tag(heading) in ("", "h1"):
        return False
    text = text_of(heading)
    if not text or not (any_text or site.SIDEBAR_HEADING.match(text)):
        return False
    words = _words(text)
    return not any(words[: len(name)] == name[: len(words)] for name in page_names)  # one starts the other


def _page_names(root: etree._Element) -> list[list[str]]:
    """The words of the page's ``<h1>``s and of its ``<title>`` before the site's name."""
    titles = [site.TITLE_SEPARATOR.split(text_of(title))[0] for title in root.iter("title")][:1]
    names = [_words(text) for text in (*(text_of(h1) for h1 in root.iter("h1")), *titles)]
    return [n for n in names if n]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _within(el: etree._Element, container: etree._Element) -> bool:
    return el is container or any(node is container for node in el.iterancestors())


def _common_ancestor(elements: list[etree._Element]) -> etree._Element:
    """The innermost element holding all of ``elements`` (of one page): one of them, or an ancestor."""
    ancestors = (elements[0], *elements[0].iterancestors())
    return next(node for node in ancestors if all(_within(el, node) for el in elements))


def _windowed_entries(page: list[Block], page_url: str) -> dict[str, ListingEntry]:
    """Entries by article key, read from the block order: a headline block and, within a few
    blocks, a ``By X date`` meta line (listings whose entries share one container)."""
    out: dict[str, ListingEntry] = {}
    for i, block in enumerate(page):
        if not block.link_only:
            continue
        for url, key in filter(None, (_article(page_url, href) for href in block.links)):
            if key not in out and (entry := _shaped_entry(url, block, page[i + 1 : i + 1 + _META_WINDOW])):
                out[key] = entry
    return out


def _shaped_entry(url: str, block: Block, following: list[Block]) -> ListingEntry | None:
    """The entry of headline ``block`` when a ``By X date`` line follows before another story's link."""
    summary_parts: list[str] = []
    for nxt in following:
        if (meta := parse_meta_line(nxt.text)) and meta[0] is not None:
            return ListingEntry(url, block.text, " ".join(summary_parts) or None, *meta)
        if nxt.link_only and any(_article(url, href) for href in nxt.links):
            return None
        summary_parts.append(nxt.text)
    return None


def nav_link(sel: Selector, page_url: str, name: str) -> str | None:
    """The absolute URL of the navigation link whose text names listing ``name``."""
    pattern = site.NAV_LINK_TEXT[name]
    for link in sel.css("a[href]"):
        if pattern.match(clean(link.xpath("string()").get())) and (url := absolute_url(page_url, link.attrib["href"])):
            return url
    return None


def has_scripts(sel: Selector) -> bool:
    """True when the page runs scripts that might fill it in a browser."""
    return bool(sel.css("script:not([type='application/ld+json'])"))
