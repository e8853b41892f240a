"""What the site asks of the crawl's pace: robots.txt (read in part, allowing everything when unreadable,
its ``Crawl-delay`` kept) and 429/503 (retried after ``Retry-After`` or a back-off, the host slowed down
until calm answers ease it; a wait past ``SPOTLIGHT_MAX_RETRY_AFTER`` leaves the page for the next run)."""

from __future__ import annotations

import logging
import time
from datetime import datetime

from scrapy import signals
from scrapy.core.downloader import Slot
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured, StopDownload
from scrapy.http import Request, Response
from scrapy.robotstxt import RobotParser
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector
from scrapy.utils.httpobj import urlparse_cached
from twisted.python.failure import Failure

from spotlight_crawler.faults import FaultMiddleware
from spotlight_crawler.faults.kinds import failure_kind
from spotlight_crawler.normalize.served import http_date, served_at
from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)

SLOW_DOWN_STATUSES = frozenset({429, 503})
CALM_ANSWERS = 10  # answers in a row that did not ask to slow down: the slow-down halves
_NEGLIGIBLE = 0.05  # seconds: a slow-down this small is over
# Request meta of a robots.txt request: the bytes of it received so far.
_RECEIVED = "spotlight_robots_received"


def retry_after(value: bytes | str | None, now: datetime) -> float | None:
    """Seconds a ``Retry-After`` value (seconds, or an HTTP date read against ``now``) asks for;
    a date past is 0; None when absent or unreadable."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(text)
    when = http_date(text)
    return None if when is None else max(0.0, (when - now).total_seconds())


def download_slot(crawler: Crawler, request: Request) -> Slot | None:
    """The downloader's slot for ``request``; None before the engine runs or the slot exists."""
    downloader = getattr(crawler.engine, "downloader", None)
    return None if downloader is None else downloader.slots.get(downloader.get_slot_key(request))


def keep_apart(slot: Slot, seconds: float) -> None:
    """Raise the slot's delay so that its random draw (``delay * (1 ± jitter)``) is never below ``seconds``."""
    jitter = min(max(slot.jitter, 0.0), 0.5)
    slot.delay = max(slot.delay, seconds / (1 - jitter))


def is_robots_request(request: Request) -> bool:
    """Whether ``request`` is the one ``RobotsTxtMiddleware`` makes for an origin's robots.txt."""
    return bool(request.meta.get("dont_obey_robotstxt")) and urlparse_cached(request).path == "/robots.txt"


class _RobotsMiddleware(FaultMiddleware):
    """On only when robots.txt is obeyed (``ROBOTSTXT_OBEY``)."""

    def __init__(self, crawler: Crawler):
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        super().__init__(crawler)


class RobotsPolicyMiddleware(_RobotsMiddleware):
    """After ``RobotsTxtMiddleware``: robots.txt that cannot be read after its retries, and its Crawl-delay."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        settings = crawler.settings
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


class RobotsBodyMiddleware(_RobotsMiddleware):
    """Before ``HttpCompressionMiddleware``: robots.txt's first ``SPOTLIGHT_ROBOTS_MAXSIZE`` bytes."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        settings = crawler.settings
        self.maxsize = max(settings.getint("SPOTLIGHT_ROBOTS_MAXSIZE", 512 * 1024), 500 * 1024)  # RFC 9309
        self.timeout = settings.getfloat("SPOTLIGHT_ROBOTS_TIMEOUT", 10)
        self.retries = settings.getint("SPOTLIGHT_ROBOTS_RETRIES", 1)
        crawler.signals.connect(self.bytes_received, signal=signals.bytes_received)

    def process_request(self, request: Request) -> None:
        if is_robots_request(request):
            # The transfer is bounded by bytes_received, which keeps what arrived.
            request.meta.update(
                download_timeout=self.timeout, max_retry_times=self.retries, download_maxsize=0, download_warnsize=0
            )
            request.meta[_RECEIVED] = 0
            request.headers["Accept-Encoding"] = "identity"

    def bytes_received(self, data: bytes, request: Request) -> None:
        if _RECEIVED in request.meta:
            request.meta[_RECEIVED] += len(data)
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


