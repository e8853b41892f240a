"""Pages are read in the charset they are written in (spotlight_crawler/faults/charset.py)."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from spotlight_crawler.faults.charset import CharsetMiddleware, better_encoding, declared_encoding

HEADLINE = "Nepal’s “first” budget – a review"
CP1252 = f"<p>{HEADLINE}</p>".encode("cp1252")
UTF8 = f"<p>{HEADLINE}</p>".encode()


@pytest.mark.parametrize(
    ("body", "used", "declared", "expected"),
    [
        (b"<p>plain ASCII</p>", "utf-8", "utf-8", None),
        (UTF8, "utf-8", "utf-8", None),  # right as declared
        (CP1252, "utf-8", "utf-8", "cp1252"),  # windows-1252 declared as UTF-8
        (CP1252, "cp775", None, "cp1252"),  # undeclared: charset_normalizer's guess overruled
        (CP1252, "cp1252", None, None),  # undeclared and guessed right
        (CP1252, "cp1252", "cp1252", None),  # declared right
        (UTF8, "cp1252", "iso-8859-1", "utf-8"),  # UTF-8 declared as Latin-1
        (UTF8 + b"\x92", "utf-8", "utf-8", None),  # a UTF-8 page with one stray byte stays UTF-8
        (UTF8, "shift_jis", "shift_jis", None),  # a declared non-Western charset is not second-guessed
        (b"\x81\x8d\x8f", "utf-8", "utf-8", None),  # neither UTF-8 nor windows-1252: left alone
    ],
)
def test_better_encoding(body, used, declared, expected):
    assert better_encoding(body, used, declared) == expected


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("text/html; charset=utf-8", b"<p>x</p>", "utf-8"),
        ("text/html", b'<meta charset="windows-1252"><p>x</p>', "cp1252"),
        ("text/html", b"<p>x</p>", None),
        (None, b"\xef\xbb\xbf<p>x</p>", "utf-8"),
    ],
)
def test_declared_encoding(content_type, body, expected):
    assert declared_encoding(content_type, body) == expected


def test_middleware_rereads_a_mislabelled_page_and_counts_it():
    crawler = get_crawler()
    middleware = CharsetMiddleware.from_crawler(crawler)
    url = "http://127.0.0.1:8000/2024/10/22/a/"
    response = HtmlResponse(
        url, body=CP1252, headers={"Content-Type": "text/html; charset=utf-8"}, request=Request(url)
    )
    assert "\ufffd" in response.css("p::text").get()
    fixed = middleware.process_response(response.request, response)
    assert fixed.css("p::text").get() == HEADLINE
    assert crawler.stats.get_value("spotlight/charset/corrected/utf-8_to_cp1252") == 1
    fine = HtmlResponse(url, body=UTF8, headers={"Content-Type": "text/html; charset=utf-8"}, request=Request(url))
    assert middleware.process_response(fine.request, fine) is fine
