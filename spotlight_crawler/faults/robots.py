"""robots.txt with a stated policy for when it cannot be read.

Scrapy's ``RobotsTxtMiddleware`` logs an ERROR (with a traceback) when robots.txt cannot
be downloaded, which fails a run that wrote every story, and waits out every retry of a
robots.txt that times out at the full ``DOWNLOAD_TIMEOUT``. The policy here:

- robots.txt is asked for once per origin, with ``SPOTLIGHT_ROBOTS_TIMEOUT`` and
  ``SPOTLIGHT_ROBOTS_RETRIES`` instead of the page settings;
- if it cannot be read (a timeout, a connection error, a 5xx after its retries), the
  crawl goes on as if it allowed everything: one WARNING, counted
  ``spotlight/robots/unavailable/<kind>``. The politeness settings (``DOWNLOAD_DELAY``,
  AutoThrottle, ``Retry-After``) still hold; a site that is struggling to answer is
  not also asked for its robots.txt again;
- a 4xx means there is no robots.txt: everything is allowed (RFC 9309), counted the same way;
- a page it disallows fails with ``RobotsDisallowed`` (kind ``robots_disallowed``), counted
  ``spotlight/robots/disallowed``.
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from spotlight_crawler import compat
from spotlight_crawler.faults.kinds import RobotsDisallowed, failure_kind
from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)


class RobotsPolicyMiddleware(RobotsTxtMiddleware):
    """``RobotsTxtMiddleware`` with the policy of this module's docstring."""

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest:
            self._count(keys.ROBOTS_DISALLOWED)
            logger.info("%s: disallowed by robots.txt, not fetched", request.url)
            raise RobotsDisallowed(f"disallowed by robots.txt: {request.url}") from None

    async def robot_parser(self, request: Request) -> RobotParser | None:
        url = urlparse_cached(request)
        netloc = url.netloc
        parsers = compat.robots_parsers(self)
        if netloc not in parsers:
            waiting: Deferred[RobotParser | None] = Deferred()
            parsers[netloc] = waiting
            settings = self.crawler.settings
            robots_request = Request(
                f"{url.scheme}://{netloc}/robots.txt",
                priority=self.DOWNLOAD_PRIORITY,
                meta={
                    "dont_obey_robotstxt": True,
                    "download_timeout": settings.getfloat("SPOTLIGHT_ROBOTS_TIMEOUT", 10),
                    "max_retry_times": settings.getint("SPOTLIGHT_ROBOTS_RETRIES", 1),
                },
                callback=NO_CALLBACK,
            )
            parser: RobotParser | None = None
            assert self.crawler.engine is not None
            try:
                response = await self.crawler.engine.download_async(robots_request)
            except Exception as exc:
                self._unavailable(robots_request, failure_kind(Failure(exc)), str(exc))
            else:
                parser = await self._parse(response, request)
            self.crawler.stats.inc_value("robotstxt/request_count")
            parsers[netloc] = parser
            waiting.callback(parser)
        return await super().robot_parser(request)

    async def _parse(self, response: Response, request: Request) -> RobotParser | None:
        self.crawler.stats.inc_value("robotstxt/response_count")
        self.crawler.stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        if response.status >= 400:
            self._unavailable(response.request or request, f"http_{response.status}", f"HTTP {response.status}")
            return None
        parser = build_from_crawler(compat.robots_parser_class(self), self.crawler, response.body)
        await self.crawler.signals.send_catch_log_async(
            signal=signals.robots_parsed, robotparser=parser, request=request
        )
        return parser

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

    def _count(self, key: str) -> None:
        self.crawler.stats.inc_value(key)
