"""Article extraction on the replica's CMS templates: every field against the content truth.

The templates (tests/replica/templates_cms.py) carry the furniture real CMS pages put around a
story: tickers and trending columns of other stories with their own date-times, breadcrumbs,
Wagtail rich-text and StreamField blocks, inline lead-ins, captions with credits, embedded
posts, share and tag rows, relative-only dates, bylines followed by separators, UTC metadata.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from parsel import Selector

from spotlight_crawler.extract.article import RawArticle, extract_article
from spotlight_crawler.normalize import parse_byline, parse_datetime
from tests.replica import generate_site
from tests.replica.content import Article, timesince
from tests.replica.pages import SiteRenderer
from tests.replica.templates_cms import CMS_TEMPLATES

SITE = generate_site(60, seed=3)
HOST = "www.spotlightnepal.com"


def ws(text: str | None) -> str | None:
    return re.sub(r"\s+", " ", text).strip() if text is not None else None


def pages(template: str) -> list[tuple[Article, str]]:
    renderer = SiteRenderer(SITE, templates=(template,))
    return [(art, renderer.article(art, HOST)) for art in SITE.articles]


@pytest.fixture(scope="module", params=CMS_TEMPLATES)
def extracted(request: pytest.FixtureRequest) -> tuple[str, list[tuple[Article, RawArticle, str]]]:
    out = []
    for art, html in pages(request.param):
        out.append((art, extract_article(Selector(text=html), art.canonical_url), html))
    return request.param, out


def age_resolution(art: Article) -> timedelta:
    """The smallest unit a Django timesince age of ``art`` prints: a relative date is right within it."""
    age = timesince(art.published_at, SITE.now, nbsp=" ")
    unit = age.split(", ")[-1].split(" ")[1].rstrip("s")
    return {
        "minute": timedelta(minutes=1),
        "hour": timedelta(hours=1),
        "day": timedelta(days=1),
        "week": timedelta(weeks=1),
        "month": timedelta(days=31),
        "year": timedelta(days=366),
    }[unit]


def test_headline(extracted):
    _, results = extracted
    for art, raw, _ in results:
        assert raw.headline == ws(art.headline), art.path


def test_date_is_the_story_own(extracted):
    """Never a ticker's or a column's date-time; UTC metadata lands in Nepal time; an age
    resolves against the page's clock within the unit it prints."""
    template, results = extracted
    for art, raw, _html in results:
        assert raw.published_at_raw, art.path
        value = parse_datetime(raw.published_at_raw, now=SITE.now)
        assert isinstance(value, datetime), (art.path, raw.published_at_raw)
        if template == "trending":
            assert raw.published_at_raw.endswith("ago"), art.path
            assert timedelta(0) <= value - art.published_at < age_resolution(art), (art.path, raw.published_at_raw)
        else:
            assert value == art.published_at, (art.path, raw.published_at_raw)
            assert value.utcoffset() == timedelta(hours=5, minutes=45)
        if template != "stream":
            assert raw.published_at_raw == art.published_at_raw or template == "trending", art.path


def test_body_is_the_story_whole(extracted):
    """Lead-ins, captions, embedded posts, share and tag rows, columns of other stories left
    out; block quotes and list items kept, each a paragraph."""
    _, results = extracted
    for art, raw, _ in results:
        assert raw.body == [ws(p) for p in art.body], art.path


def test_section(extracted):
    _, results = extracted
    for art, raw, _ in results:
        assert raw.section == art.section, art.path


def test_byline_and_authors(extracted):
    _, results = extracted
    for art, raw, _ in results:
        assert raw.byline_raw == art.byline_raw, art.path
        assert parse_byline(raw.byline_raw) == art.authors, art.path


def test_summary(extracted):
    _, results = extracted
    for art, raw, _ in results:
        assert raw.summary == ws(art.summary), art.path


def test_issue(extracted):
    _, results = extracted
    for art, raw, _ in results:
        assert raw.issue_raw == (ws(art.issue_raw) if art.issue_raw else None), art.path


def test_traps_are_on_the_pages(extracted):
    """The furniture is there: a test that passes on a page without it proves nothing."""
    template, results = extracted
    html = "\n".join(h for _, _, h in results)
    for art, _, page in results:  # every page prints other stories' date-times
        assert any(o.published_at_raw in page for o in SITE.articles if o.published_at_raw != art.published_at_raw)
    expected = {
        "ticker": ["Breaking", "rich-text", "Also Read:", "Share:", "Tags:", "breadcrumb", " · ", " | "],
        "stream": [
            "block-paragraph",
            "block-heading",
            "block-image",
            "block-embed",
            "twitter-tweet",
            'Z"',
            "BreadcrumbList",
            "Most Read",
            "Photo: RSS",
        ],
        "trending": ["Trending Now", 'aria-label="breadcrumb"', " ago</span>", "<li>", "Read more:"],
        "related": ["category-label", "Also read:", "Related:", "<blockquote>", "Related Stories", "Share:"],
    }[template]
    for needle in expected:
        assert needle in html, needle


# --- The same furniture in markup of our own, not the replica's ------------------------------

