"""Every article, newest first: the "Latest" listing, ``/articles/?page=N``.

It runs to hundreds of pages; scheduled runs read the site's feed first and stop early
through the incremental state (``spiders/feed.py``), analysts through ``max_pages`` or
``since``. It overlaps every section listing.
"""

from spotlight_crawler.spiders.feed import FeedFirstSpider


class LatestSpider(FeedFirstSpider):
    name = "latest"
    listing_key = "latest"
    fallback_setting = "SPOTLIGHT_LATEST_PATH"
