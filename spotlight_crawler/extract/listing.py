"""Entries of a listing page and the site's navigation links.

Pure: a parsel ``Selector`` and the page URL in, plain values out. A listing's entries are
its repeated entry structure: containers of the main region that each hold one article (a
headline link, maybe a thumbnail link to the same story) with a summary and/or a meta line
(``By X date``, ``X · date``, ``date | X``). Tickers, menus, footers and "Most read" boxes
also link articles, but sit outside the main region, under a sidebar heading, or hold bare
links; they are not entries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from lxml import etree
from parsel import Selector

from spotlight_crawler import site
from spotlight_crawler.extract.text import Block, blocks, clean, walk_element
from spotlight_crawler.urls import absolute_url, article_path

# How many blocks after its headline an entry's meta line may come (summary in between).
_META_WINDOW = 4
# Headings that may name a box of entries; an <h1> names the page ("Latest" is a listing's title too).
_BOX_HEADINGS = site.HEADING_TAGS - {"h1"}


@dataclass(frozen=True)
class ListingEntry:
    """One story as a listing shows it."""

    url: str
    headline: str | None = None
    summary: str | None = None
    byline_raw: str | None = None
    date_raw: str | None = None


@dataclass
class _Candidate:
    """An article's entry container and what it shows."""

    container: etree._Element
    entry: ListingEntry
    rich: bool  # a summary or a byline: a listing entry, not a bare link with a date
    signature: tuple[str, ...] = field(default=())


def listing_entries(sel: Selector, page_url: str) -> tuple[list[ListingEntry], bool]:
    """The listing's entries in page order, and whether they had the entry shape.

    When no repeated structure of entries is found, every article link outside sidebars,
    menus, mastheads and footers is returned instead, so an unfamiliar layout still yields
    its stories.
    """
    root = sel.root
    if not isinstance(root, etree._Element):
        return [], False
    links = _article_links(root, page_url)
    if not links:
        return [], False

    @cache
    def windowed() -> dict[str, ListingEntry]:
        # A walk of the whole page, needed only by entries whose container shows neither a
        # summary nor a byline: most listings never ask for it.
        return _windowed_entries(blocks(sel), page_url)

    candidates = _candidates(links, windowed)
    chosen = _dominant(candidates)
    if chosen:
        return _unique([c.entry for c in chosen]), True
    loose = [ListingEntry(url, _link_text(el) or None) for url, _key, el in links if not _outside(el)]
    return _unique(loose), False


def _article_links(root: etree._Element, page_url: str) -> list[tuple[str, str, etree._Element]]:
    """(absolute URL, article key, element) of every article link, in page order."""
    out = []
    for el in root.iter("a"):
        href = el.get("href")
        if not href:
            continue
        url = absolute_url(page_url, href.strip())
        if url is not None and (key := article_path(url)) is not None:
            out.append((url, key, el))
    return out


def _outside(el: etree._Element) -> bool:
    """True when ``el`` sits in a sidebar, menu, masthead or footer."""
    node: etree._Element | None = el
    while node is not None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in site.LISTING_OUTSIDE_TAGS or (node.get("role") or "").lower() in site.LISTING_OUTSIDE_ROLES:
            return True
        node = node.getparent()
    return False


def _candidates(
    links: list[tuple[str, str, etree._Element]], windowed: Callable[[], dict[str, ListingEntry]]
) -> list[_Candidate]:
    """One candidate per article: its container is the highest ancestor of its link that
    holds no other article."""
    articles: dict[etree._Element, set[str]] = defaultdict(set)
    for _url, key, el in links:
        node = el.getparent()
        while node is not None:
            articles[node].add(key)
            node = node.getparent()
    by_key: dict[str, list[tuple[str, etree._Element]]] = defaultdict(list)
    for url, key, el in links:
        by_key[key].append((url, el))
    out = []
    seen: set[etree._Element] = set()
    for url, key, el in links:
        if _outside(el):
            continue
        container = el
        parent = el.getparent()
        while parent is not None and parent.tag not in ("body", "html") and articles[parent] == {key}:
            container, parent = parent, parent.getparent()
        container = _unwrapped(container)
        if container in seen:
            continue
        seen.add(container)
        headline_url, headline = max(
            ((u, _link_text(e)) for u, e in by_key[key] if _within(e, container)), key=lambda pair: len(pair[1])
        )
        entry = _container_entry(container, headline_url or url, headline) if container is not el else None
        if entry is None or (entry.byline_raw is None and entry.summary is None and key in windowed()):
            entry = windowed().get(key) or entry or ListingEntry(url, headline or None)
        rich = entry.summary is not None or entry.byline_raw is not None
        out.append(_Candidate(container, entry, rich, _signature(container)))
    return out


def _unwrapped(container: etree._Element) -> etree._Element:
    """The innermost of a chain of single-child wrappers (a grid row holding one card is the
    card), so entries of one list share a signature however they are wrapped."""
    while container.tag != "a":
        children = [child for child in container if isinstance(child.tag, str)]
        if len(children) != 1 or (container.text or "").strip() or (children[0].tail or "").strip():
            break
        container = children[0]
    return container


def _within(el: etree._Element, container: etree._Element) -> bool:
    node: etree._Element | None = el
    while node is not None:
        if node is container:
            return True
        node = node.getparent()
    return False


def _link_text(el: etree._Element) -> str:
    return clean("".join(el.itertext()))


