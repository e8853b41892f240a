"""Retries that listen to the server: ``Retry-After`` on 429 and 503, and backing off.

Scrapy's ``RetryMiddleware`` re-queues a 429 or a 503 at once, so a rate limiter that
asked for five seconds is asked again a second later, until the retries run out and the
page is lost. ``PoliteRetryMiddleware`` (in its place) reads ``Retry-After`` (seconds or an
HTTP date); without one it backs off exponentially (``SPOTLIGHT_RETRY_BACKOFF`` seconds,
doubled with each retry, at most ``SPOTLIGHT_MAX_RETRY_AFTER``). The wait is put on the
download slot, not on the one request: no request of the crawl goes to the site before it
has passed, and requests keep at least that far apart afterwards (the slot's random jitter
included). Each ``SPOTLIGHT_RETRY_RECOVER_AFTER`` answers in a row that are not 429/503
halve that floor again, down to the configured delay.

A ``Retry-After`` longer than ``SPOTLIGHT_MAX_RETRY_AFTER`` concerns the page that sent it
(one article under maintenance for a day), not the pace of the site: that page is not asked
for again in this run (it fails with ``RetryLater``, kind ``retry_after``, and the state
keeps it for the next run like any page not read), the slot is not slowed, and the run
counts it as ``spotlight/retry/deferred``.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy.core.downloader import Slot
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.response import response_status_message

from spotlight_crawler.normalize.served import served_at
from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)

SLOW_DOWN_STATUSES = frozenset({429, 503})
# Below this a floor is gone: the slot is back at its configured delay.
_NEGLIGIBLE = 0.05


def retry_after(value: bytes | str | None, now: datetime) -> float | None:
    """Seconds a ``Retry-After`` header value asks for (RFC 9110: seconds or an HTTP date), or None.

    ``now`` is the time the answer was made (its ``Date`` header), so an HTTP date is read
    against the server's clock, not ours. A date in the past asks for no wait.
    """
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


def backoff(retries_so_far: int, base: float) -> float:
    """The wait before retry number ``retries_so_far + 1`` when the server named none."""
    return base * 2 ** max(0, retries_so_far)


class RetryLater(IgnoreRequest):
    """The page asked to be fetched again later than this run waits (kind ``retry_after``)."""


@dataclass
class _Floor:
    """What a slot was slowed to, and what it was before."""

    seconds: float
    configured_delay: float
    calm_answers: int = 0


class PoliteRetryMiddleware(RetryMiddleware):
    """``RetryMiddleware`` whose 429 and 503 retries wait, and slow the whole slot (see module)."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler.settings)
        self.crawler = crawler
        settings = crawler.settings
        self.max_wait = settings.getfloat("SPOTLIGHT_MAX_RETRY_AFTER", 120.0)
        self.backoff_base = settings.getfloat("SPOTLIGHT_RETRY_BACKOFF", 1.0)
        self.recover_after = max(1, settings.getint("SPOTLIGHT_RETRY_RECOVER_AFTER", 10))
        self.autothrottle = settings.getbool("AUTOTHROTTLE_ENABLED")
        self._floors: dict[str, _Floor] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PoliteRetryMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]  # Scrapy 2.19 calls it without the deprecated spider argument
        if response.status not in SLOW_DOWN_STATUSES:
            self._calm(request)
            return super().process_response(request, response)
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        asked = retry_after(response.headers.get(b"Retry-After"), served_at(response.headers))
        if asked is not None and asked > self.max_wait:
            return self._defer(request, response, asked)
        wait = self._wait(request, asked)
        self._slow_down(request, wait)
        assert self.crawler.spider is not None
        again = get_retry_request(  # Scrapy's public retry: RETRY_TIMES, or the request's meta
            request,
            spider=self.crawler.spider,
            reason=response_status_message(response.status),
            max_retry_times=request.meta.get("max_retry_times"),
            priority_adjust=request.meta.get("priority_adjust"),
            give_up_log_level=request.meta.get("give_up_log_level"),
        )
        return again or response

    def _defer(self, request: Request, response: Response, asked: float) -> Response:
        """A page that asks for a longer wait than ``SPOTLIGHT_MAX_RETRY_AFTER``: not asked for
        again in this run (``RetryLater``; robots.txt is answered as it is), nothing else slowed."""
        if request.meta.get("dont_obey_robotstxt"):  # robots.txt: faults/robots.py takes the answer
            return response
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(keys.RETRY_DEFERRED)
        logger.warning(
            "%s answered %d with Retry-After: %g s, more than SPOTLIGHT_MAX_RETRY_AFTER=%g s: not asked for again "
            "in this run; the rest of the site goes on at its pace",
            request.url,
            response.status,
            asked,
            self.max_wait,
        )
        raise RetryLater(f"{request.url} asked to be fetched again in {asked:g} s (HTTP {response.status})")

    def _wait(self, request: Request, asked: float | None) -> float:
        """The wait before the retry: what ``Retry-After`` asked, else the backoff, capped."""
        stats = self.crawler.stats
        assert stats is not None
        if asked is None:
            stats.inc_value(keys.RETRY_BACKOFF)
            asked = backoff(request.meta.get("retry_times", 0), self.backoff_base)
        else:
            stats.inc_value(keys.RETRY_RETRY_AFTER)
        if asked > self.max_wait:
            stats.inc_value(keys.RETRY_WAIT_CAPPED)
            logger.warning(
                "%s asked to wait %g s; waiting SPOTLIGHT_MAX_RETRY_AFTER=%g s", request.url, asked, self.max_wait
            )
            asked = self.max_wait
        return asked

    def _slow_down(self, request: Request, wait: float) -> None:
        found = self._slot(request)
        if found is None or wait <= 0:
            return
        key, slot = found
        floor = self._floors.setdefault(key, _Floor(0.0, slot.delay))
        floor.calm_answers = 0
        if wait > floor.seconds:
            floor.seconds = wait
            logger.info("%s: the site asks to slow down; requests to it now at least %g s apart", key, wait)
        slot.delay = max(slot.delay, slot_delay_for(floor.seconds, slot.jitter))
        # The slot measures its delay from the last request sent; this one is measured from now.
        slot.lastseen = max(slot.lastseen, time.monotonic())
        stats = self.crawler.stats
        assert stats is not None
        stats.max_value(keys.RETRY_SLOWEST_DELAY, round(floor.seconds, 3))

    def _calm(self, request: Request) -> None:
        found = self._slot(request)
        if found is None:
            return
        key, slot = found
        floor = self._floors.get(key)
        if floor is None:
            return
        floor.calm_answers += 1
        if floor.calm_answers >= self.recover_after:
            floor.calm_answers = 0
            floor.seconds /= 2
        if floor.seconds < _NEGLIGIBLE:
            del self._floors[key]
            slot.delay = floor.configured_delay
            return
        # AutoThrottle sets the delay from latency on every answer; the floor holds under it.
        current = slot.delay if self.autothrottle else floor.configured_delay
        slot.delay = max(current, slot_delay_for(floor.seconds, slot.jitter))

    def _slot(self, request: Request) -> tuple[str, Slot] | None:
        engine = self.crawler.engine
        downloader = getattr(engine, "downloader", None)
        if downloader is None:
            return None
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        return (key, slot) if slot is not None else None


def slot_delay_for(seconds: float, jitter: float) -> float:
    """The slot delay whose random draw (``delay * (1 ± jitter)``) is never below ``seconds``."""
    return seconds / (1 - min(max(jitter, 0.0), 0.5))
