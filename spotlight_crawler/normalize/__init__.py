"""The text formats the site prints, read into typed values: dates, bylines, magazine issues,
headline keys. Pure functions (the only clock: ``parse_datetime``'s ``now``) that never raise."""

from spotlight_crawler.normalize.bylines import Author, credit_authors, parse_byline
from spotlight_crawler.normalize.dates import KATHMANDU, parse_datetime, to_iso
from spotlight_crawler.normalize.headlines import headline_key
from spotlight_crawler.normalize.issues import parse_issue

__all__ = [
    "KATHMANDU",
    "Author",
    "credit_authors",
    "headline_key",
    "parse_byline",
    "parse_datetime",
    "parse_issue",
    "to_iso",
]
