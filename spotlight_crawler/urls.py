"""URL rules of the site: what is an article, and the one spelling each story is known by.

Pure functions (no Scrapy), so they are tested on plain strings.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string

from spotlight_crawler import site


def host_of(url: str) -> str:
    """The lower-case host (with port, if any) of ``url``."""
    return urlsplit(url).netloc.lower()


def absolute_url(base: str, href: str) -> str:
    """``urljoin(base, href)``, cached: a listing page resolves each of its links three or
    four times (its entries, the entry shape, its pager), and urljoin parses both every time.

    A root-relative or absolute link (``/2024/10/22/...``, ``https://...``: the site's menus
    and sidebars) resolves the same against the base's origin alone, so it is cached by
    origin: every page of a crawl shares the entry.
    """
    if _origin_only(href) and (origin := _origin(base)):
        return _joined(origin, href)
    return _joined(base, href)


def _origin_only(href: str) -> bool:
    """Whether urljoin reads no more of the base than its scheme and host for ``href``: a path
    from the root, or an http(s) URL with a host of its own."""
    if href.startswith("/"):
        return not href.startswith("//")
    for scheme in ("http://", "https://"):
        if href.startswith(scheme):
            return len(href) > len(scheme) and href[len(scheme)] not in "/?#"
    return False


@lru_cache(maxsize=512)
def _joined(base: str, href: str) -> str:
    return urljoin(base, href)


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


# A link is asked about again soon after it is met (its listing entry, its request, its page):
# a small cache serves those; a large one would only grow the crawl's memory.
@lru_cache(maxsize=512)
def article_path(url: str) -> str | None:
    """The ``/YYYY/MM/DD/<slug>/`` path of an article URL, or None for any other URL.

    Cached: a listing page holds many links, most of them the same menus and sidebars on
    every page, and w3lib's URL quoting is the costly part of the answer."""
    try:
        path = urlsplit(safe_url_string(url.strip())).path
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
    """
    absolute = urljoin(base_url.rstrip("/") + "/", url.strip())
    parts = urlsplit(absolute)
    base = urlsplit(base_url)
    return urlunsplit((base.scheme, base.netloc, parts.path or "/", parts.query, ""))


def site_hosts(base_url: str, live_hosts: tuple[str, ...] = site.SITE_HOSTS) -> tuple[str, ...]:
    """The hosts (with port, if any) of links to the site: the configured base URL's, then
    either spelling of the live host (the pages name the live host whatever host serves them)."""
    return tuple(dict.fromkeys([host_of(base_url), *live_hosts]))


def is_site_url(url: str, base_url: str, live_hosts: tuple[str, ...] = site.SITE_HOSTS) -> bool:
    """True for links to the site: the one host check of the crawl (see :func:`site_hosts`)."""
    return host_of(url) in site_hosts(base_url, live_hosts)


def page_url(listing_url: str, page: int) -> str:
    """The ``?page=N`` URL of a listing (page 1 is the bare listing)."""
    parts = urlsplit(listing_url)
    query = "" if page <= 1 else f"page={page}"
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
