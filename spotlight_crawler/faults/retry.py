"""Retries of 429 and 503 that wait as ``Retry-After`` asks (else back off), and keep every later
request to the host that far apart; a page asking for longer than ``SPOTLIGHT_MAX_RETRY_AFTER`` is
left for the next run (``RetryAfter``)."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy.core.downloader import Slot
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector
from scrapy.utils.httpobj import urlparse_cached

from spotlight_crawler.normalize.served import served_at
from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)

SLOW_DOWN_STATUSES = frozenset({429, 503})


def retry_after(value: bytes | str | None, now: datetime) -> float | None:
    """Seconds a ``Retry-After`` value (seconds, or an HTTP date read against ``now``) asks for;
    a date past is 0; None when absent or unreadable."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def download_slot(crawler: Crawler, request: Request) -> Slot | None:
    """The downloader's slot for ``request``; None before the engine runs or the slot exists."""
    downloader = getattr(crawler.engine, "downloader", None)
    return None if downloader is None else downloader.slots.get(downloader.get_slot_key(request))


def _jitter(slot: Slot) -> float:
    return min(max(slot.jitter, 0.0), 0.5)


def keep_apart(slot: Slot, seconds: float) -> None:
    """Raise the slot's delay so that its random draw (``delay * (1 ± jitter)``) is never below ``seconds``."""
    slot.delay = max(slot.delay, seconds / (1 - _jitter(slot)))


class RetryAfter(IgnoreRequest):
    """The page asked to be fetched again later than this run waits (kind ``retry_after``)."""


class PoliteRetryMiddleware(RetryMiddleware):
    """``RetryMiddleware`` whose 429 and 503 retries wait, and slow the whole slot (see module)."""

    def __init__(self, settings: BaseSettings):
        super().__init__(settings)
        self.max_wait = settings.getfloat("SPOTLIGHT_MAX_RETRY_AFTER", 120.0)
        self.backoff_base = settings.getfloat("SPOTLIGHT_RETRY_BACKOFF", 1.0)
        self.floors: dict[str, float] = {}  # per host: the least gap between its requests, in seconds

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]  # Scrapy 2.19 calls it without the deprecated spider argument
        if response.status not in SLOW_DOWN_STATUSES:
            # AutoThrottle lowers the slot's delay from latency on every answer: the floor holds.
            floor = self.floors.get(urlparse_cached(request).netloc)
            if floor and (slot := download_slot(self.crawler, request)) is not None:
                keep_apart(slot, floor)
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
        # The retry itself: RETRY_TIMES (or max_retry_times), RETRY_PRIORITY_ADJUST, RETRY_GIVE_UP_LOG_LEVEL.
        return super().process_response(request, response)

    def _slow_down(self, request: Request, wait: float) -> None:
        slot = download_slot(self.crawler, request)
        if slot is None or wait <= 0:
            return
        host = urlparse_cached(request).netloc
        if wait > self.floors.get(host, 0.0):
            self.floors[host] = wait
            logger.info("%s: the site asks to slow down; requests to it now at least %g s apart", host, wait)
        keep_apart(slot, self.floors[host])
        # The slot measures its delay from the last request sent; this one is measured from now.
        slot.lastseen = max(slot.lastseen, time.monotonic())
        self.stats.max_value(keys.RETRY_SLOWEST_DELAY, round(self.floors[host], 3))
