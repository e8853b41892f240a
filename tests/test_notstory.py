"""Pages that are not stories, told from their shape; deep pages flattened; cut compressed streams."""

from __future__ import annotations

import gzip
import zlib

import pytest
from parsel import Selector
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from spotlight_crawler.extract.page import flatten_wrappers, parse_page
from spotlight_crawler.faults.notstory import SharedBodies, not_a_story, page_kind
from spotlight_crawler.faults.streams import STREAM_CUT, CompressedStreamMiddleware
from tests.replica.faults import CHALLENGE_PAGE, MAINTENANCE_PAGE
from tests.replica.server import Replica

URL = "https://www.spotlightnepal.com/2024/10/22/a-story/"
STORY = ["The cabinet met on Friday and decided to extend the programme to seven more districts this year."] * 3


def sel(html: str | bytes) -> Selector:
    return parse_page(html.decode() if isinstance(html, bytes) else html, URL).selector


def chrome(main: str) -> str:
    """A page in the site's chrome: the replica's navigation and footer around ``main``."""
    return Replica().renderer._document("A page", main)


@pytest.mark.parametrize(
    ("html", "kind"),
    [
        ("", "empty"),
        ("<html><body>  <div> </div><script>var x = 1;</script></body></html>", "empty"),
        (
            chrome('<div class="content"><h1>Page not found</h1><p>Sorry, this page could not be found.</p></div>'),
            "error",
        ),
        (chrome('<h1>A headline</h1><form><input type="email"><input type="PASSWORD"></form>'), "wall"),
        (CHALLENGE_PAGE, "challenge"),
        (MAINTENANCE_PAGE, "maintenance"),
        # Another wording, the same shape: named alike.
        ("<html><body><h1>Wartungsarbeiten</h1><p>Bitte später wiederkommen.</p></body></html>", "maintenance"),
    ],
)
def test_a_page_without_a_story_is_named_by_its_shape(html, kind):
    assert not_a_story(sel(html), [], URL) == kind
    if kind != "wall":
        assert page_kind(sel(html), URL) == kind


@pytest.mark.parametrize(
    ("body", "story"),
    [
        (STORY, True),
        (["Sorry, this page could not be found."], False),
        (["word " * 19], False),
        (["word " * 20], True),
    ],
)
def test_a_story_is_a_body_of_enough_words(body, story):
    assert (not_a_story(sel(chrome("<p>x</p>")), body, URL) is None) is story


LOGIN = '<form action="/login/"><input name="user"><input type="password" name="pw"></form>'


@pytest.mark.parametrize(
    ("html", "kind"),
    [
        # A teaser of the story, then a sign-in form for the rest: a wall, however long the teaser.
        (chrome("<h1>A headline</h1><p>Teaser.</p>" + LOGIN), "wall"),
        # The site's own sign-in box in its header or sidebar is chrome: the story stands.
        (chrome(f"<header>{LOGIN}</header><h1>A headline</h1><p>Story.</p>"), None),
        (chrome(f"<h1>A headline</h1><p>Story.</p><aside>{LOGIN}</aside>"), None),
    ],
)
def test_a_sign_in_form_in_the_content_is_a_wall_even_after_a_teaser(html, kind):
    assert not_a_story(sel(html), STORY, URL) == kind


def test_a_body_served_under_several_urls_is_counted_per_url():
    shared = SharedBodies(limit=3)
    assert shared.served("u1", STORY) == ("u1",)
    assert shared.served("u1", STORY) == ("u1",)  # the same URL again (a browser's second look)
    assert shared.served("u2", [" ".join(STORY[0].split()), *STORY[1:]]) == ("u1", "u2")  # spacing aside
    assert shared.served("u3", STORY) == ("u1", "u2", "u3")
    assert shared.served("u4", STORY) == ("u1", "u2", "u3")  # at the limit: no more kept
    assert shared.served("u5", ["Another text entirely."]) == ("u5",)


@pytest.mark.parametrize(
    ("html", "flat"),
    [
        ("<div><div><div>A</div></div></div>", "<div>A</div>"),
        ("<div>\n <div>A</div>\n</div>", "<div>\n A\n</div>"),
        # Not pure wrappers: siblings, attributes, another name, text beside.
        ("<div><div>A</div><div>B</div></div>", "<div><div>A</div><div>B</div></div>"),
        ('<div><div class="x">A</div></div>', '<div><div class="x">A</div></div>'),
        ("<div><section>A</section></div>", "<div><section>A</section></div>"),
        ("<div>x<div>A</div></div>", "<div>x<div>A</div></div>"),
        # Markup inside scripts and comments is not markup.
        ("<div><script>'<div>'</script></div>", "<div><script>'<div>'</script></div>"),
        ("<div><!-- <div> --><div>A</div></div>", "<div><!-- <div> --><div>A</div></div>"),
    ],
)
def test_flatten_wrappers(html, flat):
    assert flatten_wrappers(html) == flat


@pytest.mark.parametrize("depth", [5_000, 50_000])
def test_a_page_nested_deeper_than_the_parser_allows_is_read_whole(depth):
    html = "<html><body>" + "<div>" * depth + "<h1>Head</h1><p>Its text.</p>" + "</div>" * depth + "</body></html>"
    page = parse_page(html, URL)
    assert page.whole
    assert page.selector.xpath("//h1/text()").get() == "Head"
    assert page.selector.xpath("//p/text()").get() == "Its text."


def test_a_page_too_deep_even_flattened_is_not_whole():
    html = "<html><body>" + "<div><p>x</p>" * 5_000 + "</div>" * 5_000 + "</body></html>"
    assert not parse_page(html, URL).whole


PAGE = b"<!DOCTYPE html><html><body>" + b"<p>Some text of the story.</p>" * 200 + b"</body></html>"
# No timestamp in the header: the same bytes (and test ids) on every collection, as pytest-xdist needs.
GZIPPED = gzip.compress(PAGE, mtime=0)


@pytest.mark.parametrize(
    ("body", "encoding", "complete"),
    [
        (GZIPPED, b"gzip", True),
        (GZIPPED[: len(GZIPPED) // 2], b"gzip", False),
        (GZIPPED[:-8], b"x-gzip", False),  # the stream without its checksum and size
        (zlib.compress(PAGE), b"deflate", True),
        (zlib.compress(PAGE)[2:-4], b"deflate", True),  # raw deflate under that name
        (zlib.compress(PAGE)[:40], b"Deflate", False),
        (b"not compressed at all", b"gzip", False),
        (PAGE, b"br", None),  # not checked here
    ],
)
def test_a_compressed_stream_is_complete_only_with_its_end(body, encoding, complete):
    crawler = get_crawler()
    request = Request(URL)
    answer = Response(URL, body=body, headers={"Content-Encoding": encoding}, request=request)
    assert CompressedStreamMiddleware.from_crawler(crawler).process_response(request, answer) is answer
    assert (STREAM_CUT in request.meta) is (complete is False)
    assert crawler.stats.get_value("spotlight/stream/cut") == (1 if complete is False else None)
