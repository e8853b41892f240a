"""robots.txt around Scrapy's ``RobotsTxtMiddleware``: read in part (``SPOTLIGHT_ROBOTS_MAXSIZE``), with
its own timeout and retries; one that cannot be read allows everything; its ``Crawl-delay`` obeyed."""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured, StopDownload
from scrapy.http import Request, Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.python.failure import Failure

from spotlight_crawler.faults import FaultMiddleware
from spotlight_crawler.faults.kinds import failure_kind
from spotlight_crawler.faults.retry import download_slot, keep_apart
from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)

# Request meta of a robots.txt request: the bytes of it received so far.
_RECEIVED = "spotlight_robots_received"


def is_robots_request(request: Request) -> bool:
    """Whether ``request`` is the one ``RobotsTxtMiddleware`` makes for an origin's robots.txt."""
    return bool(request.meta.get("dont_obey_robotstxt")) and urlparse_cached(request).path == "/robots.txt"


class RobotsPolicyMiddleware(FaultMiddleware):
    """After ``RobotsTxtMiddleware``: robots.txt that cannot be read after its retries, and its Crawl-delay."""

    def __init__(self, crawler: Crawler):
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        super().__init__(crawler)
        self.max_crawl_delay = settings.getfloat("SPOTLIGHT_MAX_CRAWL_DELAY", 60.0)
        self.user_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        self.crawl_delays: dict[str, float] = {}  # per host, capped
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(self.request_reached_downloader, signal=signals.request_reached_downloader)

    def process_response(self, request: Request, response: Response) -> Response:
        if is_robots_request(request) and response.status >= 400:
            self._unavailable(request, f"http_{response.status}", f"HTTP {response.status}")
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if is_robots_request(request):
            self._unavailable(request, failure_kind(Failure(exception)), str(exception))

    def _unavailable(self, request: Request, kind: str, why: str) -> None:
        """Counted and logged; then an ``IgnoreRequest``, which RobotsTxtMiddleware takes quietly as "no rules"."""
        self.count(keys.ROBOTS_UNAVAILABLE, keys.robots_unavailable(kind))
        message = "%s could not be read (%s: %s); the crawl goes on as if it allowed everything"
        logger.log(logging.INFO if kind == "http_404" else logging.WARNING, message, request.url, kind, why)
        raise IgnoreRequest(f"robots.txt unavailable: {why}")

    def robots_parsed(self, robotparser: RobotParser, request: Request) -> None:
        asked = robotparser.crawl_delay(self.user_agent)
        if not asked or asked <= 0:
            return
        host = urlparse_cached(request).netloc
        self.crawl_delays[host] = delay = min(asked, self.max_crawl_delay)
        self.stats.set_value(keys.ROBOTS_CRAWL_DELAY, delay)
        if asked > delay:
            self.stats.max_value(keys.ROBOTS_CRAWL_DELAY_CAPPED, asked)
            message = "%s: robots.txt asks for Crawl-delay: %g; requests to the site are kept %s=%g s apart"
            logger.warning(message, host, asked, "SPOTLIGHT_MAX_CRAWL_DELAY", delay)
        else:
            logger.info("%s: robots.txt asks for Crawl-delay: %g; kept", host, asked)

    def request_reached_downloader(self, request: Request) -> None:
        delay = self.crawl_delays.get(urlparse_cached(request).netloc)
        if delay and (slot := download_slot(self.crawler, request)) is not None:
            keep_apart(slot, delay)
            request.meta["autothrottle_dont_adjust_delay"] = True  # Crawl-delay is a floor


class RobotsBodyMiddleware(FaultMiddleware):
    """Before ``HttpCompressionMiddleware``: robots.txt's first ``SPOTLIGHT_ROBOTS_MAXSIZE`` bytes."""

    def __init__(self, crawler: Crawler):
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        super().__init__(crawler)
        self.maxsize = max(settings.getint("SPOTLIGHT_ROBOTS_MAXSIZE", 512 * 1024), 500 * 1024)  # RFC 9309
        self.timeout = settings.getfloat("SPOTLIGHT_ROBOTS_TIMEOUT", 10)
        self.retries = settings.getint("SPOTLIGHT_ROBOTS_RETRIES", 1)
        crawler.signals.connect(self.bytes_received, signal=signals.bytes_received)

    def process_request(self, request: Request) -> None:
        if is_robots_request(request):
            # The transfer is bounded by bytes_received, which keeps what arrived.
            request.meta.update(
                {
                    "download_timeout": self.timeout,
                    "max_retry_times": self.retries,
                    "download_maxsize": 0,
                    "download_warnsize": 0,
                    _RECEIVED: 0,
                }
            )
            request.headers["Accept-Encoding"] = "identity"

    def bytes_received(self, data: bytes, request: Request) -> None:
        received = request.meta.get(_RECEIVED)
        if received is not None:
            request.meta[_RECEIVED] = received + len(data)
            if request.meta[_RECEIVED] >= self.maxsize:
                raise StopDownload(fail=False)

    def process_response(self, request: Request, response: Response) -> Response:
        if _RECEIVED not in request.meta:
            return response
        # Sent compressed anyway: HttpCompressionMiddleware refuses it past this size (robots.txt unavailable).
        request.meta["download_maxsize"] = self.maxsize
        if b"Content-Encoding" in response.headers or response.status >= 400:
            return response
        if "download_stopped" not in response.flags and len(response.body) <= self.maxsize:
            return response
        self.stats.inc_value(keys.ROBOTS_TRUNCATED)
        message = "%s is longer than SPOTLIGHT_ROBOTS_MAXSIZE=%d bytes; its rules in the first %d bytes are obeyed"
        logger.info(message, request.url, self.maxsize, self.maxsize)
        body = response.body[: self.maxsize]
        return response.replace(body=body[: body.rfind(b"\n") + 1])  # a rule cut in the middle is no rule
