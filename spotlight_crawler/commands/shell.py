"""``scrapy shell``: Scrapy's own, with no incremental state (unless ``-s SPOTLIGHT_STATE=...``)
and plain HTTP only: the shell runs Scrapy's engine in a thread of its own, where the browser
handler (scrapy-playwright) never gets to answer, so a rendering mode would only hang it.
``scrapy parse -s SPOTLIGHT_RENDER=auto URL`` shows what the browser makes of a page."""

from __future__ import annotations

import argparse
import logging

from scrapy.commands.shell import Command as ScrapyShellCommand

from spotlight_crawler.commands._tools import apply_tool_settings

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
