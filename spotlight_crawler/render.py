"""When a page goes through the browser (scrapy-playwright driving Chromium), and how: ``SPOTLIGHT_RENDER``
(``-a render``) is ``never``, ``auto`` or ``always``, and the browser starts when a page first needs it."""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from parsel import Selector
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings, Settings
from scrapy.statscollectors import StatsCollector
from scrapy.utils.misc import build_from_crawler
from scrapy_playwright.page import PageMethod

from spotlight_crawler import compat, site
from spotlight_crawler.extract.listing import has_scripts
from spotlight_crawler.replay import DERIVED
from spotlight_crawler.run import keys

if TYPE_CHECKING:
    from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

logger = logging.getLogger(__name__)

MODES = ("never", "auto", "always")

# Nothing the crawler reads comes from these.
ABORTED_RESOURCE_TYPES = frozenset({"image", "font", "media"})
# How long a rendered listing without links, or a "Load more" click, gets to show new ones.
SETTLE_MS = 2000
_OWN_CHROMIUM = "Playwright's own Chromium (SPOTLIGHT_BROWSER_EXECUTABLE empty; `playwright install chromium`)"


def mode_of(value: Any) -> str:
    """The render mode named by ``value``; None or empty means the default, ``auto``."""
    mode = str(value or "auto").strip().lower()
    if mode not in MODES:
        raise ValueError(f"render={value!r}: expected one of {', '.join(MODES)}")
    return mode


def apply_argument(settings: BaseSettings, value: Any) -> None:
    """``-a render=MODE`` overrides ``SPOTLIGHT_RENDER``, even ``-s``; call before settings freeze."""
    if value not in (None, ""):
        settings.set("SPOTLIGHT_RENDER", mode_of(value), priority="cmdline")


def why_no_browser(executable: str | None, error: BaseException | None = None) -> str | None:
    """Why no browser can be had, in one line naming what was tried and the fix: ``error`` from its
    launch, or nothing runnable at ``executable``; None when neither (or no executable is named)."""
    if error is not None:
        tried = executable or _OWN_CHROMIUM
        first = (str(error).strip().splitlines() or [type(error).__name__])[0]
        problem = f"the browser did not start ({tried}: {first})"
    elif executable and shutil.which(executable) is None:
        problem = f"no browser at {executable} (SPOTLIGHT_BROWSER_EXECUTABLE)"
    else:
        return None
    fix = "install Debian's Chromium (apt-get install chromium) or point SPOTLIGHT_BROWSER_EXECUTABLE at a Chromium"
    return f"{problem}: {fix}"


def configure(settings: Settings) -> None:
    """Derive the scrapy-playwright settings from ``SPOTLIGHT_RENDER`` (add-on time)."""
    if mode_of(settings.get("SPOTLIGHT_RENDER")) == "never":
        return
    # No GPU in a crawl host; Playwright's defaults leave out the sandbox and background traffic.
    launch: dict[str, Any] = {"headless": True, "args": ["--disable-gpu"]}
    if executable := settings.get("SPOTLIGHT_BROWSER_EXECUTABLE"):
        launch["executable_path"] = str(executable)
    base_host = urlsplit(settings.get("SPOTLIGHT_BASE_URL") or site.CANONICAL_BASE_URL).hostname
    hosts = frozenset(h for h in (base_host, *site.SITE_HOSTS) if h)
    settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", launch, priority=DERIVED)
    settings.set("PLAYWRIGHT_ABORT_REQUEST", partial(aborted, hosts), priority=DERIVED)
    if not settings.get("SPOTLIGHT_REPLAY"):  # with it, replay.configure took http(s) away from every handler
        lazy = dict.fromkeys(("http", "https"), "spotlight_crawler.render.LazyBrowserHandler")
        settings.set("DOWNLOAD_HANDLERS", {**settings.getdict("DOWNLOAD_HANDLERS"), **lazy}, priority=DERIVED)


