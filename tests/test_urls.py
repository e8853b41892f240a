from urllib.parse import urljoin, urlsplit, urlunsplit

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from w3lib.url import safe_url_string

from spotlight_crawler.urls import (
    absolute_url,
    article_path,
    canonical_url,
    fetch_url,
    is_site_url,
    onto_base,
    page_url,
    quoted_path,
    site_hosts,
)

LIVE = "https://www.spotlightnepal.com"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.spotlightnepal.com/2021/11/08/story-behind-200600-mw-electricity-wasted-no-buyers-yet/",
            "/2021/11/08/story-behind-200600-mw-electricity-wasted-no-buyers-yet/",
        ),
        (
            "https://spotlightnepal.com/2021/11/08/story-behind-200600-mw-electricity-wasted-no-buyers-yet",
            "/2021/11/08/story-behind-200600-mw-electricity-wasted-no-buyers-yet/",
        ),
        ("/2019/02/09/notes-editor-feb-8-2019/", "/2019/02/09/notes-editor-feb-8-2019/"),
        ("/2019/02/09/from-the-editor-19/?utm_source=x#top", "/2019/02/09/from-the-editor-19/"),
        ("https://www.spotlightnepal.com/topic/international", None),
        ("https://www.spotlightnepal.com/articles/?page=185", None),
        ("https://www.spotlightnepal.com/author/new-spotlight-online/?page=1", None),
        ("/2024/13/01/no-such-month/", None),
        ("/2024/10/22/", None),
        ("/media/images/a.2e16d0ba.fill-650x500.jpg", None),
        ("", None),
    ],
)
def test_article_path(url, expected):
    assert article_path(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://www.spotlightnepal.com/2024/10/22/ukraine-releases-video/",
        "https://spotlightnepal.com/2024/10/22/ukraine-releases-video",
        "http://spotlightnepal.com/2024/10/22/ukraine-releases-video/?page=2",
        "http://127.0.0.1:8123/2024/10/22/ukraine-releases-video#comments",
    ],
)
def test_every_spelling_has_one_canonical_url(url):
    assert canonical_url(url) == "https://www.spotlightnepal.com/2024/10/22/ukraine-releases-video/"


@pytest.mark.parametrize(
    ("url", "base", "moved"),
    [
        (
            "https://www.spotlightnepal.com/articles/?page=2",
            "http://127.0.0.1:8123",
            "http://127.0.0.1:8123/articles/?page=2",
        ),
        (
            "https://spotlightnepal.com/2024/10/22/x/#top",
            "http://127.0.0.1:8123",
            "http://127.0.0.1:8123/2024/10/22/x/",
        ),
        ("http://127.0.0.1:8123/2024/10/22/x/", "http://127.0.0.1:8123", "http://127.0.0.1:8123/2024/10/22/x/"),
        ("https://www.example.com/2024/10/22/x/", "http://127.0.0.1:8123", "https://www.example.com/2024/10/22/x/"),
        # Against the live site itself, its own URLs stay as given.
        ("https://www.spotlightnepal.com/a/", "https://www.spotlightnepal.com", "https://www.spotlightnepal.com/a/"),
    ],
)
def test_onto_base_moves_only_live_site_urls(url, base, moved):
    assert onto_base(url, base) == moved


def test_fetch_url_moves_any_site_spelling_to_the_base_url():
    base = "http://127.0.0.1:8123"
    assert fetch_url("https://spotlightnepal.com/2024/10/22/x/", base) == "http://127.0.0.1:8123/2024/10/22/x/"
    assert fetch_url("/articles/?page=2", base) == "http://127.0.0.1:8123/articles/?page=2"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.spotlightnepal.com/x", True),
        ("https://spotlightnepal.com/x", True),
        ("http://127.0.0.1:8123/x", True),
        ("http://localhost:8123/x", False),
        ("https://example.com/2024/10/22/x/", False),
    ],
)
def test_is_site_url(url, expected):
    assert is_site_url(url, "http://127.0.0.1:8123") is expected


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("http://127.0.0.1:8123", ("127.0.0.1:8123", "www.spotlightnepal.com", "spotlightnepal.com")),
        ("https://www.spotlightnepal.com", ("www.spotlightnepal.com", "spotlightnepal.com")),
        ("https://SpotlightNepal.com/", ("spotlightnepal.com", "www.spotlightnepal.com")),
    ],
)
def test_site_hosts_are_the_base_host_then_the_live_spellings(base_url, expected):
    assert site_hosts(base_url) == expected


def test_page_url():
    assert page_url("https://www.spotlightnepal.com/articles/", 1) == "https://www.spotlightnepal.com/articles/"
    assert (
        page_url("https://www.spotlightnepal.com/articles/?page=3", 4)
        == "https://www.spotlightnepal.com/articles/?page=4"
    )


