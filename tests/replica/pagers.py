"""Listing pagers of other CMSs for the replica: a hook serving one listing with another pager.

``replica.hooks.append(pager_hook(replica, kind, style, past_end))`` serves ``/articles/``
(the Latest listing, page size and entries as the replica's own) with:

- ``kind``: ``numbered`` (``1 … 4 5 6 … 60`` with previous and next), ``prev_next`` (only
  "Previous" and "Next" links, no ``rel``), ``load_more`` (a "Load more" link to the next
  page only), ``none`` (no pager at all: the pages answer, nothing links them);
- ``style``: how pages are named: ``query`` (``?page=N``), ``path`` (WordPress
  ``/articles/page/N/`` with "Newer posts" / "Older posts"), ``drupal`` (``?page=N-1``,
  the second page is ``?page=1``);
- ``past_end``: what a page past the last answers: ``404``, ``clamp`` (the last page again,
  Django's ``Paginator.get_page()``), ``empty`` (200, no entries, no pager).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from .server import Replica, RequestInfo, Response

LISTING = "/articles"
_PATH_PAGE = re.compile(rf"^{LISTING}/page/(\d+)/?$")


def page_path(style: str, page: int) -> str:
    """The path (with query) of page ``page`` of the listing in ``style``."""
    if page <= 1:
        return LISTING + "/"
    if style == "path":
        return f"{LISTING}/page/{page}/"
    return f"{LISTING}/?page={page - 1 if style == 'drupal' else page}"


def _requested(req: RequestInfo, style: str) -> int | None:
    """The page asked for, or None for another path."""
    if style == "path":
        if m := _PATH_PAGE.match(req.path):
            return int(m[1])
        return 1 if req.path.rstrip("/") == LISTING else None
    if req.path.rstrip("/") != LISTING:
        return None
    values = req.query.get("page") or []
    if not values:
        return 1
    if not values[-1].isdigit():
        return 1
    return int(values[-1]) + (1 if style == "drupal" else 0)


def _pager(kind: str, style: str, page: int, n_pages: int) -> str:
    def a(target: int, text: str) -> str:
        return f'<a href="{escape(page_path(style, target))}">{escape(text)}</a>'

    newer, older = ("Newer posts", "Older posts") if style == "path" else ("« Previous", "Next »")
    parts = []
    if kind == "load_more":
        parts = [a(page + 1, "Load more")] if page < n_pages else []
    elif kind == "prev_next":
        parts = ([a(page - 1, newer)] if page > 1 else []) + ([a(page + 1, older)] if page < n_pages else [])
    elif kind == "numbered":
        shown = sorted({1, n_pages, *range(max(1, page - 1), min(n_pages, page + 1) + 1)})
        parts = [a(page - 1, newer)] if page > 1 else []
        parts += [f"<span>{p}</span>" if p == page else a(p, str(p)) for p in shown]
        parts += [a(page + 1, older)] if page < n_pages else []
    return f'<nav class="pager">{" ".join(parts)}</nav>' if parts else ""


def pager_hook(
    replica: Replica, kind: str = "prev_next", style: str = "query", past_end: str = "404"
) -> Callable[[RequestInfo], Response | None]:
    size = replica.renderer.page_size

    def hook(req: RequestInfo) -> Response | None:
        page = _requested(req, style)
        if page is None:
            return None
        n_pages = max(1, -(-len(replica.site.latest()) // size))
        if page > n_pages:
            if past_end == "404":
                return Response(404, b"<html><body><h1>Not found</h1></body></html>")
            if past_end == "empty":
                body = replica.renderer.listing([], 1, "Latest", req.host)
                assert body is not None
                return Response(200, body.encode())
            page = n_pages
        body = replica.renderer.listing_for_path(LISTING + "/", page, req.host)
        assert isinstance(body, str)
        pager = _pager(kind, style, page, n_pages)
        body, replaced = re.subn(r'<ul class="pagination">.*?</ul>', lambda _m: pager, body, count=1, flags=re.S)
        assert replaced == 1, "the replica's own pager was not found"
        return Response(200, body.encode())

    return hook