def aborted(hosts: frozenset[str], request: Any) -> bool:
    """``PLAYWRIGHT_ABORT_REQUEST`` with ``hosts`` bound: images, fonts, media and other hosts are not loaded."""
    if request.resource_type in ABORTED_RESOURCE_TYPES:
        return True
    parts = urlsplit(request.url)
    return parts.scheme in ("http", "https") and parts.hostname not in hosts


def _js_regex(pattern: re.Pattern[str]) -> dict[str, str]:
    """A Python pattern as JavaScript ``RegExp`` arguments (named groups respelled)."""
    return {"source": pattern.pattern.replace("(?P<", "(?<"), "flags": "i" if pattern.flags & re.I else ""}


# The article links a listing shows: the article URL pattern, outside sidebars and menus.
_LISTING_LINKS = """
  const listingLinks = (o) => {
    const re = new RegExp(o.links.source, o.links.flags);
    const paths = new Set();
    for (const a of document.querySelectorAll("a[href]")) {
      if (re.test(a.pathname) && !a.closest(o.exclude)) paths.add(a.pathname.replace(/\\/$/, ""));
    }
    return paths.size;
  };
"""

# Ready when the listing shows article links, or the page is an error, or it has been
# loaded and quiet for SETTLE_MS; re-run by Playwright across reloads (script challenges).
LISTING_READY_JS = f"""(o) => {{
  {_LISTING_LINKS}
  if (listingLinks(o) > 0) return true;
  const nav = performance.getEntriesByType("navigation")[0];
  if (nav && nav.responseStatus >= 400) return true;
  return document.readyState === "complete" && performance.now() > o.settleMs;
}}"""

# Clicks "Load more" until it is gone, a click adds no links within SETTLE_MS, or the cap.
LOAD_MORE_JS = f"""async (o) => {{
  {_LISTING_LINKS}
  const text = new RegExp(o.text.source, o.text.flags);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const control = () => [...document.querySelectorAll(o.controls)].find(
    (el) => !el.disabled && el.getClientRects().length > 0 && text.test(el.innerText || el.value || ""));
  let clicks = 0;
  while (clicks < o.maxClicks) {{
    const button = control();
    if (!button) break;
    const before = listingLinks(o);
    button.click();
    clicks += 1;
    const start = performance.now();
    while (listingLinks(o) <= before && performance.now() - start < o.settleMs) await sleep(50);
    if (listingLinks(o) <= before) break;
  }}
  return {{ clicks: clicks, links: listingLinks(o) }};
}}"""


def listing_page_methods(max_clicks: int) -> list[PageMethod]:
    """The browser's steps on a listing page: wait for entries, then load all of them."""
    options = {
        "links": _js_regex(site.ARTICLE_PATH),
        "exclude": site.NOT_LISTING,
        "text": _js_regex(site.LOAD_MORE_TEXT),
        "controls": site.LOAD_MORE_CONTROLS,
        "maxClicks": max_clicks,
        "settleMs": SETTLE_MS,
    }
    return [
        PageMethod("wait_for_function", LISTING_READY_JS, arg=options, polling=100),
        PageMethod("evaluate", LOAD_MORE_JS, options),
    ]


