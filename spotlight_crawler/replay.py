"""Record a crawl once, replay it offline: Scrapy's HTTP cache, chosen by settings only.

- ``SPOTLIGHT_RECORD=<dir>`` stores every response (robots.txt, redirects and error
  statuses included) under ``<dir>`` as plain files: one folder per request with
  ``meta.json``, ``request_headers``, ``response_headers`` and ``response_body``.
- ``SPOTLIGHT_REPLAY=<dir>`` serves responses only from ``<dir>``; nothing reaches a
  download handler, so no connection is opened and no browser starts. A request missing
  from the recording is logged once, counted (``spotlight/replay/missing``) and dropped.

Spiders never know which mode they run in.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from time import time
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.extensions.httpcache import FilesystemCacheStorage
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.settings import SETTINGS_PRIORITIES, Settings
from scrapy.utils.request import RequestFingerprinter

from spotlight_crawler.faults.brokenfiles import read_manifest
from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)

# Derived settings beat settings.py but not -s on the command line or the spider's own.
DERIVED = SETTINGS_PRIORITIES["project"] + 5
# Written beside the responses: what a replay needs to ask for the same URLs.
MANIFEST = "recording.json"
_HTTPCACHE = "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware"
_REPLAY_CACHE = "spotlight_crawler.replay.ReplayCacheMiddleware"


def configure(settings: Settings) -> None:
    """Derive the HTTP cache settings from ``SPOTLIGHT_RECORD`` / ``SPOTLIGHT_REPLAY``."""
    record, replay = settings.get("SPOTLIGHT_RECORD"), settings.get("SPOTLIGHT_REPLAY")
    if record and replay:
        raise ValueError("SPOTLIGHT_RECORD and SPOTLIGHT_REPLAY exclude each other")
    folder = record or replay
    if not folder:
        return
    cache = {
        "HTTPCACHE_ENABLED": True,
        "HTTPCACHE_DIR": str(Path(folder).expanduser().resolve()),
        "HTTPCACHE_STORAGE": "spotlight_crawler.replay.PlainFilesystemCacheStorage",
        "HTTPCACHE_POLICY": "scrapy.extensions.httpcache.DummyPolicy",
        "HTTPCACHE_EXPIRATION_SECS": 0,
        "HTTPCACHE_IGNORE_HTTP_CODES": [],
        "HTTPCACHE_GZIP": False,
    }
    for key, value in cache.items():
        settings.set(key, value, priority=DERIVED)
    manifest = Path(folder).expanduser() / MANIFEST
    if record:
        manifest.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_text(
            json.dumps({"base_url": settings.get("SPOTLIGHT_BASE_URL")}, indent=1) + "\n", encoding="utf-8"
        )
    if replay:
        if not Path(replay).expanduser().is_dir():
            raise ValueError(f"SPOTLIGHT_REPLAY={replay}: no such recording folder")
        middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
        middlewares.update({_HTTPCACHE: None, _REPLAY_CACHE: 900})
        # Requests must name the URLs that were recorded: use the recording's base URL
        # unless one was given explicitly.
        if manifest.is_file() and (settings.getpriority("SPOTLIGHT_BASE_URL") or 0) <= SETTINGS_PRIORITIES["project"]:
            base_url = read_manifest(manifest).get("base_url")
            if base_url:
                settings.set("SPOTLIGHT_BASE_URL", base_url, priority=DERIVED)
        replay_settings = {
            "HTTPCACHE_IGNORE_MISSING": True,
            "DOWNLOADER_MIDDLEWARES": middlewares,
            # Nothing may reach the network (or a browser): no handler for http(s).
            "DOWNLOAD_HANDLERS": {"http": None, "https": None},
            # The recording is local: politeness delays only slow the replay down.
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "RETRY_ENABLED": False,
        }
        for key, value in replay_settings.items():
            settings.set(key, value, priority=DERIVED)


class RenderAwareFingerprinter:
    """Scrapy's fingerprint, plus whether the request goes through the browser.

    Scrapy's fingerprint ignores ``meta``, so the plain and the rendered request for one
    URL would share one cache entry and one dupefilter slot. Rendered requests get a
    fingerprint of their own; plain ones keep Scrapy's.
    """

    def __init__(self, crawler: Crawler | None = None):
        self._default = RequestFingerprinter(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RenderAwareFingerprinter:
        return cls(crawler)

    def fingerprint(self, request: Request) -> bytes:
        plain = self._default.fingerprint(request)
        if not request.meta.get("playwright"):
            return plain
        return hashlib.sha1(plain + b"|rendered", usedforsecurity=False).digest()


class PlainFilesystemCacheStorage(FilesystemCacheStorage):
    """Scrapy's filesystem cache without pickles: metadata is JSON, everything is greppable."""

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        rpath = Path(self._folder(spider, request))
        rpath.mkdir(parents=True, exist_ok=True)
        meta = {
            "url": request.url,
            "method": request.method,
            "rendered": bool(request.meta.get("playwright")),
            "status": response.status,
            "response_url": response.url,
            "timestamp": time(),
        }
        (rpath / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        (rpath / "request_headers").write_bytes(_raw_headers(request.headers))
        (rpath / "response_headers").write_bytes(_raw_headers(response.headers))
        (rpath / "response_body").write_bytes(response.body)

    def retrieve_response(self, spider: Spider, request: Request) -> Response | None:
        meta = self._read_meta(spider, request)
        if meta is None:
            return None
        folder = self._folder(spider, request)
        headers = Headers(_parse_headers(_read(folder, "response_headers")))
        body = _read(folder, "response_body")
        url = meta["response_url"]
        cls = responsetypes.from_args(headers=headers, url=url, body=body)
        request.meta["cache_timestamp"] = meta["timestamp"]
        return cls(url=url, status=meta["status"], headers=headers, body=body)

    def _read_meta(self, spider: Spider, request: Request) -> dict[str, Any] | None:
        try:
            data = _read(self._folder(spider, request), "meta.json")
        except FileNotFoundError:
            return None
        return json.loads(data.decode("utf-8"))

    def _folder(self, spider: Spider, request: Request) -> str:
        """Where one request is kept, as a string: Scrapy's layout, ``<dir>/<spider>/<fp[:2]>/<fp>``.

        Not a ``Path``: ``pathlib`` interns every part it parses, and a fingerprint is a new
        part for every request, so a long replay would keep every one of them for good."""
        assert spider.crawler.request_fingerprinter is not None
        key = spider.crawler.request_fingerprinter.fingerprint(request).hex()
        return f"{self.cachedir}/{spider.name}/{key[:2]}/{key}"


def _read(folder: str, name: str) -> bytes:
    with open(f"{folder}/{name}", "rb") as f:  # noqa: PTH123  # a str path: see _folder
        return f.read()


def _raw_headers(headers: Any) -> bytes:
    lines = []
    for name, values in sorted(headers.items()):
        for value in values:
            lines.append(name + b": " + value)
    return b"\r\n".join(lines) + b"\r\n"


def _parse_headers(raw: bytes) -> dict[bytes, list[bytes]]:
    headers: dict[bytes, list[bytes]] = {}
    for line in raw.splitlines():
        name, sep, value = line.partition(b":")
        if sep:
            headers.setdefault(name.strip(), []).append(value.strip())
    return headers


class ReplayCacheMiddleware(HttpCacheMiddleware):
    """The HTTP cache in replay mode: a miss is logged once, counted, and not fetched."""

    def __init__(self, settings: Settings, stats: Any) -> None:
        super().__init__(settings, stats)
        self._missed: set[str] = set()

    def process_request(self, request: Request) -> Request | Response | None:  # type: ignore[override]  # Scrapy 2.19 calls it without the deprecated spider argument
        try:
            return super().process_request(request)
        except IgnoreRequest:
            self.stats.inc_value(keys.REPLAY_MISSING)
            if request.url not in self._missed:
                self._missed.add(request.url)
                logger.warning("Not in the recording, not fetched: %s", request.url)
            raise
