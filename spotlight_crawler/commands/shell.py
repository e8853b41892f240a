"""``scrapy shell``: Scrapy's own as a tool (``_tools``), plain HTTP only (in the shell's engine
thread the browser handler never answers); ``fetch()`` takes a live-site URL too."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from scrapy.commands.shell import Command as ScrapyShellCommand
from scrapy.http import Request

from spotlight_crawler.commands._tools import ToolCommand, on_base

logger = logging.getLogger(__name__)


class Command(ToolCommand, ScrapyShellCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        if str(self.settings.get("SPOTLIGHT_RENDER")).lower() != "never":
            logger.warning("scrapy shell fetches without the browser; use scrapy parse for a rendered page")
            self.settings.set("SPOTLIGHT_RENDER", "never", priority="cmdline")

    def update_vars(self, vars: dict[str, Any]) -> None:
        """The shell's ``fetch()`` takes a live-site URL (or a request for one) too."""
        fetch, settings = vars["fetch"], self.settings
        assert settings is not None

        def fetch_on_base(request_or_url: Request | str, *args: Any, **kwargs: Any) -> Any:
            if isinstance(request_or_url, Request):
                return fetch(request_or_url.replace(url=on_base(request_or_url.url, settings)), *args, **kwargs)
            return fetch(on_base(request_or_url, settings), *args, **kwargs)

        vars["fetch"] = fetch_on_base
