"""A compressed body that stops before the end of its stream is a cut page, however whole
the text it inflates to looks.

Scrapy's ``HttpCompressionMiddleware`` inflates what arrived and keeps quiet about a gzip or
deflate stream without its end (a proxy or application that stopped half way, with a
Content-Length that matches what it sent). ``CompressedStreamMiddleware`` (before it, for
responses: a higher number) reads the stream to its end marker without keeping the text,
and marks the request of a response whose stream has none (``STREAM_CUT`` in its meta, the
URL it was answered for): the spider asks for the page again and, still cut, counts it as
no story (``spotlight/article/not_story/cut``). Counted as ``spotlight/stream/cut``.
Brotli and zstd streams are left as they are (their end is not checked here).
"""

from __future__ import annotations

import zlib

from scrapy.crawler import Crawler
from scrapy.http import Request, Response

from spotlight_crawler.run import keys

STREAM_CUT = "spotlight_stream_cut"
# Inflated in pieces of this size, so a decompression bomb costs no memory here (its size is
# for DOWNLOAD_MAXSIZE in HttpCompressionMiddleware to judge).
_CHUNK = 1 << 20
# zlib's window bits per Content-Encoding; deflate is tried with its zlib header, then raw
# (some servers send raw deflate under that name, as Scrapy's own inflater allows).
_WBITS = {
    b"gzip": (16 + zlib.MAX_WBITS,),
    b"x-gzip": (16 + zlib.MAX_WBITS,),
    b"deflate": (zlib.MAX_WBITS, -zlib.MAX_WBITS),
}


def stream_complete(body: bytes, encoding: bytes) -> bool | None:
    """Whether a ``gzip`` or ``deflate`` body reaches the end of its stream; None for another encoding."""
    choices = _WBITS.get(encoding.strip().lower())
    if choices is None:
        return None
    return any(_reaches_end(body, wbits) for wbits in choices)


def _reaches_end(body: bytes, wbits: int) -> bool:
    inflater = zlib.decompressobj(wbits)
    data = body
    try:
        while data and not inflater.eof:
            inflater.decompress(data, _CHUNK)
            data = inflater.unconsumed_tail
    except zlib.error:
        return False
    return inflater.eof


class CompressedStreamMiddleware:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CompressedStreamMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        encoding = response.headers.get(b"Content-Encoding")
        if not encoding or not response.body or request.method == "HEAD":
            return response
        # The last encoding applied is the first to undo; a list of several is left alone.
        if b"," not in encoding and stream_complete(response.body, encoding) is False:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(keys.STREAM_CUT)
            request.meta[STREAM_CUT] = response.url
        return response
