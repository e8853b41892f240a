"""Just the articles it is given (``-a url=URL[,URL...]``, ``-a urls_file=PATH``), to re-scrape a story.

Article URLs of the site (either live host, ``SPOTLIGHT_BASE_URL``'s, or bare paths) are fetched
from ``SPOTLIGHT_BASE_URL``; anything else is refused at start. A requested article answered 404
is counted (``spotlight/article/requested_missing``) and gives the run its own exit status.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any, ClassVar

from scrapy.crawler import Crawler
from scrapy.http import Request
from twisted.python.failure import Failure

from spotlight_crawler import arguments
from spotlight_crawler.run import keys
from spotlight_crawler.spiders.base import SpotlightSpider, failed
from spotlight_crawler.urls import article_path, host_of, is_site_url, site_hosts

logger = logging.getLogger(__name__)


class ArticleSpider(SpotlightSpider):
    name = "article"
    known_arguments: ClassVar[tuple[str, ...]] = ("url", "urls_file", "render", "fresh")
    # `scrapy crawl` needs one of them (`scrapy parse` brings its own URL): commands/crawl.py.
    start_needs_one_of: ClassVar[tuple[str, ...]] = ("url", "urls_file")
    start_usage: ClassVar[str] = "-a url=URL[,URL...] or -a urls_file=PATH"

    def __init__(self, *args: Any, url: str | None = None, urls_file: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        urls = [u.strip() for u in (url or "").split(",") if u.strip()]
        if urls_file:
            urls += arguments.read_urls_file(urls_file)
        if bad := [u for u in urls if article_path(u) is None]:
            raise arguments.BadInput(f"not article URLs (expected /YYYY/MM/DD/<slug>/): {', '.join(bad)}")
        self.urls = list(dict.fromkeys(urls))

    narrowed = True  # ad-hoc by nature: never judged as a full scheduled run

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ArticleSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, ArticleSpider)
        # A URL on another host is not re-hosted onto the site (SPOTLIGHT_BASE_URL is known only now):
        # the user meant some other page.
        if offsite := [u for u in spider.urls if host_of(u) and not is_site_url(u, spider.base_url)]:
            hosts = ", ".join(sorted(site_hosts(spider.base_url)))
            raise arguments.BadInput(f"-a url: not on the site ({hosts}): {', '.join(offsite)}")
        return spider

    async def start(self) -> AsyncIterator[Request]:
        for url in self.urls:
            yield self.article_request(url, "article")

    def article_failed(self, failure: Failure) -> None:
        request, kind = failed(failure)
        if kind != "http_404":
            super().article_failed(failure)  # a page that could not be read: a lost story
            return
        # The site says the story is not there: its own status, not a page to retry.
        self._count(keys.ARTICLE_FAILED_HTTP_404)
        self._count(keys.ARTICLE_REQUESTED_MISSING)
        logger.warning("%s: the requested article is not on the site (404)", request.url)
