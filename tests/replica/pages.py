"""HTML rendering of the replica site.

The live site's markup is unknown, so the replica deliberately varies it:
three article templates with different tags and different amounts of
metadata, links spelled several ways (relative, absolute with the request's
``Host``, with and without the trailing slash), sidebars that repeat the same
stories, and listings that also carry sidebars. A crawler that passes against
all of this is unlikely to depend on one guess about the markup.

Rendering is pure: ``SiteRenderer`` reads a :class:`~tests.replica.content.SiteData`
and returns strings. Which variant a page uses is decided by the article's
``template`` and ``variant`` fields, so pages are stable across runs.

Article templates
-----------------
``a``  full metadata: JSON-LD ``NewsArticle``, OpenGraph and ``article:*`` meta,
       ``<time datetime>``; ``<article>`` with ``<h1>``, ``<p class="lead">``
       standfirst, ``By`` byline with author links, ``<p>`` body, sign-off.
``b``  no metadata at all: ``div#main`` with ``h2.story-title`` and an identical
       ``<h4>`` sub-headline, ``p.intro`` standfirst, ``div.date-line`` (date-time plus, for magazine
       articles, the issue and masthead on the same line), body in ``div.text``
       either as ``<p>`` or as text separated by ``<br><br>``; the sign-off is
       the last paragraph; no ``By`` line.
``c``  older layouts, only ``<meta name="description">`` and ``og:title``; even
       ``variant``: ``<main><header><h1>``, odd: a ``<table>``/``<font>`` page
       whose headline is only bold text. Date-time as text in ``<small>``, a
       ``By X`` line; sign-off paragraph on some pages.
"""

from __future__ import annotations

import html
import json
import random
from typing import Any

from .content import (
    CANONICAL_ORIGIN,
    MASTHEAD,
    SECTION_BY_SLUG,
    SECTIONS,
    Article,
    SiteData,
    author_slug,
    format_issue,
    timesince,
)

SITE_NAME = "New Spotlight Online"
DEFAULT_INTERNATIONAL_PATH = "/topic/international"
DEFAULT_LATEST_PATH = "/articles/"
MAGAZINE_PATH = "/magazine/"

ROBOTS_TXT = "User-agent: *\nDisallow: /admin/\nDisallow: /search/\n"

# Smallest well-formed-looking JPEG: SOI, a JFIF APP0 segment, EOI.
TINY_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"

esc = html.escape


def split_byline(printed: str) -> list[str]:
    """``"A, B and C"`` -> ``["A", "B", "C"]`` (names as printed)."""
    head, sep, last = printed.rpartition(" and ")
    if not sep:
        return [printed]
    return [*(n.strip() for n in head.split(",")), last.strip()]


