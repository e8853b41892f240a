"""What a body labelled HTML really is: UTF-16 text, or not text at all.

A server may send an image, an archive or a PDF under ``text/html`` (a misrouted media
URL, a compromised page, a proxy's error blob); Scrapy then builds an ``HtmlResponse``
and the spider would write its bytes as a story. ``NotHtmlMiddleware`` turns such a
response into a plain ``Response``, which the spider counts as not HTML and never writes.
A UTF-16 page is full of NUL bytes too, so UTF-16 is recognised first (byte order mark,
else charset-normalizer) and left to ``charset.CharsetMiddleware`` to read.
"""

from __future__ import annotations

import logging

import charset_normalizer
from scrapy.crawler import Crawler
from scrapy.http import Request, Response, TextResponse
from w3lib.encoding import read_bom

from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)

# File signatures of the non-text bodies a web server most often mislabels.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"RIFF", "riff"),  # WebP, WAV, AVI
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"\x00\x00\x01\x00", "ico"),
    (b"wOFF", "woff"),
    (b"wOF2", "woff2"),
)
_SAMPLE = 4096
# Bytes no text holds; a page with a stray one is still a page, a body of them is not.
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\f")
_MAX_CONTROL_SHARE = 0.05


def utf16_encoding(body: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``body`` is UTF-16 text (with or without a BOM), else None."""
    bom, _ = read_bom(body)
    if bom in ("utf-16-le", "utf-16-be"):
        return bom
    sample = body[:_SAMPLE]
    if b"\x00" not in sample:
        return None
    sample = sample[: len(sample) - len(sample) % 2]
    best = charset_normalizer.from_bytes(sample).best()
    if best is None:
        return None
    name = best.encoding.replace("_", "-")
    if name == "utf-16":  # no order named: the NULs say which
        name = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    return name if name in ("utf-16-le", "utf-16-be") else None


def binary_kind(body: bytes) -> str | None:
    """What ``body`` is when it is not text (``png``, ``pdf``, ..., ``binary``), else None."""
    head = body.lstrip()[:16]
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    sample = body[:_SAMPLE]
    control = len(sample) - len(sample.translate(None, _CONTROL))
    if control > _MAX_CONTROL_SHARE * len(sample) and utf16_encoding(body) is None:
        return "binary"
    return None


class NotHtmlMiddleware:
    """Downloader middleware: a non-text body under a text content type becomes a plain ``Response``.

    Counts ``spotlight/not_html`` and ``spotlight/not_html/<kind>``.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NotHtmlMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse) or not response.body:
            return response
        kind = binary_kind(response.body)
        if kind is None:
            return response
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(keys.NOT_HTML)
        stats.inc_value(keys.not_html(kind))
        logger.warning(
            "%s: labelled %s but the body is %s data; not read as a page",
            response.url,
            (response.headers.get(b"Content-Type") or b"").decode("latin-1"),
            kind,
        )
        return Response(
            response.url,
            status=response.status,
            headers=response.headers,
            body=response.body,
            flags=response.flags,
            request=response.request,
            certificate=response.certificate,
            ip_address=response.ip_address,
            protocol=response.protocol,
        )
