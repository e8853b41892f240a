"""The International section: ``/topic/international?page=N``, newest first.

The path is taken from the navigation link named "International" on the home page, and
from ``SPOTLIGHT_INTERNATIONAL_PATH`` when the navigation does not name it. Most entries
are wire copy signed "Agencies".
"""

from spotlight_crawler.spiders.listing import ListingSpider


class InternationalSpider(ListingSpider):
    name = "international"
    listing_key = "international"
    fallback_setting = "SPOTLIGHT_INTERNATIONAL_PATH"
    default_section = "International"
