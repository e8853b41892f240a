"""The text formats the site prints, read into typed values: dates, bylines, magazine issues,
headline keys. Pure functions (the only clock: ``parse_datetime``'s ``now``) that never raise."""

from spotlight_crawler.normalize.bylines import STAFF_DESK, Author, credit_authors, parse_byline
from spotlight_crawler.normalize.dates import KATHMANDU, DateLike, parse_datetime, to_iso
from spotlight_crawler.normalize.headlines import headline_key
from spotlight_crawler.normalize.issues import Issue, parse_issue

__all__ = [
    "KATHMANDU",
    "STAFF_DESK",
    "Author",
    "DateLike",
    "Issue",
    "credit_authors",
    "headline_key",
    "parse_byline",
    "parse_datetime",
    "parse_issue",
    "to_iso",
]
