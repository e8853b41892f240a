"""URL rules of the site: what is an article, and the one spelling each story is known by.

Pure functions (no Scrapy), so they are tested on plain strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string

from spotlight_crawler import site


def host_of(url: str) -> str:
    """The lower-case host (with port, if any) of ``url``."""
    return urlsplit(url).netloc.lower()


def absolute_url(base: str, href: str) -> str | None:
    """``urljoin(base, href)``, or None for a link urljoin cannot read (an unbalanced IPv6
    bracket: a page's links are anybody's text). Cached: a listing page resolves each of its links three or
    four times (its entries, the entry shape, its pager), and urljoin parses both every time.

    A root-relative or absolute link (``/2024/10/22/...``, ``https://...``: the site's menus
    and sidebars) resolves the same against the base's origin alone. A plain one (see
    ``_plain_link``) is answered without parsing: the origin and the path put together, or
    the http(s) link itself. Any other is cached by origin, so every page of a crawl shares
    the entry.
    """
    if _origin_only(href) and (origin := _origin(base)):
        if _plain_link(href):
            # urljoin gives such a link back as it is, after the base's origin if it is a path.
            return origin[:-1] + href if href[0] == "/" else href
        return _joined(origin, href)
    return _joined(base, href)


# What urljoin would parse, strip or rewrite in a link: spaces and control characters, a
# query, fragment or parameters, IPv6 brackets, backslashes. Non-ASCII hosts and dot segments
# are tested apart.
_NOT_PLAIN_LINK = re.compile(r"[\x00-\x20\x7f?#;\[\]\\]")


def _plain_link(href: str) -> bool:
    """Whether urljoin returns the root-relative or http(s) link ``href`` unchanged (a path
    after the base's origin): most links of a page, and each resolved without parsing it."""
    return href.isascii() and "/." not in href and _NOT_PLAIN_LINK.search(href) is None


def _origin_only(href: str) -> bool:
    """Whether urljoin reads no more of the base than its scheme and host for ``href``: a path
    from the root, or an http(s) URL with a host of its own. Not one with a tab or line
    break: urllib removes them before reading the link (``/\t/`` is ``//``)."""
    if "\t" in href or "\n" in href or "\r" in href:
        return False
    if href.startswith("/"):
        return not href.startswith("//")
    for scheme in ("http://", "https://"):
        if href.startswith(scheme):
            return len(href) > len(scheme) and href[len(scheme)] not in "/?#"
    return False


@lru_cache(maxsize=512)
def _joined(base: str, href: str) -> str | None:
    try:
        return urljoin(base, href)
    except ValueError:
        return None


@lru_cache(maxsize=64)
def _origin(base: str) -> str | None:
    """``http(s)://host[:port]/`` of ``base``; None when urljoin would read more of it."""
    try:
        parts = urlsplit(base)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}/"


def quoted_path(url: str) -> str:
    """The path of ``url`` once w3lib has made it a safe URL (percent-encoded where needed).

    w3lib's quoting is costly; a URL of plain printable ASCII whose path holds only
    characters it never quotes (most links) has that path already. Raises ValueError for a
    URL that cannot be split."""
    if _PLAIN_URL.fullmatch(url) and (path := urlsplit(url).path) and _UNQUOTED_PATH.fullmatch(path):
        return path
    return urlsplit(safe_url_string(url)).path


# Printable ASCII but the backslash: no character w3lib encodes or reads as another.
_PLAIN_URL = re.compile(r"[!-\[\]-~]*")
# A path w3lib leaves as it is: unreserved characters, sub-delimiters, ":", "@" and "/".
_UNQUOTED_PATH = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/]*")


# A link is asked about again soon after it is met (its listing entry, its request, its page):
# a small cache serves those; a large one would only grow the crawl's memory.
@lru_cache(maxsize=512)
def article_path(url: str) -> str | None:
    """The ``/YYYY/MM/DD/<slug>/`` path of an article URL, or None for any other URL.

    Cached: a listing page holds many links, most of them the same menus and sidebars on
    every page."""
    try:
        path = quoted_path(url.strip())
    except ValueError:
        return None
    if not site.ARTICLE_PATH.match(path):
        return None
    return path if path.endswith("/") else path + "/"


def article_day(url: str) -> date | None:
    """The publication date an article URL carries (``/YYYY/MM/DD/``), or None."""
    m = site.ARTICLE_PATH.match(article_path(url) or "")
    if not m:
        return None
    try:
        return date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None


def is_article_url(url: str) -> bool:
    return article_path(url) is not None


