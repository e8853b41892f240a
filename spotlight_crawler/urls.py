"""URL rules of the site: what is an article, and the one spelling each story is known by.

Pure functions (no Scrapy), so they are tested on plain strings.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string

from spotlight_crawler import site


def host_of(url: str) -> str:
    """The lower-case host (with port, if any) of ``url``."""
    return urlsplit(url).netloc.lower()


@lru_cache(maxsize=4096)
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


def is_article_url(url: str) -> bool:
    return article_path(url) is not None


def canonical_url(url: str, canonical_base: str = site.CANONICAL_BASE_URL) -> str:
    """The story's identity: https, the site's canonical host, trailing slash, no query or fragment.

    The host of ``url`` is replaced, so a page fetched from a mirror or a replica is known by
    the same URL as on the live site.
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


def is_site_url(url: str, base_url: str, site_hosts: tuple[str, ...] = site.SITE_HOSTS) -> bool:
    """True for links to the site: the configured base host or either spelling of the live host."""
    host = host_of(url)
    return host in {host_of(base_url), *site_hosts}


def page_url(listing_url: str, page: int) -> str:
    """The ``?page=N`` URL of a listing (page 1 is the bare listing)."""
    parts = urlsplit(listing_url)
    query = "" if page <= 1 else f"page={page}"
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
