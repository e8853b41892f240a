"""Record a crawl once, replay it offline: Scrapy's HTTP cache, chosen by settings only.

- ``SPOTLIGHT_RECORD=<dir>`` stores every response (robots.txt, redirects and error
  statuses included) under ``<dir>`` as plain files: one folder per request with
  ``meta.json``, ``request_headers``, ``response_headers`` and ``response_body``.
- ``SPOTLIGHT_REPLAY=<dir>`` serves responses only from ``<dir>``; nothing reaches a
  download handler, so no connection is opened and no browser starts. A request missing
  from the recording is logged once, counted (``spotlight/replay/missing``) and dropped.
- The recorded run's repost decisions (which copy of a story it kept) are written beside
  the responses (``reposts.json``) and applied by the replay, so a replay writes the records
  of the run that recorded it (see ``RecordedReposts``).

Nothing in a recording depends on when or in which order its responses arrived: recording an
unchanged site again writes the same files, byte for byte.

Spiders never know which mode they run in.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.extensions.httpcache import DummyPolicy, FilesystemCacheStorage
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
# Written beside the responses too: which copy of each repost the recorded run kept.
REPOSTS = "reposts.json"
# Request headers that name what happened to link first, not what was asked for: which page
# a URL was found on first depends on the order responses arrived.
_ORDER_DEPENDENT_HEADERS = frozenset({b"Referer"})
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
        # Recording asks the site for everything, even what the folder already holds.
        "HTTPCACHE_POLICY": "spotlight_crawler.replay.RecordPolicy"
        if record
        else "scrapy.extensions.httpcache.DummyPolicy",
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


class RecordPolicy(DummyPolicy):
    """A recording fetches every response and stores it, over whatever the folder held.

    With Scrapy's ``DummyPolicy`` alone, recording again into a folder would serve the earlier
    recording's responses (a replay in all but name) and never ask the site."""

    def is_cached_response_fresh(self, cachedresponse: Response, request: Request) -> bool:
        return False

    def is_cached_response_valid(self, cachedresponse: Response, response: Response, request: Request) -> bool:
        return False


class PlainFilesystemCacheStorage(FilesystemCacheStorage):
    """Scrapy's filesystem cache without pickles: metadata is JSON, everything is greppable.

    What a folder holds is the request and its response only: no time of storage, and no
    ``Referer`` (the page a URL was met on first depends on the order responses arrived).
    """

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        rpath = Path(self._folder(spider, request))
        rpath.mkdir(parents=True, exist_ok=True)
        meta = {
            "url": request.url,
            "method": request.method,
            "rendered": bool(request.meta.get("playwright")),
            "status": response.status,
            "response_url": response.url,
        }
        # No time of storage (Scrapy's cache keeps one): the recorded Date header is the
        # response's time, and a stored time would make every re-recording differ.
        (rpath / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        asked = {name: values for name, values in request.headers.items() if name not in _ORDER_DEPENDENT_HEADERS}
        (rpath / "request_headers").write_bytes(_raw_headers(asked))
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


class RecordedReposts:
    """Which copy of each repost the recorded run kept: written by a recording, applied by its replay.

    Which of two copies of a story a live run keeps depends on which one reached the dedup
    pipeline first, that is, on the order responses arrived. A replay serves the same responses
    in an order of its own, so instead of deciding again it applies the recorded run's
    decisions: a URL the recorded run dropped as a repost is dropped as a repost of the same
    story, with the same evidence. ``reposts.json`` maps each dropped URL to
    ``{"first": kept URL, "where": "in_this_run" | "in_an_earlier_run", "similarity": float}``,
    sorted, so the file changes only when the run's decisions did. A recording made before the
    file existed replays with the pipeline's own decisions.
    """

    def __init__(self, path: Path, decisions: dict[str, dict[str, Any]], recording: bool):
        self.path = path
        self.decisions = decisions
        self.recording = recording

    @classmethod
    def from_settings(cls, settings: Settings) -> RecordedReposts | None:
        """The decisions of this run's recording or replay; None when the run does neither."""
        if folder := settings.get("SPOTLIGHT_RECORD"):
            return cls(Path(folder).expanduser() / REPOSTS, {}, recording=True)
        if folder := settings.get("SPOTLIGHT_REPLAY"):
            path = Path(folder).expanduser() / REPOSTS
            try:
                decisions = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
            except (OSError, ValueError) as exc:
                raise ValueError(f"{path} cannot be read as a recording's repost decisions ({exc})") from None
            if not isinstance(decisions, dict):
                raise ValueError(f"{path} is not a recording's repost decisions (expected a JSON object)")
            return cls(path, decisions, recording=False)
        return None

    def recorded(self, url: str | None) -> tuple[str, str, float] | None:
        """For a URL the recorded run dropped as a repost: (where its story was met, the URL
        kept, the similarity); None for any other URL, and while recording."""
        if self.recording or not url or not isinstance(found := self.decisions.get(url), dict):
            return None
        return str(found.get("where", "in_this_run")), str(found.get("first", "")), float(found.get("similarity", 1.0))

    def note(self, url: str | None, where: str, first: str | None, similarity: float | None) -> None:
        """While recording: ``url`` was dropped as a repost of ``first``."""
        if self.recording and url:
            self.decisions[url] = {"first": first, "where": where, "similarity": round(similarity or 0.0, 4)}

    def save(self) -> None:
        """While recording: write the decisions (an empty object when the run dropped no repost)."""
        if self.recording:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.decisions, indent=1, sort_keys=True) + "\n", encoding="utf-8")
