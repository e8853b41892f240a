"""``scrapy shell``: Scrapy's own, with no incremental state (unless ``-s SPOTLIGHT_STATE=...``)
and plain HTTP only: the shell runs Scrapy's engine in a thread of its own, where the browser
handler (scrapy-playwright) never gets to answer, so a rendering mode would only hang it.
``scrapy parse -s SPOTLIGHT_RENDER=auto URL`` shows what the browser makes of a page.
A live-site URL, given on the command line or to ``fetch()``, is looked up on
``SPOTLIGHT_BASE_URL``."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from typing import Any

from scrapy.commands.shell import Command as ScrapyShellCommand
from scrapy.http import Request

from spotlight_crawler.commands._tools import apply_tool_settings, on_base, refused

logger = logging.getLogger(__name__)


class Command(ScrapyShellCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        apply_tool_settings(self.settings)
        if str(self.settings.get("SPOTLIGHT_RENDER")).lower() != "never":
            logger.warning(
                "scrapy shell fetches without the browser (SPOTLIGHT_RENDER=never); "
                "use scrapy parse for a rendered page"
            )
            self.settings.set("SPOTLIGHT_RENDER", "never", priority="cmdline")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if refused(self):
            return
        assert self.settings is not None
        super().run([on_base(arg, self.settings) for arg in args], opts)

    def update_vars(self, vars: dict[str, Any]) -> None:
        fetch = vars.get("fetch")
        if callable(fetch):
            vars["fetch"] = self._fetch_on_base(fetch)

    def _fetch_on_base(self, fetch: Callable[..., Any]) -> Callable[..., Any]:
        """The shell's ``fetch()``, with a live-site URL (or a request for one) moved onto the base URL."""
        assert self.settings is not None
        settings = self.settings

        def fetch_on_base(request_or_url: Request | str, *args: Any, **kwargs: Any) -> Any:
            if isinstance(request_or_url, Request):
                request_or_url = request_or_url.replace(url=on_base(request_or_url.url, settings))
            else:
                request_or_url = on_base(request_or_url, settings)
            return fetch(request_or_url, *args, **kwargs)

        return fetch_on_base
