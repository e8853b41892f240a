"""Entries of a listing page and the site's navigation links.

Pure: a parsel ``Selector`` and the page URL in, plain values out. A listing entry is an
article link followed by a ``By <byline> <date>`` meta line; links that do not have that
shape (sidebars, "The Latest" strips) are not entries of the listing.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urljoin, urlsplit

from parsel import Selector

from spotlight_crawler import site
from spotlight_crawler.extract.text import Block, blocks, clean
from spotlight_crawler.urls import article_path

# How many blocks after its headline an entry's meta line may come (summary in between).
_META_WINDOW = 4


@dataclass(frozen=True)
class ListingEntry:
    """One story as a listing shows it."""

    url: str
    headline: str | None = None
    summary: str | None = None
    byline_raw: str | None = None
    date_raw: str | None = None


def listing_entries(sel: Selector, page_url: str) -> tuple[list[ListingEntry], bool]:
    """The listing's entries in page order, and whether they had the entry shape.

    When no link has the shape (headline, summary, meta line), every article link outside
    ``<aside>`` is returned instead, so an unfamiliar layout still yields its stories.
    """
    page = blocks(sel)
    shaped: list[ListingEntry] = []
    loose: list[ListingEntry] = []
    for i, block in enumerate(page):
        for href in block.links:
            url = urljoin(page_url, href)
            if article_path(url) is None:
                continue
            if not block.in_aside:
                loose.append(ListingEntry(url, block.text if block.link_only else None))
            if block.link_only and (entry := _shaped_entry(url, block, page[i + 1 : i + 1 + _META_WINDOW])):
                shaped.append(entry)
    if shaped:
        return _unique(shaped), True
    return _unique(loose), False


def _shaped_entry(url: str, block: Block, following: list[Block]) -> ListingEntry | None:
    summary_parts: list[str] = []
    for nxt in following:
        if m := site.LISTING_META.match(nxt.text):
            return ListingEntry(
                url=url,
                headline=block.text,
                summary=" ".join(summary_parts) or None,
                byline_raw=clean(m.group("byline")),
                date_raw=clean(m.group("date")),
            )
        if nxt.link_only and any(article_path(urljoin(url, h)) for h in nxt.links):
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
        if pattern.match(clean(link.xpath("string()").get())):
            return urljoin(page_url, link.attrib["href"])
    return None


def links_to_page(sel: Selector, page_url: str, page: int) -> bool:
    """True when the page links to page ``page`` of its own listing (its pagination goes on)."""
    here = urlsplit(page_url).path.rstrip("/")
    for href in sel.css("a[href]::attr(href)").getall():
        parts = urlsplit(urljoin(page_url, href.strip()))
        if parts.path.rstrip("/") == here and parse_qs(parts.query).get("page") == [str(page)]:
            return True
    return False


def has_scripts(sel: Selector) -> bool:
    """True when the page runs scripts that might fill it in a browser."""
    return bool(sel.css("script:not([type='application/ld+json'])"))
