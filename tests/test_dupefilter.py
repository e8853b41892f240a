"""Each request once: a story linked from two listing pages is fetched once, the second link
counted in Scrapy's ``dupefilter/filtered`` (Scrapy's own ``RFPDupeFilter``)."""

from __future__ import annotations

import pytest

from tests.crawl import crawl
from tests.replica.server import RequestInfo, Response


@pytest.mark.e2e
def test_a_story_linked_from_two_listing_pages_is_fetched_once(replica_factory, tmp_path):
    """Three stories go online before each listing page is served: the last three entries of
    a page come again at the top of the next one. Each is fetched once; the second request for
    it is Scrapy's ``dupefilter/filtered``."""
    replica = replica_factory(n_articles=40, page_size=10)

    def publish(req: RequestInfo) -> Response | None:
        if req.path == "/articles/":
            replica.site.publish(3)
        return None

    replica.hooks.append(publish)
    # Listings only: the feed's pages, read first, would be more of the links filtered.
    result = crawl(
        "latest", replica.base_url, tmp_path, settings={"SPOTLIGHT_RENDER": "never", "SPOTLIGHT_FEED": "False"}
    )
    assert result.returncode == 0, result.log[-3000:]
    article_paths = [r["path"] for r in replica.requests if r["path"].count("/") >= 4 and r["path"][1:5].isdigit()]
    assert article_paths and len(article_paths) == len(set(article_paths)), "an article was fetched twice"
    urls = [r["url"] for r in result.records]
    assert urls and len(urls) == len(set(urls)), "a story was written twice"
    repeated = result.stat("spotlight/listing/entries") - len(article_paths)
    assert repeated >= 3 * (result.stat("spotlight/listing/pages") - 2)  # three per page after the first
    assert result.stat("dupefilter/filtered") == repeated