@dataclass(frozen=True)
class RenderPolicy:
    """How a run asks for each page, and whether it asks again through the browser."""

    mode: str = "auto"
    load_more_clicks: int = 20

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> RenderPolicy:
        clicks = settings.getint("SPOTLIGHT_LOAD_MORE_CLICKS", 20)
        if clicks < 0:
            raise ValueError(f"SPOTLIGHT_LOAD_MORE_CLICKS={clicks}: expected 0 or more")
        return cls(mode_of(settings.get("SPOTLIGHT_RENDER")), clicks)

    def request_meta(self, page_kind: str, fallback: bool = False) -> dict[str, Any]:
        """``Request.meta`` of a page, decided once: through the browser for a fallback and, in mode
        ``always``, for a listing page (with the browser's steps); else empty (plain)."""
        if not (fallback or (page_kind == "listing" and self.mode == "always")):
            return {}
        if page_kind == "listing":
            return {"playwright": True, "playwright_page_methods": listing_page_methods(self.load_more_clicks)}
        # networkidle: the story may come from a request the page's script makes.
        return {"playwright": True, "playwright_page_goto_kwargs": {"wait_until": "networkidle"}}

    def review(
        self, response: Response, selector: Selector | None, stats: StatsCollector, page_kind: str, complete: bool
    ) -> bool:
        """Count a rendered page and its "Load more" clicks; True, counted and logged as a fallback,
        when a plain page lacks what its kind needs and has scripts that could fill it."""
        rendered = bool(response.meta.get("playwright"))  # the decision its request carried
        if rendered:
            stats.inc_value(keys.RENDER_PAGES)
            for method in response.meta.get("playwright_page_methods") or ():
                if isinstance(method, PageMethod) and isinstance(method.result, dict) and "clicks" in method.result:
                    stats.inc_value(keys.RENDER_LOAD_MORE_CLICKS, int(method.result["clicks"]))
        if complete or self.mode == "never" or rendered or selector is None or not has_scripts(selector):
            return False
        stats.inc_value(keys.RENDER_FALLBACKS)
        stats.inc_value(keys.render_fallback(page_kind))
        logger.info("%s: the %s page needs a browser; asking once more through it", response.url, page_kind)
        return True


def log_summary(stats: StatsCollector, mode: str) -> None:
    """The run's rendering in one line of the log, at the end."""
    counted = (keys.RENDER_FALLBACKS, keys.RENDER_FALLBACKS_LISTING, keys.RENDER_FALLBACKS_ARTICLE, keys.RENDER_PAGES)
    logger.info(
        "Rendering (%s): %d browser fallback(s) (%d listing, %d article), %d rendered page(s), %d browser launch(es)",
        mode,
        *(int(stats.get_value(key, 0)) for key in (*counted, "playwright/browser_count")),
    )


class BrowserMissing(Exception):
    """A page needs the browser and none can be had; the message says why and what to do."""


class LazyBrowserHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP handler, and scrapy-playwright's (created at the first request that needs it)."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        assert crawler.stats is not None
        self.stats = crawler.stats
        self.executable = crawler.settings.get("SPOTLIGHT_BROWSER_EXECUTABLE")
        self.browser: ScrapyPlaywrightDownloadHandler | None = None
        self._starting = asyncio.Lock()
        self.missing: str | None = None

    async def download_request(self, request: Request) -> Response:
        if not request.meta.get("playwright"):
            return await super().download_request(request)
        if reason := self.missing or why_no_browser(self.executable):
            raise self._missing(reason)
        try:
            browser = self.browser or await self._start_browser()
            return await browser.download_request(request)
        except Exception as exc:
            if self.stats.get_value("playwright/browser_count", 0):
                raise  # the page's own failure, not the browser's
            raise self._missing(why_no_browser(self.executable, exc)) from exc

    def _missing(self, reason: str | None) -> BrowserMissing:
        """The first ``reason``, kept for the monitors and the summary and logged, as an exception."""
        if self.missing is None:
            self.missing = reason
            self.stats.set_value(keys.RENDER_BROWSER_MISSING, reason)
            logger.warning("A page needs the browser, and %s", reason)
        return BrowserMissing(self.missing)

    async def _start_browser(self) -> ScrapyPlaywrightDownloadHandler:
        async with self._starting:
            if self.browser is None:
                from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

                logger.info("A page needs the browser: starting scrapy-playwright")
                handler = build_from_crawler(ScrapyPlaywrightDownloadHandler, self.crawler)
                await compat.launch_playwright(handler)
                self.stats.inc_value(keys.RENDER_HANDLER_STARTED)
                self.browser = handler
        return self.browser

    async def close(self) -> None:
        await super().close()
        if self.browser is not None:
            await self.browser.close()
