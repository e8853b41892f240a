"""The site's origins and what is off them (spotlight_crawler/faults/offsite.py)."""

from __future__ import annotations

import pytest

from spotlight_crawler.faults.offsite import origin, site_origins

REPLICA = site_origins("http://127.0.0.1:8000")
LIVE = site_origins("https://www.spotlightnepal.com")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8000/x/", ("http", "127.0.0.1", 8000)),
        ("HTTPS://WWW.Example.COM./x", ("https", "www.example.com", 443)),
        ("http://example.com/", ("http", "example.com", 80)),
        ("http://[::1]:81/", ("http", "::1", 81)),
        ("ftp://example.com/", None),
        ("javascript:alert(1)", None),
        ("http://example.com:99999/", None),
        ("/relative/", None),
    ],
)
def test_origin(url, expected):
    assert origin(url) == expected


@pytest.mark.parametrize(
    ("origins", "url", "on_site"),
    [
        (REPLICA, "http://127.0.0.1:8000/2024/10/22/a/", True),
        (REPLICA, "http://127.0.0.1:8001/2024/10/22/a/", False),  # another port
        (REPLICA, "http://127.0.0.2:8000/", False),  # another host
        (REPLICA, "https://127.0.0.1:8000/", False),  # another scheme
        (REPLICA, "http://localhost:8000/", False),  # another name for it is another host
        (REPLICA, "https://www.spotlightnepal.com/", False),  # the live site, when crawling a mirror
        (LIVE, "https://spotlightnepal.com/x/", True),  # the live host's other spelling
        (LIVE, "https://www.spotlightnepal.com:443/x/", True),
        (LIVE, "http://www.spotlightnepal.com/x/", False),
        (LIVE, "https://evil.spotlightnepal.com/", False),  # subdomains are not the site
        (LIVE, "https://www.spotlightnepal.com.evil.example/", False),
    ],
)
def test_on_site(origins, url, on_site):
    assert (origin(url) in origins) is on_site
