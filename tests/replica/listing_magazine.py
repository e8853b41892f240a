"""A third listing markup for the replica, served by a hook: a magazine theme's International
listing with what misled the crawler on listings nobody here wrote.

``replica.hooks.append(magazine_hook(replica))`` serves ``/topic/international`` and its
WordPress-style pages ``/topic/international/page/N/`` ("Newer posts" / "Older posts", no
``?page=``; a 404 past the last) in a markup of cards. In the listing's own column and
list, between its entries:

- a box "More from other sections" of other sections' stories, in the listing's card markup;
- a sponsored card (labelled "Sponsored") linking a story of another section on the site;
- a card whose story lives on another host;

and a sidebar of "Popular" stories in a plain ``<div>`` (no ``<aside>``), whose entries
print bylines and dates. Entries, their order and their articles are the replica's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape as esc

from .content import Article
from .server import Replica, RequestInfo, Response

LISTING = "/topic/international"
_PAGE = re.compile(rf"^{LISTING}(?:/page/(\d+))?/?$")


def _card(art: Article, label: str = "", href: str | None = None) -> str:
    summary = art.summary or (art.body[0] if art.body else "")
    return (
        f'<article class="card">{label}<a class="card__media" href="{esc(href or art.path)}">'
        f'<img src="{esc(art.image_path)}" alt=""></a><h2 class="card__title"><a href="{esc(href or art.path)}">'
        f'{esc(art.headline)}</a></h2><p class="card__text">{esc(summary)}</p>'
        f'<p class="card__meta">By {esc(art.byline_raw)} {art.listing_date}</p></article>'
    )


def magazine_hook(
    replica: Replica, elsewhere: str = "http://partner.invalid"
) -> Callable[[RequestInfo], Response | None]:
    size = replica.renderer.page_size

    def hook(req: RequestInfo) -> Response | None:
        if not (m := _PAGE.match(req.path)):
            return None
        page = int(m[1] or 1)
        own = replica.site.international()
        n_pages = max(1, -(-len(own) // size))
        if not 1 <= page <= n_pages:
            return Response(404, b"<html><body><h1>Page not found</h1></body></html>")
        chunk = own[(page - 1) * size : page * size]
        others = [a for a in replica.site.latest() if a.section != "International"]
        box = (
            '<section class="cards cards--other"><h3>More from other sections</h3>'
            + "".join(_card(a) for a in others[:3])
            + "</section>"
        )
        sponsored = _card(others[3], '<span class="card__label">Sponsored</span>')
        offsite = _card(others[4], href=f"{elsewhere}{others[4].path}")
        cards = [_card(a) for a in chunk]
        column = [*cards[:2], sponsored, *cards[2:4], box, *cards[4:6], offsite, *cards[6:]]
        pager = []
        if page > 1:
            pager.append(
                f'<a href="{LISTING}/page/{page - 1}/">Newer posts</a>'
                if page > 2
                else f'<a href="{LISTING}/">Newer posts</a>'
            )
        if page < n_pages:
            pager.append(f'<a href="{LISTING}/page/{page + 1}/">Older posts</a>')
        popular = "".join(
            f'<div class="mini"><a href="{esc(a.path)}">{esc(a.headline)}</a><p>By {esc(a.byline_raw)} {a.listing_date}</p></div>'
            for a in others[5:11]
        )
        body = (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>International | New Spotlight Online</title>"
            f"</head><body><div class='topbar'>{replica.renderer._nav()}</div><div class='wrap'>"
            "<div class='col-main'><h1 class='archive-title'>International</h1>"
            f"<div class='cards'>{''.join(column)}</div><div class='nav-links'>{' '.join(pager)}</div></div>"
            f"<div class='col-side'><h2>Popular</h2>{popular}</div></div>"
            "<div class='bottom'><p>Publisher and Editor: Keshab Prasad Poudel</p></div></body></html>"
        )
        return Response(200, body.encode())

    return hook
