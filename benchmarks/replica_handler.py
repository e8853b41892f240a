"""A download handler that answers from an in-process replica: a recording without sockets.

    scrapy crawl latest -s DOWNLOAD_HANDLERS='{"http": "benchmarks.replica_handler.ReplicaDownloadHandler"}' \
        -s BENCH_REPLICA_ARTICLES=50000 -s SPOTLIGHT_BASE_URL=http://127.0.0.1:8 -s SPOTLIGHT_RECORD=<dir>

Recording 50,000 articles through the replica's HTTP server takes a quarter of an hour,
most of it in the threaded server and the loopback connections. This handler builds
``Replica(n_articles=BENCH_REPLICA_ARTICLES, seed=BENCH_REPLICA_SEED, page_size=10)`` in
the crawl process and answers each request with ``Replica.handle`` (the method its HTTP
server calls), with the headers that server sends (``Server``, ``Date`` of the replica's
clock, ``Content-Type``, ``Content-Length`` and the route's own). The pages, statuses and
headers stored are those of a crawl over HTTP; the crawl's own times and memory are not
those of a live crawl, so ``benchmarks/corpus.py`` does not report them as such.
"""

from __future__ import annotations

from email.utils import format_datetime
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from tests.replica import Replica


class ReplicaDownloadHandler(BaseDownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.replica = Replica(
            n_articles=settings.getint("BENCH_REPLICA_ARTICLES", 2000),
            seed=settings.getint("BENCH_REPLICA_SEED", 0),
            page_size=10,
        )

    async def download_request(self, request: Request) -> Response:
        parts = urlsplit(request.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        sent = {k.decode("latin-1"): v[0].decode("latin-1") for k, v in request.headers.items() if v}
        answer = self.replica.handle(request.method, target, {**sent, "Host": parts.netloc})
        headers = {
            "Server": "nginx",
            "Date": format_datetime(self.replica.site.now, usegmt=True),
            "Content-Type": answer.content_type,
            "Content-Length": str(len(answer.body)),
            **answer.headers,
        }
        body = b"" if request.method == "HEAD" else answer.body
        cls = responsetypes.from_args(headers=Headers(headers), url=request.url, body=body)
        return cls(
            url=request.url, status=answer.status, headers=headers, body=body, request=request, protocol="HTTP/1.1"
        )
