"""Redirects the crawl must not follow: off the site's origin, or round in a loop.

Scrapy's own defences are quiet ones: the offsite filter drops a redirected request when
it is scheduled, without calling its errback, and lets any request with ``dont_filter``
(the home page) go to any host; the duplicate filter drops the second visit of a
``/x/ -> /x -> /x/`` loop without a word. ``RedirectGuardMiddleware`` sees a 3xx
``Location`` before ``RedirectMiddleware`` follows it and fails the request instead, so its
errback counts the failure by kind (``offsite_redirect``, ``redirect_loop``). The site's
origin is scheme, host and port (``offsite.site_origins``): a redirect to the same host on
another port leaves the site too. A meta refresh off the site is stopped when its request
is about to be downloaded (``offsite.SiteGuardMiddleware``).
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from w3lib.url import canonicalize_url, safe_url_string

from spotlight_crawler import site
from spotlight_crawler.faults.offsite import is_on_site, site_origins
from spotlight_crawler.run import keys

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class OffsiteRedirect(IgnoreRequest):
    """The page redirected off the site's origin (another scheme, host or port)."""


class RedirectLoop(IgnoreRequest):
    """The page redirected back to a URL already in its redirect chain."""


def redirect_target(request: Request, response: Response) -> str | None:
    """The absolute URL a 3xx ``response`` sends ``request`` to, or None."""
    location = response.headers.get(b"Location")
    if response.status not in _REDIRECT_STATUSES or not location:
        return None
    if location.startswith(b"//"):
        location = urlsplit(request.url).scheme.encode() + b":" + location
    return urljoin(request.url, safe_url_string(location))


class RedirectGuardMiddleware:
    """Fails redirects that leave the site's origins or come back to the chain.

    Sits before ``RedirectMiddleware`` (600) in the response path, i.e. at a higher number.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.origins = site_origins(str(crawler.settings.get("SPOTLIGHT_BASE_URL") or site.CANONICAL_BASE_URL))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectGuardMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("dont_redirect") or response.status in request.meta.get("handle_httpstatus_list", ()):
            return response
        target = redirect_target(request, response)
        if target is None:
            return response
        if not is_on_site(target, self.origins):
            self._count(keys.REDIRECTS_OFFSITE)
            raise OffsiteRedirect(f"redirected off the site to {target}")
        chain = {canonicalize_url(u) for u in [*request.meta.get("redirect_urls", []), request.url]}
        if canonicalize_url(target) in chain:
            self._count(keys.REDIRECTS_LOOP)
            raise RedirectLoop(f"redirect loop back to {target}")
        return response

    def _count(self, key: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(key)
