"""Turn the text formats printed by New Spotlight Online into typed values.

Why this package exists: the site's markup is unknown (see docs/site.md), so the
crawler often has nothing better than visible text.  That text follows a few families of
formats, each printed by the site's Django/Wagtail templates or typed by hand:

* article date-times in Django's default ``DATETIME_FORMAT`` (``N j, Y, P``):
  ``Oct. 22, 2024, 7:54 p.m.``, ``March 1, 2021, 7 a.m.``, ``Jan. 5, 2020, noon``;
* listing/sidebar dates (``Oct 22, 2024``, ``Jan 07, 2025``) and Django ``timesince``
  ages (``13\\xa0minutes ago``, ``3\\xa0years, 1\\xa0month ago``);
* ISO 8601 strings from metadata (JSON-LD, ``article:published_time``, ``<time>``);
* bylines (``By NEW SPOTLIGHT ONLINE Jan 07, 2025``, ``By Agencies 13 minutes ago``);
* hand-typed magazine issue lines with an AD date and the same day in Bikram Sambat.

One module per family (dates, bylines, issues, headlines); the site's vocabulary they read
(month names, ages, the issue prefix, agencies) is declared in ``site.py``. Everything here is a pure function of its arguments
(the only clock is the ``now`` argument of :func:`parse_datetime`, read only when the
caller leaves it out), none of the parsers raises on any input, and nothing imports
Scrapy, so the functions can be tested and benchmarked on plain strings.

Date-times are read with precompiled regular expressions first; ``dateparser`` is only a
fallback for short strings the expressions do not know, because it is two orders of
magnitude slower (see benchmarks/bench_normalize.py).
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
