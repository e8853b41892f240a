"""What a listing page's pager shows: numbered, rel or text-named links to ``?page=N``, ``?paged=N``
or ``/page/N/`` counting from 1 or 0. Page numbers are the walk's: page 1 is the bare listing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from lxml import etree
from parsel import Selector

from spotlight_crawler import site
from spotlight_crawler.extract.text import text_of
from spotlight_crawler.urls import PageScheme, absolute_url, host_of, site_hosts, split_page_url

# Offsets a listing's page numbers may have: 0 (page 2 is "2"), -1 (page 2 is "1", Drupal).
_OFFSETS = (0, -1)
# The longest page number read ("1234567" is no pager's).
_NUMERAL_DIGITS = 6


@dataclass(frozen=True)
class Pager:
    """A listing page's pager: the other pages it links to (the bare listing only through a
    pager's link), the next page's URL, the last page when named, how the listing names pages."""

    pages: frozenset[int] = frozenset()
    next_url: str | None = None
    last: int | None = None
    scheme: PageScheme | None = None

    @property
    def shown(self) -> bool:
        """Whether the page shows a pager (it links to another page of its listing)."""
        return bool(self.pages) or self.next_url is not None


@dataclass(frozen=True)
class _Link:
    url: str
    number: int | None  # the number its URL carries; None for the bare listing or an unknown query
    scheme: PageScheme | None
    bare: bool  # a link to the listing itself
    text: str
    rel: frozenset[str]
    says: frozenset[str]  # what its rel or its text names it: "next", "prev", "first", "last"
    element: etree._Element = field(compare=False)
    page: int | None = None  # the walk's number of the page it links to, once the listing's offset is known


def read_pager(sel: Selector, page_url: str, listing_url: str, page: int) -> Pager:
    """The pager of page ``page`` of the listing at ``listing_url``, as the page at ``page_url`` shows it."""
    links = list(_listing_links(sel, page_url, listing_url))
    offset = _offset(links, page)
    links = [
        replace(link, page=1 if link.bare else None if link.number is None else link.number - offset) for link in links
    ]
    # A link to the bare listing is a pager's when it says "1", "Previous" or "First" (else a menu's).
    pagers = [link for link in links if link.number is not None or link.text == "1" or link.says & {"prev", "first"}]
    pages = frozenset(link.page for link in pagers if link.page is not None and link.page != page)
    scheme = next((link.scheme for link in links if link.scheme is not None), None)
    return Pager(
        pages=pages,
        next_url=_next_url(links, page, page_url),
        last=_last(links, page),
        scheme=replace(scheme, offset=offset) if scheme is not None else None,
    )


def _listing_links(sel: Selector, page_url: str, listing_url: str) -> Iterator[_Link]:
    """The links (``<a>``, and ``<link rel=next|prev>``) to pages of the listing, in page order."""
    listing = urlsplit(split_page_url(listing_url)[0]).path.rstrip("/") or "/"
    hosts = site_hosts(page_url)  # the page's host, and the live site's (pages name it wherever they are served)
    for el in sel.root.iter("a", "link"):
        rel = frozenset((el.get("rel") or "").lower().replace("previous", "prev").split())
        if el.tag == "link" and not rel & {"next", "prev"}:
            continue
        href = (el.get("href") or "").strip()
        url = absolute_url(page_url, href) if href and not href.startswith("#") else None
        if url is None or host_of(url) not in hosts:
            continue
        base, scheme, number = split_page_url(url)
        if (urlsplit(base).path.rstrip("/") or "/") != listing:
            continue  # another path, on any host of the site
        # Without a page number, a query of its own may name a page another way (``?start=20``).
        bare = number is None and not urlsplit(base).query
        text = text_of(el) if el.tag == "a" else ""
        said = {name for name, pattern in site.PAGER_TEXT.items() if text and pattern.match(text)}
        yield _Link(url, number, scheme, bare, text, rel, (rel & site.PAGER_TEXT.keys()) | said, el)


def pager_links(sel: Selector, page_url: str) -> list[etree._Element]:
    """The page's pager links, in page order: links to other pages of its own listing by
    number, and its next, previous, first and last links (not a menu's link to the listing)."""
    listing = split_page_url(page_url)[0]
    return [
        link.element
        for link in _listing_links(sel, page_url, listing)
        if link.number is not None or _numeral(link.text) is not None or link.says
    ]


def _offset(links: list[_Link], page: int) -> int:
    """The number a URL adds to the walk's page number: from numbered links ("2" naming
    ``?page=1``), else from the next or previous link; 0 when none tells."""
    votes = Counter(
        link.number - shown for link in links if link.number is not None and (shown := _numeral(link.text)) is not None
    )
    if not votes:
        for link in links:
            shown = page + 1 if "next" in link.says else page - 1 if "prev" in link.says and page > 1 else None
            if link.number is not None and shown is not None:
                votes[link.number - shown] += 1
    offset = votes.most_common(1)[0][0] if votes else 0
    return offset if offset in _OFFSETS else 0


def _numeral(text: str) -> int | None:
    """The page number a numbered link shows ("7"), else None."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= _NUMERAL_DIGITS else None


def _next_url(links: list[_Link], page: int, page_url: str) -> str | None:
    """The next page: the ``rel="next"`` link, else one whose text says so, else the link to ``page + 1``."""

    def ahead(link: _Link) -> bool:
        return link.url != page_url and (link.page is None or link.page > page)

    rel_next = [link for link in links if "next" in link.rel and ahead(link)]
    said_next = [link for link in links if "next" in link.says and "last" not in link.says and ahead(link)]
    numbered = [link for link in links if link.page == page + 1]
    return next((found[0].url for found in (rel_next, said_next, numbered) if found), None)


def _last(links: list[_Link], page: int) -> int | None:
    """The last page, when named: its "Last" link, else its highest numbered link beyond the next page."""
    if marked := [link.page for link in links if "last" in link.says and link.page is not None]:
        return max(marked)
    top = max((link.page for link in links if _numeral(link.text) is not None and link.page is not None), default=0)
    return top if top > page + 1 else None
