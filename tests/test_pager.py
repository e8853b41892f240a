"""What a listing page's pager shows (spotlight_crawler/extract/pager.py), on pagers of
several CMSs, and how a listing names its pages (spotlight_crawler/urls.py)."""

from __future__ import annotations

import pytest
from parsel import Selector

from spotlight_crawler.extract.pager import Pager, read_pager
from spotlight_crawler.urls import PageScheme, split_page_url

H = "http://127.0.0.1:1"
DJANGO, WORDPRESS, DRUPAL = PageScheme(), PageScheme("path"), PageScheme(offset=-1)


def page(pager: str, head: str = "") -> Selector:
    """A listing page: a menu naming the listing and other listings, an entry, the pager."""
    return Selector(
        f"<html><head>{head}</head><body><nav><a href='/articles/'>Latest</a> <a href='/topic/economy?page=2'>"
        f"Economy</a></nav><main><h2><a href='/2024/10/22/a/'>A</a></h2>{pager}</main></body></html>"
    )


@pytest.mark.parametrize(
    ("url", "number", "pager", "head", "expected"),
    [
        pytest.param(
            "/articles/",
            1,
            "<a href='?page=2'>2</a> <a href='?page=3'>3</a> … <a href='?page=300'>300</a> <a href='?page=2'>Next »</a>",
            "",
            Pager(frozenset({2, 3, 300}), f"{H}/articles/?page=2", 300, DJANGO),
            id="django-numbered",
        ),
        pytest.param(
            "/articles/?page=5",
            5,
            "<a href='?page=4'>« Previous</a> <a href='?page=6'>Next »</a>",
            "",
            Pager(frozenset({4, 6}), f"{H}/articles/?page=6", None, DJANGO),
            id="previous-next-only-names-no-last-page",
        ),
        pytest.param(
            "/articles/?page=2",
            2,
            "<a href='/articles/'>Previous</a> <a href='/articles/?page=3'>Next</a>",
            "",
            Pager(frozenset({1, 3}), f"{H}/articles/?page=3", None, DJANGO),
            id="previous-to-the-bare-listing-is-a-pager-link",
        ),
        pytest.param(
            "/articles/?page=60",
            60,
            "<a href='?page=59'>« Previous</a>",
            "",
            Pager(frozenset({59}), None, None, DJANGO),
            id="the-last-page-shows-no-next",
        ),
        pytest.param(
            "/articles/",
            1,
            "<div class='nav-previous'><a href='/articles/page/2/'>Older posts</a></div>",
            "",
            Pager(frozenset({2}), f"{H}/articles/page/2/", None, WORDPRESS),
            id="wordpress-older-posts",
        ),
        pytest.param(
            "/articles/page/3/",
            3,
            "<a href='/articles/page/4/'>Older posts</a> <a href='/articles/page/2/'>Newer posts</a>",
            "",
            Pager(frozenset({2, 4}), f"{H}/articles/page/4/", None, WORDPRESS),
            id="wordpress-a-page-inside",
        ),
        pytest.param(
            "/articles/",
            1,
            "",
            "<link rel='next' href='https://127.0.0.1:1/x' ><link rel='next' href='/articles/page/2/'>",
            Pager(frozenset({2}), f"{H}/articles/page/2/", None, WORDPRESS),
            id="rel-next-in-the-head",
        ),
        pytest.param(
            "/articles/",
            1,
            "<a href='?page=0'>1</a> <a href='?page=1' title='Go to page 2'>2</a> <a href='?page=2'>3</a>"
            " <a href='?page=1' rel='next'>›</a> <a href='?page=9' title='Go to last page'>Last »</a>",
            "",
            Pager(frozenset({2, 3, 10}), f"{H}/articles/?page=1", 10, DRUPAL),
            id="drupal-counts-from-zero",
        ),
        pytest.param(
            "/articles/",
            1,
            "<a href='?page=1' rel='next'><span>Next page</span></a>",
            "",
            Pager(frozenset({2}), f"{H}/articles/?page=1", None, DRUPAL),
            id="drupal-mini-pager-next-only",
        ),
        pytest.param(
            "/articles/",
            1,
            "<a href='https://www.spotlightnepal.com/articles/page/2/'>Older posts</a>"
            "<a href='https://example.com/articles/page/9/'>9</a>",
            "",
            Pager(frozenset({2}), "https://www.spotlightnepal.com/articles/page/2/", None, WORDPRESS),
            id="links-naming-the-live-host-not-another",
        ),
        pytest.param(
            "/articles/",
            1,
            "<a class='button' href='?page=2'>Load more</a>",
            "",
            Pager(frozenset({2}), f"{H}/articles/?page=2", None, DJANGO),
            id="load-more-link",
        ),
        pytest.param(
            "/articles/",
            1,
            "<a href='?paged=2'>Next page</a>",
            "",
            Pager(frozenset({2}), f"{H}/articles/?paged=2", None, PageScheme("query", "paged")),
            id="wordpress-plain-links",
        ),
        pytest.param(
            "/articles/",
            1,
            "<a href='?start=20'>Older</a>",
            "",
            Pager(frozenset(), f"{H}/articles/?start=20", None, None),
            id="a-next-page-by-a-name-not-known-here",
        ),
        pytest.param(
            "/articles/",
            1,
            "<a href='?type=All&amp;page=1'>2</a> <a href='?type=All&amp;page=1' rel='next'>Next ›</a>",
            "",
            Pager(frozenset({2}), f"{H}/articles/?type=All&page=1", None, DRUPAL),
            id="drupal-pager-links-carry-the-filters",
        ),
        pytest.param(
            "/articles/",
            1,
            "<button class='load-more'>Load more</button>",
            "",
            Pager(),
            id="a-load-more-button-is-no-link",
        ),
        pytest.param("/articles/", 1, "", "", Pager(), id="no-pager-the-menu-link-to-the-listing-is-not-one"),
    ],
)
def test_pagers(url: str, number: int, pager: str, head: str, expected: Pager) -> None:
    assert read_pager(page(pager, head), H + url, H + "/articles/", number) == expected


