"""A hostile or broken site cannot steer the crawler: nothing off-site, every crawl ends,
no page crashes it, every failure counted under its own name.

Each test switches on a fault of the replica (tests/replica/faults.py) and runs the real
``scrapy crawl``. Two traps stand for the places a page may try to send the crawler: a
server on another loopback host (127.0.0.2) and one on the site's own host but another
port. Both record every request they get; every test asserts they got none.
"""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

import pytest

from spotlight_crawler.state import SeenStore
from tests.crawl import CrawlResult, crawl, validate
from tests.replica.faults import as_hook
from tests.test_crawl import assert_matches_truth, expected
from tests.test_faults import originals, reachable

SETTINGS = {"SPOTLIGHT_STATE": "", "SPOTLIGHT_RENDER": "never"}


class Trap:
    """A loopback server that answers every request with a page of its own and logs it."""

    def __init__(self, host: str) -> None:
        self.requests: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                owner.requests.append(self.path)
                body = b"<!DOCTYPE html><html><head><title>Injected</title></head><body><h1>Injected story</h1>" \
                       b"<p>Text from another server.</p></body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_HEAD = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.url = f"http://{host}:{self.server.server_address[1]}"
        Thread(target=self.server.serve_forever, daemon=True).start()
        # It answers, so "received nothing" below means the crawl sent nothing.
        with urllib.request.urlopen(self.url + "/probe", timeout=5) as reply:
            assert reply.status == 200
        assert self.requests == ["/probe"]
        self.requests.clear()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def traps() -> Iterator[dict[str, Trap]]:
    found = {"other_host": Trap("127.0.0.2"), "other_port": Trap("127.0.0.1")}
    yield found
    for trap in found.values():
        trap.close()


def held(result: CrawlResult, traps: dict[str, Trap], exit_status: int = 0) -> CrawlResult:
    """What every hostile run keeps: it finishes, crashes nowhere, writes valid records
    once each, sends nothing off the site, and exits with ``exit_status``."""
    assert result.stats.get("finish_reason") == "finished", result.log[-3000:]
    assert not [k for k in result.stats if k.startswith("spider_exceptions/")], result.log[-3000:]
    assert "Traceback" not in result.log, result.log[-3000:]
    validate(result.records)
    urls = [r["url"] for r in result.records]
    assert len(urls) == len(set(urls)), "a story was written twice"
    assert "Injected story" not in json.dumps(result.records)
    for name, trap in traps.items():
        assert trap.requests == [], f"a request reached the {name} trap"
    assert result.returncode == exit_status, result.log[-3000:]
    return result


def run(replica, tmp_path: Path, traps, spider: str = "international", exit_status: int = 0, **settings: str) -> CrawlResult:
    result = crawl(spider, replica.base_url, tmp_path, settings={**SETTINGS, **settings})
    return held(result, traps, exit_status)


# --- 1. Nothing off the site, whatever made the request -------------------------------------


def test_meta_refresh_and_redirects_off_the_origin_are_never_sent(replica, traps, tmp_path):
    to_host, to_name, redirected = originals(replica.site.international(), 3)
    replica.set_fault("meta_refresh", to=traps["other_host"].url, paths=[to_host.path])
    replica.hooks.append(as_hook(replica, "meta_refresh", to="http://offsite.invalid", paths=[to_name.path]))
    replica.hooks.append(as_hook(replica, "redirect_offsite", to=traps["other_port"].url, paths=[redirected.path]))
    # The home page is asked for with dont_filter, which Scrapy's offsite filter lets go anywhere.
    replica.hooks.append(as_hook(replica, "meta_refresh", to=traps["other_host"].url, kind=None, paths=["/"]))
    result = run(replica, tmp_path, traps)
    assert_matches_truth(result.records, reachable(replica.site.international(), to_host, to_name, redirected),
                         replica.site)
    # The meta refreshes' requests are stopped before they are sent: neither the other host
    # nor a name that cannot resolve is reached (no `dns` failure: the name was never looked up).
    assert result.stat("spotlight/article/failed/offsite_blocked") == 2
    assert result.stat("spotlight/article/failed/dns") == 0
    assert result.stat("spotlight/offsite/blocked") == 3
    assert result.stat("spotlight/listing/fallback_path") == 1  # the home page was lost to its refresh
    # The 301 to the same host on another port fails before it is followed.
    assert result.stat("spotlight/article/failed/offsite_redirect") == 1


