"""End to end: ``latest`` with a date window deep in a large archive jumps to it by bisection."""

from __future__ import annotations

import math
from datetime import date

import pytest

from spotlight_crawler.urls import article_day
from tests.crawl import crawl, validate
from tests.replica.content import Article
from tests.replica.pagers import pager_hook
from tests.replica.server import Replica, RequestInfo, Response
from tests.truth import NO_STATE, expected, story_of

pytestmark = pytest.mark.e2e

N_ARTICLES, PAGE_SIZE = 3000, 10
PAGES = N_ARTICLES // PAGE_SIZE
# Probes before the walk: an upper bound on the page (doubling), then bisection below it.
PROBE_BOUND = int(2 * math.log2(PAGES) + 3)


def window(replica: Replica, newest: int, oldest: int) -> tuple[date, date, list[Article]]:
    """The days from article ``oldest`` to article ``newest`` (listing order) and every article of them."""
    arts = replica.site.latest()
    since, until = article_day(arts[oldest].path), article_day(arts[newest].path)
    assert since is not None and until is not None
    return since, until, [a for a in arts if since <= (article_day(a.path) or since) <= until]


def assert_stories(records: list[dict], stories: list[Article], replica: Replica) -> None:
    """Each story of the window once, and nothing else (fields are the extraction tests' business)."""
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls)), "a story was emitted twice"
    found = sorted(story_of(replica.site.lookup(u.removeprefix("https://www.spotlightnepal.com"))) for u in urls)
    assert found == sorted(story_of(a) for a in expected(stories).values())


def latest(replica: Replica, tmp_path, since: date, until: date, **settings: str):
    args = {"since": since.isoformat(), "until": until.isoformat()}
    return crawl("latest", replica.base_url, tmp_path, args=args, settings={**NO_STATE, **settings}, timeout=300)


def listing_requests(replica: Replica) -> list[str]:
    return [r["path"] for r in replica.requests if r["path"].startswith("/articles/")]


