from parsel import Selector

from spotlight_crawler.extract.listing import has_scripts, listing_entries, nav_link
from spotlight_crawler.extract.pager import read_pager
from tests.pages import FIXTURES

LISTING = Selector((FIXTURES / "real-listing-topic-economy.html").read_text(encoding="utf-8"))
URL = "https://spotlightnepal.com/topic/economy"


def test_entries_of_the_real_listing_in_order():
    entries, shaped = listing_entries(LISTING, URL)
    assert shaped
    assert [e.url for e in entries] == [
        "https://spotlightnepal.com/2025/01/07/economy-story-1/",
        "https://spotlightnepal.com/2024/12/31/economy-story-2/",
        "https://spotlightnepal.com/2024/12/31/economy-story-3/",
        "https://spotlightnepal.com/2024/12/29/economy-story-4/",
    ]
    assert [(e.byline_raw, e.date_raw) for e in entries] == [
        ("NEW SPOTLIGHT ONLINE", "Jan 07, 2025"),
        ("A Correspondent", "Dec 31, 2024"),
        ("A Correspondent", "Dec 31, 2024"),
        ("A Correspondent", "Dec 29, 2024"),
    ]
    assert entries[0].summary.startswith("Despite encountering challenges")


def test_sidebar_links_are_not_entries():
    entries, _ = listing_entries(LISTING, URL)
    assert not any("sidebar-story" in e.url for e in entries)


def test_unshaped_listing_falls_back_to_every_article_link():
    html = '<ul><li><a href="/2024/10/22/a/">A</a></li><li><a href="/2024/10/21/b">B</a></li><li><a href="/2024/10/21/b/">B</a></li><li><a href="/about/">About</a></li></ul>'
    entries, shaped = listing_entries(Selector(html), "http://127.0.0.1:1/articles/")
    assert not shaped
    assert [e.url for e in entries] == ["http://127.0.0.1:1/2024/10/22/a/", "http://127.0.0.1:1/2024/10/21/b"]


def test_navigation_names_the_listings():
    assert nav_link(LISTING, URL, "international") == "https://spotlightnepal.com/topic/international"
    assert nav_link(LISTING, URL, "latest") == "https://spotlightnepal.com/articles/"


def test_scripts_detected_but_not_json_ld():
    assert not has_scripts(Selector('<script type="application/ld+json">{}</script>'))
    assert has_scripts(Selector("<script src='/static/app.js'></script>"))


# --- Listings in markups other than the sample's ------------------------------------------

import re  # noqa: E402

import pytest  # noqa: E402

from spotlight_crawler.extract.listing import parse_meta_line  # noqa: E402
from tests.replica.listing_cms import printed_meta  # noqa: E402
from tests.replica.server import Replica  # noqa: E402

CMS = Replica(n_articles=60, listing_markup="cms")
CMS_LISTINGS = [("/topic/international", CMS.site.international()), ("/articles/", CMS.site.latest())]


def ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def cms_pages() -> list[tuple[str, int]]:
    size = CMS.renderer.page_size
    return [(path, page) for path, arts in CMS_LISTINGS for page in range(1, -(-len(arts) // size) + 1)]


@pytest.mark.parametrize(("path", "page"), cms_pages())
def test_every_entry_of_the_cms_listing_matches_the_truth(path: str, page: int) -> None:
    arts = dict(CMS_LISTINGS)[path]
    size = CMS.renderer.page_size
    chunk = arts[(page - 1) * size : page * size]
    body = CMS.handle("GET", f"{path}?page={page}").body.decode()
    page_url = f"http://127.0.0.1:8000{path}?page={page}"
    entries, shaped = listing_entries(Selector(body), page_url)
    assert shaped
    assert [(e.url, e.headline, e.byline_raw, e.date_raw) for e in entries] == [
        ("http://127.0.0.1:8000" + a.path, ws(a.headline), a.byline_raw, printed_meta(a, i, CMS.site.now)[2])
        for i, a in enumerate(chunk)
    ]
    assert [e.summary for e in entries] == [ws(a.summary or a.body[0]) for a in chunk]


def test_the_cms_listing_page_carries_the_traps() -> None:
    # Without these, the test above would prove nothing: the page links other stories.
    body = CMS.handle("GET", "/topic/international?page=2").body.decode()
    linked = set(re.findall(r'href="(/\d{4}/\d\d/\d\d/[^"]+)"', body))
    international = {a.path for a in CMS.site.international()}
    assert linked - international
    assert "Most Read" in body and "Breaking" in body and " \u00b7 " in body and ">By " not in body


# Markups nobody wrote the replica for: entries in grid rows, entries that share one
# container (headline, summary and meta line as siblings), a "Trending" box with
# bylines in the main column, a box marked as complementary.
GRID = """<html><body><div role="navigation"><a href="/2024/10/20/menu-story/">Menu story</a> Oct 20, 2024</div>
<main><div class="row"><div class="col"><a href="/2024/10/22/a/">A</a><p>Summary A.</p><p>Agencies - Oct 22, 2024</p></div>
<div class="col"><a href="/2024/10/21/b/">B</a><p>Summary B.</p><p>Oct 21, 2024 / A Correspondent</p></div></div>
<div class="row"><div class="col"><a href="/2024/10/20/c/">C</a><p>Summary C.</p><p>Keshab Poudel • 2 days ago</p></div></div>
<div class="box"><h2>Trending</h2><div class="col"><a href="/2024/10/01/t1/">T1</a><p>T one.</p><p>Agencies | Oct 01, 2024</p></div>
<div class="col"><a href="/2024/10/02/t2/">T2</a><p>T two.</p><p>Agencies | Oct 02, 2024</p></div>
<div class="col"><a href="/2024/10/03/t3/">T3</a><p>T three.</p><p>Agencies | Oct 03, 2024</p></div>
<div class="col"><a href="/2024/10/04/t4/">T4</a><p>T four.</p><p>Agencies | Oct 04, 2024</p></div></div></main>
<div role="complementary"><ul><li><a href="/2024/10/05/side/">Side</a><p>S.</p><p>Agencies | Oct 05, 2024</p></li></ul></div></body></html>"""
SIBLINGS = """<html><body><div class="ticker"><a href="/2024/10/09/x/">X</a> 3 hours ago <a href="/2024/10/08/y/">Y</a> 4 hours ago</div>
<div class="block-listing"><h3><a href="/2024/10/22/a/">A</a></h3><p>Summary A.</p><p>NEW SPOTLIGHT ONLINE · Oct. 22, 2024, 7:54 p.m.</p>
<h3><a href="/2024/10/21/b/">B</a></h3><p>Summary B.</p><p>By Agencies Oct 21, 2024</p></div></body></html>"""


# A sidebar before the listing, whose heading is not the listing's; a second box with bylines.
LEFT_SIDEBAR = (
    """<html><body><aside><h2>Trending</h2><ul><li><a href="/2024/10/19/t/">T</a></li></ul></aside>
<div class="list"><div class="e"><a href="/2024/10/22/a/">A</a><p>Summary A.</p><p>By Agencies Oct 22, 2024</p></div>
<div class="e"><a href="/2024/10/21/b/">B</a><p>Summary B.</p><p>By Agencies Oct 21, 2024</p></div>
<div class="e"><a href="/2024/10/20/c/">C</a><p>Summary C.</p><p>By Agencies Oct 20, 2024</p></div></div>
<div class="picks"><h3>Editor's Picks</h3>"""
    + "".join(
        f'<div class="p"><a href="/2024/09/0{i}/p{i}/">P{i}</a><p>Pick {i}.</p><p>By Agencies Sep 0{i}, 2024</p></div>'
        for i in range(1, 5)
    )
    + "</div></body></html>"
)
# The last page of a listing, under a "Most read" box that ends before it (no <h1>).
ENDED_BOX = (
    """<html><body><main><section class="most-read"><h3>Most Read</h3><ul>"""
    + "".join(f'<li><a href="/2024/09/0{i}/m{i}/">M{i}</a><p>By Agencies Sep 0{i}, 2024</p></li>' for i in range(1, 7))
    + """</ul></section><div class="list"><div class="e"><a href="/2020/01/02/a/">A</a><p>Summary A.</p>
<p>By Agencies Jan 02, 2020</p></div></div><div class="pager"><a href="?page=40">Previous</a></div></main></body></html>"""
)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            LEFT_SIDEBAR,
            [
                ("/2024/10/22/a/", "Agencies", "Oct 22, 2024"),
                ("/2024/10/21/b/", "Agencies", "Oct 21, 2024"),
                ("/2024/10/20/c/", "Agencies", "Oct 20, 2024"),
            ],
        ),
        (ENDED_BOX, [("/2020/01/02/a/", "Agencies", "Jan 02, 2020")]),
        (
            GRID,
            [
                ("/2024/10/22/a/", "Agencies", "Oct 22, 2024"),
                ("/2024/10/21/b/", "A Correspondent", "Oct 21, 2024"),
                ("/2024/10/20/c/", "Keshab Poudel", "2 days ago"),
            ],
        ),
        (
            SIBLINGS,
            [
                ("/2024/10/22/a/", "NEW SPOTLIGHT ONLINE", "Oct. 22, 2024, 7:54 p.m."),
                ("/2024/10/21/b/", "Agencies", "Oct 21, 2024"),
            ],
        ),
    ],
    ids=["a-sidebar-heading-before-the-listing", "a-box-that-ends-before-the-listing", "grid-rows", "sibling-blocks"],
)
def test_entries_of_unseen_markups(html: str, expected: list[tuple[str, str, str]]) -> None:
    entries, shaped = listing_entries(Selector(html), "http://127.0.0.1:1/topic/international")
    assert shaped
    assert [(e.url.removeprefix("http://127.0.0.1:1"), e.byline_raw, e.date_raw) for e in entries] == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By NEW SPOTLIGHT ONLINE Jan 07, 2025", ("NEW SPOTLIGHT ONLINE", "Jan 07, 2025")),
        ("NEW SPOTLIGHT ONLINE · 2 hours ago", ("NEW SPOTLIGHT ONLINE", "2 hours ago")),
        ("Agencies | Oct 22, 2024", ("Agencies", "Oct 22, 2024")),
        ("A Correspondent - Oct 22, 2024", ("A Correspondent", "Oct 22, 2024")),
        ("Oct 22, 2024 | Keshab Poudel", ("Keshab Poudel", "Oct 22, 2024")),
        ("By Agencies | Oct. 22, 2024, 7:54 p.m.", ("Agencies", "Oct. 22, 2024, 7:54 p.m.")),
        ("Keshab Poudel — 3 years, 1 month ago", ("Keshab Poudel", "3 years, 1 month ago")),
        ("13 minutes ago", (None, "13 minutes ago")),
        ("Oct 22, 2024", (None, "Oct 22, 2024")),
        ("The minister said the work would finish by Oct 22, 2024", None),
        ("Nepal's hydropower exports rose, the NEA said in a statement issued on Monday - Oct 22, 2024", None),
        ("Summary of the story.", None),
    ],
)
def test_meta_lines(line: str, expected: tuple[str | None, str] | None) -> None:
    assert parse_meta_line(line) == expected


