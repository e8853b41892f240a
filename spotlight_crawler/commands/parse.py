"""``scrapy parse``: Scrapy's own, with no incremental state and no browser unless asked
(``-s SPOTLIGHT_STATE=...``, ``-s SPOTLIGHT_RENDER=auto``), a live-site URL looked up on
``SPOTLIGHT_BASE_URL``, and no run monitors (one page is not a run)."""

from __future__ import annotations

import argparse
import functools
import inspect
from collections.abc import Callable
from typing import Any

from scrapy.commands.parse import Command as ScrapyParseCommand
from scrapy.http import Request, Response
from scrapy.spiders import Spider
from scrapy.utils.defer import maybe_deferred_to_future

from spotlight_crawler.commands._tools import apply_tool_settings, on_base, refused


def _awaited(callback: Callable[..., Any]) -> Callable[..., Any]:
    """``callback`` as a coroutine function. Scrapy's parse command wraps the spider's callback
    in one that returns a Deferred, which Scrapy's engine warns is deprecated; awaiting that
    Deferred inside a coroutine callback is the supported form, and gives the same output."""
    if inspect.iscoroutinefunction(callback):
        return callback

    @functools.wraps(callback)
    async def awaited(response: Response, **cb_kwargs: Any) -> Any:
        return await maybe_deferred_to_future(callback(response, **cb_kwargs))

    return awaited


class Command(ScrapyParseCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        apply_tool_settings(self.settings)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if refused(self):
            return
        assert self.settings is not None
        super().run([on_base(arg, self.settings) for arg in args], opts)

    def prepare_request(self, spider: Spider, request: Request, opts: argparse.Namespace) -> Request:
        request = super().prepare_request(spider, request, opts)
        if request.callback is not None:
            request.callback = _awaited(request.callback)
        return request

    def scraped_data(self, args: Any) -> list[Any]:
        # Requests followed to the next depth get the command's callback again: awaited too.
        scraped = super().scraped_data(args)
        for entry in scraped:
            if isinstance(entry, Request) and entry.callback is not None:
                entry.callback = _awaited(entry.callback)
        return scraped
