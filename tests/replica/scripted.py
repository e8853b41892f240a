"""Pages of the replica that only a browser can read.

Switched on by :class:`~tests.replica.server.Replica` options; the plain replica is
unchanged without them. :meth:`ScriptedPages.route` runs before the plain routes (after
hooks and faults), so faults still apply to these pages.

``js_listing=True``
    The International listing's HTML holds no article links (and no sidebar). Its
    script fetches the page's entries from :data:`API_PATH` in batches of ``batch``:
    the first batch at once, then one more per click on a "Load more" button, until
    every entry of that listing page (``page_size`` of them, as on the plain listing)
    is shown; then the button goes away. Entries get the plain listing's markup.
``challenge=True``
    Every listing path (page in range or not) answers a request without the cookie
    ``challenge=ok`` with a small page whose script sets the cookie and reloads.
``js_articles=(path, ...)``
    Those article pages arrive as an empty shell; a script builds the real page.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Collection
from typing import Any

from .content import Article, SiteData
from .pages import SiteRenderer
from .server import HTML, RequestInfo, Response

API_PATH = "/api/listing.json"
CHALLENGE_COOKIE = ("challenge", "ok")
LOAD_MORE_TEXT = "Load more"

CHALLENGE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Just a moment...</title></head>
<body><p>Checking your browser before you reach New Spotlight Online.</p>
<script>document.cookie = "challenge=ok; path=/"; location.reload();</script>
</body></html>
"""

# Builds entries with the plain listing's markup, so the crawler's extraction is the same.
LISTING_SCRIPT = """
(function () {
  var box = document.getElementById("entries");
  function span(cls, text) {
    var s = document.createElement("span"); s.className = cls; s.textContent = text; return s;
  }
  function entry(e) {
    var item = document.createElement("div"); item.className = "item";
    var h = document.createElement("h3"); h.className = "item-title";
    var a = document.createElement("a"); a.href = e.path; a.textContent = e.headline; h.appendChild(a);
    var p = document.createElement("p"); p.className = "summary"; p.textContent = e.summary;
    var m = document.createElement("p"); m.className = "meta";
    m.append("By ", span("author", e.byline), " ", span("date", e.date));
    item.append(h, p, m);
    return item;
  }
  function load(offset) {
    fetch(box.dataset.api + "&offset=" + offset).then(function (r) { return r.json(); }).then(function (data) {
      data.entries.forEach(function (e) { box.appendChild(entry(e)); });
      var old = document.getElementById("load-more");
      if (old) { old.remove(); }
      if (data.next !== null) {
        var b = document.createElement("button");
        b.id = "load-more"; b.type = "button"; b.textContent = "%(load_more)s";
        b.addEventListener("click", function () { b.disabled = true; load(data.next); });
        box.after(b);
      }
    });
  }
  load(0);
})();
"""

ARTICLE_SHELL = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"></head>
<body><div id="app">Loading&hellip;</div>
<script>
var bytes = Uint8Array.from(atob("%(page)s"), function (c) { return c.charCodeAt(0); });
var doc = new DOMParser().parseFromString(new TextDecoder().decode(bytes), "text/html");
document.documentElement.replaceWith(document.adoptNode(doc.documentElement));
</script></body></html>
"""


class ScriptedPages:
    """The browser-only variants of the replica's pages (see the module docstring)."""

    def __init__(
        self,
        site: SiteData,
        renderer: SiteRenderer,
        *,
        js_listing: bool = False,
        challenge: bool = False,
        js_articles: Collection[str] = (),
        batch: int = 4,
    ):
        if batch < 1:
            raise ValueError("batch must be >= 1")
        self.site = site
        self.renderer = renderer
        self.js_listing = js_listing
        self.challenge = challenge
        self.js_articles = {p.rstrip("/") for p in js_articles}
        self.batch = batch

    def route(self, req: RequestInfo) -> Response | None:
        """The scripted answer to ``req``, or None to let the plain routes answer."""
        if req.method not in ("GET", "HEAD"):
            return None
        path = req.path
        if self.challenge and not _has_cookie(req, *CHALLENGE_COOKIE) and self._is_listing(path, req.host):
            return Response(200, CHALLENGE_PAGE.encode(), headers={"Cache-Control": "no-store"})
        if self.js_listing and path == API_PATH:
            return self._api(req)
        if self.js_listing and path.rstrip("/") == self.renderer.international_path.rstrip("/"):
            return self._js_listing(_page_number(req), req.host)
        if path.rstrip("/") in self.js_articles and (art := self.site.lookup(path)) is not None:
            return self._js_article(art, req.host)
        return None

    # -- listing ----------------------------------------------------------------------

    def _is_listing(self, path: str, host: str) -> bool:
        return self.renderer.listing_for_path(path, 1, host) is not False

    def _chunk(self, page: int) -> list[Article] | None:
        """The International articles of listing page ``page``, or None out of range."""
        articles = self.site.international()
        size = self.renderer.page_size
        n_pages = max(1, -(-len(articles) // size))
        if not 1 <= page <= n_pages:
            return None
        return articles[(page - 1) * size : page * size]

    def _js_listing(self, page: int, host: str) -> Response:
        if self._chunk(page) is None:
            return Response(404, self.renderer.not_found().encode())
        size = self.renderer.page_size
        n_pages = max(1, -(-len(self.site.international()) // size))
        api = f"{API_PATH}?page={page}"
        main = (
            '<div class="content listing"><h1 class="listing-title">International</h1>'
            f'<div id="entries" data-api="{api}"></div>'
            f"{self.renderer._pagination(page, n_pages)}</div>"
            f"<script>{LISTING_SCRIPT % {'load_more': LOAD_MORE_TEXT}}</script>"
        )
        title = "International | New Spotlight Online"
        return Response(200, self.renderer._document(title, main).encode())

    def _api(self, req: RequestInfo) -> Response:
        chunk = self._chunk(_page_number(req))
        offset = _int_param(req, "offset", 0)
        if chunk is None or offset < 0:
            return Response(404, b'{"error": "no such page"}', "application/json")
        shown = chunk[offset : offset + self.batch]
        nxt = offset + self.batch if offset + self.batch < len(chunk) else None
        data = {"entries": [_entry(a) for a in shown], "next": nxt, "total": len(chunk)}
        return Response(200, json.dumps(data, ensure_ascii=False).encode(), "application/json")

    # -- article ----------------------------------------------------------------------

    def _js_article(self, art: Article, host: str) -> Response:
        page = base64.b64encode(self.renderer.article(art, host).encode()).decode()
        return Response(200, (ARTICLE_SHELL % {"page": page}).encode(), HTML)


def _entry(art: Article) -> dict[str, Any]:
    return {
        "path": art.path,
        "headline": art.headline,
        "summary": art.summary or (art.body[0] if art.body else ""),
        "byline": art.byline_raw,
        "date": art.listing_date,
    }


def _has_cookie(req: RequestInfo, name: str, value: str) -> bool:
    header = next((v for k, v in req.headers.items() if k.lower() == "cookie"), "")
    pairs = (part.strip().partition("=") for part in header.split(";"))
    return any(k == name and v == value for k, _, v in pairs)


def _int_param(req: RequestInfo, name: str, default: int) -> int:
    raw = (req.query.get(name) or [str(default)])[-1]
    return int(raw) if raw.lstrip("-").isdigit() else -1


def _page_number(req: RequestInfo) -> int:
    return _int_param(req, "page", 1)
