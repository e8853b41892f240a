"""The record: one article, as analysts receive it (one JSON Lines line).

Field names and order are a contract with analysts; ``schema/article.schema.json``
describes the same record and every record the tests produce is checked against it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).parent / "schema" / "article.schema.json"


@dataclass
class ArticleItem:
    """One article of New Spotlight Online.

    - ``url``: canonical (https, www host, trailing slash, no query or fragment).
    - ``published_at``: ISO 8601 with the +05:45 offset (a bare date when only a date was
      printed); ``published_at_raw``: as printed (or the metadata value when nothing was).
    - ``authors``: ``[{"name", "kind"}]``, kind one of staff, agency, person; ``byline_raw``
      as printed.
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
