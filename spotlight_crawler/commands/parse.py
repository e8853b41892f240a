"""``scrapy parse``: Scrapy's own with the tools' settings (``_tools``: no state, no browser, no
run monitors unless asked) and a live-site URL looked up on ``SPOTLIGHT_BASE_URL``."""

from __future__ import annotations

import argparse
import warnings

from scrapy.commands.parse import Command as ScrapyParseCommand
from scrapy.exceptions import ScrapyDeprecationWarning

from spotlight_crawler.commands._tools import apply_tool_settings, on_base, refused

CALLBACK_DEFERRED = r".* returned a Deferred\. Returning Deferreds from spider callbacks is deprecated\.$"


class Command(ScrapyParseCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        apply_tool_settings(self.settings)
        # Scrapy's parse command wraps every callback in one returning a Deferred, and Scrapy's
        # engine warns of it. Only that message is hidden (errbacks, pipelines, handlers still warn).
        warnings.filterwarnings("ignore", CALLBACK_DEFERRED, ScrapyDeprecationWarning, r"scrapy\.core\.spidermw$")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if refused(self):
            return
        assert self.settings is not None
        super().run([on_base(arg, self.settings) for arg in args], opts)