class SiteRenderer:
    """Renders every page of the replica from a :class:`SiteData`.

    ``international_path`` / ``latest_path`` are where the nav's
    "International" and "Latest" links point (and the only paths those
    listings are served at); ``nav=False`` drops the navigation so a crawler
    has to fall back on its defaults.
    """

    def __init__(
        self,
        site: SiteData,
        page_size: int = 10,
        international_path: str = DEFAULT_INTERNATIONAL_PATH,
        latest_path: str = DEFAULT_LATEST_PATH,
        nav: bool = True,
        listing_markup: str = "default",
        templates: tuple[str, ...] = (),
    ):
        if page_size < 1:
            raise ValueError("page_size must be >= 1")
        self.site = site
        self.page_size = page_size
        self.international_path = international_path
        self.latest_path = latest_path
        self.nav = nav
        self.listing_markup = listing_markup  # "default", or "cms" (tests.replica.listing_cms)
        self.templates = templates  # CMS templates (tests.replica.templates_cms) instead of a/b/c

    # ------------------------------------------------------------------
    # Shared pieces
    # ------------------------------------------------------------------
    def feed_link(self) -> str:
        """The home page's ``<link>`` naming the feed; the server sets it from its feed."""
        return ""

    def _nav(self) -> str:
        if not self.nav:
            return ""
        items = [
            ("/", "Home"),
            ("/topic/national", "National"),
            ("/topic/economy", "Economy"),
            (self.international_path, "International"),
            ("/topic/opinion", "Opinion"),
            (self.latest_path, "Latest"),
            (MAGAZINE_PATH, "Magazine"),
        ]
        lis = "".join(f'<li class="nav-item"><a href="{esc(h)}">{t}</a></li>' for h, t in items)
        return f'<nav class="main-nav"><ul>{lis}</ul></nav>'

    def _document(self, title: str, main: str, head_extra: str = "", aside: str = "") -> str:
        return (
            "<!DOCTYPE html>\n"
            '<html lang="en"><head><meta charset="utf-8">'
            f"<title>{esc(title)}</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'{head_extra}<link rel="stylesheet" href="/static/css/main.css"></head>\n'
            '<body><header class="masthead">'
            f'<div class="brand"><a href="/" class="logo">{SITE_NAME}</a>'
            '<span class="tagline">Nepal\'s English-language news magazine</span></div>'
            f"{self._nav()}</header>\n"
            f'<div class="page">{main}\n{aside}</div>\n'
            '<footer class="site-footer"><p>&copy; 2008-2024 New Spotlight Online. '
            "Publisher and Editor: Keshab Prasad Poudel</p>"
            '<p><a href="/about/">About Us</a> | <a href="/contact/">Contact</a></p>'
            "</footer></body></html>\n"
        )

    @staticmethod
    def _byline_html(art: Article, links: bool) -> str:
        names = split_byline(art.byline_raw)
        if not links or len(names) != len(art.authors):
            return esc(art.byline_raw)
        parts = [
            f'<a href="/author/{author_slug(au["name"])}/" rel="author">{esc(n)}</a>'
            for n, au in zip(names, art.authors, strict=False)
        ]
        if len(parts) == 1:
            return parts[0]
        return ", ".join(parts[:-1]) + " and " + parts[-1]

    def _issue_lines(self) -> list[str]:
        """ "Latest Magazine" lines; one fixed style, stable spelling per issue."""
        out = []
        for issue in self.site.latest_issues(4):
            rng = random.Random(issue["volume"] * 100 + issue["number"])
            out.append(f"{format_issue(issue, rng, style=0)} {MASTHEAD}")
        return out

    def _sidebar(self, host: str, section: str | None = None, exclude: Article | None = None) -> str:
        """Sidebar blocks. Link spellings differ per block on purpose:

        strip: relative with slash; "More on": relative, every second link
        without the trailing slash; "The Latest": absolute ``http://<host>``,
        every third link without the trailing slash.
        """
        now = self.site.now
        blocks = []
        if section is not None:
            others = [a for a in self.site.section(section)[:7] if a is not exclude][:6]
            strip = "".join(
                f'<li><a href="{esc(a.path)}">{esc(a.headline)}</a><span class="date">{a.listing_date}</span></li>'
                for a in others[:5]
            )
            blocks.append(f'<section class="block strip"><ul>{strip}</ul></section>')
            more = []
            for i, a in enumerate(others):
                href = a.path if i % 2 == 0 else a.path.rstrip("/")
                more.append(
                    f'<li><a href="{esc(href)}">{esc(a.headline)}</a> '
                    f'<span class="by">By {esc(a.byline_raw)}</span> '
                    f'<span class="age">{timesince(a.published_at, now)} ago</span></li>'
                )
            blocks.append(
                f'<section class="block more-on"><h3 class="block-title">More on {esc(section)}</h3>'
                f"<ul>{''.join(more)}</ul></section>"
            )
        latest = []
        for i, a in enumerate(self.site.latest()[:6]):
            href = f"http://{host}{a.path if i % 3 != 2 else a.path.rstrip('/')}"
            latest.append(
                f'<li><a href="{esc(href)}">{esc(a.headline)}</a> '
                f'<span class="by">By {esc(a.byline_raw)}</span> '
                f'<span class="date">{a.listing_date}</span></li>'
            )
        blocks.append(
            '<section class="block the-latest"><h3 class="block-title">The Latest</h3>'
            f"<ul>{''.join(latest)}</ul></section>"
        )
        mags = "".join(f"<p>{esc(line)}</p>" for line in self._issue_lines())
        blocks.append(f'<section class="block magazine"><h3 class="block-title">Latest Magazine</h3>{mags}</section>')
        return f'<aside class="sidebar">{"".join(blocks)}</aside>'

    # ------------------------------------------------------------------
    # Article pages
    # ------------------------------------------------------------------
    def article(self, art: Article, host: str) -> str:
        """The article page in the article's template, with sidebars."""
        if self.templates:
            from .templates_cms import render as render_cms

            head, main = render_cms(self, art, self.templates)
        else:
            head, main = {"a": self._article_a, "b": self._article_b, "c": self._article_c}[art.template](art)
        aside = self._sidebar(host, art.section, exclude=art)
        return self._document(f"{art.headline} | {SITE_NAME}", main, head, aside)

    @staticmethod
    def _issue_text(art: Article, masthead: bool = True) -> str:
        if not art.issue_raw:
            return ""
        tail = MASTHEAD if masthead else "Online Register Number: DOI 584/074-75"
        return f"Published in Magazine Issue: {art.issue_raw} {tail}"

    def _article_a(self, art: Article) -> tuple[str, str]:
        iso = art.published_at.isoformat()
        image = CANONICAL_ORIGIN + art.image_path
        names = split_byline(art.byline_raw)
        if len(names) != len(art.authors):
            names = [art.byline_raw]
        ld_authors = [
            {"@type": "Person" if au["kind"] == "person" else "Organization", "name": n}
            for n, au in zip(names, art.authors, strict=False)
        ]
        ld: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": art.headline,
            "datePublished": iso,
            "author": ld_authors,
            "image": [image],
            "articleSection": art.section,
            "mainEntityOfPage": {"@type": "WebPage", "@id": art.canonical_url},
            "publisher": {
                "@type": "Organization",
                "name": SITE_NAME,
                "logo": {"@type": "ImageObject", "url": CANONICAL_ORIGIN + "/static/images/logo.png"},
            },
        }
        if art.summary:
            ld["description"] = art.summary
        ld_json = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
        meta = [
            '<meta property="og:type" content="article">',
            f'<meta property="og:site_name" content="{SITE_NAME}">',
            f'<meta property="og:title" content="{esc(art.headline)}">',
            f'<meta property="og:url" content="{esc(art.canonical_url)}">',
            f'<meta property="og:image" content="{esc(image)}">',
        ]
        if art.summary:
            meta.append(f'<meta property="og:description" content="{esc(art.summary)}">')
            meta.append(f'<meta name="description" content="{esc(art.summary)}">')
        meta.append(f'<meta property="article:published_time" content="{iso}">')
        meta.append(f'<meta property="article:section" content="{esc(art.section)}">')
        meta.append(f'<script type="application/ld+json">{ld_json}</script>')

        parts = [f'<div class="content"><article class="post"><h1 class="post-title">{esc(art.headline)}</h1>']
        if art.summary:
            parts.append(f'<p class="lead">{esc(art.summary)}</p>')
        parts.append(
            f'<div class="post-meta"><span class="byline">By {self._byline_html(art, True)}</span> '
            f'<time datetime="{iso}">{art.published_at_raw}</time></div>'
        )
        if art.issue_raw:
            parts.append(f'<p class="issue">{esc(self._issue_text(art, masthead=False))}</p>')
        parts.append(
            f'<figure class="post-image"><img src="{esc(art.image_path)}" alt="{esc(art.headline)}">'
            "<figcaption>Photo: File</figcaption></figure>"
        )
        parts.append('<div class="post-body">')
        parts.extend(f"<p>{esc(p)}</p>" for p in art.body)
        parts.append("</div>")
        parts.append(f'<p class="signoff"><strong>{esc(art.byline_raw)}</strong></p>')
        parts.append("</article></div>")
        return "".join(meta), "".join(parts)

    def _article_b(self, art: Article) -> tuple[str, str]:
        date_line = art.published_at_raw
        if art.issue_raw:
            date_line += " " + self._issue_text(art)
        parts = [
            '<div id="main">',
            f'<h2 class="story-title">{esc(art.headline)}</h2>',
            f"<h4>{esc(art.headline)}</h4>",
        ]
        # The site model's order: headline, standfirst, then the date line.
        if art.summary:
            parts.append(f'<p class="intro"><strong>{esc(art.summary)}</strong></p>')
        parts.append(f'<div class="date-line">{esc(date_line)}</div>')
        parts.append(f'<div class="photo"><img src="{esc(art.image_path)}"></div>')
        paras = [esc(p) for p in art.body] + [esc(art.byline_raw)]
        if art.variant % 2 == 0:
            parts.append(f'<div class="text">{"<br><br>".join(paras)}</div>')
        else:
            parts.append(f'<div class="text">{"".join(f"<p>{p}</p>" for p in paras)}</div>')
        parts.append("</div>")
        return "", "".join(parts)

    def _article_c(self, art: Article) -> tuple[str, str]:
        meta = []
        if art.summary:
            meta.append(f'<meta name="description" content="{esc(art.summary)}">')
        meta.append(f'<meta property="og:title" content="{esc(art.headline)}">')
        date_text = art.published_at_raw
        if art.issue_raw:
            date_text += " " + self._issue_text(art)
        body = "".join(f"<p>{esc(p)}</p>" for p in art.body)
        if art.variant % 3 == 0:
            body += f"<p><b>{esc(art.byline_raw)}</b></p>"
        if art.variant % 2 == 0:
            dek = f'<h2 class="dek">{esc(art.summary)}</h2>' if art.summary else ""
            main = (
                f'<main class="story"><header><h1>{esc(art.headline)}</h1>{dek}'
                f'<p class="author">By {esc(art.byline_raw)}</p>'
                f"<small>{esc(date_text)}</small></header>"
                f'<img src="{esc(art.image_path)}" width="650" height="500">'
                f'<div class="story-body">{body}</div></main>'
            )
        else:
            dek = f'<tr><td><font size="3"><i>{esc(art.summary)}</i></font></td></tr>' if art.summary else ""
            main = (
                '<table class="story" width="100%" cellpadding="4" border="0">'
                f'<tr><td><font size="5" color="#990000"><b>{esc(art.headline)}</b></font></td></tr>'
                f"{dek}"
                f'<tr><td><font size="2">By {esc(art.byline_raw)}</font><br>'
                f"<small>{esc(date_text)}</small></td></tr>"
                f'<tr><td><img src="{esc(art.image_path)}"></td></tr>'
                f'<tr><td><font face="Georgia" size="3">{body}</font></td></tr></table>'
            )
        return "".join(meta), main

    # ------------------------------------------------------------------
    # Listings
    # ------------------------------------------------------------------
    def listing(
        self, articles: list[Article], page: int, title: str, host: str, show_issue: bool = False
    ) -> str | None:
        """One page of a listing, newest first; ``None`` if ``page`` is out of range.

        Like Django's paginator, page 1 of an empty listing exists. Each entry
        links the article twice: a thumbnail (absolute URL) and the headline
        (relative, canonical).
        """
        n_pages = max(1, -(-len(articles) // self.page_size))
        if not 1 <= page <= n_pages:
            return None
        chunk = articles[(page - 1) * self.page_size : page * self.page_size]
        if self.listing_markup == "cms":
            from . import listing_cms

            return listing_cms.render(self, chunk, page, n_pages, title, host)
        items = []
        for a in chunk:
            summary = a.summary or (a.body[0] if a.body else "")
            issue = f'<p class="issue">{esc(a.issue_raw)}</p>' if show_issue and a.issue_raw else ""
            items.append(
                '<div class="item">'
                f'<a class="thumb" href="http://{esc(host)}{esc(a.path)}">'
                f'<img src="{esc(a.image_path)}" alt=""></a>'
                f'<h3 class="item-title"><a href="{esc(a.path)}">{esc(a.headline)}</a></h3>'
                f'<p class="summary">{esc(summary)}</p>{issue}'
                f'<p class="meta">By <span class="author">{esc(a.byline_raw)}</span> '
                f'<span class="date">{a.listing_date}</span></p></div>'
            )
        main = (
            f'<div class="content listing"><h1 class="listing-title">{esc(title)}</h1>'
            f"{''.join(items)}{self._pagination(page, n_pages)}</div>"
        )
        page_title = f"{title} | {SITE_NAME}" if page == 1 else f"{title} - Page {page} | {SITE_NAME}"
        return self._document(page_title, main, aside=self._sidebar(host))

    @staticmethod
    def _pagination(page: int, n_pages: int) -> str:
        if n_pages == 1:
            return ""
        shown = sorted({1, n_pages, *range(max(1, page - 2), min(n_pages, page + 2) + 1)})
        parts = []
        if page > 1:
            parts.append(f'<li><a href="?page={page - 1}">&laquo; Previous</a></li>')
        prev = 0
        for p in shown:
            if p - prev > 1:
                parts.append('<li class="gap">&hellip;</li>')
            if p == page:
                parts.append(f'<li class="active"><span>{p}</span></li>')
            else:
                parts.append(f'<li><a href="?page={p}">{p}</a></li>')
            prev = p
        if page < n_pages:
            parts.append(f'<li><a href="?page={page + 1}">Next &raquo;</a></li>')
        return f'<ul class="pagination">{"".join(parts)}</ul>'

    def listing_for_path(self, path: str, page: int, host: str) -> str | bool | None:
        """Route a listing path. ``False`` = not a listing; ``None`` = 404 page."""
        p = path.rstrip("/") or "/"
        site = self.site
        if p == self.international_path.rstrip("/"):
            return self.listing(site.international(), page, "International", host)
        if p == self.latest_path.rstrip("/"):
            return self.listing(site.latest(), page, "Latest", host)
        if p == MAGAZINE_PATH.rstrip("/"):
            return self.listing(site.magazine(), page, "Magazine", host, show_issue=True)
        if p.startswith("/topic/"):
            slug = p[len("/topic/") :]
            name = SECTION_BY_SLUG.get(slug)
            if name is None or (p == "/topic/international" and self.international_path.rstrip("/") != p):
                return None
            return self.listing(site.section(name), page, name, host)
        if p.startswith("/author/"):
            slug = p[len("/author/") :]
            arts = site.by_author(slug)
            if not arts or "/" in slug:
                return None
            name = next(au["name"] for au in arts[0].authors if author_slug(au["name"]) == slug)
            return self.listing(arts, page, name, host)
        return False

    # ------------------------------------------------------------------
    # Other pages
    # ------------------------------------------------------------------
    def home(self, host: str) -> str:
        """Front page: a lead story, the newest stories per section, sidebars."""
        site = self.site
        parts = ['<div class="content home">']
        latest = site.latest()
        if latest:
            lead = latest[0]
            parts.append(
                f'<div class="lead-story"><h2><a href="{esc(lead.path)}">{esc(lead.headline)}</a></h2>'
                f"<p>{esc(lead.summary or '')}</p></div>"
            )
        for name, _slug, _w in SECTIONS:
            arts = site.section(name)[:4]
            if not arts:
                continue
            lis = "".join(
                f'<li><a href="{esc(a.path)}">{esc(a.headline)}</a> <span class="date">{a.listing_date}</span></li>'
                for a in arts
            )
            parts.append(
                f'<section class="home-block"><h2 class="block-title">{esc(name)} News</h2><ul>{lis}</ul></section>'
            )
        parts.append("</div>")
        return self._document(
            f"{SITE_NAME} | News and views from Nepal",
            "".join(parts),
            head_extra=self.feed_link(),
            aside=self._sidebar(host),
        )

    def static_page(self, title: str, text: str, host: str) -> str:
        main = f'<div class="content"><h1>{esc(title)}</h1><p>{esc(text)}</p></div>'
        return self._document(f"{title} | {SITE_NAME}", main)

    def not_found(self) -> str:
        main = '<div class="content"><h1>Page not found</h1><p>Sorry, this page could not be found.</p></div>'
        return self._document(f"Page not found | {SITE_NAME}", main)
