"""A local HTTP server that plays www.spotlightnepal.com for tests.

Standard library only (``http.server``), bound to 127.0.0.1, one daemon
thread. The clock is frozen at ``site.now``: the ``Date`` header and every
relative age on the pages come from it, so crawls are reproducible. Tests
read the truth from ``replica.site`` (same process) or from
``/__replica__/truth.json`` (another process, e.g. ``scrapy crawl``).

Request flow (:meth:`Replica.handle`)::

    /__replica__/*  control endpoints (never logged, never faulted)
    log the request -> per-request hooks and faults -> routes

Hooks and faults are the place where misbehaviour (errors, slowness...) is
added: a hook is ``callable(RequestInfo) -> Response | None``; a fault is a
named entry of :data:`FAULTS` switched on with :meth:`Replica.set_fault`.
The first one that returns a :class:`Response` answers the request; its
``delay``/``abort`` fields cover slow and dropped responses.
"""

from __future__ import annotations

import json
import re
import socket
import struct
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .content import DEFAULT_NOW, INTERNATIONAL, SECTION_BY_SLUG, SiteData, generate_site
from .pages import (
    DEFAULT_INTERNATIONAL_PATH,
    DEFAULT_LATEST_PATH,
    ROBOTS_TXT,
    TINY_JPEG,
    SiteRenderer,
)

HTML = "text/html; charset=utf-8"
ARTICLE_PATH_RE = re.compile(r"^/\d{4}/\d{2}/\d{2}/[^/]+/?$")
CONTROL_PREFIX = "/__replica__/"


@dataclass
class RequestInfo:
    """What hooks, faults and routes see of a request."""

    method: str
    target: str  # path with query, as requested
    path: str  # path only
    query: dict[str, list[str]]
    headers: dict[str, str]
    host: str  # Host header, or the bound address


@dataclass
class Response:
    """A response before it is written; ``body`` is bytes (omitted for HEAD).

    ``delay`` (seconds) is slept by the HTTP handler before answering, outside
    the replica's lock, so a slow response does not hold up other requests.
    ``abort=True`` closes the connection without any response.
    ``gate``: the handler waits for this event (outside the lock) before answering, so a
    test can order responses without timing them; ``sent`` is set once the answer is written.
    """

    status: int
    body: bytes = b""
    content_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    abort: bool = False
    gate: threading.Event | None = None
    sent: threading.Event | None = None


