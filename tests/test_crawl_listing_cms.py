"""End to end over the second listing markup: tickers, menus, footers and a "Most read"
box link other sections' stories; the crawl writes the listing's own, each once."""

from __future__ import annotations

import pytest

from tests.crawl import crawl, validate
from tests.replica.listing_magazine import magazine_hook
from tests.replica.pagers import page_path, pager_hook
from tests.truth import NO_STATE, assert_matches_truth, expected

# Real crawls, servers on 127.0.0.1 or subprocesses: the end-to-end layer.
pytestmark = pytest.mark.e2e


def test_international_over_the_cms_listing_writes_exactly_the_international_stories(replica_factory, tmp_path):
    replica = replica_factory(n_articles=60, listing_markup="cms")
    result = crawl("international", replica.base_url, tmp_path, settings=NO_STATE)
    assert result.returncode == 0, result.log[-3000:]
    validate(result.records)
    assert_matches_truth(result.records, expected(replica.site.international()), replica.site)
    assert {r["section"] for r in result.records} == {"International"}
    assert result.stat("spotlight/listing/unshaped") == 0
    assert "ERROR" not in result.log


def test_latest_over_the_cms_listing_writes_every_story_once(replica_factory, tmp_path):
    replica = replica_factory(n_articles=45, listing_markup="cms")
    result = crawl("latest", replica.base_url, tmp_path, settings=NO_STATE)
    assert result.returncode == 0, result.log[-3000:]
    validate(result.records)
    assert_matches_truth(result.records, expected(replica.site.latest()), replica.site)
    assert result.stat("spotlight/listing/entries") == len(replica.site.latest())


@pytest.mark.parametrize(
    ("kind", "style"),
    [
        pytest.param("prev_next", "path", id="wordpress-older-posts-page-n"),
        pytest.param("numbered", "drupal", id="drupal-page-counting-from-zero"),
        pytest.param("load_more", "query", id="load-more-link"),
    ],
)
def test_the_walk_follows_the_pager_the_pages_show(replica_factory, tmp_path, kind, style):
    replica = replica_factory(n_articles=45)
    replica.hooks.append(pager_hook(replica, kind, style))
    result = crawl("latest", replica.base_url, tmp_path, settings=NO_STATE)
    assert result.returncode == 0, result.log[-3000:]
    assert_matches_truth(result.records, expected(replica.site.latest()), replica.site)
    # Each of the 5 pages once, by the name its pager gave it, and nothing past the last.
    listing = [r["path"] for r in replica.requests if r["path"].startswith("/articles")]
    assert sorted(listing) == sorted(page_path(style, page) for page in range(1, 6))


def test_international_over_a_magazine_listing_writes_only_its_own_stories(replica_factory, tmp_path):
    """Boxes of other sections' stories, sponsored and off-site cards in the listing's column,
    a sidebar that is no <aside>, WordPress-style /page/N/ pages: only the International
    stories are written, every one of them."""
    replica = replica_factory(n_articles=90)
    replica.hooks.append(magazine_hook(replica))
    result = crawl("international", replica.base_url, tmp_path, settings=NO_STATE)
    assert result.returncode == 0, result.log[-3000:]
    validate(result.records)
    assert_matches_truth(result.records, expected(replica.site.international()), replica.site)
    assert result.stat("spotlight/listing/offsite_links") >= 1, "the off-site card was not on the pages"
    pages = -(-len(replica.site.international()) // replica.renderer.page_size)
    assert pages >= 3, "the listing must run to several pages"
    listing = sorted(r["path"] for r in replica.requests if r["path"].startswith("/topic/international"))
    assert listing == sorted(
        ["/topic/international", *(f"/topic/international/page/{n}/" for n in range(2, pages + 1))]
    )
