"""Article pages in markup nobody here wrote: each failure kind met on real pages of other news
sites, reproduced on a small page of our own, one fact per row.

The pages are written here (no third-party page is kept in the repository); each follows
what the real markup did: Yoast's JSON-LD ``@graph`` with authors given by ``@id``, an
article as a ``WebPage``'s ``mainEntity``, a zoned metadata time beside a printed time
without a zone, a box of other stories inside the story, a page wrapped in one ``<form>``, a
story column marked up as ``<aside>``, Drupal's ``block-*`` classes, an SEO headline in the
metadata, HTML entities inside JSON-LD text, paywall and newsletter prompts.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from parsel import Selector
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from spotlight_crawler.extract.article import RawArticle, extract_article, main_text
from spotlight_crawler.extract.listing import ListingEntry
from spotlight_crawler.normalize import parse_datetime
from spotlight_crawler.record import extract_record
from spotlight_crawler.run import keys
from spotlight_crawler.spiders.latest import LatestSpider

URL = "https://news.example.org/2024/05/02/harbour-bridge-reopens/"
HEADLINE = "Harbour bridge reopens after two years of repairs"
STORY = [
    "The harbour bridge reopened to traffic on Thursday morning after two years of repairs that cost the city more than it had planned.",
    "Engineers replaced the deck, the cables and most of the lighting, and the council said the work would keep the bridge safe for fifty years.",
    "Commuters who had spent two years on the long detour through the industrial district welcomed the news at the first light of the day.",
    "Traffic was slow during the first hours, as drivers stopped to look at the new railings and the painted towers above the water.",
    "The mayor said the next project would be the old tunnel under the river, which has been closed to lorries since the spring floods.",
]


def _ld(*objects: dict) -> str:
    return "".join(f'<script type="application/ld+json">{json.dumps(o)}</script>' for o in objects)


def page(
    *,
    head: str = "",
    h1: str | None = HEADLINE,
    byline: str = "",
    when: str = "",
    story: list[str] | None = None,
    inside: dict[int, str] | None = None,
    wrap: tuple[str, str] = ('<article class="story">', "</article>"),
    title: str = f"{HEADLINE} | Example News",
) -> str:
    """A news page: navigation, the story (``inside[i]`` printed before paragraph ``i``), a
    column of other stories, a footer."""
    paragraphs = "".join((inside or {}).get(i, "") + f"<p>{p}</p>" for i, p in enumerate(story or STORY))
    top = f"<h1>{h1}</h1>" if h1 else ""
    meta = f'<div class="byline">{byline}</div>' if byline else ""
    date = f'<div class="date">{when}</div>' if when else ""
    return (
        f"<html><head><title>{title}</title>{head}</head><body>"
        '<nav><a href="/">Home</a> <a href="/world/">World</a> <a href="/sport/">Sport</a></nav>'
        f"{wrap[0]}{top}{meta}{date}{paragraphs}{wrap[1]}"
        '<div class="more"><h3>More stories</h3><ul>'
        '<li><a href="/2024/05/01/a/">Council approves new budget for schools</a></li>'
        '<li><a href="/2024/05/01/b/">Storm closes the coastal road overnight</a></li></ul></div>'
        "<footer>© Example News</footer></body></html>"
    )


def read(html: str) -> RawArticle:
    return extract_article(Selector(text=html), URL)


BOX = (
    '<div class="related"><h4>Related</h4><ul>'
    '<li><a href="/2024/04/30/c/">Ferry service to resume next week</a></li>'
    '<li><a href="/2024/04/29/d/">City names new chief engineer</a></li></ul></div>'
)
YOAST = _ld(
    {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "NewsArticle",
                "@id": URL + "#article",
                "headline": HEADLINE,
                "author": {"@id": URL + "#/person/1"},
            },
            {"@type": "Person", "@id": URL + "#/person/1", "name": "Jane Doe"},
        ],
    }
)
MAIN_ENTITY = _ld(
    {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "mainEntity": {
            "@type": "NewsArticle",
            "headline": HEADLINE,
            "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "Omar Haddad"}],
        },
    }
)


@pytest.mark.parametrize(
    ("html", "paragraphs"),
    [
        # A box of other stories inside the story neither ends the body nor enters it.
        pytest.param(page(inside={2: BOX}), STORY, id="recirculation box mid-article"),
        # Paywall and newsletter prompts after the story stay out.
        pytest.param(
            page(
                story=[
                    *STORY,
                    "Sign up for our newsletter to get the latest news delivered to your inbox every morning.",
                ]
            ),
            STORY,
            id="newsletter prompt",
        ),
        # The whole page inside one <form> (ASP.NET): the story is still read.
        pytest.param(
            page(wrap=('<form id="aspnetForm"><div class="content">', "</div></form>")), STORY, id="form-wrapped"
        ),
        # The story column marked up as <aside>.
        pytest.param(page(wrap=('<aside class="main-column">', "</aside>")), STORY, id="story column in aside"),
        pytest.param(
            page(wrap=('<aside class="main-column"><!-- story -->', "</aside>")), STORY, id="comment in aside column"
        ),
        # Drupal's block-* classes, which are not Wagtail StreamField blocks.
        pytest.param(
            page(
                wrap=(
                    '<div class="block-system-main-block"><div class="block-field-blocknodearticlebody">',
                    "</div></div>",
                )
            ),
            STORY,
            id="drupal block classes",
        ),
        # The story's own container (entry-content) ends the body: an author's note after it stays out.
        pytest.param(
            page(
                wrap=(
                    '<article class="story"><div class="entry-content">',
                    '</div><div class="author-box"><p>Jane Doe covers the city for the paper and has written '
                    "about its bridges, ferries and tunnels for more than ten years.</p></div></article>",
                )
            ),
            STORY,
            id="author note after the story container",
        ),
    ],
)
def test_the_body_is_the_story_and_nothing_else(html: str, paragraphs: list[str]):
    assert read(html).body == paragraphs


@pytest.mark.parametrize(
    ("html", "names"),
    [
        pytest.param(page(head=YOAST), ["Jane Doe"], id="Yoast @graph author by @id"),
        pytest.param(page(head=MAIN_ENTITY), ["Jane Doe", "Omar Haddad"], id="article in WebPage.mainEntity"),
        # Every name, where the metadata gives only the first.
        pytest.param(
            page(head='<meta name="author" content="Jane Doe">', byline="By Jane Doe and Omar Haddad"),
            ["Jane Doe", "Omar Haddad"],
            id="every printed name",
        ),
        # A one-word credit in structured data is a credit (the publication's own desk: staff).
        pytest.param(
            page(
                head=_ld(
                    {
                        "@type": "NewsArticle",
                        "headline": HEADLINE,
                        "author": {"@type": "Organization", "name": "Euronews"},
                    }
                )
            ),
            ["Euronews"],
            id="one-word credit",
        ),
        # "A, B and C" written as one JSON-LD name is three authors.
        pytest.param(
            page(
                head=_ld({"@type": "NewsArticle", "headline": HEADLINE, "author": {"name": "Jane Doe and Omar Haddad"}})
            ),
            ["Jane Doe", "Omar Haddad"],
            id="several names in one credit",
        ),
        # The publication's own name beside the writer's is its masthead, not an author.
        pytest.param(
            page(
                head=_ld(
                    {
                        "@type": "NewsArticle",
                        "headline": HEADLINE,
                        "author": {"name": "Jane Doe"},
                        "publisher": {"name": "Example News"},
                    }
                ),
                byline="Jane Doe | Example News",
            ),
            ["Jane Doe"],
            id="publication beside the writer",
        ),
        # Dublin Core's "Family, Given", the only credit: one author, as a byline prints the name.
        pytest.param(
            page(head='<meta name="DC.creator" content="Doe, Jane">'), ["Jane Doe"], id="Dublin Core family first"
        ),
    ],
)
def test_every_author_is_credited(html: str, names: list[str]):
    assert [a["name"] for a in read(html).authors] == names


def test_an_agency_credit_in_structured_data_keeps_its_kind():
    html = page(head=_ld({"@type": "NewsArticle", "headline": HEADLINE, "author": {"name": "Reuters"}}))
    assert read(html).authors == [{"name": "Reuters", "kind": "agency"}]


@pytest.mark.parametrize(
    ("html", "moment"),
    [
        # A printed local time without a zone, and the metadata's zoned instant it shows.
        pytest.param(
            page(
                head='<meta property="article:published_time" content="2024-05-02T08:05:10-04:00">',
                when="May 2, 2024 8:05 am",
            ),
            datetime(2024, 5, 2, 12, 5, 10, tzinfo=UTC),
            id="zoned metadata beside an unzoned printed time",
        ),
        # The printed clock in one zone, the metadata in UTC.
        pytest.param(
            page(
                head='<meta property="article:published_time" content="2023-08-30T00:55:49+00:00">',
                when="August 30, 2023 1:55 am",
            ),
            datetime(2023, 8, 30, 0, 55, 49, tzinfo=UTC),
            id="printed local time, metadata in UTC",
        ),
        # The publication time, never the update time beside it.
        pytest.param(
            page(
                head=_ld(
                    {
                        "@type": "NewsArticle",
                        "headline": HEADLINE,
                        "datePublished": "2024-05-02T09:00:00Z",
                        "dateModified": "2024-05-03T10:00:00Z",
                    }
                )
            ),
            datetime(2024, 5, 2, 9, 0, tzinfo=UTC),
            id="published, not modified",
        ),
        # The site's own format is Nepal time, whatever the metadata's zone says.
        pytest.param(
            page(
                head='<meta property="article:published_time" content="2024-10-22T19:54:00Z">',
                when="Oct. 22, 2024, 7:54 p.m.",
            ),
            datetime(2024, 10, 22, 14, 9, tzinfo=UTC),
            id="the site's own Django format",
        ),
    ],
)
def test_the_publication_time_is_read_in_the_page_zone(html: str, moment: datetime):
    assert parse_datetime(read(html).published_at_raw) == moment


@pytest.mark.parametrize(
    ("html", "headline"),
    [
        # Metadata written for search engines; the page, its social title and microdata agree.
        pytest.param(
            page(
                head=_ld(
                    {"@type": "NewsArticle", "headline": "Harbour bridge reopens: what commuters need to know in 2024"}
                )
                + f'<meta property="og:title" content="{HEADLINE}">'
            ),
            HEADLINE,
            id="SEO variant in JSON-LD",
        ),
        # HTML entities written inside JSON-LD text are read.
        pytest.param(
            page(h1=None, title="x", head=_ld({"@type": "NewsArticle", "headline": "Mayor&#8217;s bridge reopens"})),
            "Mayor’s bridge reopens",
            id="entities in JSON-LD",
        ),
        # Any site's name after a separator, not only ours.
        pytest.param(
            page(
                h1=None,
                head='<meta property="og:site_name" content="The Daily Planet">'
                f'<meta property="og:title" content="{HEADLINE} | The Daily Planet">',
            ),
            HEADLINE,
            id="another site's name",
        ),
        # A <title> that is the site's name alone, the headline printed in an <h2>.
        pytest.param(
            page(h1=None, title="New Spotlight Online", inside={0: f'<h2 class="post-title">{HEADLINE}</h2>'}),
            HEADLINE,
            id="site's name alone in <title>",
        ),
        # The publisher's name alone in <title> and og:title.
        pytest.param(
            page(
                h1=None,
                title="The Daily Planet",
                head='<meta property="og:site_name" content="The Daily Planet">',
                inside={0: f'<h2 class="post-title">{HEADLINE}</h2>'},
            ),
            HEADLINE,
            id="publisher's name alone in <title>",
        ),
    ],
)
def test_the_headline_is_the_printed_one(html: str, headline: str):
    assert read(html).headline == headline


def test_each_field_names_the_witness_it_came_from():
    html = page(
        head=YOAST + '<meta property="article:published_time" content="2024-05-02T08:05:10-04:00">',
        when="May 2, 2024 8:05 am",
    )
    assert read(html).witnesses == {
        "headline": "printed.headline",
        "published_at": "meta.article:published_time",
        "body": "trafilatura.main",
        "authors": "jsonld.author",
    }


def test_witnesses_that_disagree_are_named_in_pairs():
    html = page(
        head=_ld({"@type": "NewsArticle", "headline": "Harbour bridge reopens: what commuters need to know"})
        + f'<meta property="og:title" content="{HEADLINE}">'
    )
    assert ("headline", "printed.headline", "jsonld.headline") in read(html).disagreements


def test_the_record_of_a_page_is_one_call():
    record = extract_record(page(head=YOAST), URL, datetime(2024, 5, 2, tzinfo=UTC)).item
    assert (record.headline, [a["name"] for a in record.authors], record.body) == (
        HEADLINE,
        ["Jane Doe"],
        "\n\n".join(STORY),
    )


def test_a_crawl_counts_each_chosen_witness_and_each_disagreement_with_the_listing():
    crawler = get_crawler(
        LatestSpider,
        {"SPOTLIGHT_BASE_URL": "http://127.0.0.1:8000", "SPOTLIGHT_RENDER": "never", "SPOTLIGHT_STATE": ""},
    )
    crawler.get_extension = lambda cls: None  # no seen-store: the extensions are not built outside a crawl
    spider = LatestSpider.from_crawler(crawler)
    crawler.spider = spider
    url = "http://127.0.0.1:8000/2024/05/02/harbour-bridge-reopens/"
    response = HtmlResponse(url, body=page(head=YOAST).encode(), encoding="utf-8", request=Request(url))
    entry = ListingEntry(url, headline="Bridge reopens", byline_raw="By Jane Doe")
    list(spider.parse_article(response, "latest", entry))
    stats = crawler.stats.get_stats()
    assert stats[keys.witness_chosen("authors", "jsonld.author")] == 1
    assert stats[keys.witnesses_disagree("headline", "printed.headline", "listing.headline")] == 1
    assert keys.witnesses_disagree("authors", "jsonld.author", "listing.byline") not in stats


def test_the_general_extractor_never_reads_the_sites_navigation_as_text():
    """On a page with little text trafilatura falls back to all of it; the masthead, menus and
    footer are left out first, so an error page in the site's chrome is its two lines alone."""
    page = (
        "<html><body><header><a href='/'>The Daily Example</a><nav><ul>"
        + "".join(f"<li><a href='/topic/{s}'>{s.title()}</a></li>" for s in ("national", "economy", "world", "opinion"))
        + "</ul></nav></header><div class='content'><h1>Page not found</h1>"
        "<p>Sorry, this page could not be found.</p></div>"
        "<footer><p>&copy; The Daily Example</p><a href='/about/'>About us</a></footer></body></html>"
    )
    assert main_text(page, "https://news.example/2024/01/02/gone/") == [
        "Page not found",
        "Sorry, this page could not be found.",
    ]
