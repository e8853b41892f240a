"""Fault modes of the replica: what real servers and networks do to a crawler.

Importing this module registers every fault below in :data:`server.FAULTS`; a test
switches one on with ``replica.set_fault(name, **params)``. Faults that answer instead of
the site (errors, resets, redirects) return their own :class:`Response`; faults that spoil
a page take the response the request would otherwise get (from the faults switched on
after them, else from the site) and change it, so faults stack: switch ``foreign_links``
on first and every other fault's pages carry the foreign links too.

Which requests a fault touches, for every fault:

- ``paths``: only these paths (the trailing slash does not matter);
- ``path_prefix``: only paths that start with it;
- ``kind``: ``"article"`` (``/YYYY/MM/DD/<slug>/``), ``"page"`` (anything else) or
  ``None`` (both); each fault has its own default;
- ``times``: how many requests of each URL (path and query) are affected; default all.

``/robots.txt`` is never touched unless ``paths`` names it.
"""

from __future__ import annotations

import base64
import codecs
import dataclasses
import gzip
import html
import json
import math
import re
import time
from collections.abc import Callable
from datetime import timedelta
from email.utils import format_datetime
from typing import Any

from .pages import split_byline
from .scripted import CHALLENGE_COOKIE, _has_cookie
from .server import ARTICLE_PATH_RE, FAULTS, HTML, Replica, RequestInfo, Response

esc = html.escape

# A listing entry of the replica's listing template holds no nested <div>.
_LISTING_ITEM = re.compile(r'<div class="item">.*?</div>', re.S)


# --- Selection ----------------------------------------------------------------


def _norm(path: str) -> str:
    return path.rstrip("/") or "/"


def _selected(req: RequestInfo, params: dict[str, Any], kind: str | None) -> bool:
    """Whether the fault applies to ``req``; counts the request against ``times``."""
    paths = params.get("paths")
    if paths is not None:
        if _norm(req.path) not in {_norm(p) for p in paths}:
            return False
    elif req.path == "/robots.txt":
        return False
    if not req.path.startswith(params.get("path_prefix", "/")):
        return False
    kind = params.get("kind", kind)
    is_article = bool(ARTICLE_PATH_RE.match(req.path))
    if (kind == "article" and not is_article) or (kind == "page" and is_article):
        return False
    times = params.get("times")
    if times is not None:
        counts = params.setdefault("_served", {})
        if counts.get(req.target, 0) >= times:
            return False
        counts[req.target] = counts.get(req.target, 0) + 1
    return True


