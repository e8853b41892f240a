"""A gzip or deflate body cut before the end of its stream, which ``HttpCompressionMiddleware`` inflates
without a word: counted, and its request marked (``STREAM_CUT``: the URL answered) to be asked again."""

from __future__ import annotations

import zlib

from scrapy.http import Request, Response

from spotlight_crawler.faults import FaultMiddleware
from spotlight_crawler.run import keys

STREAM_CUT = "spotlight_stream_cut"
# Inflated in pieces and thrown away, so a decompression bomb costs no memory here.
_CHUNK = 1 << 20
# zlib's window bits per Content-Encoding; deflate with its zlib header, else raw (as Scrapy allows).
WBITS = {
    b"gzip": (16 + zlib.MAX_WBITS,),
    b"x-gzip": (16 + zlib.MAX_WBITS,),
    b"deflate": (zlib.MAX_WBITS, -zlib.MAX_WBITS),
}


def stream_ends(body: bytes, encoding: bytes) -> bool:
    """Whether ``body``, compressed as ``encoding`` (a key of ``WBITS``), holds a whole stream."""
    for wbits in WBITS[encoding]:
        inflater = zlib.decompressobj(wbits)
        data = body
        try:
            while data and not inflater.eof:
                inflater.decompress(data, _CHUNK)
                data = inflater.unconsumed_tail
        except zlib.error:
            continue
        return inflater.eof
    return False


class CompressedStreamMiddleware(FaultMiddleware):
    def process_response(self, request: Request, response: Response) -> Response:
        # Several encodings, brotli and zstd are left alone.
        encoding = (response.headers.get(b"Content-Encoding") or b"").strip().lower()
        if request.method == "HEAD" or not response.body or encoding not in WBITS:
            return response
        if not stream_ends(response.body, encoding):
            self.stats.inc_value(keys.STREAM_CUT)
            request.meta[STREAM_CUT] = response.url
        return response
