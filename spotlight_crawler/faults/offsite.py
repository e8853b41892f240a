"""Nothing leaves the site: every request about to be downloaded is checked against its origin.

Scrapy's own offsite filter compares host names only and lets every ``dont_filter``
request through (the home page, every retry, and what MetaRefreshMiddleware and
RedirectMiddleware derive from them), so a page could send the crawler anywhere with a
``<meta http-equiv="refresh">`` or a redirect to another port. ``SiteGuardMiddleware``
sits first in the downloader chain (before robots.txt, so no other host's robots.txt is
asked for either) and fails any request whose scheme, host and port are not the site's,
before a download handler resolves a name or opens a connection.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request

from spotlight_crawler import site
from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)

_DEFAULT_PORTS = {"http": 80, "https": 443}

Origin = tuple[str, str, int]


class OffsiteBlocked(IgnoreRequest):
    """The request would have left the site (another scheme, host or port)."""


def origin(url: str) -> Origin | None:
    """``(scheme, host, port)`` of ``url``, the default port filled in; None when it has no host."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # a port that is not a number, or out of range
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if not host or scheme not in _DEFAULT_PORTS:
        return None
    return scheme, host, port if port is not None else _DEFAULT_PORTS[scheme]


def site_origins(base_url: str, site_hosts: tuple[str, ...] = site.SITE_HOSTS) -> frozenset[Origin]:
    """The origins requests may go to: the base URL's, plus the live host's other spellings
    (same scheme and port) when the base URL is the live site itself."""
    base = origin(base_url)
    if base is None:
        raise ValueError(f"SPOTLIGHT_BASE_URL={base_url!r}: expected an http(s) URL with a host")
    scheme, host, port = base
    hosts = set(site_hosts) if host in site_hosts else {host}
    return frozenset((scheme, h, port) for h in hosts)


def is_on_site(url: str, origins: frozenset[Origin]) -> bool:
    return origin(url) in origins


class SiteGuardMiddleware:
    """Downloader middleware: fails requests off the site's origins with ``OffsiteBlocked``.

    Whatever made the request (a link, a redirect, a meta refresh, a retry, ``dont_filter``,
    robots.txt), it is checked here. Counted as ``spotlight/offsite/blocked`` (and
    ``.../<host>:<port>``); the request's errback counts the page as ``failed/offsite_blocked``.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.origins = site_origins(str(crawler.settings.get("SPOTLIGHT_BASE_URL") or site.CANONICAL_BASE_URL))
        self._logged: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteGuardMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if is_on_site(request.url, self.origins):
            return
        where = _where(request.url)
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(keys.OFFSITE_BLOCKED)
        stats.inc_value(keys.offsite_blocked(where))
        how = "a redirect" if request.meta.get("redirect_urls") else "a request"
        if where not in self._logged:  # once per origin: a page may name it a thousand times
            self._logged.add(where)
            logger.warning("Blocked %s off the site (%s); it was not sent", how, request.url)
        raise OffsiteBlocked(f"blocked {how} off the site to {request.url}")


def _where(url: str) -> str:
    found = origin(url)
    if found is None:
        return "unknown"
    _, host, port = found
    return f"{host}:{port}"
