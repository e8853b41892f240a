"""``scrapy parse``: Scrapy's own, with no incremental state and no browser unless asked
(``-s SPOTLIGHT_STATE=...``, ``-s SPOTLIGHT_RENDER=auto``)."""

from __future__ import annotations

import argparse

from scrapy.commands.parse import Command as ScrapyParseCommand

from spotlight_crawler.commands._tools import apply_tool_settings


class Command(ScrapyParseCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        apply_tool_settings(self.settings)