class RetryAfter(IgnoreRequest):
    """The page asked to be fetched again later than this run waits (kind ``retry_after``)."""


class PoliteRetryMiddleware(RetryMiddleware):
    """``RetryMiddleware`` whose 429 and 503 retries wait, and slow the whole slot (see module)."""

    def __init__(self, settings: BaseSettings):
        super().__init__(settings)
        self.max_wait = settings.getfloat("SPOTLIGHT_MAX_RETRY_AFTER", 120.0)
        self.backoff_base = settings.getfloat("SPOTLIGHT_RETRY_BACKOFF", 1.0)
        self.autothrottle = settings.getbool("AUTOTHROTTLE_ENABLED")
        self.configured_delay = settings.getfloat("DOWNLOAD_DELAY")
        self.floors: dict[str, float] = {}  # per host: the least gap between its requests, in seconds
        self.calm_answers: dict[str, int] = {}  # per host: answers in a row that did not ask to slow down

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]  # Scrapy 2.19 calls it without the deprecated spider argument
        if response.status not in SLOW_DOWN_STATUSES:
            self._calm(request)
        elif response.status in self.retry_http_codes and not request.meta.get("dont_retry"):
            asked = retry_after(response.headers.get(b"Retry-After"), served_at(response.headers))
            if asked is not None and asked > self.max_wait:
                if request.meta.get("dont_obey_robotstxt"):
                    return response  # robots.txt is answered as it is
                self.stats.inc_value(keys.RETRY_DEFERRED)
                message = "%s answered %d with Retry-After: %g s, more than %s=%g s: not asked for again in this run"
                logger.warning(message, request.url, response.status, asked, "SPOTLIGHT_MAX_RETRY_AFTER", self.max_wait)
                raise RetryAfter(f"{request.url} asked to be fetched again in {asked:g} s (HTTP {response.status})")
            if asked is None:
                self.stats.inc_value(keys.RETRY_BACKOFF)
                asked = self.backoff_base * 2 ** request.meta.get("retry_times", 0)
            else:
                self.stats.inc_value(keys.RETRY_RETRY_AFTER)
            if asked > self.max_wait:
                self.stats.inc_value(keys.RETRY_WAIT_CAPPED)
                message = "%s asked to wait %g s; waiting SPOTLIGHT_MAX_RETRY_AFTER=%g s"
                logger.warning(message, request.url, asked, self.max_wait)
                asked = self.max_wait
            self._slow_down(request, asked)
        return super().process_response(request, response)

    def _slow_down(self, request: Request, wait: float) -> None:
        slot = download_slot(self.crawler, request)
        if slot is None or wait <= 0:
            return
        host = urlparse_cached(request).netloc
        self.calm_answers[host] = 0
        if wait > self.floors.get(host, 0.0):
            self.floors[host] = wait
            logger.info("%s: the site asks to slow down; requests to it now at least %g s apart", host, wait)
        keep_apart(slot, self.floors[host])
        # The slot measures its delay from the last request sent; this one is measured from now.
        slot.lastseen = max(slot.lastseen, time.monotonic())
        self.stats.max_value(keys.RETRY_SLOWEST_DELAY, round(self.floors[host], 3))

    def _calm(self, request: Request) -> None:
        """An answer that did not ask to slow down: every ``CALM_ANSWERS`` in a row halve the slow-down,
        until it is negligible and the slot is back at ``DOWNLOAD_DELAY``."""
        host = urlparse_cached(request).netloc
        slot = download_slot(self.crawler, request)
        if host not in self.floors or slot is None:
            return
        self.calm_answers[host] += 1
        if self.calm_answers[host] % CALM_ANSWERS == 0:
            self.floors[host] /= 2
        # AutoThrottle sets the delay from latency on every answer; without it, the slot is reset here.
        if not self.autothrottle or self.floors[host] < _NEGLIGIBLE:
            slot.delay = self.configured_delay
        if self.floors[host] < _NEGLIGIBLE:
            del self.floors[host]
        else:
            keep_apart(slot, self.floors[host])
