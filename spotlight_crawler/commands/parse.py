"""``scrapy parse``: Scrapy's own, with the tools' settings (``_tools``: no state, no browser,
no run monitors unless asked with ``-s``) and a live-site URL looked up on ``SPOTLIGHT_BASE_URL``."""

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
    """``callback`` as a coroutine function: Scrapy's parse command wraps a callback in one
    returning a Deferred, which Scrapy's engine warns is deprecated; awaited, it is not."""
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
        scraped = super().scraped_data(args)
        for entry in scraped:  # requests followed to the next depth
            if isinstance(entry, Request) and entry.callback is not None:
                entry.callback = _awaited(entry.callback)
        return scraped
