"""URL rules of the site (pure): what is an article, and the one spelling each story is known by."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string

from spotlight_crawler import site


def host_of(url: str) -> str:
    """The lower-case host (with port, if any) of ``url``."""
    return urlsplit(url).netloc.lower()


def absolute_url(base: str, href: str) -> str | None:
    """``urljoin(base, href)``, or None for a link urljoin cannot read (an unbalanced IPv6 bracket)."""
    try:
        return urljoin(base, href)
    except ValueError:
        return None


def article_path(url: str) -> str | None:
    """The ``/YYYY/MM/DD/<slug>/`` path of an article URL (made safe by w3lib), or None."""
    try:
        path = urlsplit(safe_url_string(url.strip())).path
    except ValueError:
        return None
    return path.rstrip("/") + "/" if site.ARTICLE_PATH.match(path) else None


def article_day(url: str) -> date | None:
    """The publication date an article URL carries (``/YYYY/MM/DD/``), or None."""
    m = site.ARTICLE_PATH.match(article_path(url) or "")
    try:
        return date(int(m["y"]), int(m["m"]), int(m["d"])) if m else None
    except ValueError:  # February 30th
        return None


def canonical_url(url: str, canonical_base: str = site.CANONICAL_BASE_URL) -> str:
    """The story's identity: ``canonical_base``'s scheme and host (a page fetched from a mirror is
    known by its live URL), trailing slash, no query or fragment."""
    path = article_path(url) or urlsplit(canonicalize_url(url)).path or "/"
    base = urlsplit(canonical_base)
    return urlunsplit((base.scheme, base.netloc, canonicalize_url("http://x" + path)[len("http://x") :], "", ""))


def fetch_url(url: str, base_url: str) -> str:
    """``url`` (relative, or on any host) moved onto ``base_url``'s scheme and host, its path and
    query kept: every request goes to the configured base URL."""
    parts = urlsplit(urljoin(base_url.rstrip("/") + "/", url.strip()))
    base = urlsplit(base_url)
    return urlunsplit((base.scheme, base.netloc, parts.path or "/", parts.query, ""))


def onto_base(url: str, base_url: str) -> str:
    """A URL of the live site moved onto ``base_url`` (:func:`fetch_url`); any other unchanged."""
    host = host_of(url.strip())
    return fetch_url(url, base_url) if host in site.SITE_HOSTS and host != host_of(base_url) else url


def site_hosts(base_url: str) -> tuple[str, ...]:
    """The hosts (with port) of links to the site: the base URL's, then the live host's spellings."""
    return tuple(dict.fromkeys([host_of(base_url), *site.SITE_HOSTS]))


def is_site_url(url: str, base_url: str) -> bool:
    """True for links to the site: the one host check of the crawl (see :func:`site_hosts`)."""
    return host_of(url) in site_hosts(base_url)


@dataclass(frozen=True)
class PageScheme:
    """How a listing names its pages: ``?<name>=N`` (``style="query"``) or ``<listing>/page/N/``
    (``style="path"``). Page 1 is the bare listing; page ``p`` carries the number
    ``p + offset`` (0 for Django and WordPress; -1 for Drupal, whose second page is ``?page=1``)."""

    style: str = "query"
    name: str = "page"
    offset: int = 0

    def url(self, listing_url: str, page: int) -> str:
        parts = urlsplit(listing_url)._replace(fragment="")
        number = page + self.offset
        if page > 1 and self.style == "path":
            parts = parts._replace(path=parts.path.rstrip("/") + f"/page/{number}/")
        elif page > 1:
            parts = parts._replace(query="&".join(filter(None, [parts.query, f"{self.name}={number}"])))
        return parts.geturl()


DJANGO_PAGES = PageScheme()  # the site's own pager (docs/site.md)


def split_page_url(url: str) -> tuple[str, PageScheme | None, int | None]:
    """``(listing URL, scheme, number)`` of a listing page's URL: the page number it carries
    (``?page=N``, ``?paged=N``, ``/page/N/``) with its scheme, else both None; any other query
    stays in the listing URL (``?start=20`` may name another page)."""
    parts = urlsplit(url)._replace(fragment="")
    if m := site.PAGER_PATH.match(parts.path):
        return parts._replace(path=m["base"] + "/").geturl(), PageScheme("path", "page"), int(m["n"])
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    for name in site.PAGER_QUERY_PARAMS:
        number = dict(pairs).get(name, "")  # the last value of the name
        if number.isascii() and number.isdigit() and len(number) <= 6:
            rest = urlencode([(k, v) for k, v in pairs if k != name])
            return parts._replace(query=rest).geturl(), PageScheme("query", name), int(number)
    return parts.geturl(), None, None
