"""``scrapy crawl plan -a since=... -a until=... -a parts=N [-a out=plan.json]``: a backfill's parts.

Finds by bisection (jump.py) the first listing page holding ``until`` and the last holding
``since``, probes the pages where ``parts`` equal runs of pages between them meet, and
cuts the window there into disjoint date windows (backfill/plan.py). The plan is logged and,
with ``out``, written as JSON: a list of ``{index, since, until, first_page, last_page}``,
newest part first, dates as ISO strings. No article is fetched, no state is written.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any

from scrapy.http import Request

from spotlight_crawler import arguments
from spotlight_crawler.backfill.plan import Part, split, window_pages
from spotlight_crawler.spiders.jump import Jump
from spotlight_crawler.spiders.listing import ListingSpider

logger = logging.getLogger(__name__)


class PlanSpider(ListingSpider):
    name = "plan"
    listing_key = "latest"
    fallback_setting = "SPOTLIGHT_LATEST_PATH"
    retries_failures = False
    known_arguments = ("since", "until", "parts", "out", "render", "fresh")

    def __init__(self, *args: Any, parts: Any = None, out: Any = None, **kwargs: Any):
        arguments.refuse_unknown(["parts", "out", *kwargs], self.known_arguments, self.name)
        arguments.require_one_of(kwargs, ["since"], self.name, "-a since=YYYY-MM-DD")
        arguments.require_one_of(kwargs, ["until"], self.name, "-a until=YYYY-MM-DD")
        super().__init__(*args, **kwargs)
        self.parts = arguments.positive_int(parts, "parts") or 1
        self.out = Path(str(out)).expanduser() if out not in (None, "") else None
        self.plan: list[Part] | None = None
        self._sampled = False

    async def start(self) -> AsyncIterator[Request]:
        yield self.home_request()  # no pages of earlier runs to retry: the plan reads listing pages only

    def walk_start(self, listing_url: str) -> Iterable[Request]:
        assert self.since is not None
        assert self.until is not None
        # The last page holding `since` is the first holding an entry of the day before.
        yield from self.start_jump(listing_url, {"until": self.until, "since": self.since - timedelta(days=1)})

    def window(self, jump: Jump) -> tuple[int, int]:
        """The first and last listing page of the window, as the bisection found them."""
        first = jump.found["until"].page
        older = jump.found["since"]
        last = older.page - 1 if older.past_end else older.page
        return first, max(first, last)

    def jump_done(self, jump: Jump) -> Iterable[Request]:
        assert self.since is not None
        assert self.until is not None
        first, last = self.window(jump)
        if not self._sampled:
            self._sampled = True
            days = (self.until - self.since).days + 1
            jump.samples = window_pages(first, last, min(self.parts, days))
            if any(p not in jump.seen for p in jump.samples):
                jump.done = False
                yield from self._advance(jump)
                return
        self.plan = split(self.since, self.until, self.parts, jump.page_dates())
        self.write_plan(first, last)

    def closed(self, reason: str) -> None:
        """A run that could not bisect the listing (no listing page read) still leaves a plan: by days."""
        super().closed(reason)
        if self.plan is None and self.since is not None and self.until is not None:
            jump: Jump | None = getattr(self, "_jump", None)
            logger.warning("The listing could not be bisected (%s): the parts split the days evenly", reason)
            self.plan = split(self.since, self.until, self.parts, jump.page_dates() if jump else {})
            self.write_plan(self.plan[0].first_page, self.plan[-1].last_page)

    def write_plan(self, first: int, last: int) -> None:
        assert self.plan is not None
        logger.info(
            "Plan of %s..%s: listing pages %d-%d in %d part(s)", self.since, self.until, first, last, len(self.plan)
        )
        for part in self.plan:
            logger.info(
                "  part %d: scrapy crawl latest -a since=%s -a until=%s (pages %d-%d)",
                part.index,
                part.since,
                part.until,
                part.first_page,
                part.last_page,
            )
        if self.out is not None:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps([p.to_json() for p in self.plan], indent=2) + "\n"
            self.out.write_text(text, encoding="utf-8")
            logger.info("Plan written to %s", self.out)