@lru_cache(maxsize=512)
def canonical_url(url: str, canonical_base: str = site.CANONICAL_BASE_URL) -> str:
    """The story's identity: https, the site's canonical host, trailing slash, no query or fragment.

    The host of ``url`` is replaced, so a page fetched from a mirror or a replica is known by
    the same URL as on the live site. Cached: one story's URL is asked for by its listing's
    paging rule, the seen-store and its record, each time through w3lib's canonicalization.
    """
    path = article_path(url)
    if path is None:
        parts = urlsplit(canonicalize_url(url))
        path = parts.path or "/"
    base = urlsplit(canonical_base)
    return urlunsplit((base.scheme, base.netloc, canonicalize_url("http://x" + path)[len("http://x") :], "", ""))


def fetch_url(url: str, base_url: str) -> str:
    """``url`` moved onto ``base_url``'s scheme and host, so every request goes to one place.

    Links on the page may name either spelling of the live host (or be relative); the crawl
    fetches them all from the configured base URL. The path and query are kept as they are.
    A plain root-relative or http(s) link (see ``_plain_link``) is not parsed: its path is
    all of it that is kept.
    """
    url = url.strip()
    if _origin_only(url) and _plain_link(url) and (origin := _origin(base_url)):
        if url[0] == "/":
            return origin[:-1] + url
        path_start = url.find("/", url.index("//") + 2)
        return origin[:-1] + (url[path_start:] if path_start >= 0 else "/")
    absolute = urljoin(base_url.rstrip("/") + "/", url)
    parts = urlsplit(absolute)
    base = urlsplit(base_url)
    return urlunsplit((base.scheme, base.netloc, parts.path or "/", parts.query, ""))


def onto_base(url: str, base_url: str, live_hosts: tuple[str, ...] = site.SITE_HOSTS) -> str:
    """A URL of the live site (either spelling of its host) moved onto ``base_url`` (a mirror,
    the replica), as :func:`fetch_url` moves links; any other URL is returned unchanged."""
    host = host_of(url.strip())
    if host in live_hosts and host != host_of(base_url):
        return fetch_url(url, base_url)
    return url


def site_hosts(base_url: str, live_hosts: tuple[str, ...] = site.SITE_HOSTS) -> tuple[str, ...]:
    """The hosts (with port, if any) of links to the site: the configured base URL's, then
    either spelling of the live host (the pages name the live host whatever host serves them)."""
    return tuple(dict.fromkeys([host_of(base_url), *live_hosts]))


def is_site_url(url: str, base_url: str, live_hosts: tuple[str, ...] = site.SITE_HOSTS) -> bool:
    """True for links to the site: the one host check of the crawl (see :func:`site_hosts`)."""
    return host_of(url) in site_hosts(base_url, live_hosts)


@dataclass(frozen=True)
class PageScheme:
    """How a listing names its pages: ``?<name>=N`` (``style="query"``) or ``<listing>/page/N/``
    (``style="path"``). Page 1 is the bare listing; page ``p`` carries the number
    ``p + offset`` (0 for Django and WordPress; -1 for Drupal, whose second page is ``?page=1``).
    """

    style: str = "query"
    name: str = "page"
    offset: int = 0

    def url(self, listing_url: str, page: int) -> str:
        """The URL of page ``page`` of the listing at ``listing_url`` (a bare listing URL)."""
        parts = urlsplit(listing_url)
        path, query = parts.path, parts.query
        if page > 1 and self.style == "path":
            path = path.rstrip("/") + f"/page/{page + self.offset}/"
        elif page > 1:
            query = "&".join(filter(None, [query, f"{self.name}={page + self.offset}"]))
        return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


# The site's own pager (docs/site.md): ``?page=N``, page 1 the bare listing.
DJANGO_PAGES = PageScheme()


def page_url(listing_url: str, page: int) -> str:
    """The ``?page=N`` URL of a listing (page 1 is the bare listing); ``listing_url`` may be
    any page of it."""
    return DJANGO_PAGES.url(split_page_url(listing_url)[0], page)


def split_page_url(url: str) -> tuple[str, PageScheme | None, int | None]:
    """``(listing URL, scheme, number)`` of a listing page's URL: the listing's bare URL, and the
    page number the URL carries (``?page=N``, ``?paged=N``, ``/page/N/``) with its scheme
    (offset 0), both None when it carries none. Any other query is kept in the listing URL:
    an unknown query may name another page (``?start=20``), never the bare listing."""
    parts = urlsplit(url)
    if m := site.PAGER_PATH.match(parts.path):
        base = urlunsplit((parts.scheme, parts.netloc, m["base"] + "/", parts.query, ""))
        return base, PageScheme("path", "page"), int(m["n"])
    if parts.query:
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        for name in site.PAGER_QUERY_PARAMS:
            values = [v for k, v in pairs if k == name]
            if values and values[-1].isascii() and values[-1].isdigit() and len(values[-1]) <= 6:
                rest = urlencode([(k, v) for k, v in pairs if k != name])
                return (
                    urlunsplit((parts.scheme, parts.netloc, parts.path, rest, "")),
                    PageScheme("query", name),
                    int(values[-1]),
                )
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, "")), None, None