def _below(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response:
    """The response ``req`` gets without this fault: from faults switched on later, else the site.

    A fault used as a hook (:func:`as_hook`) is above every switched-on fault.
    """
    names = list(replica.faults)
    mine = next((i for i, name in enumerate(names) if replica.faults[name] is params), -1)
    for name in names[mine + 1 :]:
        resp = FAULTS[name](replica, req, replica.faults[name])
        if resp is not None:
            return resp
    return replica._route(req)


def as_hook(replica: Replica, name: str, **params: Any) -> Callable[[RequestInfo], Response | None]:
    """Fault ``name`` as a hook, for a second instance beside the switched-on one::

    replica.set_fault("slow", delay=2, times=1)                      # every page once
    replica.hooks.append(as_hook(replica, "slow", paths=[victim]))   # this one always
    """
    handler = FAULTS[name]
    return lambda req: handler(replica, req, params)


def _is_html(resp: Response) -> bool:
    return resp.content_type.startswith("text/html") and bool(resp.body)


def _edit(resp: Response, change: Callable[[str], str]) -> Response:
    """``resp`` with its HTML changed as text, kept in the charset it is written in."""
    m = re.search(r"charset=([\w-]+)", resp.content_type)
    encoding = m.group(1) if m else "utf-8"
    try:
        text = resp.body.decode(encoding)
    except UnicodeDecodeError:  # mislabelled by the charset fault
        encoding = "cp1252"
        text = resp.body.decode(encoding)
    return dataclasses.replace(resp, body=change(text).encode(encoding, errors="xmlcharrefreplace"))


def _error_page(code: int, title: str) -> bytes:
    return f"<html><head><title>{code} {title}</title></head><body><h1>{title}</h1></body></html>".encode()


# --- Faults that answer instead of the site --------------------------------------


def flaky(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("flaky", code=503, times=2, retry_after=1)``: each URL fails ``times`` times, then works.

    A burst of 500/503 as from an overloaded backend; per URL, so every page is hit. Each
    answer asks the client to come back in ``retry_after`` seconds.
    """
    params.setdefault("times", 2)
    if not _selected(req, params, None):
        return None
    code = int(params.get("code", 503))
    title = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}.get(code, "Error")
    return Response(code, _error_page(code, title), headers={"Retry-After": str(params.get("retry_after", 1))})


def reset(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("reset", times=1)``: the connection is reset (RST) without a response."""
    if not _selected(req, params, None):
        return None
    return Response(0, abort=True)


def not_found(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("not_found", paths=[...])``: listed article links answer 404."""
    if not _selected(req, params, "article"):
        return None
    return Response(404, replica.renderer.not_found().encode())


def redirect_loop(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("redirect_loop", mode="slash")``: articles redirect forever.

    ``slash``: ``/x/`` -> ``/x`` -> ``/x/`` (a trailing-slash rule fighting another);
    ``endless``: ``/x/`` -> ``/x/?r=1`` -> ``/x/?r=2`` ... (a redirect that never settles).
    """
    if not _selected(req, params, "article"):
        return None
    if params.get("mode", "slash") == "slash":
        location = req.path.rstrip("/") if req.path.endswith("/") else req.path + "/"
    else:
        n = int((req.query.get("r") or ["0"])[-1]) + 1
        location = f"{req.path}?r={n}"
    return Response(301, b"", headers={"Location": location})


def redirect_offsite(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("redirect_offsite", to="http://localhost:PORT")``: pages move to another host.

    Defaults to article pages; ``kind=None, paths=["/"]`` moves the home page.
    """
    if not _selected(req, params, "article"):
        return None
    return Response(301, b"", headers={"Location": params["to"].rstrip("/") + req.target})


# --- Faults that spoil a page ------------------------------------------------------


def slow(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("slow", delay=3, times=1)``: the answer comes after ``delay`` seconds."""
    if not _selected(req, params, None):
        return None
    return dataclasses.replace(_below(replica, req, params), delay=float(params.get("delay", 3.0)))


def truncated(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("truncated", at=0.5, content_length="declared")``: the body stops mid-tag.

    ``declared``: the full length is declared and the connection closes early, as when the
    backend dies mid-response behind a proxy that already sent the headers (the client
    sees data loss). ``matching``: the length of the cut body is declared, as when the
    application itself rendered half a page (the client sees a complete, short 200).
    ``encoding="gzip"``: the page is gzip-compressed whole and the compressed stream cut at
    ``at`` (it inflates to the first part of the page, without the stream's end).
    """
    if not _selected(req, params, "article"):
        return None
    resp = _below(replica, req, params)
    if not _is_html(resp):
        return resp
    full = resp.body
    headers = dict(resp.headers)
    if params.get("encoding") == "gzip":
        # The page compressed whole, the stream cut at ``at`` (no end of stream, no checksum).
        full = gzip.compress(full)
        cut = full[: int(len(full) * float(params.get("at", 0.5)))]
        headers["Content-Encoding"] = "gzip"
    else:
        start = int(len(full) * float(params.get("at", 0.5)))
        tag = full.find(b"<", start)
        cut = full[: (tag if tag >= 0 else start) + 3]  # "<p c": inside the tag
    if params.get("content_length", "declared") == "declared":
        headers["Content-Length"] = str(len(full))
    return dataclasses.replace(resp, body=cut, headers=headers)


# --- Pages answered in place of the story (200, but no story) ------------------------


def soft_404(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("soft_404")``: articles answer 200 with the site's "Page not found" page, in its chrome."""
    if not _selected(req, params, "article"):
        return None
    return Response(200, replica.renderer.not_found().encode())


def wall(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("wall", teaser=False)``: articles show their headline and date line, then a
    sign-in form instead of the story ("Sign in to continue reading"), in the site's chrome;
    ``teaser=True``: the story's first two paragraphs before the form."""
    if not _selected(req, params, "article"):
        return None
    art = replica.site.lookup(req.path)
    if art is None:
        return None
    main = (
        f'<div class="content"><article class="post"><h1 class="post-title">{esc(art.headline)}</h1>'
        f'<div class="post-meta"><time>{esc(art.published_at_raw)}</time></div>'
        + ("".join(f"<p>{esc(p)}</p>" for p in art.body[:2]) if params.get("teaser") else "")
        + '<form class="paywall" method="post" action="/accounts/login/"><h2>Sign in to continue reading</h2>'
        '<label>Email <input type="email" name="email"></label>'
        '<label>Password <input type="password" name="password"></label>'
        "<button>Sign in</button></form></article></div>"
    )
    page = replica.renderer._document(f"{art.headline} | New Spotlight Online", main)
    return Response(200, page.encode())


CHALLENGE_PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Just a moment...</title></head>
<body><h1>www.spotlightnepal.com</h1><p>Just a moment... Checking your browser before accessing the site.</p>
<noscript>Enable JavaScript and cookies to continue.</noscript>
<script>document.cookie = "challenge=ok; path=/"; location.reload();</script>
</body></html>
"""


def challenge(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("challenge")``: articles answer 200 with a bot check ("Just a moment...")
    whose script sets the cookie ``challenge=ok`` and reloads: a browser passes, a plain
    client never does."""
    if _has_cookie(req, *CHALLENGE_COOKIE):
        return None
    if not _selected(req, params, "article"):
        return None
    return Response(200, CHALLENGE_PAGE)


MAINTENANCE_PAGE = b"""<!DOCTYPE html>
<html><head><title>Site under maintenance</title></head>
<body><h1>Site under maintenance</h1><p>We are carrying out scheduled maintenance. Please come back later.</p>
</body></html>
"""


def maintenance(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("maintenance")``: every article answers 200 "Site under maintenance" (one page for all)."""
    if not _selected(req, params, "article"):
        return None
    return Response(200, MAINTENANCE_PAGE)


def empty(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("empty")``: articles answer 200 with an empty body."""
    if not _selected(req, params, "article"):
        return None
    return Response(200, b"")


def same_page(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("same_page", source="/2024/10/22/x/")``: every article answers the page of
    ``source`` (a cache serving one page for every URL): one whole story under many URLs."""
    if not _selected(req, params, "article"):
        return None
    return replica._route(dataclasses.replace(req, path=params["source"], target=params["source"]))


def charset(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("charset", declared="utf-8")``: windows-1252 bytes with curly quotes.

    Apostrophes become ``’`` (0x92 in windows-1252, as a word processor pastes them) and the
    page is encoded in windows-1252. ``declared="utf-8"`` keeps the header's and the
    ``<meta>``'s claim of UTF-8 (a wrong charset); ``declared=None`` drops both.
    """
    if not _selected(req, params, "article"):
        return None
    resp = _below(replica, req, params)
    if not _is_html(resp):
        return resp
    text = resp.body.decode("utf-8").replace("&#x27;", "’").replace("'", "’")
    content_type = resp.content_type
    declared = params.get("declared", "utf-8")
    if declared is None:
        text = re.sub(r"<meta charset=\"[^\"]*\">", "", text)
        content_type = "text/html"
    else:
        text = text.replace('<meta charset="utf-8">', f'<meta charset="{declared}">')
        content_type = f"text/html; charset={declared}"
    body = text.encode("cp1252", errors="xmlcharrefreplace")
    return dataclasses.replace(resp, body=body, content_type=content_type)


def oversized(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("oversized", size=300_000)``: the page carries ``size`` bytes of ballast.

    As a page with an inlined image or a runaway comment thread would.
    """
    if not _selected(req, params, "article"):
        return None
    resp = _below(replica, req, params)
    if not _is_html(resp):
        return resp
    ballast = b"<!-- " + b"0123456789abcdef" * (int(params.get("size", 300_000)) // 16) + b" -->"
    return dataclasses.replace(resp, body=resp.body.replace(b"</body>", ballast + b"</body>", 1))


def foreign_links(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("foreign_links", to="http://localhost:PORT")``: pages link to another host.

    Listings get an entry of the listing's own shape whose article lives on the other host;
    every page's sidebar gets a block of such links. Nothing there is the site's.
    """
    if not _selected(req, params, None):
        return None
    resp = _below(replica, req, params)
    if not _is_html(resp) or resp.status != 200:
        return resp
    to = params["to"].rstrip("/")
    links = [(f"{to}/2024/10/{20 + i}/partner-story-{i}/", f"Partner story number {i}") for i in range(3)]
    entry = (
        '<div class="item">'
        f'<h3 class="item-title"><a href="{esc(links[0][0])}">{esc(links[0][1])}</a></h3>'
        '<p class="summary">A story from a partner site.</p>'
        '<p class="meta">By <span class="author">Partner Desk</span> <span class="date">Oct 20, 2024</span></p></div>'
    )
    block = "".join(f'<li><a href="{esc(u)}">{esc(t)}</a></li>' for u, t in links)
    partners = (
        f'<section class="block partners"><h3 class="block-title">From our partners</h3><ul>{block}</ul></section>'
    )

    def add_links(text: str) -> str:
        text = re.sub(r'(<h1 class="listing-title">.*?</h1>)', lambda m: m.group(1) + entry, text, count=1)
        return text.replace('<aside class="sidebar">', '<aside class="sidebar">' + partners, 1)

    return _edit(resp, add_links)


def empty_listing(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("empty_listing", pages=[2])``: listing pages hold no entries.

    ``pages``: which pages lose their entries, their pagination kept (as a cache serving a
    stale, empty fragment would); ``past_end=True``: pages after the last one answer 200
    with an empty list instead of 404, as some CMSs do. With neither, every page is empty.
    """
    if not _selected(req, params, "page"):
        return None
    resp = _below(replica, req, params)
    values = req.query.get("page") or ["1"]
    page = int(values[-1]) if values[-1].isdigit() else 0
    if (
        resp.status == 404
        and params.get("past_end")
        and page > 1
        and replica.renderer.listing_for_path(req.path, 1, req.host) not in (False, None)
    ):
        empty = replica.renderer.listing([], 1, "Listing", req.host)
        return Response(200, (empty or "").encode())
    pages = params.get("pages", () if params.get("past_end") else None)
    if resp.status != 200 or not _is_html(resp) or (pages is not None and page not in pages):
        return resp
    if b'class="content listing"' not in resp.body:
        return resp
    return _edit(resp, lambda text: _LISTING_ITEM.sub("", text))


def malformed_meta(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("malformed_meta")``: article dates and bylines no parser can read.

    Everywhere the article's page prints its date-time (text, ``<time datetime>``, meta,
    JSON-LD), it prints ``date`` or ``iso`` instead; its byline becomes ``byline``.
    """
    if not _selected(req, params, "article"):
        return None
    resp = _below(replica, req, params)
    art = replica.site.lookup(req.path)
    if art is None or not _is_html(resp):
        return resp
    date_text = params.get("date", "Oct. 42, 2024, 7:54 p.m.")
    iso_text = params.get("iso", "2024-13-45T25:61:00+05:45")
    byline = params.get("byline", "--")

    def garble(text: str) -> str:
        text = text.replace(art.published_at_raw, esc(date_text)).replace(art.published_at.isoformat(), iso_text)
        for name in sorted({art.byline_raw, *split_byline(art.byline_raw)}, key=len, reverse=True):
            text = text.replace(esc(name), esc(byline)).replace(f'"{name}"', f'"{byline}"')
        return text

    return _edit(resp, garble)


def stripped(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("stripped")``: a redesign kept only the story's paragraphs.

    No metadata, headline, standfirst, date line, image or sidebars: just the body and its
    sign-off line in unfamiliar markup.
    """
    if not _selected(req, params, "article"):
        return None
    art = replica.site.lookup(req.path)
    if art is None:
        return None
    paras = "".join(f"<p>{esc(p)}</p>" for p in [*art.body, art.byline_raw])
    page = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>'
        f'<body><div class="wrap-2025"><div class="copy">{paras}</div></div></body></html>\n'
    )
    return Response(200, page.encode("utf-8"), HTML)


# --- Faults of a hostile or broken site ----------------------------------------------


def meta_refresh(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("meta_refresh", to="http://127.0.0.2:PORT")``: pages refresh to another origin.

    The page keeps its content and gains ``<meta http-equiv="refresh" content="0; url=...">``
    naming the same path on ``to``, as a compromised page or a parked domain's would.
    """
    if not _selected(req, params, "article"):
        return None
    resp = _below(replica, req, params)
    if not _is_html(resp):
        return resp
    target = esc(params["to"].rstrip("/") + req.target)
    tag = f'<meta http-equiv="refresh" content="{int(params.get("delay", 0))}; url={target}">'
    return _edit(resp, lambda text: text.replace("<head>", "<head>" + tag, 1))


def rate_limited(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("rate_limited", interval=1, code=429, form="seconds")``: a strict limiter.

    At most one request per ``interval`` seconds is served (robots.txt aside); every other
    one gets ``code`` with ``Retry-After`` (``form="seconds"``: whole seconds; ``"date"``:
    an HTTP date on the replica's clock, which its ``Date`` header also shows).
    """
    if not _selected(req, params, None):
        return None
    interval = float(params.get("interval", 1.0))
    now = time.monotonic()
    last = params.get("_last_served")
    if last is None or now - last >= interval:
        params["_last_served"] = now
        params["served"] = params.get("served", 0) + 1
        return None  # served by the site (or the faults below)
    params["refused"] = params.get("refused", 0) + 1
    wait = max(1, math.ceil(interval))
    if params.get("form", "seconds") == "date":
        header = format_datetime(replica.site.now + timedelta(seconds=wait), usegmt=True)
    else:
        header = str(wait)
    code = int(params.get("code", 429))
    return Response(
        code,
        _error_page(code, "Too Many Requests" if code == 429 else "Service Unavailable"),
        headers={"Retry-After": header},
    )


def robots(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("robots", disallow=["/2024/10/22/x/"], crawl_delay=30, size=9_000_000, gzip=True)``.

    robots.txt disallows these paths, asks for ``crawl_delay`` seconds between requests,
    (``size``) goes on with comment lines until it is that many bytes long, and (``gzip``)
    is sent gzip-compressed whatever the request accepts.
    """
    if req.path != "/robots.txt":
        return None
    rules = "".join(f"Disallow: {p}\n" for p in params.get("disallow", ()))
    if "crawl_delay" in params:
        rules += f"Crawl-delay: {params['crawl_delay']}\n"
    body = f"User-agent: *\n{rules}".encode()
    if size := int(params.get("size", 0)):
        line = b"# a long robots.txt goes on and on with nothing to say\n"
        body += line * max(0, (size - len(body)) // len(line) + 1)
    if params.get("gzip"):
        return Response(200, gzip.compress(body), "text/plain; charset=utf-8", headers={"Content-Encoding": "gzip"})
    return Response(200, body, "text/plain; charset=utf-8")


def retitle(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("retitle", headlines={"/2024/10/22/x/": "=HYPERLINK(...)"})``: these articles
    print another headline, everywhere the page names it (control characters included, raw)."""
    article = replica.site.lookup(req.path)
    new = params["headlines"].get(article.path) if article else None
    if article is None or new is None or not _selected(req, params, "article"):
        return None
    resp = _below(replica, req, params)
    if not _is_html(resp):
        return resp
    in_json = json.dumps(new, ensure_ascii=False)[1:-1].replace("</", "<\\/")

    def swap(text: str) -> str:
        # Inside JSON-LD as a JSON string, anywhere else as HTML text.
        parts = re.split(r"(<script[^>]*>.*?</script>)", text, flags=re.S)
        return "".join(
            part.replace(article.headline, in_json)
            if part.startswith("<script")
            else part.replace(esc(article.headline), esc(new))
            for part in parts
        )

    return _edit(resp, swap)


def utf16(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("utf16", order="le", bom=False)``: article pages written in UTF-16.

    ``bom=False``: no byte order mark, and neither the header nor the page names a charset
    (as a page saved from a Windows editor and served as is); ``bom=True``: with one.
    """
    if not _selected(req, params, "article"):
        return None
    resp = _below(replica, req, params)
    if not _is_html(resp):
        return resp
    text = re.sub(r"<meta charset=\"[^\"]*\">", "", resp.body.decode("utf-8"))
    order = params.get("order", "le")
    body = text.encode(f"utf-16-{order}")
    if params.get("bom", False):
        body = (codecs.BOM_UTF16_LE if order == "le" else codecs.BOM_UTF16_BE) + body
    return dataclasses.replace(resp, body=body, content_type="text/html")


# A real 8x8 PNG.
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP8z4AdMOGQGH4SAB3WAQ+1cDRCAAAAAElFTkSuQmCC"
)


def binary(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("binary", paths=[...])``: pages answer an image labelled ``text/html``."""
    if not _selected(req, params, "article"):
        return None
    return Response(200, TINY_PNG, "text/html; charset=utf-8")


_BOMBS: dict[int, bytes] = {}


def gzip_bomb(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("gzip_bomb", size=64_000_000)``: a few kB of gzip that inflate to ``size`` bytes."""
    if not _selected(req, params, "article"):
        return None
    size = int(params.get("size", 64_000_000))
    if size not in _BOMBS:
        page = b"<!DOCTYPE html><html><head></head><body>" + b" " * size + b"</body></html>"
        _BOMBS[size] = gzip.compress(page, compresslevel=9)
    return Response(200, _BOMBS[size], HTML, headers={"Content-Encoding": "gzip"})


def listing_loop(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("listing_loop", mode="repeat", pager=True)``: a listing that never ends.

    ``repeat``: every page answers page 1; ``last``: pages past the end answer the last page
    (Django's ``Paginator.get_page()``); ``cycle``: page N answers page ((N - 1) mod last) + 1.
    ``pager=False`` drops the ``?page=`` links, so only the entries can tell.
    """
    if not _selected(req, params, "page"):
        return None
    values = req.query.get("page") or ["1"]
    page = int(values[-1]) if values[-1].isdigit() else 1
    if replica.renderer.listing_for_path(req.path, 1, req.host) in (False, None):
        return None  # not a listing
    last = 1
    while replica.renderer.listing_for_path(req.path, last + 1, req.host) not in (False, None):
        last += 1
    mode = params.get("mode", "repeat")
    shown = {"repeat": 1, "last": min(page, last), "cycle": (page - 1) % last + 1}[mode]
    body = replica.renderer.listing_for_path(req.path, shown, req.host)
    assert isinstance(body, str)
    if not params.get("pager", True):
        body = re.sub(r'<a href="\?page=\d+">[^<]*</a>', "", body)
    return Response(200, body.encode())


def deep(replica: Replica, req: RequestInfo, params: dict[str, Any]) -> Response | None:
    """``set_fault("deep", depth=1000)``: pages wrapped in ``depth`` nested ``<div>``s, with a
    JSON-LD block nested ``depth`` deep beside their own (a generated page gone wrong, or bait)."""
    if not _selected(req, params, None):
        return None
    resp = _below(replica, req, params)
    if not _is_html(resp) or resp.status != 200:
        return resp
    depth = int(params.get("depth", 1000))
    ld = '<script type="application/ld+json">' + "[" * depth + "]" * depth + "</script>"
    ld += (
        '<script type="application/ld+json">{"@type": "Thing", "about": '
        + '{"a": ' * depth
        + "1"
        + "}" * depth
        + "}</script>"
    )

    def bury(text: str) -> str:
        text = text.replace("</head>", ld + "</head>", 1)
        text = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + "<div>" * depth, text, count=1)
        return text.replace("</body>", "</div>" * depth + "</body>", 1)

    return _edit(resp, bury)


FAULTS.update(
    {
        "flaky": flaky,
        "reset": reset,
        "not_found": not_found,
        "redirect_loop": redirect_loop,
        "redirect_offsite": redirect_offsite,
        "slow": slow,
        "truncated": truncated,
        "charset": charset,
        "oversized": oversized,
        "foreign_links": foreign_links,
        "empty_listing": empty_listing,
        "malformed_meta": malformed_meta,
        "stripped": stripped,
        "meta_refresh": meta_refresh,
        "rate_limited": rate_limited,
        "robots": robots,
        "retitle": retitle,
        "utf16": utf16,
        "binary": binary,
        "gzip_bomb": gzip_bomb,
        "listing_loop": listing_loop,
        "deep": deep,
        "soft_404": soft_404,
        "wall": wall,
        "challenge": challenge,
        "maintenance": maintenance,
        "empty": empty,
        "same_page": same_page,
    }
)
