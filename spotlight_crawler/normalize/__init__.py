"""The text formats New Spotlight Online prints, read into typed values.

One module per family: dates (Django date-times, listing dates, ``timesince`` ages, ISO 8601),
bylines, magazine issues (AD and Bikram Sambat dates), headline keys. The site's vocabulary
they read is declared in ``site.py``. Pure functions of their arguments (the only clock is
``parse_datetime``'s ``now``, read when left out); no parser raises; nothing imports Scrapy.
"""

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