@pytest.mark.parametrize(
    ("pager", "expected"),
    [
        ("", False),
        ("<a href='/articles/'>Latest</a>", False),
        ("<a href='/topic/economy?page=2'>2</a>", False),
        ("<a href='?page=59'>« Previous</a>", True),
        ("<a href='/articles/'>« Previous</a>", True),
        ("<a href='/articles/'>" + "9" * 5000 + "</a>", False),
    ],
)
def test_whether_a_pager_is_shown(pager: str, expected: bool) -> None:
    assert read_pager(page(pager), H + "/articles/?page=60", H + "/articles/", 60).shown is expected


@pytest.mark.parametrize(
    ("scheme", "number", "url"),
    [
        (DJANGO, 1, "/articles/"),
        (DJANGO, 7, "/articles/?page=7"),
        (WORDPRESS, 7, "/articles/page/7/"),
        (DRUPAL, 7, "/articles/?page=6"),
        (PageScheme("query", "paged"), 2, "/articles/?paged=2"),
    ],
)
def test_a_scheme_names_any_page(scheme: PageScheme, number: int, url: str) -> None:
    assert scheme.url(H + "/articles/", number) == H + url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/articles/?page=3", ("/articles/", DJANGO, 3)),
        ("/topic/international/page/3/", ("/topic/international/", WORDPRESS, 3)),
        ("/articles/?paged=3", ("/articles/", PageScheme("query", "paged"), 3)),
        ("/articles/", ("/articles/", None, None)),
        ("/articles/?start=20", ("/articles/?start=20", None, None)),
    ],
)
def test_a_page_url_names_its_listing_and_number(url: str, expected: tuple[str, PageScheme | None, int | None]) -> None:
    listing, scheme, number = split_page_url(H + url)
    assert (listing.removeprefix(H), scheme, number) == expected
