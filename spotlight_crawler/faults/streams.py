"""A gzip or deflate body that stops before the end of its stream is a cut page, which Scrapy's
``HttpCompressionMiddleware`` inflates without a word: ``CompressedStreamMiddleware``, before it,
counts it and marks its request (``STREAM_CUT`` in its meta: the URL answered) to be asked again."""

from __future__ import annotations

import zlib

from scrapy.http import Request, Response

from spotlight_crawler.faults import FaultMiddleware
from spotlight_crawler.run import keys

STREAM_CUT = "spotlight_stream_cut"
# Inflated in pieces, so a decompression bomb costs no memory here.
_CHUNK = 1 << 20
# zlib's window bits per Content-Encoding; deflate with its zlib header, else raw (as Scrapy allows).
WBITS = {
    b"gzip": (16 + zlib.MAX_WBITS,),
    b"x-gzip": (16 + zlib.MAX_WBITS,),
    b"deflate": (zlib.MAX_WBITS, -zlib.MAX_WBITS),
}


def inflate(body: bytes, encoding: bytes, keep: int = 0) -> tuple[bytes, bool] | None:
    """The first ``keep`` bytes a gzip or deflate ``body`` inflates to, and whether its stream
    ends (read no further than ``keep`` when it is given); None for another encoding or a body
    that is not such a stream."""
    for wbits in WBITS.get(encoding.strip().lower(), ()):
        inflater = zlib.decompressobj(wbits)
        kept, data = b"", body
        try:
            while data and not inflater.eof and not (keep and len(kept) >= keep):
                kept += inflater.decompress(data, _CHUNK)[: max(keep - len(kept), 0)]
                data = inflater.unconsumed_tail
        except zlib.error:
            continue
        return kept, inflater.eof
    return None


class CompressedStreamMiddleware(FaultMiddleware):
    def process_response(self, request: Request, response: Response) -> Response:
        # Several encodings, brotli and zstd are left alone.
        encoding = (response.headers.get(b"Content-Encoding") or b"").strip().lower()
        if request.method == "HEAD" or not response.body or encoding not in WBITS:
            return response
        inflated = inflate(response.body, encoding)
        if inflated is None or not inflated[1]:
            self.stats.inc_value(keys.STREAM_CUT)
            request.meta[STREAM_CUT] = response.url
        return response