@pytest.mark.parametrize(
    ("base", "href", "expected"),
    [
        (
            "https://www.spotlightnepal.com/articles/?page=5",
            "/2024/10/21/a/",
            "https://www.spotlightnepal.com/2024/10/21/a/",
        ),
        (
            "https://www.spotlightnepal.com/articles/?page=5",
            "?page=6",
            "https://www.spotlightnepal.com/articles/?page=6",
        ),
        ("https://www.spotlightnepal.com/articles/", "b/../c", "https://www.spotlightnepal.com/articles/c"),
        ("https://www.spotlightnepal.com/articles/", "http://spotlightnepal.com/x?", "http://spotlightnepal.com/x?"),
        ("http://www.spotlightnepal.com/articles/", "http://spotlightnepal.com/x?", "http://spotlightnepal.com/x"),
        ("https://www.spotlightnepal.com/articles/", "", "https://www.spotlightnepal.com/articles/"),
    ],
)
def test_absolute_url_resolves_a_link_as_urljoin_does_each_time_it_is_asked(base, href, expected):
    assert absolute_url(base, href) == expected
    assert absolute_url(base, href) == expected  # the second answer comes from the cache


_BASES = [
    "https://www.spotlightnepal.com/latest/?page=3#top",
    "http://127.0.0.1:8080/2024/10/22/a-story/",
    "https://h/a;p?q=1",
    "http://h",
    "http://u@h:80/x/y",
    "ftp://h/a/",
    "HTTP://H/x/",
    "http://[::1]:8/a/b",
]
_PIECES = ["", "/", "//", "http://", "https://", "h2", "a", "..", ".", "?q", "#f", ";p", "x/"]
# What makes urljoin parse a link it would otherwise give back as it is.
_ODD_PIECES = [" ", "\t", "[", "\\", "%41", "\u00e9", "\u2024"]


def test_absolute_url_is_urljoin_for_every_shape_of_link():
    """Root-relative and absolute links are cached by the base's origin: the answer must not change."""
    pieces = _PIECES + _ODD_PIECES
    hrefs = {a + b + c for a in pieces for b in pieces for c in pieces}
    wrong = [
        (base, href)
        for base in _BASES
        for href in sorted(hrefs)
        if _answer(absolute_url, base, href) != _answer(urljoin, base, href)
    ]
    assert wrong == []


def _answer(join, base: str, href: str) -> str | None:
    try:
        return join(base, href)
    except ValueError:  # an unbalanced IPv6 bracket: absolute_url answers None
        return None


def _w3lib_path(url: str) -> str | None:
    try:
        return urlsplit(safe_url_string(url)).path
    except ValueError:
        return None


def _quoted_path(url: str) -> str | None:
    try:
        return quoted_path(url)
    except ValueError:
        return None


_URL_CHARS = st.sampled_from(list("aZ09-._~!$&'()*+,;=:@/%?#[]\\ \"<>^`{|}\t\u00e9\u00a0\u200b\U0001f600"))


@given(
    st.sampled_from(["", "/", "http://", "https://", "http://h", "https://www.spotlightnepal.com", "//h"]),
    st.text(_URL_CHARS, max_size=24),
)
@example("https://www.spotlightnepal.com", "/2024/10/22/a-b/")
@example("http://h", "/a b/")
@example("http://[::1", "/a/")
def test_quoted_path_is_the_path_w3lib_makes_safe(prefix, rest):
    """Plain URLs skip w3lib's quoting: their paths must be the ones it would give."""
    url = prefix + rest
    assert _quoted_path(url) == _w3lib_path(url)


def _fetch_url_parsed(url: str, base_url: str) -> str | None:
    """fetch_url as it reads every link: joined, split and put together again."""
    try:
        parts = urlsplit(urljoin(base_url.rstrip("/") + "/", url.strip()))
        base = urlsplit(base_url)
    except ValueError:
        return None
    return urlunsplit((base.scheme, base.netloc, parts.path or "/", parts.query, ""))


def test_fetch_url_is_the_parsed_answer_for_every_shape_of_link():
    """Plain links skip urllib: the request URL must not change for any link."""
    pieces = _PIECES + _ODD_PIECES
    hrefs = {a + b + c for a in pieces for b in pieces for c in pieces}
    bases = [*_BASES, "http://127.0.0.1:8123", "https://www.spotlightnepal.com/", "http://h/sub/"]
    wrong = [
        (base, href)
        for base in bases
        for href in sorted(hrefs)
        if _answer(fetch_url, href, base) != _fetch_url_parsed(href, base)
    ]
    assert wrong == []
