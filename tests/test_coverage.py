"""Field coverage: what the monitors read of the records written."""

from __future__ import annotations

from scrapy import Spider
from scrapy.utils.test import get_crawler

from spotlight_crawler.items import ArticleItem, mark_from_listing
from spotlight_crawler.run.coverage import FieldCoverage


def test_each_record_written_counts_its_present_fields_and_what_it_took_from_the_listing():
    crawler = get_crawler(Spider)
    coverage = FieldCoverage.from_crawler(crawler)
    full = ArticleItem(
        url="https://www.spotlightnepal.com/2024/10/22/a/",
        headline="A",
        body="Text.",
        published_at="2024-10-22T19:54:00+05:45",
        published_at_raw="Oct. 22, 2024, 7:54 p.m.",
    )
    borrowed = ArticleItem(
        url="https://www.spotlightnepal.com/2024/10/21/b/",
        headline="  ",  # blank is missing
        published_at="2024-10-21T00:00:00+05:45",
        published_at_raw="Oct 21, 2024",
        byline_raw="Agencies",
    )
    mark_from_listing(borrowed, ["published_at_raw", "byline_raw"])
    for item in (full, borrowed):
        coverage.item_scraped(item)

    counts = {k.removeprefix("spotlight/coverage/"): v for k, v in crawler.stats.get_stats().items()}
    assert counts["records"] == 2
    assert counts["url"] == 2
    assert counts["headline"] == 1
    # A date the listing printed is not the page's: it counts for neither date field.
    assert counts["published_at"] == counts["published_at_raw"] == 1
    # A byline from the listing counts (pages signed off at the end lack one).
    assert counts["byline_raw"] == 1
    assert counts["from_listing/published_at_raw"] == counts["from_listing/byline_raw"] == 1