def test_a_deep_window_is_reached_in_a_handful_of_probes_and_written_exactly(replica_factory, tmp_path):
    replica = replica_factory(n_articles=N_ARTICLES, page_size=PAGE_SIZE)
    since, until, stories = window(replica, 2000, 2150)
    result = latest(replica, tmp_path, since, until)
    assert result.returncode == 0, result.log[-3000:]
    validate(result.records)
    assert_stories(result.records, stories, replica)
    probes = result.stat("spotlight/bisect/requests")
    assert 1 <= probes <= PROBE_BOUND
    # The walk reads the window's pages, a page of overlap before and the page past `since`.
    window_pages = -(-len(stories) // PAGE_SIZE) + 1
    walked = result.stat("spotlight/listing/pages") - probes
    assert walked <= window_pages + 2
    assert len(listing_requests(replica)) == probes + walked
    # Not one article page outside the window was fetched.
    assert result.stat("spotlight/article/pages") == len(stories)


def test_without_the_jump_the_walk_starts_at_page_one_and_writes_the_same(replica_factory, tmp_path):
    replica = replica_factory(n_articles=N_ARTICLES, page_size=PAGE_SIZE)
    since, until, stories = window(replica, 1200, 1260)
    result = latest(replica, tmp_path, since, until, SPOTLIGHT_BISECT="False")
    assert result.returncode == 0, result.log[-3000:]
    assert_stories(result.records, stories, replica)
    assert result.stat("spotlight/bisect/requests") == 0
    assert listing_requests(replica)[0] == "/articles/" and result.stat("spotlight/listing/pages") > 120


def test_stories_published_during_the_run_cost_no_entry_of_the_window(replica_factory, tmp_path):
    """Three stories go online before every listing page is served, so every entry moves
    down by three between one page and the next, during the bisection and the walk."""
    replica = replica_factory(n_articles=N_ARTICLES, page_size=PAGE_SIZE)
    since, until, stories = window(replica, 1500, 1700)

    def publish(req: RequestInfo) -> Response | None:
        if req.path == "/articles/":
            replica.site.publish(3)
        return None

    replica.hooks.append(publish)
    result = latest(replica, tmp_path, since, until)
    assert result.returncode == 0, result.log[-3000:]
    assert_stories(result.records, stories, replica)
    assert result.stat("spotlight/bisect/requests") <= PROBE_BOUND
    # Entries met on two pages were fetched once: the walk's own dedup of requests.
    assert result.stat("spotlight/article/pages") == len(stories)


def clamped(replica: Replica):
    """Django's ``Paginator.get_page()``: any page past the end answers the last page, no pager links."""
    last = -(-len(replica.site.latest()) // PAGE_SIZE)

    def hook(req: RequestInfo) -> Response | None:
        if req.path != "/articles/":
            return None
        values = req.query.get("page") or ["1"]
        page = min(int(values[-1]) if values[-1].isdigit() else 1, last)
        body = replica.renderer.listing_for_path(req.path, page, req.host)
        assert isinstance(body, str)
        body = body.replace('href="?page=', 'data-page="')  # no pager: only the entries tell
        return Response(200, body.encode())

    return hook


@pytest.mark.parametrize(
    ("newest", "oldest"),
    [
        pytest.param(2700, 2800, id="deep"),
        pytest.param(2950, 2999, id="down-to-the-first-story"),
    ],
)
def test_a_site_answering_pages_past_the_end_with_the_last_page(replica_factory, tmp_path, newest, oldest):
    replica = replica_factory(n_articles=N_ARTICLES, page_size=PAGE_SIZE)
    replica.hooks.append(clamped(replica))
    since, until, stories = window(replica, newest, oldest)
    result = latest(replica, tmp_path, since, until)
    assert result.returncode == 0, result.log[-3000:]
    assert_stories(result.records, stories, replica)
    assert result.stat("spotlight/bisect/requests") <= PROBE_BOUND
    assert result.stat("spotlight/listing/stopped/repeats_previous_page") <= 1


def test_a_window_older_than_the_archive_writes_nothing_after_a_few_probes(replica_factory, tmp_path):
    replica = replica_factory(n_articles=N_ARTICLES, page_size=PAGE_SIZE)
    result = latest(replica, tmp_path, date(2001, 1, 1), date(2001, 12, 31))
    assert result.records == []
    assert result.stat("spotlight/bisect/requests") <= PROBE_BOUND
    assert len(listing_requests(replica)) <= PROBE_BOUND + 2


# --- Other pagers: previous/next only, "Load more", WordPress, Drupal, none -------------------

PAGER_PAGES = 60
PAGER_BOUND = 2 * math.ceil(math.log2(PAGER_PAGES)) + 3


@pytest.mark.parametrize(
    ("kind", "style", "past_end"),
    [
        pytest.param("prev_next", "query", "404", id="previous-next-only"),
        pytest.param("prev_next", "query", "clamp", id="previous-next-only-clamped"),
        pytest.param("prev_next", "path", "404", id="wordpress-older-posts-page-n"),
        pytest.param("load_more", "query", "empty", id="load-more-link-empty-past-the-end"),
        pytest.param("numbered", "drupal", "404", id="drupal-numbered-from-zero"),
        pytest.param("none", "query", "404", id="no-pager"),
    ],
)
def test_the_jump_on_a_listing_of_60_pages_whatever_its_pager(replica_factory, tmp_path, kind, style, past_end):
    """A window 53 pages deep: found in at most 2·⌈log2(60)⌉+3 listing requests, then walked
    through the pager the pages show, every story of the window written once."""
    replica = replica_factory(n_articles=PAGER_PAGES * PAGE_SIZE, page_size=PAGE_SIZE)
    replica.hooks.append(pager_hook(replica, kind, style, past_end))
    since, until, stories = window(replica, 525, 545)
    result = latest(replica, tmp_path, since, until)
    assert result.returncode == 0, result.log[-3000:]
    assert_stories(result.records, stories, replica)
    probes = result.stat("spotlight/bisect/requests")
    assert 1 <= probes <= PAGER_BOUND
    # The walk: the window's pages, a page of overlap before, the page past `since`, and
    # past the listing's end at most one more.
    walked = len(listing_requests(replica)) - probes
    assert 1 <= walked <= -(-len(stories) // PAGE_SIZE) + 3
    # Every page asked for was named the way the listing names its pages.
    if style == "path":
        assert all("?" not in path for path in listing_requests(replica))
