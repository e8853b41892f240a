"""robots.txt: Scrapy's ``RobotsTxtMiddleware`` (with Protego), and a policy around its request.

Scrapy's middleware asks for each origin's robots.txt once and refuses the pages it
disallows (``IgnoreRequest("Forbidden by robots.txt")``, kind ``robots_disallowed``). Left
alone it would log an ERROR with a traceback when robots.txt cannot be downloaded (failing a
run that wrote every story), wait out each retry at the full ``DOWNLOAD_TIMEOUT``, treat a
robots.txt over ``DOWNLOAD_MAXSIZE`` as unreadable (so: allow everything), and ignore
``Crawl-delay``. ``RobotsPolicyMiddleware`` beside it and ``RobotsBodyMiddleware`` (for the
body) hold the policy:

- robots.txt gets ``SPOTLIGHT_ROBOTS_TIMEOUT`` and ``SPOTLIGHT_ROBOTS_RETRIES`` instead of
  the page settings, and is asked for uncompressed;
- its first ``SPOTLIGHT_ROBOTS_MAXSIZE`` bytes are read (at least the 500 KiB RFC 9309 asks
  parsers to read), up to the last whole line, however long it is and even when sent
  compressed: a long robots.txt keeps its rules. Counted ``spotlight/robots/truncated``;
- one that cannot be read (a timeout, a connection error, a 4xx or 5xx after its retries)
  allows everything: one WARNING (INFO for a 404), counted
  ``spotlight/robots/unavailable/<kind>``; a 4xx means there is none (RFC 9309). The
  politeness settings (``DOWNLOAD_DELAY``, AutoThrottle, ``Retry-After``) still hold;
- its ``Crawl-delay`` for our user agent is kept between the requests to the site, at most
  ``SPOTLIGHT_MAX_CRAWL_DELAY`` seconds: the download slot's delay is raised to it and
  AutoThrottle does not lower it (``autothrottle_dont_adjust_delay``). Counted
  ``spotlight/robots/crawl_delay`` (the least gap the slot left after any answer, in
  seconds: its random jitter never draws below the Crawl-delay) and, when it asked more,
  ``spotlight/robots/crawl_delay_capped`` (what it asked).
"""

from __future__ import annotations

import logging
import zlib
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.core.downloader import Slot
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured, StopDownload
from scrapy.http import Request, Response
from scrapy.robotstxt import RobotParser
from scrapy.settings import BaseSettings
from scrapy.utils.httpobj import urlparse_cached
from twisted.python.failure import Failure

from spotlight_crawler.faults.kinds import failure_kind
from spotlight_crawler.faults.retry import slot_delay_for
from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)

# Request meta marking a robots.txt request, with the bytes of it received so far.
_RECEIVED = "spotlight_robots_received"


def is_robots_request(request: Request) -> bool:
    """Whether ``request`` is the one ``RobotsTxtMiddleware`` makes for an origin's robots.txt."""
    return bool(request.meta.get("dont_obey_robotstxt")) and urlparse_cached(request).path == "/robots.txt"


def whole_lines(body: bytes) -> bytes:
    """``body`` up to its last line break: a rule cut in the middle is no rule."""
    return body[: body.rfind(b"\n") + 1]


def robots_maxsize(settings: BaseSettings) -> int:
    """``SPOTLIGHT_ROBOTS_MAXSIZE``, never below the 500 KiB of RFC 9309."""
    return max(settings.getint("SPOTLIGHT_ROBOTS_MAXSIZE", 512 * 1024), 500 * 1024)


def inflate_prefix(body: bytes, limit: int) -> bytes | None:
    """At most ``limit`` bytes of a gzip, zlib or raw deflate ``body``, however far it goes
    on and even when it is cut short; None when it is none of them."""
    for wbits in (32 + zlib.MAX_WBITS, -zlib.MAX_WBITS):  # gzip or zlib header (detected), raw deflate
        try:
            return zlib.decompressobj(wbits).decompress(body, limit)
        except zlib.error:
            continue
    return None


