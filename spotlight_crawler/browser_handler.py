"""The download handler for http and https when a run may render (modes ``auto``, ``always``).

Plain requests go through Scrapy's own HTTP/1.1 handler. The scrapy-playwright handler, and
with it Playwright's Node driver, is created on the first request that carries
``playwright`` meta, not at engine start: a run whose pages all read fine never loads
Playwright at all (counted as ``spotlight/render/handler_started`` when it does).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.utils.misc import build_from_crawler

from spotlight_crawler import compat
from spotlight_crawler.run import keys

if TYPE_CHECKING:
    from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

logger = logging.getLogger(__name__)


class LazyBrowserHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP handler, and scrapy-playwright's for the requests that need a browser."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.browser: ScrapyPlaywrightDownloadHandler | None = None
        self._starting: asyncio.Lock | None = None

    async def download_request(self, request: Request) -> Response:
        if not request.meta.get("playwright"):
            return await super().download_request(request)
        browser = self.browser or await self._start_browser()
        return await browser.download_request(request)

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
