"""The record: one article, as analysts receive it (one JSON Lines line); field names and order
are a contract with analysts, and ``schema/article.schema.json`` describes the same record."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from importlib import resources
from typing import Any

from spotlight_crawler.normalize.bylines import Author

# Read through importlib.resources: inside Scrapyd's zipped egg the file has no path on disk.
SCHEMA_PATH = resources.files("spotlight_crawler") / "schema" / "article.schema.json"
# For jsonschema, or for Spidermon as the object path "spotlight_crawler.items.ARTICLE_SCHEMA".
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

    Not exported (an attribute, not a field): ``from_listing``, the fields the record took
    from its listing entry because the page lacked them; the run's monitors read it."""

    url: str
    headline: str | None = None
    section: str | None = None
    published_at: str | None = None
    published_at_raw: str | None = None
    authors: list[Author] = field(default_factory=list)
    byline_raw: str | None = None
    summary: str | None = None
    body: str | None = None
    image_url: str | None = None
    magazine_issue: dict[str, Any] | None = None
    listing: str = "article"
    scraped_at: str | None = None

    def __post_init__(self) -> None:
        self.from_listing: frozenset[str] = frozenset()


FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in fields(ArticleItem))


def mark_from_listing(item: ArticleItem, names: Iterable[str]) -> None:
    """Note that ``item`` took the fields ``names`` from its listing entry."""
    item.from_listing = item.from_listing | frozenset(names)


def from_listing(item: Any) -> frozenset[str]:
    """The fields ``item`` took from its listing entry instead of its page."""
    return frozenset(getattr(item, "from_listing", ()))