def _signature(container: etree._Element) -> tuple[str, ...]:
    """Tag and class of the container and its two nearest ancestors: entries of one list
    share it, whatever the class names are."""
    parts = []
    node: etree._Element | None = container
    for _ in range(3):
        if node is None:
            break
        tag = node.tag if isinstance(node.tag, str) else ""
        parts.append(f"{tag}.{'.'.join(sorted((node.get('class') or '').split()))}")
        node = node.getparent()
    return tuple(parts)


def _container_entry(container: etree._Element, url: str, headline: str) -> ListingEntry | None:
    """Headline, summary and meta line read from an entry's own container."""
    summary: list[str] = []
    byline = day = None
    after_headline = False
    for block in walk_element(container).blocks:
        text = block.text
        if headline and not after_headline:
            if text == headline:
                after_headline = True
                continue
            if text.startswith(headline + " "):
                after_headline = True
                text = text[len(headline) + 1 :]
            else:
                continue  # a kicker or label before the headline
        if day is None and (meta := parse_meta_line(text)):
            byline, day = meta
            continue
        if day is None and not block.link_only:
            summary.append(text)
    if headline and not after_headline:
        return None
    return ListingEntry(url, headline or None, " ".join(summary) or None, byline, day)


def parse_meta_line(text: str) -> tuple[str | None, str] | None:
    """``(byline, date)`` of a listing meta line, ``byline`` None for a date alone."""
    if m := site.LISTING_META.match(text):
        return clean(m.group("byline")), clean(m.group("date"))
    for pattern in site.LISTING_META_JOINED:
        if (m := pattern.match(text)) and _byline_like(byline := clean(m.group("byline"))):
            return byline, clean(m.group("date"))
    if m := site.LISTING_META_DATE_ONLY.match(text):
        return None, clean(m.group("date"))
    return None


def _byline_like(text: str) -> bool:
    """Short enough for names, and not itself a date."""
    return (
        len(text) <= site.LISTING_BYLINE_MAX
        and len(text.split()) <= site.LISTING_BYLINE_MAX_WORDS
        and not site.LISTING_META_DATE_ONLY.match(text)
    )


def _dominant(candidates: list[_Candidate]) -> list[_Candidate]:
    """The listing's entries: the largest repeated group of rich entries, one that is not a
    sidebar box first, plus the rich entries around it in the same region (a lead story)."""
    groups: dict[tuple[str, ...], list[_Candidate]] = defaultdict(list)
    for cand in candidates:
        groups[cand.signature].append(cand)
    ranked = []
    for group in groups.values():
        if rich := sum(c.rich for c in group):
            # A group under a sidebar heading is chosen only when nothing else is rich.
            ranked.append((not _under_box_heading(group), rich, len(group), group))
    if not ranked:
        return []
    group = max(ranked, key=lambda r: r[:3])[3]
    region = _common_ancestor([c.container for c in group]) if len(group) > 1 else None
    members = {id(c) for c in group}
    extra = [
        c
        for c in candidates
        if id(c) not in members
        and c.rich
        and region is not None
        and _within(c.container, region)
        and not _under_box_heading([c])
    ]
    keep = members | {id(c) for c in extra}
    return [c for c in candidates if id(c) in keep]


def _common_ancestor(elements: list[etree._Element]) -> etree._Element | None:
    paths = []
    for el in elements:
        chain = []
        node: etree._Element | None = el
        while node is not None:
            chain.append(node)
            node = node.getparent()
        paths.append(chain[::-1])
    common = None
    for level in zip(*paths, strict=False):
        if all(node is level[0] for node in level):
            common = level[0]
        else:
            break
    return common


def _under_box_heading(group: list[_Candidate]) -> bool:
    """True when the nearest heading before the group's first entry, within the box that
    holds the group, names a sidebar box ("Most read", "Trending", "The Latest", "Related")."""
    first = group[0].container
    region = _common_ancestor([c.container for c in group]) if len(group) > 1 else first.getparent()
    if region is None:
        return False
    parent = region.getparent()
    box = parent if parent is not None else region
    heading = None
    for el in box.iter():
        if el is first:
            break
        if isinstance(el.tag, str) and el.tag.lower() in _BOX_HEADINGS:
            heading = el
    return heading is not None and bool(site.LISTING_BOX_HEADING.match(_link_text(heading)))


def _windowed_entries(page: list[Block], page_url: str) -> dict[str, ListingEntry]:
    """Entries in the old shape, by article key: a headline block and, within a few blocks,
    a ``By X date`` meta line (listings whose entries share one container)."""
    out: dict[str, ListingEntry] = {}
    for i, block in enumerate(page):
        if not block.link_only or block.in_aside:
            continue
        for href in block.links:
            if (url := absolute_url(page_url, href)) is None:
                continue
            key = article_path(url)
            if (
                key is not None
                and key not in out
                and (entry := _shaped_entry(url, block, page[i + 1 : i + 1 + _META_WINDOW]))
            ):
                out[key] = entry
    return out


def _shaped_entry(url: str, block: Block, following: list[Block]) -> ListingEntry | None:
    summary_parts: list[str] = []
    for nxt in following:
        if (meta := parse_meta_line(nxt.text)) and meta[0] is not None:
            return ListingEntry(
                url=url,
                headline=block.text,
                summary=" ".join(summary_parts) or None,
                byline_raw=meta[0],
                date_raw=meta[1],
            )
        if nxt.link_only and any((link := absolute_url(url, h)) and article_path(link) for h in nxt.links):
            return None
        summary_parts.append(nxt.text)
    return None


def _unique(entries: list[ListingEntry]) -> list[ListingEntry]:
    seen: set[str] = set()
    out = []
    for entry in entries:
        key = article_path(entry.url) or entry.url
        if key not in seen:
            seen.add(key)
            out.append(entry)
    return out


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
