"""Record a crawl once, replay it offline, through Scrapy's HTTP cache: ``SPOTLIGHT_RECORD=<dir>`` stores
every response there as plain files with the run's repost decisions; ``SPOTLIGHT_REPLAY=<dir>`` serves
only from there (no connection, no browser) and counts what it lacks (``spotlight/replay/missing``)."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.extensions.httpcache import FilesystemCacheStorage
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings, Settings
from scrapy.utils.request import RequestFingerprinter
from w3lib.http import headers_dict_to_raw, headers_raw_to_dict

from spotlight_crawler.faults.brokenfiles import read_manifest
from spotlight_crawler.run import keys

logger = logging.getLogger(__name__)

# Derived settings beat settings.py but not -s on the command line or the spider's own.
DERIVED = SETTINGS_PRIORITIES["project"] + 5
# Written beside the responses: the recorded base URL, and which copy of each repost the run kept.
MANIFEST = "recording.json"
REPOSTS = "reposts.json"


def configure(settings: Settings) -> None:
    """Derive the HTTP cache settings from ``SPOTLIGHT_RECORD`` / ``SPOTLIGHT_REPLAY``."""
    record, replay = settings.get("SPOTLIGHT_RECORD"), settings.get("SPOTLIGHT_REPLAY")
    if record and replay:
        raise ValueError("SPOTLIGHT_RECORD and SPOTLIGHT_REPLAY exclude each other")
    if not (record or replay):
        return
    folder = Path(record or replay).expanduser()
    derived: dict[str, Any] = {
        "HTTPCACHE_ENABLED": True,
        "HTTPCACHE_DIR": str(folder.resolve()),
        "HTTPCACHE_STORAGE": "spotlight_crawler.replay.PlainFilesystemCacheStorage",
    }
    manifest = folder / MANIFEST
    if record:
        folder.mkdir(parents=True, exist_ok=True)
        manifest.write_text(json.dumps({"base_url": settings.get("SPOTLIGHT_BASE_URL")}, indent=1) + "\n", "utf-8")
    elif not folder.is_dir():
        raise ValueError(f"SPOTLIGHT_REPLAY={replay}: no such recording folder")
    else:
        derived |= {
            "HTTPCACHE_IGNORE_MISSING": True,
            "DOWNLOAD_HANDLERS": {"http": None, "https": None},  # nothing may reach the network
            "DOWNLOAD_DELAY": 0,  # the recording is local: politeness would only slow it down
            "AUTOTHROTTLE_ENABLED": False,
            "RETRY_ENABLED": False,
        }
        # Ask for the URLs that were recorded (a base URL given with -s still wins: DERIVED is below it).
        if manifest.is_file() and (base_url := read_manifest(manifest).get("base_url")):
            derived["SPOTLIGHT_BASE_URL"] = base_url
    settings.setdict(derived, priority=DERIVED)


class RenderAwareFingerprinter(RequestFingerprinter):
    """Scrapy's fingerprint, another for a request through the browser (Scrapy's ignores ``meta``):
    the plain and the rendered request for one URL have a cache entry and a duplicate-filter slot each."""

    def fingerprint(self, request: Request) -> bytes:
        plain = super().fingerprint(request)
        if not request.meta.get("playwright"):
            return plain
        return hashlib.sha1(plain + b"|rendered", usedforsecurity=False).digest()


class PlainFilesystemCacheStorage(FilesystemCacheStorage):
    """Scrapy's filesystem cache layout (``<dir>/<spider>/<fp[:2]>/<fp>/``), metadata as JSON, no time
    of storage nor ``Referer`` (the same bytes for an unchanged site). A recording serves nothing from
    its folder; a replay's miss is counted and logged once per URL (Scrapy's middleware ignores it)."""

    def __init__(self, settings: BaseSettings):
        super().__init__(settings)
        self.recording = bool(settings.get("SPOTLIGHT_RECORD"))
        self.missed: set[str] = set()

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        folder = self._folder(spider, request)
        folder.mkdir(parents=True, exist_ok=True)
        meta = {
            "url": request.url,
            "method": request.method,
            "rendered": bool(request.meta.get("playwright")),
            "status": response.status,
            "response_url": response.url,
        }
        (folder / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        asked = {name: values for name, values in request.headers.items() if name != b"Referer"}
        (folder / "request_headers").write_bytes(_raw_headers(asked))
        (folder / "response_headers").write_bytes(_raw_headers(response.headers))
        (folder / "response_body").write_bytes(response.body)

    def retrieve_response(self, spider: Spider, request: Request) -> Response | None:
        if self.recording:
            return None
        folder = self._folder(spider, request)
        if not (folder / "meta.json").is_file():
            spider.crawler.stats.inc_value(keys.REPLAY_MISSING)
            if request.url not in self.missed:
                self.missed.add(request.url)
                logger.warning("Not in the recording, not fetched: %s", request.url)
            return None
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        headers = Headers(headers_raw_to_dict((folder / "response_headers").read_bytes()))
        body = (folder / "response_body").read_bytes()
        url = meta["response_url"]
        cls = responsetypes.from_args(headers=headers, url=url, body=body)
        return cls(url=url, status=meta["status"], headers=headers, body=body)

    def _folder(self, spider: Spider, request: Request) -> Path:
        assert spider.crawler.request_fingerprinter is not None
        key = spider.crawler.request_fingerprinter.fingerprint(request).hex()
        return Path(self.cachedir, spider.name, key[:2], key)


def _raw_headers(headers: Any) -> bytes:
    """Headers as ``Name: value`` lines, sorted by name, each ending in CRLF."""
    return headers_dict_to_raw(dict(sorted(headers.items()))) + b"\r\n"


@dataclass
class RecordedReposts:
    """Which copy of each repost the recorded run kept: a recording writes ``reposts.json`` (each
    dropped URL to ``{"first": kept URL, "where": "in_this_run" | "in_an_earlier_run", "similarity":
    float}``), its replays apply it; without the file, the pipeline decides."""

    path: Path
    decisions: dict[str, dict[str, Any]]
    recording: bool

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
        """(where its story was met, the URL kept, the similarity) of a URL the recorded run dropped
        as a repost; None for any other URL, and while recording."""
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
