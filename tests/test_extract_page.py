"""Pages parsed for extraction: plain lxml elements give every field ``Selector(text=...)`` gives.

The spiders parse pages with ``extract.page.html_selector`` (lxml's plain elements) while the
extraction tests, ``scrapy shell`` and ``scrapy parse`` users hold ``response.selector``
(lxml.html's elements); both must read the same story from the same page.
"""

from __future__ import annotations

import gc
import re
import weakref

import pytest
from hypothesis import given
from hypothesis import strategies as st
from parsel import Selector
from scrapy.http import HtmlResponse

from spotlight_crawler.extract.article import extract_article
from spotlight_crawler.extract.listing import listing_entries
from spotlight_crawler.extract.page import html_selector
from spotlight_crawler.extract.text import clean
from spotlight_crawler.spiders.base import page_selector
from tests.pages import FIXTURES
from tests.replica import generate_site
from tests.replica.pages import SiteRenderer
from tests.replica.templates_cms import CMS_TEMPLATES

SITE = generate_site(40, seed=5)
HOST = "www.spotlightnepal.com"


@pytest.mark.parametrize("templates", [(), *((t,) for t in CMS_TEMPLATES)], ids=["a-b-c", *CMS_TEMPLATES])
def test_every_field_of_every_template_is_the_same_from_either_tree(templates):
    renderer = SiteRenderer(SITE, templates=templates)
    for art in SITE.articles[::5]:  # eight stories spread over the site
        page = renderer.article(art, HOST)
        assert extract_article(html_selector(page, art.canonical_url), art.canonical_url) == extract_article(
            Selector(text=page), art.canonical_url
        )


@pytest.mark.parametrize("markup", ["default", "cms"])
def test_listing_entries_are_the_same_from_either_tree(markup):
    renderer = SiteRenderer(SITE, listing_markup=markup)
    url = f"https://{HOST}/latest/?page=2"
    page = renderer.listing(SITE.articles, 2, "Latest", HOST)
    assert page is not None
    entries = listing_entries(html_selector(page, url), url)
    assert entries == listing_entries(Selector(text=page), url)
    assert len(entries[0]) == renderer.page_size


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.html")), ids=lambda p: p.name)
def test_saved_pages_read_the_same_from_either_tree(path):
    page = path.read_text(encoding="utf-8")
    url = f"https://{HOST}/"
    assert extract_article(html_selector(page, url), url) == extract_article(Selector(text=page), url)
    assert listing_entries(html_selector(page, url), url) == listing_entries(Selector(text=page), url)


@pytest.mark.parametrize(
    "text",
    ["", "   \n", "\x00", "<!-- a comment only -->", "plain text", "<p>a\x00b</p>", "\ufeff<p>BOM</p>", "<p>é — ✓</p>"],
)
def test_odd_documents_parse_as_parsel_parses_them(text):
    assert html_selector(text, "https://x/").get() == Selector(text=text).get()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  two  words ", "two words"),
        ("non\u00a0breaking\u202fnarrow\u3000ideographic", "non breaking narrow ideographic"),
        ("zero\u200bwidth", "zero width"),
        ("a\x1eb", "a b"),  # what a <br> leaves in the text
        ("tab\tnew\nline\r\n", "tab new line"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean_collapses_every_kind_of_space(text, expected):
    assert clean(text) == expected


_REFERENCE_SPACE = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\x1e]+")


@given(st.text(alphabet=st.sampled_from(list("ab .\t\n\u00a0\u2002\u200b\u202f\u205f\u3000\x1e\x1c\x85\u2028é"))))
def test_clean_is_the_regex_it_replaced(text):
    assert clean(text) == _REFERENCE_SPACE.sub(" ", text).strip()


@pytest.fixture
def no_collector():
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _story_page() -> HtmlResponse:
    body = b"<html><body><h1>A story</h1><p>" + b"Its text. " * 2000 + b"</p></body></html>"
    return HtmlResponse(f"https://{HOST}/2024/10/22/a-story/", body=body)


def test_a_page_the_spiders_parse_is_freed_as_soon_as_it_is_dropped(no_collector):
    """No reference cycle: a crawl holds a page (its text, its tree) only while it works on it."""
    response = _story_page()
    gone = weakref.ref(response)
    selector = page_selector(response)
    assert extract_article(selector, response.url).headline == "A story"
    del response, selector
    assert gone() is None  # freed by reference counting: the collector is off


def test_scrapys_cached_selector_would_keep_it_until_a_collection(no_collector):
    """Why the spiders do not use ``response.selector``: it points back at its response."""
    response = _story_page()
    assert response.css("h1::text").get() == "A story"
    gone = weakref.ref(response)
    del response
    assert gone() is not None
    gc.collect()
    assert gone() is None
