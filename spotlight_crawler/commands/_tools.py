"""What the page-checking tools (``scrapy shell``, ``scrapy parse``) change in Scrapy's own:
their settings, the URL they are given, and the start's checks."""

from __future__ import annotations

import argparse
import logging
from typing import TYPE_CHECKING, Any

from scrapy.commands import ScrapyCommand
from scrapy.settings import BaseSettings

from spotlight_crawler import addon, site, urls
from spotlight_crawler.arguments import BadInput

logger = logging.getLogger(__name__)

# Looking at one page writes no state, starts no browser and is not a run (the run monitors
# would only fail it); `-s` on the command line still asks for any of them.
TOOL_SETTINGS: dict[str, Any] = {
    "SPOTLIGHT_STATE": "",
    "SPOTLIGHT_RENDER": "never",
    "SPIDERMON_SPIDER_CLOSE_MONITORS": [],
}


def on_base(url: str, settings: BaseSettings) -> str:
    """``url`` on ``SPOTLIGHT_BASE_URL``: a live-site page is looked up where the crawl would look."""
    return urls.onto_base(url, str(settings.get("SPOTLIGHT_BASE_URL") or site.CANONICAL_BASE_URL))


if TYPE_CHECKING:
    _Command = ScrapyCommand
else:
    _Command = object  # Scrapy would list a ScrapyCommand defined here as a command of its own


class ToolCommand(_Command):
    """Put before Scrapy's command: ``TOOL_SETTINGS`` over settings.py's (not over ``-s``), unusable
    settings refused as ``scrapy crawl`` refuses them (one ERROR line, exit 1), URLs put on base."""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        self.settings.setdict(TOOL_SETTINGS, priority="project")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        try:
            addon.check(self.settings)
        except BadInput as exc:
            logger.error("Cannot start: %s", exc)
            self.exitcode = 1
            return
        super().run([on_base(arg, self.settings) for arg in args], opts)  # type: ignore[safe-super]
