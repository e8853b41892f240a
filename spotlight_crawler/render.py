"""When and how a page goes through the browser (scrapy-playwright driving Chromium).

``SPOTLIGHT_RENDER`` (or ``-a render=...``, which wins) picks the mode:

- ``never``: no browser; the scrapy-playwright download handlers are not even installed.
- ``auto`` (default): plain HTTP first. A listing page with no article links but with
  scripts is asked once more through the browser, and so is an article page that lacks
  its headline or body but has scripts. Each such retry counts in
  ``spotlight/render/fallbacks`` (and ``.../listing`` or ``.../article``).
- ``always``: listing pages go through the browser; article pages as in ``auto``.

Nothing of the browser starts before a page needs it: http and https go through
``browser_handler.LazyBrowserHandler``, which creates scrapy-playwright's handler (and
Playwright's Node driver) for the first rendered request, which then launches Chromium;
an ``auto`` crawl whose pages all read fine starts neither. In replay
(``SPOTLIGHT_REPLAY``) rendered pages come from the recording and no handler is installed.

A rendered listing waits until the listing shows article links (which also sees it
through a script challenge that sets a cookie and reloads), then clicks "Load more" until
no new links appear or ``SPOTLIGHT_LOAD_MORE_CLICKS`` is reached.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector
from scrapy.http import Response
from scrapy.settings import BaseSettings, Settings
from scrapy.statscollectors import StatsCollector
from scrapy_playwright.page import PageMethod

from spotlight_crawler import site
from spotlight_crawler.extract.listing import has_scripts
from spotlight_crawler.replay import DERIVED
from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)

MODES = ("never", "auto", "always")
DEBIAN_CHROMIUM = "/usr/bin/chromium"
# Plain requests through Scrapy's HTTP handler; scrapy-playwright's only once a page needs it.
HANDLER = "spotlight_crawler.browser_handler.LazyBrowserHandler"

# Chromium flags for a crawler: no sandbox (containers run it as root), no GPU, and none
# of the background traffic (updates, sync, first-run pages) a desktop browser makes.
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
# Nothing the crawler reads comes from these; aborting them saves most of a page's bytes.
ABORTED_RESOURCE_TYPES = frozenset({"image", "font", "media"})
# How long a rendered page without listing links gets to show some before it is taken as
# it is (an empty or error page), and how long a "Load more" click gets to add entries.
SETTLE_MS = 2000


def mode_of(value: Any) -> str:
    """The render mode named by ``value``; None or empty means the default, ``auto``."""
    mode = str(value or "auto").strip().lower()
    if mode not in MODES:
        raise ValueError(f"render={value!r}: expected one of {', '.join(MODES)}")
    return mode


def apply_argument(settings: BaseSettings, value: Any) -> None:
    """``-a render=MODE`` overrides ``SPOTLIGHT_RENDER``; call before settings freeze."""
    if value not in (None, ""):
        # cmdline priority: the argument wins even over ``-s SPOTLIGHT_RENDER=...``.
        settings.set("SPOTLIGHT_RENDER", mode_of(value), priority="cmdline")


def default_executable() -> str | None:
    """Debian's Chromium when installed; None lets Playwright use its own build."""
    return DEBIAN_CHROMIUM if Path(DEBIAN_CHROMIUM).exists() else None


# What to do when no browser starts: said with the path tried, in the log, the summary and the verdict.
INSTALL_HINT = (
    "install Debian's Chromium (apt-get install chromium) or point SPOTLIGHT_BROWSER_EXECUTABLE at a Chromium"
)
PLAYWRIGHTS_OWN = "Playwright's own Chromium (SPOTLIGHT_BROWSER_EXECUTABLE empty; `playwright install chromium`)"


def absent_executable(settings: BaseSettings) -> str | None:
    """``SPOTLIGHT_BROWSER_EXECUTABLE`` when nothing runnable is at that path; None when there
    is, or when none is named (Playwright's own build is used)."""
    path = str(settings.get("SPOTLIGHT_BROWSER_EXECUTABLE") or "")
    if path and not (Path(path).is_file() and os.access(path, os.X_OK)):
        return path
    return None


def no_browser_at(path: str) -> str:
    """The one-line reason for a browser executable that is not there."""
    return f"no browser at {path} (SPOTLIGHT_BROWSER_EXECUTABLE): {INSTALL_HINT}"


def browser_did_not_start(settings: BaseSettings, error: BaseException) -> str:
    """The one-line reason for a browser that failed to launch, naming what was tried."""
    tried = str(settings.get("SPOTLIGHT_BROWSER_EXECUTABLE") or "") or PLAYWRIGHTS_OWN
    first = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return f"the browser did not start ({tried}: {first}): {INSTALL_HINT}"


def site_hosts(settings: BaseSettings) -> frozenset[str]:
    """Host names the browser may load anything from: the base URL's and the live site's."""
    base = urlsplit(settings.get("SPOTLIGHT_BASE_URL") or site.CANONICAL_BASE_URL).hostname
    return frozenset(h for h in (base, *site.SITE_HOSTS) if h)