OTHER_MARKUP = """<html><head><title>Nepal, China sign power trade agreement | New Spotlight Online</title>
<meta property="article:published_time" content="2024-10-22T08:39:00Z"></head><body>
<div id="top"><b>BREAKING</b> <p><a href="/2025/02/25/other/">Flights resume at Tribhuvan airport</a>
Feb. 25, 2025, 9:15 a.m.</p></div>
<div class="crumbs"><span itemscope itemtype="https://schema.org/BreadcrumbList">
<a href="/">Home</a> &raquo; <a href="/topic/economy">Economy</a></span></div>
<h1>Nepal, China sign power trade agreement</h1>
<div>NEW SPOTLIGHT ONLINE | Oct. 22, 2024, 2:24 p.m.</div>
<section class="story-text">
<p>Nepal and China signed an agreement on cross-border power trade in Kathmandu on Tuesday, officials said.</p>
<div class="img"><img src="/media/images/x.jpg"><p class="cap">Officials at the signing ceremony on Tuesday. (Photo: RSS)</p></div>
<p>Also read: <a href="/2024/10/20/a/">Hydropower export grows</a></p>
<blockquote><p>"This is a milestone for the energy sector of both countries," the minister said at the event.</p></blockquote>
<p>The line will carry up to 800 megawatts once the transmission towers are completed in two years.</p>
<ol><li>First phase covers the towers on the Nepal side of the border near Rasuwagadhi.</li>
<li>Second phase connects the substations at Kerung and Chilime in the next fiscal year.</li></ol>
<blockquote><p>Congratulations to both teams on the agreement signed today for a brighter future.</p>
&mdash; Energy Ministry (@EnergyMinNepal) <a href="https://x.com/e/status/1">October 22, 2024</a></blockquote>
<ul class="social"><li><a href="#">Facebook</a></li><li><a href="#">Twitter</a></li><li><a href="#">WhatsApp</a></li></ul>
<p>Tags: <a href="/tag/energy">Energy</a>, <a href="/tag/china">China</a></p>
</section>
<div class="col"><h3>Trending</h3><div><a href="/2024/10/21/b/">Gold price falls by Rs 1,200 per tola</a> Oct. 21, 2024, 11 a.m.</div></div>
</body></html>"""


def test_furniture_in_markup_the_replica_never_used():
    art = extract_article(Selector(text=OTHER_MARKUP), "https://www.spotlightnepal.com/2024/10/22/nepal-china-power/")
    assert art.headline == "Nepal, China sign power trade agreement"
    assert art.published_at_raw == "Oct. 22, 2024, 2:24 p.m."
    assert art.published_meta_raw == "2024-10-22T08:39:00Z"
    assert art.byline_raw == "NEW SPOTLIGHT ONLINE"
    assert art.section == "Economy"
    assert art.body == [
        "Nepal and China signed an agreement on cross-border power trade in Kathmandu on Tuesday, officials said.",
        '"This is a milestone for the energy sector of both countries," the minister said at the event.',
        "The line will carry up to 800 megawatts once the transmission towers are completed in two years.",
        "First phase covers the towers on the Nepal side of the border near Rasuwagadhi.",
        "Second phase connects the substations at Kerung and Chilime in the next fiscal year.",
    ]


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By NEW SPOTLIGHT ONLINE ·", "NEW SPOTLIGHT ONLINE"),
        ("Agencies |", "Agencies"),
        ("By Keshab Poudel, Oct. 22, 2024, 7:54 p.m.", "Keshab Poudel"),
        ("By Sita Sharma and Ram Thapa —", "Sita Sharma and Ram Thapa"),
        ("A Correspondent / 3 hours ago", "A Correspondent"),
        ("Byron Sharma |", "Byron Sharma"),
        ("By --", None),  # a byline line naming nobody is no byline
    ],
)
def test_bylines_tolerate_separators(line: str, byline: str | None):
    html = (
        f"<h1>Budget passed in the House</h1><p>{line}</p><p>March 1, 2021, 7:25 a.m.</p>"
        "<p>The House of Representatives passed the budget for the coming fiscal year on Monday evening.</p>"
    )
    art = extract_article(Selector(text=html), "https://www.spotlightnepal.com/2021/03/01/budget-passed/")
    assert art.byline_raw == byline
    assert art.body == ["The House of Representatives passed the budget for the coming fiscal year on Monday evening."]


@pytest.mark.parametrize(
    ("lead_in", "kept_after"),
    [
        ('<p>Also Read: <a href="/2024/01/01/x/">Other story</a></p>', True),
        ('<p><strong>Read more:</strong> <a href="/2024/01/01/x/">Other story</a></p>', True),
        ('<p>Related: <a href="/2024/01/01/x/">Other story</a></p>', True),
        ('<p><a href="/2024/01/01/x/">ALSO READ: Other story</a></p>', True),
        # A box of other stories inside the story neither ends the body nor enters it.
        ("<h3>Related Stories</h3>", True),
        ('<h3>Related Stories</h3><ul><li><a href="/2024/01/01/x/">Other story</a></li></ul>', True),
    ],
)
def test_lead_ins_do_not_end_the_body(lead_in: str, kept_after: bool):
    html = (
        "<h1>Budget passed in the House</h1><p>March 1, 2021, 7:25 a.m.</p>"
        "<p>The House of Representatives passed the budget for the coming fiscal year on Monday evening.</p>"
        f"{lead_in}<p>The opposition walked out before the vote, saying it had not been consulted on it.</p>"
    )
    art = extract_article(Selector(text=html), "https://www.spotlightnepal.com/2021/03/01/budget-passed/")
    assert art.body[0].startswith("The House")
    assert (len(art.body) == 2) is kept_after


def test_image(extracted):
    _, results = extracted
    for art, raw, _ in results:
        assert raw.image_url == "https://www.spotlightnepal.com" + art.image_path, art.path
