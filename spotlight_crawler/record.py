"""One pure function from a fetched article page to its record's fields.

The spiders build the item from the same raw fields (``read_page``) and the normalize
pipeline reads them as this does; benchmarks and tools that have only a page call this.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from spotlight_crawler.extract.article import RawArticle, read_page
from spotlight_crawler.normalize import DateLike, parse_byline, parse_datetime
from spotlight_crawler.normalize.bylines import Author
from spotlight_crawler.normalize.dates import settle_age


@dataclass
class Record:
    """The fields of an article's record that its page gives, normalized as the pipeline does."""

    raw: RawArticle
    headline: str | None
    published_at: DateLike | None
    authors: list[Author] = field(default_factory=list)
    summary: str | None = None
    body: str | None = None


def extract_record(html: str, url: str, served: datetime) -> Record:
    """The record of the article page ``html`` fetched from ``url`` at ``served`` (aware)."""
    raw = read_page(html, url)[1]
    moment = None
    if raw.published_at_raw:
        moment = settle_age(parse_datetime(raw.published_at_raw, now=served), raw.published_at_raw, url)[0]
    return Record(
        raw=raw,
        headline=raw.headline,
        published_at=moment,
        authors=raw.authors or (parse_byline(raw.byline_raw) if raw.byline_raw else []),
        summary=raw.summary,
        body="\n\n".join(raw.body) or None,
    )
