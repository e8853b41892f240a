"""The download handler for http and https when a run may render (modes ``auto``, ``always``).

Plain requests go through Scrapy's HTTP/1.1 handler; scrapy-playwright's (and Playwright's
driver) is created by the first request with ``playwright`` meta, so a run whose pages all
read fine never loads it (``spotlight/render/handler_started`` when it does). When no browser
can be had, each page that needs one fails with ``BrowserMissing`` (kind ``browser_missing``)
and the reason, naming the path tried and the fix, is kept in ``spotlight/render/browser_missing``.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.utils.misc import build_from_crawler

from spotlight_crawler import compat, render
from spotlight_crawler.run import keys

if TYPE_CHECKING:
    from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

logger = logging.getLogger(__name__)


class BrowserMissing(Exception):
    """A page needs the browser and none can be had; the message says why and what to do."""


class LazyBrowserHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP handler, and scrapy-playwright's for the requests that need a browser."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.browser: ScrapyPlaywrightDownloadHandler | None = None
        self._starting: asyncio.Lock | None = None
        self.missing: str | None = None

    async def download_request(self, request: Request) -> Response:
        if not request.meta.get("playwright"):
            return await super().download_request(request)
        if self.missing is None and (path := render.absent_executable(self.crawler.settings)):
            self._no_browser(f"no browser at {path} (SPOTLIGHT_BROWSER_EXECUTABLE): {render.INSTALL_HINT}")
        if self.missing is not None:
            raise BrowserMissing(self.missing)
        try:
            browser = self.browser or await self._start_browser()
            return await browser.download_request(request)
        except Exception as exc:
            if self._launched():
                raise  # the page's own failure, not the browser's
            self._no_browser(render.browser_did_not_start(self.crawler.settings, exc))
            raise BrowserMissing(self.missing) from exc

    def _launched(self) -> bool:
        assert self.crawler.stats is not None
        return bool(self.crawler.stats.get_value("playwright/browser_count", 0))

    def _no_browser(self, reason: str) -> None:
        """Keep ``reason`` for the monitors and the summary; said once in the log."""
        if self.missing is None:
            self.missing = reason
            assert self.crawler.stats is not None
            self.crawler.stats.set_value(keys.RENDER_BROWSER_MISSING, reason)
            logger.warning("A page needs the browser, and %s", reason)

    async def _start_browser(self) -> ScrapyPlaywrightDownloadHandler:
        """scrapy-playwright's handler, created and launched once, by the first request that needs it."""
        self._starting = self._starting or asyncio.Lock()
        async with self._starting:
            if self.browser is None:
                from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

                logger.info("A page needs the browser: starting scrapy-playwright")
                handler = build_from_crawler(ScrapyPlaywrightDownloadHandler, self.crawler)
                # It launches on engine_started, which has passed: launch it now instead.
                await compat.launch_playwright(handler)
                assert self.crawler.stats is not None
                self.crawler.stats.inc_value(keys.RENDER_HANDLER_STARTED)
                self.browser = handler
        return self.browser

    async def close(self) -> None:
        await super().close()
        if self.browser is not None:
            await self.browser.close()
            self.browser = None
