"""Nothing leaves the site's origins (scheme, host and port): ``SiteGuardMiddleware`` fails a request
off them before a name is looked up, ``RedirectGuardMiddleware`` a 3xx off them or round a loop."""

from __future__ import annotations

import logging
from urllib.parse import urljoin, urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from w3lib.url import canonicalize_url, safe_url_string

from spotlight_crawler import site
from spotlight_crawler.faults import FaultMiddleware
from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)

_DEFAULT_PORTS = {"http": 80, "https": 443}
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

Origin = tuple[str, str, int]


class OffsiteBlocked(IgnoreRequest):
    """The request would have left the site (another scheme, host or port)."""


class OffsiteRedirect(IgnoreRequest):
    """The page redirected off the site's origin (another scheme, host or port)."""


class RedirectLoop(IgnoreRequest):
    """The page redirected back to a URL already in its redirect chain."""


def origin(url: str) -> Origin | None:
    """``(scheme, host, port)`` of ``url``, the default port filled in; None when it has no host."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # a port that is not a number, or out of range
        return None
    host = (parts.hostname or "").rstrip(".")
    if not host or parts.scheme not in _DEFAULT_PORTS:
        return None
    return parts.scheme, host, port if port is not None else _DEFAULT_PORTS[parts.scheme]


def site_origins(base_url: str) -> frozenset[Origin]:
    """The origins requests may go to: the base URL's (checked by ``addon.check``), plus the live
    host's other spellings (same scheme and port) when the base URL is the live site itself."""
    base = origin(base_url)
    assert base is not None, base_url
    scheme, host, port = base
    hosts = set(site.SITE_HOSTS) if host in site.SITE_HOSTS else {host}
    return frozenset((scheme, h, port) for h in hosts)


class _Guard(FaultMiddleware):
    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.origins = site_origins(str(crawler.settings.get("SPOTLIGHT_BASE_URL") or site.CANONICAL_BASE_URL))


class SiteGuardMiddleware(_Guard):
    def process_request(self, request: Request) -> None:
        found = origin(request.url)
        if found in self.origins:
            return
        where = f"{found[1]}:{found[2]}" if found else "unknown"
        self.count(keys.OFFSITE_BLOCKED, keys.offsite_blocked(where))
        how = "a redirect" if request.meta.get("redirect_urls") else "a request"
        if self.stats.get_value(keys.offsite_blocked(where)) == 1:  # said once per origin: a page may name it often
            logger.warning("Blocked %s off the site (%s); it was not sent", how, request.url)
        raise OffsiteBlocked(f"blocked {how} off the site to {request.url}")


class RedirectGuardMiddleware(_Guard):
    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("dont_redirect") or response.status in request.meta.get("handle_httpstatus_list", ()):
            return response
        location = response.headers.get(b"Location")
        if response.status not in _REDIRECT_STATUSES or not location:
            return response
        target = urljoin(request.url, safe_url_string(location))
        if origin(target) not in self.origins:
            self.stats.inc_value(keys.REDIRECTS_OFFSITE)
            raise OffsiteRedirect(f"redirected off the site to {target}")
        chain = {canonicalize_url(u) for u in [*request.meta.get("redirect_urls", []), request.url]}
        if canonicalize_url(target) in chain:
            self.stats.inc_value(keys.REDIRECTS_LOOP)
            raise RedirectLoop(f"redirect loop back to {target}")
        return response