_BROKEN = "http://[2024/10/23/broken-link/"  # an unbalanced IPv6 bracket: urllib raises on it


def test_a_malformed_link_costs_only_itself():
    """One unreadable href must not cost the listing page its other entries."""
    cards = "".join(
        f'<div class="card"><h2><a href="{href}">Story {i} headline</a></h2><p>By Agencies Oct. 2{i}, 2024</p></div>'
        for i, href in enumerate(["/2024/10/20/story-0/", _BROKEN, "/2024/10/22/story-2/"])
    )
    html = f'<main>{cards}<a href="{_BROKEN}?page=2">2</a><a href="{_BROKEN}">Latest</a></main>'
    entries, shaped = listing_entries(Selector(html), "http://127.0.0.1:1/articles/")
    assert shaped
    assert [e.url for e in entries] == [
        "http://127.0.0.1:1/2024/10/20/story-0/",
        "http://127.0.0.1:1/2024/10/22/story-2/",
    ]
    assert nav_link(Selector(html), "http://127.0.0.1:1/articles/", "latest") is None
    assert (
        read_pager(Selector(html), "http://127.0.0.1:1/articles/", "http://127.0.0.1:1/articles/", 1).next_url is None
    )


# Listings in CMS markups nobody wrote the replica for (tests/listing_markups.py), each with
# one way a listing page can mislead: a box of other sections' stories and sponsored entries
# inside the main column, the listing's own heading reading like a sidebar's, entries whose
# headline sits in the <header> of an <article>, a sidebar that is no <aside>, a featured card of
# another section in a side column of plain <div>s.
from tests.listing_markups import MARKUPS  # noqa: E402


@pytest.mark.parametrize("name", list(MARKUPS))
def test_the_entries_of_a_listing_are_its_own_and_all_of_them(name: str) -> None:
    html, own = MARKUPS[name]()
    entries, shaped = listing_entries(Selector(html), "http://127.0.0.1:1/topic/international")
    assert shaped
    paths = [e.url.removeprefix("http://127.0.0.1:1").removeprefix("https://www.spotlightnepal.com") for e in entries]
    assert paths == own


@pytest.mark.parametrize(
    ("label", "sponsored"),
    [
        ('<span class="kicker">Sponsored</span>', True),
        ('<span class="kicker">Sponsored by Himalayan Bank</span>', True),
        ('<span class="kicker">Partner content</span>', True),
        ('<div class="badge">Advertisement</div>', True),
        ('<span class="kicker">International</span>', False),
        ('<span class="kicker">The sponsor of the bill spoke</span>', False),
        ('<span class="kicker">Sponsored by UNDP, the project opened on Monday.</span>', False),
    ],
)
def test_a_sponsored_entry_is_not_an_entry(label: str, sponsored: bool) -> None:
    cards = "".join(
        f'<div class="card">{label if i == 1 else ""}<h2><a href="/2024/10/2{i}/story-{i}/">Story {i}</a></h2>'
        f"<p>Summary {i}.</p><p>By Agencies Oct 2{i}, 2024</p></div>"
        for i in range(4)
    )
    entries, _ = listing_entries(Selector(f"<main>{cards}</main>"), "http://127.0.0.1:1/articles/")
    assert ("/2024/10/21/story-1/" not in [e.url.removeprefix("http://127.0.0.1:1") for e in entries]) is sponsored
    assert len(entries) == (3 if sponsored else 4)
