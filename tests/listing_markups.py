"""Listing pages in CMS markups the replica never uses, written for the tests: each carries
one way a listing's page can mislead (boxes of other stories, sponsored entries, headings
that read like a sidebar's, entries inside <header>/<footer> of an <article>).

Each builder returns ``(html, expected)``: the page, and the paths of its own entries, in
page order. The article URLs are the site's (``/YYYY/MM/DD/<slug>/``); entries of other
boxes are other stories of the same site.
"""

from __future__ import annotations

from datetime import date, timedelta

START = date(2024, 10, 22)


def _path(i: int, slug: str) -> str:
    day = START - timedelta(days=i // 3)
    return f"/{day:%Y/%m/%d}/{slug}-{i}/"


def _day(i: int) -> str:
    return f"{START - timedelta(days=i // 3):%b %d, %Y}"


def wordpress() -> tuple[str, list[str]]:
    """A WordPress theme's category archive: entries are <article>s whose headline and meta
    sit in the article's own <header>, categories in its <footer>; "Older posts" pages on."""
    own = [_path(i, "international-story") for i in range(10)]
    posts = "".join(
        f'<article id="post-{i}" class="post-{i} post type-post status-publish hentry category-international">'
        f'<header class="entry-header"><h2 class="entry-title"><a href="https://www.spotlightnepal.com{p}" '
        f'rel="bookmark">International story {i}</a></h2><div class="entry-meta"><span class="posted-on">'
        f'<time class="entry-date published">{_day(i)}</time></span><span class="byline"> by '
        f'<span class="author vcard"><a href="/author/agencies/">Agencies</a></span></span></div></header>'
        f'<div class="entry-summary"><p>What happened in story {i}, in a sentence or two.</p></div>'
        f'<footer class="entry-footer"><span class="cat-links">Posted in <a href="/topic/international/" '
        f'rel="category tag">International</a></span></footer></article>'
        for i, p in enumerate(own)
    )
    recent = "".join(f'<li><a href="{_path(i, "recent-story")}">Recent story {i}</a></li>' for i in range(5))
    html = (
        "<!DOCTYPE html><html><head><title>International Archives - New Spotlight Online</title>"
        '<link rel="next" href="https://www.spotlightnepal.com/topic/international/page/2/"></head>'
        '<body class="archive category"><header id="masthead" class="site-header"><nav class="main-navigation">'
        f'<a href="/topic/international/">International</a> <a href="{_path(40, "menu-story")}">Menu story</a></nav></header>'
        '<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">'
        '<header class="page-header"><h1 class="page-title">Category: <span>International</span></h1></header>'
        f"{posts}"
        '<nav class="navigation posts-navigation" aria-label="Posts"><h2 class="screen-reader-text">Posts navigation</h2>'
        '<div class="nav-links"><div class="nav-previous"><a href="/topic/international/page/2/">Older posts</a></div>'
        "</div></nav></main></div>"
        '<div id="secondary" class="widget-area"><section class="widget widget_recent_entries">'
        f'<h2 class="widget-title">Recent Posts</h2><ul>{recent}</ul></section></div></div>'
        '<footer id="colophon" class="site-footer"><p>Proudly powered by WordPress</p></footer></body></html>'
    )
    return html, own


def drupal() -> tuple[str, list[str]]:
    """A Drupal view: every region is a ``block block-*``, the sidebar a plain <div> region
    with a "Most read" view whose entries print bylines and dates like the listing's; teasers
    put their "Submitted by" line in the node's <footer>; ``?page=N`` counts from 0."""
    own = [_path(i, "drupal-story") for i in range(8)]
    rows = "".join(
        '<div class="views-row"><article role="article" class="node node--type-article node--promoted '
        f'node--view-mode-teaser"><h2 class="node__title"><a href="{p}" rel="bookmark"><span>Drupal story {i}</span>'
        f'</a></h2><footer class="node__meta"><div class="node__submitted">Agencies | {_day(i)}</div></footer>'
        f'<div class="node__content"><div class="field field--name-body"><p>The teaser of story {i}.</p></div>'
        f'<ul class="links inline"><li class="node-readmore"><a href="{p}" rel="tag">Read more</a></li></ul>'
        "</div></article></div>"
        for i, p in enumerate(own)
    )
    most_read = "".join(
        f'<div class="views-row"><div class="views-field-title"><a href="{_path(i, "most-read")}">Most read {i}</a>'
        f'</div><div class="views-field-created">Agencies | {_day(i)}</div></div>'
        for i in range(10)
    )
    breaking = "".join(
        f'<li><a href="{_path(i, "breaking")}">Breaking {i}</a> {i + 1} hours ago</li>' for i in range(4)
    )
    html = (
        "<!DOCTYPE html><html><head><title>International | New Spotlight Online</title></head><body>"
        '<div class="dialog-off-canvas-main-canvas"><div class="layout-container">'
        '<div class="region region-header"><div class="block block-system block-system-branding-block">'
        '<a href="/">New Spotlight Online</a></div></div>'
        '<div class="region region-highlighted"><div class="block block-views block-views-blockbreaking-block-1">'
        f"<ul>{breaking}</ul></div></div>"
        '<div class="layout-content"><div class="region region-content"><div class="block block-system block-system-main-block">'
        '<div class="view view-taxonomy-term view-id-taxonomy_term view-display-id-page_1">'
        '<div class="view-header"><h1>International</h1></div>'
        f'<div class="view-content">{rows}</div>'
        '<nav class="pager" role="navigation"><ul class="pager__items"><li class="pager__item is-active">'
        '<a href="?page=0">1</a></li><li class="pager__item"><a href="?page=1">2</a></li>'
        '<li class="pager__item pager__item--next"><a href="?page=1" rel="next">››</a></li></ul></nav>'
        "</div></div></div></div>"
        '<div class="region region-sidebar-second"><div class="block block-views block-views-blockmost-read-block-1">'
        f'<h2>Most read</h2><div class="view-content">{most_read}</div></div></div>'
        "</div></div></body></html>"
    )
    return html, own


def heading_like_a_sidebar(title: str = "Latest") -> tuple[str, list[str]]:
    """The Latest listing of a magazine theme: four featured cards, then the other 44 entries
    under the listing's own heading, "Latest News", which reads like a sidebar's, then the
    pager; the page's ``<title>`` names it ``title``."""
    own = [_path(i, "latest-story") for i in range(48)]
    featured = "".join(
        f'<div class="featured-card"><a class="thumb" href="{p}"><img src="/media/{i}.jpg" alt=""></a>'
        f'<h3><a href="{p}">Featured story {i}</a></h3><p>Why story {i} leads.</p>'
        f'<p class="meta">By NEW SPOTLIGHT ONLINE {_day(i)}</p></div>'
        for i, p in enumerate(own[:4])
    )
    items = "".join(
        f'<li class="post-item"><h4><a href="{p}">Latest story {i}</a></h4><p>What story {i} says.</p>'
        f'<span class="meta">By A Correspondent {_day(i)}</span></li>'
        for i, p in enumerate(own[4:], start=4)
    )
    side = "".join(
        f'<div class="mini"><a href="{_path(i, "popular")}">Popular {i}</a><p>By Agencies {_day(i)}</p></div>'
        for i in range(6)
    )
    html = (
        f"<!DOCTYPE html><html><head><title>{title} | New Spotlight Online</title></head><body>"
        '<div class="topbar"><a href="/">Home</a> <a href="/articles/">Latest</a></div>'
        '<div class="container"><div class="main-col">'
        f'<div class="featured-row">{featured}</div>'
        f'<div class="section-block"><h2 class="section-title">Latest News</h2><ul class="post-list">{items}</ul></div>'
        '<div class="pagination"><a href="?page=2">Next</a></div></div>'
        f'<div class="side-col"><h2 class="section-title">Most Popular</h2>{side}</div></div></body></html>'
    )
    return html, own


def boxes_in_the_main_column() -> tuple[str, list[str]]:
    """The International listing with, inside its own column and list, a box of other
    sections' stories (in the listing's own card markup) and sponsored entries: one labelled,
    one marked by its class, one by ``rel="sponsored"``."""
    own = [_path(i, "international-news") for i in range(10)]

    def card(path: str, title: str, label: str = "", cls: str = "card", rel: str = "") -> str:
        rel_attr = f' rel="{rel}"' if rel else ""
        return (
            f'<article class="{cls}">{label}<h2 class="card-title"><a href="{path}"{rel_attr}>{title}</a></h2>'
            f'<p class="card-text">A summary of {title.lower()}.</p><p class="card-meta">By Agencies {_day(3)}</p></article>'
        )

    others = "".join(card(_path(i, "economy-news"), f"Economy news {i}") for i in range(4))
    box = (
        f'<section class="other-sections"><h3>More from other sections</h3><div class="cards">{others}</div></section>'
    )
    sponsored = [
        card(_path(1, "partner-feature"), "Partner feature", '<span class="card-label">Sponsored</span>'),
        card(_path(2, "brand-story"), "Brand story", cls="card card--sponsored"),
        card(_path(4, "advertiser-offer"), "Advertiser offer", rel="sponsored"),
    ]
    cards = [card(p, f"International news {i}") for i, p in enumerate(own)]
    column = "".join([*cards[:3], sponsored[0], *cards[3:5], box, *cards[5:8], *sponsored[1:], *cards[8:]])
    html = (
        "<!DOCTYPE html><html><head><title>International | New Spotlight Online</title></head><body>"
        '<header><a href="/">New Spotlight Online</a><nav><a href="/topic/international">International</a></nav></header>'
        f'<main><h1>International</h1><div class="cards">{column}</div>'
        '<div class="pager"><a href="?page=2" rel="next">Next</a></div></main>'
        '<aside><h3>The Latest</h3><ul><li><a href="/2024/10/23/side-story/">Side story</a> By Agencies 13 minutes ago</li></ul></aside>'
        "</body></html>"
    )
    return html, own


def featured_card_in_a_side_column() -> tuple[str, list[str]]:
    """A grid theme's two columns, both plain <div>s: the listing's posts beside a side column
    that opens with a featured card of another section (headline, summary, byline and date, a
    shape of its own) under no heading, then a strip of popular stories."""
    own = [_path(i, "international-news") for i in range(10)]
    posts = "".join(
        f'<div class="post"><h2><a href="{p}">International news {i}</a></h2>'
        f'<p>What happened in story {i}, in a sentence or two.</p><span class="meta">By Agencies {_day(i)}</span></div>'
        for i, p in enumerate(own)
    )
    featured = (
        f'<div class="featured-box"><h3 class="t"><a href="{_path(30, "economy-feature")}">Economy feature</a></h3>'
        f'<p>A longer summary of the economy feature, which runs on.</p><span class="m">By Keshab Poudel {_day(30)}</span></div>'
    )
    popular = "".join(
        f'<div class="widget-item"><h4><a href="{_path(40 + i, "popular")}">Popular story {i}</a></h4>'
        f"<small>{_day(40 + i)}</small></div>"
        for i in range(5)
    )
    html = (
        "<!DOCTYPE html><html><head><title>International | New Spotlight Online</title></head><body>"
        '<div class="site-header"><a href="/">New Spotlight Online</a></div><div class="row">'
        f'<div class="col-md-8"><h1>International</h1>{posts}<div class="pagination"><a href="?page=2">Next</a></div></div>'
        f'<div class="col-md-4">{featured}{popular}</div></div></body></html>'
    )
    return html, own


MARKUPS = {
    "wordpress-entries-in-article-header": wordpress,
    "drupal-blocks-sidebar-without-aside": drupal,
    "listing-heading-like-a-sidebar-heading": heading_like_a_sidebar,
    "listing-heading-like-a-sidebar-heading-not-naming-the-page": lambda: heading_like_a_sidebar("Stories"),
    "box-of-other-sections-and-sponsored-entries-in-the-main-column": boxes_in_the_main_column,
    "featured-card-of-another-section-in-a-side-column-of-divs": featured_card_in_a_side_column,
}
