"""``scrapy crawl plan -a since=... -a until=... -a parts=N -a out=plan.json``: the parts of a backfill.

Walks the Latest listing from its first page until a page is entirely older than ``since``
(or the listing ends), notes each page's newest and oldest entry dates, and writes
``backfill.plan.split`` of them to ``out`` as a JSON list of parts with ISO dates.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar

from scrapy.http import Request, Response, TextResponse

from spotlight_crawler import arguments
from spotlight_crawler.backfill.plan import split
from spotlight_crawler.extract.listing import listing_entries
from spotlight_crawler.run import keys
from spotlight_crawler.spiders.base import SpotlightSpider
from spotlight_crawler.spiders.listing import _path_day
from spotlight_crawler.urls import fetch_url, page_url


class PlanSpider(SpotlightSpider):
    name = "plan"
    narrowed = True  # writes no records: never judged as a full run
    known_arguments: ClassVar[tuple[str, ...]] = ("since", "until", "parts", "out", "render", "fresh")
    # Scrapy declares custom_settings an instance variable: no ClassVar here.
    custom_settings = {"SPOTLIGHT_STATE": "", "SPOTLIGHT_FEED": False, "SPOTLIGHT_RENDER": "never"}  # noqa: RUF012

    def __init__(self, *args: Any, since: Any = None, until: Any = None, parts: Any = None, out: Any = None, **kw: Any):
        super().__init__(*args, **kw)
        self.since = arguments.day(since, "since") or date(2008, 1, 1)
        self.until = arguments.day(until, "until") or datetime.now(UTC).date()
        self.parts = arguments.positive_int(parts, "parts") or 1
        if not out:
            raise arguments.BadInput("-a out=PATH.json: expected the file to write the plan to")
        self.out = Path(str(out))
        self.page_dates: dict[int, tuple[date, date]] = {}
        self._last: list[str] = []

    async def start(self) -> Any:
        listing = fetch_url(self.settings.get("SPOTLIGHT_LATEST_PATH"), self.base_url)
        yield self._page(listing, 1)

    def _page(self, listing: str, page: int) -> Request:
        return Request(page_url(listing, page), callback=self.parse_page, cb_kwargs={"listing": listing, "page": page})

    def parse_page(self, response: Response, listing: str, page: int) -> Iterable[Request]:
        self.crawler.stats.inc_value(keys.LISTING_PAGES)
        entries = listing_entries(response.selector, response.url)[0] if isinstance(response, TextResponse) else []
        urls = [e.url for e in entries]
        days = [d for d in (_path_day(u) for u in urls) if d is not None]
        if not days or urls == self._last:  # the end, or a page past the end answered with the last one
            return
        self._last = urls
        self.page_dates[page] = (max(days), min(days))
        if min(days) >= self.since and page < self.settings.getint("SPOTLIGHT_MAX_LISTING_PAGES", 5000):
            yield self._page(listing, page + 1)

    def closed(self, reason: str) -> None:
        super().closed(reason)
        plan = split(self.since, self.until, self.parts, self.page_dates)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        rows = [
            {k: v.isoformat() if isinstance(v, date) else v for k, v in dataclasses.asdict(p).items()} for p in plan
        ]
        self.out.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
