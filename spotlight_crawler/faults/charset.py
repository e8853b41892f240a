"""``CharsetMiddleware`` (after decompression): a text response that is binary data goes on as a
plain ``Response``, UTF-16 as UTF-8, and one in another charset than declared is read in its own."""

from __future__ import annotations

import codecs
import logging

import charset_normalizer
from scrapy.http import Request, Response, TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

from spotlight_crawler.faults import FaultMiddleware
from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)

_SAMPLE = 4096
# Bytes no text holds; a page with a stray one is still a page, a body of them is not.
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\f")
_MAX_CONTROL_SHARE = 0.05
# Declarations that name a single-byte Western charset (w3lib reads Latin-1 as windows-1252).
_SINGLE_BYTE = frozenset({"cp1252", "iso8859-1", "latin-1", "ascii", "iso8859-15"})
# What a Western page that is not UTF-8 is written in, as browsers assume.
_LEGACY = "cp1252"


def utf16_encoding(body: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``body`` is UTF-16 text (with or without a BOM), else None."""
    sample = body[:_SAMPLE]
    if b"\x00" not in sample:
        return None
    sample = sample[: len(sample) - len(sample) % 2]
    best = charset_normalizer.from_bytes(sample).best()
    if best is None or not best.encoding.startswith("utf_16"):
        return None
    # The NULs say the byte order (charset-normalizer names none for a byte order mark).
    return "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"


def is_binary(body: bytes) -> bool:
    """Whether ``body`` is not text (an image, an archive...): control bytes beyond a stray one, and not UTF-16."""
    sample = body[:_SAMPLE]
    control = len(sample) - len(sample.translate(None, _CONTROL))
    return control > _MAX_CONTROL_SHARE * len(sample) and utf16_encoding(body) is None


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def declared_encoding(content_type: str | None, body: bytes) -> str | None:
    """The charset the response declares (byte order mark, header, ``<meta>``), or None."""
    return read_bom(body)[0] or http_content_type_encoding(content_type or "") or html_body_declared_encoding(body)


def better_encoding(body: bytes, used: str, declared: str | None) -> str | None:
    """The charset ``body`` is written in when it is not ``used`` (a codec's Python name); None when it is.
    ``declared``: what the response declared (None: nothing). Read as UTF-8 but not UTF-8: windows-1252 when
    that reads it, unless its valid multibyte characters outnumber the broken ones. Valid UTF-8 declared as
    nothing or a single-byte Western charset: UTF-8. Undeclared and not UTF-8: windows-1252."""
    if body.isascii():
        return None
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


class CharsetMiddleware(FaultMiddleware):
    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse) or not response.body:
            return response
        used = codecs.lookup(response.encoding).name
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        if is_binary(response.body):
            self.count(keys.NOT_HTML)
            message = "%s: labelled %s but the body is binary data; not read as a page"
            logger.warning(message, response.url, content_type)
            return Response(**{name: getattr(response, name) for name in Response.attributes})
        if utf16 := utf16_encoding(response.body):
            self.count(keys.CHARSET_UTF16, keys.charset_utf16(used, utf16))
            text = response.body.decode(utf16, errors="replace").lstrip("\ufeff")
            headers = response.headers.copy()
            headers[b"Content-Type"] = b"text/html; charset=utf-8"
            return response.replace(body=text.encode("utf-8"), encoding="utf-8", headers=headers)
        actual = better_encoding(response.body, used, declared_encoding(content_type, response.body))
        if actual is None:
            return response
        self.count(keys.CHARSET_CORRECTED, keys.charset_corrected(used, actual))
        logger.info("%s: read as %s but written in %s", response.url, used, actual)
        return response.replace(encoding=actual)
