"""Article templates carrying the furniture real CMS pages put around a story.

Opt-in (``SiteRenderer(..., templates=CMS_TEMPLATES)`` / ``Replica(templates="cms")``), so
the sites generated for the older tests and the committed recording keep their pages. The
template of an article is ``templates[variant % len(templates)]``: nothing here draws from
the content RNG, and every choice of furniture derives from the article's ``variant``.

The truth does not change: ``Article.body`` is the story, ``section`` its section,
``byline_raw``/``authors`` its byline, ``published_at`` its time. What the templates add
is furniture a crawler must leave out:

``ticker``    a "Breaking" ticker of other stories (headlines and Django date-times) above
              the headline; an ``<ol class="breadcrumb">``; byline with a separator
              (``NEW SPOTLIGHT ONLINE ·``) and the date on one line; Wagtail
              ``<div class="rich-text">`` holding the body, an inline ``Also Read:`` link and
              a figure whose caption ends with a credit; share and tags rows after it.
``stream``    Wagtail StreamField: ``block-heading`` (the standfirst), ``block-paragraph``
              (each a ``rich-text``), ``block-image`` (figure, caption with ``Photo: RSS``),
              ``block-embed`` (an embedded tweet with its ``— Name (@handle) date`` line),
              ``block-quote`` (a body paragraph as a block quote); JSON-LD ``NewsArticle``
              whose only date is in UTC (``...Z``), a ``BreadcrumbList`` for the section; the
              byline as ``Agencies |``; a "Most read" column of other stories after the story.
``trending``  a column of other stories with their date-times *before* the story, in the
              main column; a ``<nav aria-label="breadcrumb">``; only a relative age
              (Django ``timesince``) beside the headline; body in an unnamed ``<div>``, its
              last paragraphs as list items, a ``Read more:`` lead-in and an embedded post.
``related``   ``<article>`` with a category label, ``By <name>,`` byline, ``<time>`` whose
              ``datetime`` is metadata that disagrees with the printed date (the printed one is
              true), ``entry-content`` body with ``Also read:`` and ``Related:`` lead-ins, a
              block quote, a mid-story caption with credit, share and tag rows, and a "Related
              Stories" list (other headlines with dates) inside the container.

Body truth on these templates: every ``Article.body`` paragraph, block quotes and list items
included, each as one paragraph; captions, embedded posts, lead-ins, share/tag rows, tickers
and columns of other stories are not body.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, timedelta
from typing import TYPE_CHECKING, Any

from .content import CANONICAL_ORIGIN, Article, django_datetime, timesince

if TYPE_CHECKING:
    from .pages import SiteRenderer

CMS_TEMPLATES = ("ticker", "stream", "trending", "related")

esc = html.escape

_CAPTIONS = (
    "Officials at the ceremony in Kathmandu on Tuesday.",
    "Delegates pose for a group photo after the meeting.",
    "Rescue workers at the site on Monday morning.",
    "A view of the project site from the hill above.",
)
_CREDITS = ("Photo: RSS", "Photo: Xinhua", "Photo courtesy: UN Nepal", "Photo: File")
_TWEETS = (
    (
        "We welcome the commitment to work together for a peaceful and prosperous future for all.",
        "UN in Nepal",
        "UNinNepal",
        "October 26, 2018",
    ),
    (
        "Our teams are on the ground supporting families affected by the floods.",
        "Nepal Red Cross",
        "NepalRedCross",
        "July 12, 2024",
    ),
    (
        "Productive talks today on trade, energy and connectivity between our two countries.",
        "MoFA Nepal",
        "MofaNepal",
        "March 3, 2023",
    ),
)


def template_of(art: Article, templates: tuple[str, ...]) -> str:
    """The CMS template of ``art``: fixed by its ``variant``, no random draw."""
    return templates[art.variant % len(templates)]


def render(renderer: SiteRenderer, art: Article, templates: tuple[str, ...]) -> tuple[str, str]:
    """``(head, main)`` of ``art`` in its CMS template."""
    name = template_of(art, templates)
    return {
        "ticker": _ticker,
        "stream": _stream,
        "trending": _trending,
        "related": _related,
        "theme": _theme,
        "redesign": _redesign,
    }[name](renderer, art)


# --- Shared furniture -------------------------------------------------------------------


def _others(renderer: SiteRenderer, art: Article, n: int, offset: int = 0) -> list[Article]:
    """Other stories of the site (newest first, from ``offset``): what tickers and columns show."""
    return [a for a in renderer.site.latest()[offset : offset + n + 1] if a is not art][:n]


def _entries(others: list[Article], tag: str = "li") -> str:
    """Entries of a list of other stories: headline link and its date-time, as CMS columns print them."""
    return "".join(
        f'<{tag} class="entry"><a href="{esc(a.path)}">{esc(a.headline)}</a> '
        f'<span class="entry-date">{a.published_at_raw}</span></{tag}>'
        for a in others
    )


def _figure(art: Article) -> str:
    caption = _CAPTIONS[art.variant % len(_CAPTIONS)]
    credit = _CREDITS[art.variant % len(_CREDITS)]
    return (
        f'<figure class="image"><img src="{esc(art.image_path)}" alt="">'
        f"<figcaption>{esc(caption)} {esc(credit)}</figcaption></figure>"
    )


def _tweet(art: Article) -> str:
    text, name, handle, day = _TWEETS[art.variant % len(_TWEETS)]
    return (
        f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{esc(text)} '
        f'<a href="https://t.co/x{art.variant}">pic.twitter.com/x{art.variant}</a></p>'
        f'&mdash; {esc(name)} (@{handle}) <a href="https://twitter.com/{handle}/status/{1000 + art.variant}">'
        f"{day}</a></blockquote>"
        '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
    )


def _also_read(other: Article, label: str = "Also Read:") -> str:
    return f'<p><strong>{label}</strong> <a href="{esc(other.path)}">{esc(other.headline)}</a></p>'


def _share() -> str:
    return (
        '<div class="share-row">Share: <a href="#">Facebook</a> <a href="#">Twitter</a> '
        '<a href="#">WhatsApp</a> <a href="#">Email</a></div>'
    )


def _tags(art: Article) -> str:
    words = [art.section, *art.headline.split()[:2]]
    links = " ".join(f'<a href="/tag/{esc(w.lower())}/">{esc(w)}</a>' for w in words)
    return f'<div class="tag-row">Tags: {links}</div>'


def _issue(art: Article) -> str:
    if not art.issue_raw:
        return ""
    return f'<p class="issue">Published in Magazine Issue: {esc(art.issue_raw)}</p>'


def _section_href(art: Article) -> str:
    return f"/topic/{art.section_slug}"


# --- The templates ----------------------------------------------------------------------


def _ticker(renderer: SiteRenderer, art: Article) -> tuple[str, str]:
    others = _others(renderer, art, 4)
    head = f'<meta name="description" content="{esc(art.summary)}">' if art.summary else ""
    sep = " · " if art.variant % 2 == 0 else " | "
    body = [f"<p>{esc(p)}</p>" for p in art.body]
    if len(body) > 2 and others:
        body.insert(2, _also_read(others[-1]))
    body.insert(min(1, len(body)), _figure(art))
    parts = [
        f'<div class="ticker"><span class="ticker-label">Breaking</span><ul>{_entries(others)}</ul></div>',
        '<div class="article-page">',
        (
            '<ol class="breadcrumb"><li><a href="/">Home</a></li>'
            f'<li><a href="{_section_href(art)}">{esc(art.section)}</a></li><li>{esc(art.headline)}</li></ol>'
        ),
        f"<h1>{esc(art.headline)}</h1>",
        f'<p class="standfirst">{esc(art.summary)}</p>' if art.summary else "",
        f'<p class="meta">By {esc(art.byline_raw)}{sep}<span>{art.published_at_raw}</span></p>',
        _issue(art),
        f'<div class="rich-text">{"".join(body)}</div>',
        _share(),
        _tags(art),
        "</div>",
    ]
    return head, "".join(parts)


def _stream(renderer: SiteRenderer, art: Article) -> tuple[str, str]:
    iso_utc = art.published_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    graph: list[dict[str, Any]] = [
        {
            "@type": "NewsArticle",
            "headline": art.headline,
            "datePublished": iso_utc,
            "image": [CANONICAL_ORIGIN + art.image_path],
            "mainEntityOfPage": art.canonical_url,
        },
        {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home", "item": CANONICAL_ORIGIN + "/"},
                {
                    "@type": "ListItem",
                    "position": 2,
                    "name": art.section,
                    "item": CANONICAL_ORIGIN + _section_href(art),
                },
                {"@type": "ListItem", "position": 3, "name": art.headline, "item": art.canonical_url},
            ],
        },
    ]
    if art.summary:
        graph[0]["description"] = art.summary
    ld = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False).replace("</", "<\\/")
    head = f'<script type="application/ld+json">{ld}</script>'
    if art.summary:
        head += f'<meta property="og:description" content="{esc(art.summary)}">'
    blocks = []
    if art.summary:
        blocks.append(f'<div class="block-heading"><h2>{esc(art.summary)}</h2></div>')
    for i, p in enumerate(art.body):
        if i == len(art.body) - 1 and len(art.body) > 2:
            blocks.append(f'<div class="block-quote"><blockquote><p>{esc(p)}</p></blockquote></div>')
        else:
            blocks.append(f'<div class="block-paragraph"><div class="rich-text"><p>{esc(p)}</p></div></div>')
        if i == 0:
            blocks.append(f'<div class="block-image">{_figure(art)}</div>')
        if i == 1:
            blocks.append(f'<div class="block-embed">{_tweet(art)}</div>')
    most_read = _others(renderer, art, 5, offset=3)
    parts = [
        '<div class="story-page">',
        f'<h1 class="page-title">{esc(art.headline)}</h1>',
        f'<div class="byline"><span class="author">{esc(art.byline_raw)} |</span> {_issue(art)}</div>',
        f'<div class="stream">{"".join(blocks)}</div>',
        "</div>",
        f'<div class="most-read"><h3>Most Read</h3><ol>{_entries(most_read)}</ol></div>',
    ]
    return head, "".join(parts)


def _trending(renderer: SiteRenderer, art: Article) -> tuple[str, str]:
    now = renderer.site.now
    age = timesince(art.published_at, now)
    trending = _others(renderer, art, 5, offset=1)
    body = [f"<p>{esc(p)}</p>" for p in art.body]
    if len(body) >= 4:
        items = "".join(f"<li>{esc(p)}</li>" for p in art.body[-2:])
        body = [*body[:-2], f"<ul>{items}</ul>"]
    if trending and len(body) > 1:
        body.insert(1, f'<p>Read more: <a href="{esc(trending[0].path)}">{esc(trending[0].headline)}</a></p>')
    body.insert(min(2, len(body)), f'<div class="embed">{_tweet(art)}</div>')
    body.insert(0, _figure(art))
    dek = f"<h2>{esc(art.summary)}</h2>" if art.summary else ""
    parts = [
        '<div class="columns">',
        f'<div class="col-trending"><h4>Trending Now</h4>{_entries(trending, "div")}</div>',
        '<div class="col-main">',
        f'<nav aria-label="breadcrumb"><a href="/">Home</a> / <a href="{_section_href(art)}">{esc(art.section)}</a></nav>',
        f'<h1 class="hdl">{esc(art.headline)}</h1>{dek}',
        f'<div class="when">By {esc(art.byline_raw)} <span>{age} ago</span></div>',
        _issue(art),
        f'<div class="txt">{"".join(body)}</div>',
        "</div></div>",
    ]
    return "", "".join(parts)


def _related(renderer: SiteRenderer, art: Article) -> tuple[str, str]:
    # Metadata that disagrees with the printed date: the update time, filed as publication.
    updated = art.published_at + timedelta(hours=3, minutes=20)
    iso = updated.isoformat()
    related = _others(renderer, art, 3, offset=2)
    body = [f"<p>{esc(p)}</p>" for p in art.body]
    if related:
        body.insert(1, _also_read(related[0], "Also read:"))
    if len(body) > 3:
        body.insert(3, _figure(art))
    if len(art.body) >= 3:
        # the second paragraph as a quoted statement
        body[body.index(f"<p>{esc(art.body[1])}</p>")] = f"<blockquote><p>{esc(art.body[1])}</p></blockquote>"
    if len(related) > 1:
        body.append(f'<p>Related: <a href="{esc(related[1].path)}">{esc(related[1].headline)}</a></p>')
    head = f'<meta property="article:published_time" content="{iso}">'
    dek = f'<p class="excerpt">{esc(art.summary)}</p>' if art.summary else ""
    rel = f'<div class="related-stories"><h3>Related Stories</h3><ul>{_entries(related)}</ul></div>'
    parts = [
        '<article class="story">',
        f'<header><span class="category-label"><a href="{_section_href(art)}">{esc(art.section)}</a></span>',
        f"<h1>{esc(art.headline)}</h1>{dek}",
        f'<p class="byline">By <a href="/author/x/">{esc(art.byline_raw)}</a>,</p>',
        f'<time datetime="{iso}">{art.published_at_raw}</time>{_issue(art)}</header>',
        f'<div class="entry-content">{"".join(body)}{_share()}{_tags(art)}{rel}</div>',
        "</article>",
    ]
    return head, "".join(parts)


# --- A theme our general reading gets wrong, and its redesign (tests of what the feed teaches) ---
#
# Not in CMS_TEMPLATES: ``Replica(templates=("theme",))``. No metadata at all; the <title>
# is the headline and the site's name, as in every template.
#
# ``theme``     the section's name in the page's <h1>, the headline an <h2 class="entry-title">;
#               an "Updated" box (a later date-time) between them and the real date line,
#               which reads "Posted on <date-time>"; the author on a "Reporter: <name>" line.
# ``redesign``  the same site after a redesign: the section's name in an <h1 class="kicker">,
#               the headline an <h3 class="story-title">; a "Last updated:" line under it;
#               the author on a "Correspondent: <name>" line and the date after the body,
#               "Published: <date-time>".


def _updated(art: Article) -> str:
    return django_datetime(art.published_at + timedelta(hours=5, minutes=10))


def _theme(renderer: SiteRenderer, art: Article) -> tuple[str, str]:
    body = "".join(f"<p>{esc(p)}</p>" for p in art.body)
    parts = [
        '<div class="post">',
        f'<h1 class="section-title">{esc(art.section)}</h1>',
        f'<h2 class="entry-title">{esc(art.headline)}</h2>',
        f'<div class="updated-box"><p>Updated {_updated(art)}</p></div>',
        f'<p class="reporter">Reporter: {esc(art.byline_raw)}</p>',
        f'<p class="posted">Posted on {art.published_at_raw}</p>',
        f'<div class="entry-content">{body}</div>',
        "</div>",
    ]
    return "", "".join(parts)


def _redesign(renderer: SiteRenderer, art: Article) -> tuple[str, str]:
    body = "".join(f"<p>{esc(p)}</p>" for p in art.body)
    parts = [
        '<main class="story">',
        f'<h1 class="kicker">{esc(art.section)}</h1>',
        f'<h3 class="story-title">{esc(art.headline)}</h3>',
        f'<p class="stamp">Last updated: {_updated(art)}</p>',
        f'<p class="credit">Correspondent: {esc(art.byline_raw)}</p>',
        f'<section class="story-text">{body}</section>',
        f'<p class="dateline">Published: {art.published_at_raw}</p>',
        "</main>",
    ]
    return "", "".join(parts)


__all__ = ["CMS_TEMPLATES", "render", "template_of"]
