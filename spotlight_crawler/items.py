"""The record: one article, as analysts receive it (one JSON Lines line).

Field names and order are a contract with analysts; ``schema/article.schema.json``
describes the same record and every record the tests produce is checked against it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

# The schema ships inside the package. Scrapyd runs the project from a zipped egg, where the
# file has no path on disk: read it through importlib.resources (``.read_text()``), never
# through ``Path(__file__)`` or ``open(str(...))``.
SCHEMA_PATH: Traversable = resources.files("spotlight_crawler") / "schema" / "article.schema.json"
# The schema as a dict: for jsonschema, or for Spidermon as the object path
# "spotlight_crawler.items.ARTICLE_SCHEMA" (a file path would not exist inside the egg).
ARTICLE_SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@dataclass
class ArticleItem:
    """One article of New Spotlight Online.

    - ``url``: canonical (https, www host, trailing slash, no query or fragment).
    - ``published_at``: ISO 8601 with the +05:45 offset (a bare date when only a date was
      printed); ``published_at_raw``: as printed, or the metadata's zoned value when the
      printed clock has no zone and shows that instant (or when nothing was printed).
    - ``authors``: ``[{"name", "kind"}]``, kind one of staff, agency, person, judged from
      every credit the page gives; ``byline_raw``: the credit they were read from, as written.
    - ``summary``: the standfirst, or None. ``body``: paragraphs separated by a blank line.
    - ``magazine_issue``: None, or ``{volume, number, date, date_bs, raw, dates_agree}``.
    - ``listing``: the listing that led to the article (``international``, ``latest``) or
      ``article`` for the article spider. ``scraped_at``: UTC, when the page was served.
    """

    url: str
    headline: str | None = None
    section: str | None = None
    published_at: str | None = None
    published_at_raw: str | None = None
    authors: list[dict[str, str]] = field(default_factory=list)
    byline_raw: str | None = None
    summary: str | None = None
    body: str | None = None
    image_url: str | None = None
    magazine_issue: dict[str, Any] | None = None
    listing: str = "article"
    scraped_at: str | None = None


FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in fields(ArticleItem))


# Which fields a record took from its listing entry because the page lacked them. Kept on
# the instance, not as a dataclass field, so the output (the contract) never shows it; the
# run monitors read it to measure what the pages themselves printed.
_FROM_LISTING = "_from_listing"


def mark_from_listing(item: ArticleItem, names: Iterable[str]) -> None:
    vars(item).setdefault(_FROM_LISTING, set()).update(names)


def from_listing(item: Any) -> frozenset[str]:
    """The fields ``item`` took from its listing entry instead of its page."""
    return frozenset(getattr(item, _FROM_LISTING, ()))


# When the page was served, as a timezone-aware datetime: relative ages count back from it.
# Kept on the instance beside ``_from_listing``; ``scraped_at`` is its one string form, made here.
_SERVED = "_served"
SCRAPED_AT_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def mark_served(item: ArticleItem, moment: datetime) -> None:
    """Carry the serve time as a datetime for the pipelines, and write ``scraped_at`` from it.

    Both in UTC to the second, the precision ``scraped_at`` prints: the pipelines see what the record says."""
    utc = moment.astimezone(UTC).replace(microsecond=0)
    vars(item)[_SERVED] = utc
    item.scraped_at = utc.strftime(SCRAPED_AT_FORMAT)


def served_time(item: Any) -> datetime | None:
    """When ``item``'s page was served (None for a record that did not come from a response)."""
    moment = getattr(item, _SERVED, None)
    return moment if isinstance(moment, datetime) else None
