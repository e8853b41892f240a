"""Every article, newest first: the "Latest" listing, ``/articles/?page=N``, hundreds of pages
overlapping every section. Scheduled runs read the site's feed first (feed.py) and stop early
through the incremental state; analysts narrow it with ``max_pages``, ``since`` or ``until``."""

from spotlight_crawler.spiders.feed import FeedFirstSpider


class LatestSpider(FeedFirstSpider):
    name = "latest"
    listing_key = "latest"
    fallback_setting = "SPOTLIGHT_LATEST_PATH"