def _status_fault(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("status", code=503, path_prefix="/topic/", times=2)``.

    Answers matching requests with ``code`` (default 503); ``times`` limits
    how many requests are affected (default: all).
    """
    if not req.path.startswith(params.get("path_prefix", "/")):
        return None
    times = params.get("times")
    if times is not None:
        if params.get("_used", 0) >= times:
            return None
        params["_used"] = params.get("_used", 0) + 1
    code = int(params.get("code", 503))
    return Response(code, f"<html><body><h1>Error {code}</h1></body></html>".encode())


FaultHandler = Callable[["Replica", RequestInfo, dict[str, Any]], "Response | None"]

FAULTS: dict[str, FaultHandler] = {
    "status": _status_fault,
}
"""Known faults by name. Add entries here to teach the replica new misbehaviour."""


class Replica:
    """The replica site: content, renderer and HTTP server in one object.

    Options: ``n_articles``, ``seed``, ``page_size``, ``port`` (0 = pick a
    free one), ``now`` (replica clock, aware), ``international_path`` and
    ``latest_path`` (where the nav's "International"/"Latest" point and the
    only paths those listings answer on), ``nav`` (False = no navigation
    links anywhere), ``verbose`` (log requests to stderr); ``js_listing``,
    ``challenge`` and ``js_articles``: pages only a browser can read
    (see :mod:`tests.replica.scripted`); ``listing_markup="cms"``: listings in a second
    markup full of other article links (see :mod:`tests.replica.listing_cms`);
    ``columns``: recurring-title columns and a repost among them (see
    :func:`tests.replica.content.add_columns`); ``templates``: ``"cms"`` or names from
    :mod:`tests.replica.templates_cms` to serve article pages in those instead; ``feed``:
    options of the RSS feed (window, path, link, fault: see :mod:`tests.replica.feed`).
    """

    def __init__(
        self,
        n_articles: int = 40,
        seed: int = 0,
        page_size: int = 10,
        port: int = 0,
        *,
        now: datetime = DEFAULT_NOW,
        international_path: str = DEFAULT_INTERNATIONAL_PATH,
        latest_path: str = DEFAULT_LATEST_PATH,
        nav: bool = True,
        verbose: bool = False,
        js_listing: bool = False,
        challenge: bool = False,
        js_articles: tuple[str, ...] = (),
        host: str = "127.0.0.1",
        listing_markup: str = "default",
        columns: bool = False,
        templates: str | tuple[str, ...] = (),
        feed: dict[str, Any] | None = None,
    ):
        self.site: SiteData = generate_site(n_articles, seed, now, columns=columns)
        if templates == "cms":
            from .templates_cms import CMS_TEMPLATES as templates
        self.renderer = SiteRenderer(
            self.site,
            page_size=page_size,
            international_path=international_path,
            latest_path=latest_path,
            nav=nav,
            listing_markup=listing_markup,
            templates=tuple(templates),
        )
        self.options = {
            "n_articles": n_articles,
            "seed": seed,
            "page_size": page_size,
            "international_path": international_path,
            "latest_path": latest_path,
            "nav": nav,
            "js_listing": js_listing,
            "challenge": challenge,
            "js_articles": list(js_articles),
            "listing_markup": listing_markup,
            "columns": columns,
        }
        from .feed import FeedPages
        from .scripted import ScriptedPages  # scripted builds this module's Responses

        self.feed = FeedPages(self.site, **(feed or {}))
        self.renderer.feed_link = self.feed.head_link
        self.options["feed"] = dict(feed or {})

        self.scripted = ScriptedPages(
            self.site, self.renderer, js_listing=js_listing, challenge=challenge, js_articles=js_articles
        )
        self.verbose = verbose
        self.faults: dict[str, dict[str, Any]] = {}
        self.hooks: list[Callable[[RequestInfo], Response | None]] = []
        self._host = host
        self._port = port
        self._lock = threading.RLock()
        self._requests: list[dict[str, Any]] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------
    # Lifecycle
    # ------------------------------------------------------------------
    def start(self) -> Replica:
        if self._server is not None:
            return self
        handler = type("ReplicaHandler", (_Handler,), {"replica": self})
        self._server = _Server((self._host, self._port), handler)
        self._port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"replica:{self._port}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> Replica:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (valid after :meth:`start`)."""
        return f"http://{self._host}:{self._port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    # ------------------------------------------------------------------
    # Test controls
    # ------------------------------------------------------------------
    def publish(self, k: int = 1, section: str | None = None) -> list:
        """Add ``k`` new articles on top (see :meth:`SiteData.publish`)."""
        with self._lock:
            return self.site.publish(k, section=section)

    def publish_column(self, title: str = "From The Editor") -> Any:
        """Add one new story under a recurring title (see :meth:`SiteData.publish_column`)."""
        with self._lock:
            return self.site.publish_column(title)

    def publish_repost(self, original: Any) -> Any:
        """Add ``original`` again under a new URL (see :meth:`SiteData.publish_repost`)."""
        with self._lock:
            return self.site.publish_repost(original)

    @property
    def requests(self) -> list[dict[str, Any]]:
        """Snapshot of logged requests: ``{method, path, headers, status}``.

        ``path`` includes the query string. Control endpoints are not logged.
        """
        with self._lock:
            return [dict(r) for r in self._requests]

    def reset_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    def set_fault(self, name: str, **params: Any) -> None:
        """Switch on fault ``name`` (a key of :data:`FAULTS`) with ``params``."""
        if name not in FAULTS:
            raise KeyError(f"unknown fault {name!r}; known: {sorted(FAULTS)}")
        with self._lock:
            self.faults[name] = dict(params)

    def clear_faults(self, name: str | None = None) -> None:
        with self._lock:
            if name is None:
                self.faults.clear()
            else:
                self.faults.pop(name, None)

    # ------------------------------------------------------------------
    # Request handling (usable without sockets)
    # ------------------------------------------------------------------
    def handle(self, method: str, target: str, headers: dict[str, str] | None = None) -> Response:
        """Answer one request; the HTTP handler is a thin wrapper around this."""
        headers = dict(headers or {})
        parts = urlsplit(target)
        host = next((v for k, v in headers.items() if k.lower() == "host"), None)
        req = RequestInfo(
            method=method.upper(),
            target=target,
            path=parts.path or "/",
            query=parse_qs(parts.query, keep_blank_values=True),
            headers=headers,
            host=host or f"{self._host}:{self._port}",
        )
        if req.path.startswith(CONTROL_PREFIX):
            with self._lock:
                return self._control(req)
        entry = {"method": req.method, "path": target, "headers": headers, "status": None}
        with self._lock:
            self._requests.append(entry)
            try:
                resp = self._intercept(req) or self._route(req)
            except Exception:  # a bug in the replica must not look like a network error
                resp = Response(500, traceback.format_exc().encode(), "text/plain; charset=utf-8")
            entry["status"] = resp.status
        return resp

    def _intercept(self, req: RequestInfo) -> Response | None:
        for hook in list(self.hooks):
            resp = hook(req)
            if resp is not None:
                return resp
        for name, params in list(self.faults.items()):
            resp = FAULTS[name](self, req, params)
            if resp is not None:
                return resp
        return None

    def _not_found(self) -> Response:
        return Response(404, self.renderer.not_found().encode())

    def _route(self, req: RequestInfo) -> Response:
        if req.method not in ("GET", "HEAD"):
            return Response(405, b"Method not allowed", "text/plain; charset=utf-8", {"Allow": "GET, HEAD"})
        scripted = self.scripted.route(req)
        if scripted is not None:
            return scripted
        r, path = self.renderer, req.path
        if path == "/":
            return Response(200, r.home(req.host).encode())
        if path == "/robots.txt":
            return Response(200, ROBOTS_TXT.encode(), "text/plain; charset=utf-8")
        if (feed := self.feed.route(req)) is not None:
            return feed
        if path.startswith("/media/images/") and path.endswith(".jpg"):
            return Response(200, TINY_JPEG, "image/jpeg")
        if ARTICLE_PATH_RE.match(path):
            art = self.site.lookup(path)
            if art is None:
                return self._not_found()
            return Response(200, r.article(art, req.host).encode())
        if path.rstrip("/") in ("/about", "/contact"):
            title = "About Us" if path.startswith("/about") else "Contact"
            text = (
                "New Spotlight is a fortnightly news magazine published from Kathmandu."
                if title == "About Us"
                else "Write to the editor: Keshab Prasad Poudel."
            )
            return Response(200, r.static_page(title, text, req.host).encode())
        values = req.query.get("page", ["1"])
        page_raw = values[-1] if values else "1"
        page = int(page_raw) if page_raw.isdigit() else -1
        body = r.listing_for_path(path, page, req.host)
        if body is False or body is None:
            return self._not_found()
        return Response(200, body.encode())

    def _control(self, req: RequestInfo) -> Response:
        name = req.path[len(CONTROL_PREFIX) :].rstrip("/")
        if name == "publish" and req.method in ("GET", "POST"):
            n = int(req.query.get("n", ["1"])[-1])
            section = req.query.get("section", [None])[-1]
            if section is not None:
                section = SECTION_BY_SLUG.get(section, section)
            new = self.site.publish(n, section=section)
            return _json({"published": [a.path for a in new], "now": self.site.now.isoformat()})
        if name == "truth.json" and req.method in ("GET", "HEAD"):
            data = self.site.truth()
            data["options"] = dict(self.options)
            data["international_section"] = INTERNATIONAL
            return _json(data)
        if name == "requests.json" and req.method in ("GET", "HEAD"):
            return _json(self.requests)
        if name == "reset_requests" and req.method in ("GET", "POST"):
            self._requests.clear()
            return _json({"ok": True})
        return Response(404, b'{"error": "unknown control endpoint"}', "application/json")


def _json(data: Any) -> Response:
    return Response(200, json.dumps(data, ensure_ascii=False).encode(), "application/json")


class _Server(ThreadingHTTPServer):
    """Threaded server with a listen backlog large enough for a crawler.

    The default backlog of 5 drops connection attempts when a crawler opens
    many at once, and the client's SYN retry costs a second each time.
    """

    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (timeout, reset) is a fault under test, not a replica bug.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    """Thin ``http.server`` adapter around :meth:`Replica.handle`."""

    replica: Replica  # set on the per-server subclass
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes
    timeout = 10  # idle keep-alive connections are dropped after this

    def date_time_string(self, timestamp: float | None = None) -> str:
        # RFC 7231 IMF-fixdate of the replica clock, not of the real one.
        return format_datetime(self.replica.site.now, usegmt=True)

    def version_string(self) -> str:
        return "nginx"

    def log_message(self, format: str, *args: Any) -> None:
        if self.replica.verbose:
            sys.stderr.write(f"replica: {self.address_string()} {format % args}\n")

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        resp = self.replica.handle(self.command, self.path, dict(self.headers.items()))
        if resp.delay:
            time.sleep(resp.delay)
        if resp.gate is not None:
            resp.gate.wait(timeout=60)  # a bound, so a test that never opens it cannot hang the server
        if resp.abort:
            # A reset (RST), as when an upstream crashes: linger 0, then close.
            self.close_connection = True
            try:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
            except OSError:
                pass
            return
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        # A fault may declare more than it sends (a body cut short); the connection then ends.
        length = resp.headers.get("Content-Length", str(len(resp.body)))
        self.send_header("Content-Length", length)
        for k, v in resp.headers.items():
            if k != "Content-Length":
                self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(resp.body)
        if int(length) != len(resp.body):
            self.close_connection = True
        if resp.sent is not None:
            self.wfile.flush()
            resp.sent.set()

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = _serve