def configure(settings: Settings) -> None:
    """Derive the scrapy-playwright settings from ``SPOTLIGHT_RENDER`` (add-on time)."""
    if mode_of(settings.get("SPOTLIGHT_RENDER")) == "never":
        return
    launch: dict[str, Any] = {"headless": True, "args": list(LAUNCH_ARGS)}
    if executable := settings.get("SPOTLIGHT_BROWSER_EXECUTABLE"):
        launch["executable_path"] = str(executable)
    derived = {
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": launch,
        "PLAYWRIGHT_ABORT_REQUEST": ResourceFilter(site_hosts(settings)),
    }
    for key, value in derived.items():
        settings.set(key, value, priority=DERIVED)
    if settings.get("SPOTLIGHT_REPLAY"):
        return  # replay.configure took http(s) away from every handler; it stays that way
    handlers = settings.getdict("DOWNLOAD_HANDLERS")
    handlers.update({"http": HANDLER, "https": HANDLER})
    settings.set("DOWNLOAD_HANDLERS", handlers, priority=DERIVED)


class ResourceFilter:
    """``PLAYWRIGHT_ABORT_REQUEST``: images, fonts, media and other hosts are not loaded."""

    def __init__(self, hosts: frozenset[str]):
        self.hosts = hosts

    def __call__(self, request: Any) -> bool:
        if request.resource_type in ABORTED_RESOURCE_TYPES:
            return True
        parts = urlsplit(request.url)
        return parts.scheme in ("http", "https") and parts.hostname not in self.hosts


# -- what the browser does on a listing page ----------------------------------------


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
# loaded and quiet for SETTLE_MS. Re-run by Playwright across reloads (script challenges).
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


# -- the spider's side ------------------------------------------------------------------

# How a page is fetched, decided once when its request is built and carried in its meta
# under DECISION; what follows (counting, the fallback) reads it from there.
PLAIN, BROWSER = "plain", "browser"
DECISION = "spotlight_render"


@dataclass(frozen=True)
class RenderPolicy:
    """The render mode of a run: how each page is asked for, and whether it is asked again
    through the browser. One per spider; consulted once per request and once per response."""

    mode: str = "auto"
    load_more_clicks: int = 20

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> RenderPolicy:
        clicks = settings.getint("SPOTLIGHT_LOAD_MORE_CLICKS", 20)
        if clicks < 0:
            raise ValueError(f"SPOTLIGHT_LOAD_MORE_CLICKS={clicks}: expected 0 or more")
        return cls(mode_of(settings.get("SPOTLIGHT_RENDER")), clicks)

    def decide(self, page_kind: str, fallback: bool = False) -> str:
        """``BROWSER`` for a fallback and, in mode ``always``, for a listing page; else ``PLAIN``."""
        return BROWSER if fallback or (page_kind == "listing" and self.mode == "always") else PLAIN

    def request_meta(self, page_kind: str, fallback: bool = False) -> dict[str, Any]:
        """``Request.meta`` carrying the page's decision (and the browser's steps when it is one)."""
        decision = self.decide(page_kind, fallback)
        meta: dict[str, Any] = {DECISION: decision}
        if decision == BROWSER:
            meta.update(self.listing_meta() if page_kind == "listing" else self.article_meta())
        return meta

    def listing_meta(self) -> dict[str, Any]:
        """``Request.meta`` that sends a listing page through the browser."""
        return {"playwright": True, "playwright_page_methods": listing_page_methods(self.load_more_clicks)}

    def article_meta(self) -> dict[str, Any]:
        """``Request.meta`` that sends an article page through the browser."""
        # networkidle: the story may come from a request the page's script makes.
        return {"playwright": True, "playwright_page_goto_kwargs": {"wait_until": "networkidle"}}

    def review(
        self, response: Response, selector: Selector | None, stats: StatsCollector, page_kind: str, complete: bool
    ) -> bool:
        """A page as it came: counted if rendered; True when it is to be asked once more through
        the browser (it lacks what the page kind needs, came plain, and has scripts that could
        fill it), counted and logged as a fallback."""
        observe(response, stats)
        if complete or self.mode == "never" or rendered(response):
            return False
        if selector is None or not has_scripts(selector):
            return False
        count_fallback(stats, page_kind, response.url)
        return True


def rendered(response: Response) -> bool:
    """True when the page was asked for through the browser (live or from a recording)."""
    decision = response.meta.get(DECISION)
    return decision == BROWSER if decision is not None else bool(response.meta.get("playwright"))


def observe(response: Response, stats: StatsCollector) -> None:
    """Count a rendered page and the "Load more" clicks it took (live runs only)."""
    if not rendered(response):
        return
    stats.inc_value(keys.RENDER_PAGES)
    for method in response.meta.get("playwright_page_methods") or ():
        if isinstance(method, PageMethod) and isinstance(method.result, dict) and "clicks" in method.result:
            stats.inc_value(keys.RENDER_LOAD_MORE_CLICKS, int(method.result["clicks"]))


def count_fallback(stats: StatsCollector, kind: str, url: str) -> None:
    stats.inc_value(keys.RENDER_FALLBACKS)
    stats.inc_value(keys.render_fallback(kind))
    logger.info("%s: the %s page needs a browser; asking once more through it", url, kind)


def log_summary(stats: StatsCollector, mode: str) -> None:
    """The run's rendering in one line of the log, at the end."""
    fallbacks = int(stats.get_value(keys.RENDER_FALLBACKS, 0))
    pages = int(stats.get_value(keys.RENDER_PAGES, 0))
    browsers = int(stats.get_value("playwright/browser_count", 0))
    logger.info(
        "Rendering (%s): %d browser fallback(s) (%d listing, %d article), %d rendered page(s), %d browser launch(es)",
        mode,
        fallbacks,
        int(stats.get_value(keys.RENDER_FALLBACKS_LISTING, 0)),
        int(stats.get_value(keys.RENDER_FALLBACKS_ARTICLE, 0)),
        pages,
        browsers,
    )
