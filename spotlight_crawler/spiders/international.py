"""The International section, ``/topic/international?page=N``, newest first: the home page's
navigation link "International" names its path, else ``SPOTLIGHT_INTERNATIONAL_PATH``. Most
entries are wire copy signed "Agencies"."""

from spotlight_crawler.spiders.listing import ListingSpider


class InternationalSpider(ListingSpider):
    name = "international"
    listing_key = "international"
    fallback_setting = "SPOTLIGHT_INTERNATIONAL_PATH"
    default_section = "International"
