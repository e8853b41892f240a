"""``scrapy parse``: Scrapy's own as a tool (``_tools``: no state, no browser, no run monitors
unless asked; a live-site URL looked up on ``SPOTLIGHT_BASE_URL``)."""

from __future__ import annotations

import argparse
import warnings

from scrapy.commands.parse import Command as ScrapyParseCommand
from scrapy.exceptions import ScrapyDeprecationWarning

from spotlight_crawler.commands._tools import ToolCommand

CALLBACK_DEFERRED = r".* returned a Deferred\. Returning Deferreds from spider callbacks is deprecated\.$"


class Command(ToolCommand, ScrapyParseCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        hide_callback_deferred_warning()


def hide_callback_deferred_warning() -> None:
    """Scrapy's parse command wraps every callback in one returning a Deferred, and Scrapy's engine
    warns of it: only that message is hidden (errbacks, pipelines, handlers still warn)."""
    warnings.filterwarnings("ignore", CALLBACK_DEFERRED, ScrapyDeprecationWarning, r"scrapy\.core\.spidermw$")