class RobotsPolicyMiddleware:
    """The policy of this module's docstring, beside Scrapy's ``RobotsTxtMiddleware``.

    Placed after it (process_request) and before ``RetryMiddleware`` (process_exception and
    process_response see robots.txt after its retries). Its body is bounded by
    ``RobotsBodyMiddleware``.
    """

    def __init__(self, crawler: Crawler):
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.timeout = settings.getfloat("SPOTLIGHT_ROBOTS_TIMEOUT", 10)
        self.retries = settings.getint("SPOTLIGHT_ROBOTS_RETRIES", 1)
        self.maxsize = robots_maxsize(settings)
        self.page_maxsize = settings.getint("DOWNLOAD_MAXSIZE")
        self.max_crawl_delay = settings.getfloat("SPOTLIGHT_MAX_CRAWL_DELAY", 60.0)
        self.user_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        # Crawl-delay per host, as robots.txt asked it (capped).
        self.crawl_delays: dict[str, float] = {}
        crawler.signals.connect(self.bytes_received, signal=signals.bytes_received)
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(self.request_reached_downloader, signal=signals.request_reached_downloader)
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsPolicyMiddleware:
        return cls(crawler)

    # -- the robots.txt request ------------------------------------------------------

    def process_request(self, request: Request) -> None:
        if not is_robots_request(request):
            return
        request.meta.update(
            {
                "download_timeout": self.timeout,
                "max_retry_times": self.retries,
                # Its transfer is bounded by bytes_received below, which keeps what arrived
                # (response_downloaded puts the page limit back for decompression).
                "download_maxsize": 0,
                "download_warnsize": 0,
                _RECEIVED: 0,
            }
        )
        request.headers["Accept-Encoding"] = "identity"

    def bytes_received(self, data: bytes, request: Request) -> None:
        """Stop reading robots.txt once ``SPOTLIGHT_ROBOTS_MAXSIZE`` bytes have arrived."""
        received = request.meta.get(_RECEIVED)
        if received is None:
            return
        request.meta[_RECEIVED] = received + len(data)
        if request.meta[_RECEIVED] >= self.maxsize:
            raise StopDownload(fail=False)

    def process_response(self, request: Request, response: Response) -> Response:
        if not is_robots_request(request):
            return response
        if response.status >= 400:
            self._unavailable(request, f"http_{response.status}", f"HTTP {response.status}")
            raise IgnoreRequest(f"robots.txt unavailable: HTTP {response.status}")
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if is_robots_request(request):
            self._unavailable(request, failure_kind(Failure(exception)), str(exception))
            # RobotsTxtMiddleware takes an IgnoreRequest quietly: no parser, everything allowed.
            raise IgnoreRequest(f"robots.txt unavailable: {exception}") from exception

    def _unavailable(self, request: Request, kind: str, why: str) -> None:
        self._count(keys.ROBOTS_UNAVAILABLE)
        self._count(keys.robots_unavailable(kind))
        level = logging.INFO if kind == "http_404" else logging.WARNING
        logger.log(
            level,
            "%s could not be read (%s: %s); the crawl goes on as if it allowed everything",
            request.url,
            kind,
            why,
        )

    # -- Crawl-delay -------------------------------------------------------------------

    def robots_parsed(self, robotparser: RobotParser, request: Request) -> None:
        asked = robotparser.crawl_delay(self.user_agent)
        if not asked or asked <= 0:
            return
        delay = min(asked, self.max_crawl_delay)
        if asked > delay:
            self.crawler.stats.max_value(keys.ROBOTS_CRAWL_DELAY_CAPPED, asked)
            logger.warning(
                "%s: robots.txt asks for Crawl-delay: %g; requests to the site are kept "
                "SPOTLIGHT_MAX_CRAWL_DELAY=%g s apart",
                urlparse_cached(request).netloc,
                asked,
                delay,
            )
        else:
            logger.info("%s: robots.txt asks for Crawl-delay: %g; kept", urlparse_cached(request).netloc, asked)
        self.crawl_delays[urlparse_cached(request).netloc] = delay

    def request_reached_downloader(self, request: Request) -> None:
        """Each request to a host with a Crawl-delay: its download slot keeps that delay."""
        if (found := self._slot(request)) is None:
            return
        slot, delay = found
        # The slot draws each gap from delay * (1 ± jitter): the least of them is the Crawl-delay.
        slot.delay = max(slot.delay, slot_delay_for(delay, slot.jitter))
        # AutoThrottle lowers a slot's delay when the site answers fast; Crawl-delay is a floor.
        request.meta["autothrottle_dont_adjust_delay"] = True

    def response_downloaded(self, response: Response, request: Request) -> None:
        """Before the downloader middlewares see an answer: robots.txt gets the page limit
        back (a body compressed anyway is inflated no further than a page's); after any
        other, the least gap the slot leaves is counted (AutoThrottle has had its say)."""
        if _RECEIVED in request.meta:
            request.meta["download_maxsize"] = self.page_maxsize
            return
        if (found := self._slot(request)) is None:
            return
        slot, _ = found
        least_gap = round(slot.delay * (1 - min(max(slot.jitter, 0.0), 0.5)), 3)
        assert self.crawler.stats is not None
        self.crawler.stats.min_value(keys.ROBOTS_CRAWL_DELAY, least_gap)

    def _slot(self, request: Request) -> tuple[Slot, float] | None:
        """The download slot of a request to a host with a Crawl-delay, and that delay."""
        delay = self.crawl_delays.get(urlsplit(request.url).netloc)
        engine = self.crawler.engine
        if delay is None or engine is None:
            return None
        downloader = engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        return None if slot is None else (slot, delay)

    def _count(self, key: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(key)


class RobotsBodyMiddleware:
    """robots.txt's body: its first ``SPOTLIGHT_ROBOTS_MAXSIZE`` bytes, whole lines only.

    Placed after ``HttpCompressionMiddleware`` (590), so that it sees the body first: one sent
    gzip- or deflate-compressed although it was asked for plain is inflated here, no further
    than that limit, instead of up to ``DOWNLOAD_MAXSIZE`` or past it (a refusal, which would
    allow everything).
    """

    def __init__(self, crawler: Crawler):
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.maxsize = robots_maxsize(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsBodyMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not is_robots_request(request) or response.status >= 400:
            return response
        body = response.body
        encodings = [e.strip().lower() for e in b",".join(response.headers.getlist("Content-Encoding")).split(b",")]
        if encodings in ([b"gzip"], [b"x-gzip"], [b"deflate"]):
            inflated = inflate_prefix(body, self.maxsize + 1)
            if inflated is not None:
                body = inflated
                response = response.replace(body=body)
                del response.headers["Content-Encoding"]
        if "download_stopped" not in response.flags and len(body) <= self.maxsize:
            return response
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(keys.ROBOTS_TRUNCATED)
        logger.info(
            "%s is longer than SPOTLIGHT_ROBOTS_MAXSIZE=%d bytes; its rules in the first %d bytes are obeyed",
            request.url,
            self.maxsize,
            self.maxsize,
        )
        return response.replace(body=whole_lines(body[: self.maxsize]))
