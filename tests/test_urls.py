import pytest

from spotlight_crawler.urls import (
    absolute_url,
    article_path,
    canonical_url,
    fetch_url,
    is_site_url,
    onto_base,
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
def test_absolute_url_resolves_a_link_as_urljoin_does(base, href, expected):
    assert absolute_url(base, href) == expected
