"""Every article, newest first: the "Latest" listing, ``/articles/?page=N``.

It runs to hundreds of pages; scheduled runs stop early through the incremental state,
analysts through ``max_pages`` or ``since``. It overlaps every section listing.
"""

from spotlight_crawler.spiders.base import ListingSpider


class LatestSpider(ListingSpider):
    name = "latest"
    listing_key = "latest"
    fallback_setting = "SPOTLIGHT_LATEST_PATH"
