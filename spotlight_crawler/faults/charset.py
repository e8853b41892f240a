"""Pages are read in the charset they are written in, whatever they declare.

Three ways a page of this site reads wrong:

- it declares UTF-8 (header or ``<meta>``) but holds windows-1252 bytes (curly quotes
  pasted from a word processor: 0x91-0x94), and every quote reads as U+FFFD;
- it declares windows-1252 or Latin-1 but is UTF-8, and every quote reads as ``â€™``;
- it declares nothing and is not UTF-8: Scrapy then asks charset_normalizer, whose guess on
  a short English page with a few 0x92 bytes is a Baltic or Central European code page
  (``KoreaÆs``). Browsers read such a page as windows-1252, and so does this module.

And one way it reads as noise: a UTF-16 page. With a byte order mark Scrapy decodes it,
but every check on its bytes (the end tag of a complete page) fails; without one Scrapy
takes it for windows-1252. ``CharsetMiddleware`` hands UTF-16 pages on re-encoded as UTF-8
(``sniff.utf16_encoding`` recognises them), so text and bytes agree.

``CharsetMiddleware`` re-reads such responses; ``better_encoding`` is the pure rule.
"""

from __future__ import annotations

import codecs
import logging

from scrapy.crawler import Crawler
from scrapy.http import Request, Response, TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

from spotlight_crawler.faults.sniff import utf16_encoding
from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)

# Declarations that name a single-byte Western charset (w3lib reads Latin-1 as windows-1252).
_SINGLE_BYTE = frozenset({"cp1252", "iso8859-1", "latin-1", "ascii", "iso8859-15"})
# What a Western page that is not UTF-8 is written in, as browsers assume.
_LEGACY = "cp1252"


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name.lower()


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def declared_encoding(content_type: str | None, body: bytes) -> str | None:
    """The charset the response declares (byte order mark, header, ``<meta>``), or None."""
    bom, _ = read_bom(body)
    return bom or http_content_type_encoding(content_type or "") or html_body_declared_encoding(body)


def better_encoding(body: bytes, used: str, declared: str | None) -> str | None:
    """The charset ``body`` is written in when it is not ``used``; None when ``used`` is right.

    ``declared`` is what the response declared (None: nothing). A body read as UTF-8 that
    is not UTF-8 is windows-1252 when that reads it, unless its valid multibyte characters
    outnumber the broken ones (a UTF-8 page with a stray byte stays UTF-8). A body that is
    valid UTF-8 is UTF-8 when it declared nothing or a single-byte Western charset. An
    undeclared body that is not UTF-8 is windows-1252.
    """
    if body.isascii():
        return None
    used = _codec(used)
    utf8 = _decodes(body, "utf-8")
    if used == "utf-8":
        if utf8:
            return None
        text = body.decode("utf-8", errors="replace")
        broken = text.count("\ufffd")
        if len(text) - sum(c.isascii() for c in text) - broken > broken:
            return None
        return _LEGACY if _decodes(body, _LEGACY) else None
    if utf8 and (declared is None or used in _SINGLE_BYTE):
        return "utf-8"
    if declared is None and used != _LEGACY and _decodes(body, _LEGACY):
        return _LEGACY
    return None


class CharsetMiddleware:
    """Downloader middleware: a text response in the wrong charset is re-read in the right one.

    Counts ``spotlight/charset/corrected`` (and ``.../<declared>_to_<actual>``), and UTF-16
    pages as ``spotlight/charset/utf16`` (and ``.../<declared>_to_<actual>``).
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CharsetMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse) or not response.body:
            return response
        used = response.encoding
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        if utf16 := utf16_encoding(response.body):
            return self._transcoded(response, _codec(used), utf16)
        actual = better_encoding(response.body, used, declared_encoding(content_type, response.body))
        if actual is None:
            return response
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(keys.CHARSET_CORRECTED)
        stats.inc_value(keys.charset_corrected(_codec(used), actual))
        logger.info("%s: read as %s but written in %s", response.url, used, actual)
        return response.replace(encoding=actual)

    def _transcoded(self, response: TextResponse, used: str, actual: str) -> TextResponse:
        """The UTF-16 ``response`` as UTF-8 bytes (byte order mark dropped), declared so."""
        text = response.body.decode(actual, errors="replace").lstrip("\ufeff")
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(keys.CHARSET_UTF16)
        stats.inc_value(keys.charset_utf16(used, _codec(actual)))
        if used != _codec(actual):
            logger.info("%s: read as %s but written in %s", response.url, used, actual)
        headers = response.headers.copy()
        headers[b"Content-Type"] = b"text/html; charset=utf-8"
        return response.replace(body=text.encode("utf-8"), encoding="utf-8", headers=headers)
