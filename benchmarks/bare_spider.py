"""The engine's floor: a bare Scrapy spider that replays a recording and parses nothing.

    python -m scrapy runspider benchmarks/bare_spider.py \
        -s SPOTLIGHT_REPLAY=<recording> -a links=<recording>/links.json

It makes the same requests as the project's ``latest`` spider did when the recording was
made: robots.txt, the home page, each listing page and the article pages each listing
page led to. Which URL follows from which page is read from ``links.json``
(``benchmarks/corpus.py`` builds it from the stored requests' ``Referer``), so no page is
parsed and nothing is yielded but requests: no items, no feed.

Responses come from the same HTTP cache replay the project uses
(``spotlight_crawler.replay.configure``: the plain-file storage, the replay middleware,
no download handlers), with Scrapy's defaults for everything else: none of the project's
middlewares, pipelines or extensions. Run it from outside the project folder so that
the project's settings are not loaded. The spider is named ``latest`` because the HTTP
cache keeps its entries under the spider's name.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.http import Response
from scrapy.settings import BaseSettings

from spotlight_crawler import replay


class BareReplaySpider(scrapy.Spider):
    name = "latest"

    def __init__(self, *args: Any, links: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not links:
            raise ValueError("-a links=<recording>/links.json is required")
        data = json.loads(Path(links).read_text(encoding="utf-8"))
        self.base_url: str = data["base_url"].rstrip("/")
        self.children: dict[str, list[str]] = data["children"]

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        # As the project: robots.txt is fetched (from the recording) and obeyed, no telnet.
        settings.set("ROBOTSTXT_OBEY", True, priority="spider")
        settings.set("TELNETCONSOLE_ENABLED", False, priority="spider")
        # The project's own replay settings, derived from SPOTLIGHT_REPLAY as it does (it
        # also reads the base URL from the recording, which needs the setting to exist).
        settings.setdefault("SPOTLIGHT_BASE_URL", "")
        replay.configure(settings)  # type: ignore[arg-type]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.base_url + "/", callback=self.parse, dont_filter=True)

    def parse(self, response: Response) -> Iterator[scrapy.Request]:
        for url in self.children.get(response.url, ()):
            yield scrapy.Request(url, callback=self.parse)
