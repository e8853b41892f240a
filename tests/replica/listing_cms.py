"""A second listing markup for the replica: a CMS page full of other article links.

Opt-in (``Replica(listing_markup="cms")``); the default listing markup and the RNG
sequence of generated sites are untouched. Generated from the same :class:`SiteData` as
the default pages, so tests check entries against the same truth. Traps it carries:

- a "Breaking" ticker above the listing, in the main column: bare links with ages;
- a mega-menu in ``<header>`` and a footer, both with article links and dates;
- a "Most read" box in the main column after the listing (not in ``<aside>``), whose
  entries print a byline and a date like the listing's own;
- entries without "By": meta lines ``BYLINE · 2 hours ago``, ``BYLINE | Oct 22, 2024``,
  ``Oct 22, 2024 | BYLINE``; a thumbnail link (absolute URL) and a headline link per entry;
  Wagtail-style ``rich-text`` summaries.
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import TYPE_CHECKING

from .content import Article, timesince

if TYPE_CHECKING:
    from .pages import SiteRenderer

esc = html.escape


def printed_meta(art: Article, index: int, now: datetime) -> tuple[str, str, str]:
    """(meta line as read, byline, date) of the entry at ``index`` of a page; ages print
    with Django's non-breaking spaces, read with plain ones."""
    if index % 3 == 0:
        day = f"{timesince(art.published_at, now, ' ')} ago"
        return f"{art.byline_raw} \u00b7 {day}", art.byline_raw, day
    if index % 3 == 1:
        return f"{art.byline_raw} | {art.listing_date}", art.byline_raw, art.listing_date
    return f"{art.listing_date} | {art.byline_raw}", art.byline_raw, art.listing_date


def _entry(art: Article, index: int, host: str, now: datetime) -> str:
    summary = art.summary or (art.body[0] if art.body else "")
    _meta, byline, day = printed_meta(art, index, now)
    day_html = esc(day).replace(" ", "\u00a0") if day.endswith(" ago") else esc(day)
    if index % 3 == 2:
        meta_html = f'<span class="c-date">{day_html}</span> | <span class="c-by">{esc(byline)}</span>'
    else:
        sep = " \u00b7 " if index % 3 == 0 else " | "
        meta_html = f'<span class="c-by">{esc(byline)}</span>{sep}<time>{day_html}</time>'
    return (
        '<article class="c-card">'
        f'<figure class="c-card__media"><a href="http://{esc(host)}{esc(art.path)}">'
        f'<img src="{esc(art.image_path)}" alt=""></a></figure>'
        '<div class="c-card__body">'
        f'<span class="c-card__kicker">{esc(art.section)}</span>'
        f'<h2 class="c-card__title"><a href="{esc(art.path)}">{esc(art.headline)}</a></h2>'
        f'<div class="rich-text"><p>{esc(summary)}</p></div>'
        f'<div class="c-card__meta">{meta_html}</div></div></article>'
    )


def render(renderer: SiteRenderer, chunk: list[Article], page: int, n_pages: int, title: str, host: str) -> str:
    """One listing page in the CMS markup."""
    site = renderer.site
    now = site.now
    latest = site.latest()
    ticker = "".join(
        f'<li><a href="{esc(a.path)}">{esc(a.headline)}</a> <small>{timesince(a.published_at, now, " ")} ago</small></li>'
        for a in latest[:5]
    )
    menu_links = "".join(
        f'<li><a href="{esc(a.path)}">{esc(a.headline)}</a><span>{a.listing_date}</span></li>' for a in latest[5:8]
    )
    nav = renderer._nav()
    most_read = "".join(
        f'<li><a href="{esc(a.path)}">{esc(a.headline)}</a>'
        f'<div class="c-mini__meta">{esc(a.byline_raw)} | {a.listing_date}</div></li>'
        for a in latest[8:14]
    )
    footer_links = "".join(
        f'<li><a href="{esc(a.path)}">{esc(a.headline)}</a> {a.listing_date}</li>' for a in latest[14:18]
    )
    entries = "".join(_entry(a, i, host, now) for i, a in enumerate(chunk))
    page_title = f"{title} | New Spotlight Online" if page == 1 else f"{title} - Page {page} | New Spotlight Online"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{esc(page_title)}</title></head>\n<body>'
        f'<header class="l-top"><a href="/" class="logo">New Spotlight Online</a>{nav}'
        f'<div class="mega"><h4>Editor\'s picks</h4><ul>{menu_links}</ul></div></header>\n'
        '<div class="l-main">'
        f'<div class="breaking"><strong>Breaking</strong><ul>{ticker}</ul></div>'
        f'<h1 class="l-title">{esc(title)}</h1>'
        f'<section class="c-list">{entries}</section>'
        f"{renderer._pagination(page, n_pages)}"
        f'<section class="c-box"><h3>Most Read</h3><ol class="c-mini">{most_read}</ol></section>'
        "</div>\n"
        f'<footer class="l-foot"><h4>From the archive</h4><ul>{footer_links}</ul>'
        "<p>Publisher and Editor: Keshab Prasad Poudel</p></footer></body></html>\n"
    )
