"""Article extraction on saved pages: the real sample's text in markups we chose, not the replica's."""

import pytest
from parsel import Selector

from spotlight_crawler.extract.article import extract_article
from spotlight_crawler.extract.structured import read_structured
from tests.pages import FIXTURES

URL = (
    "https://www.spotlightnepal.com/2024/10/22/ukraine-releases-video-purportedly-showing-north-korean-soldiers-russia/"
)
SAMPLE = (FIXTURES / "real-article-2024-10-22.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample():
    return extract_article(Selector(SAMPLE), URL)


def test_sample_headline(sample):
    assert sample.headline == "Ukraine releases video purportedly showing North Korean soldiers in Russia"


def test_sample_date_as_printed(sample):
    assert sample.published_at_raw == "Oct. 22, 2024, 7:54 p.m."


def test_sample_sign_off_is_the_byline_not_body(sample):
    assert sample.byline_raw == "Agencies"
    assert "Agencies" not in sample.body


def test_sample_body_is_the_seven_paragraphs_and_nothing_else(sample):
    assert len(sample.body) == 7
    assert sample.body[0].startswith("Ukraine has released a video")
    assert sample.body[-1].endswith("without delay.")
    text = "\n".join(sample.body)
    for furniture in (
        "More on International",
        "The Latest",
        "VOL. 18",
        "Publisher and Editor",
        "Oct 22, 2024",
        "Indian Airlines",
        "New Spotlight Online",
    ):
        assert furniture not in text


def test_sample_section_from_the_more_on_sidebar(sample):
    assert sample.section == "International"


def test_sample_has_no_issue(sample):
    assert sample.issue_raw is None


MAGAZINE = """<html><head><title>Hydropower Export Grows | New Spotlight Online</title></head><body>
<div class="wrap"><span>New Spotlight Online</span>
<section><h3>Hydropower Export Grows</h3>
<em>Nepal sold more power to India this year.</em>
<div>Nov. 19, 2021, noon Published in Magazine Issue: VOL. 15, No. 08, Nov. 19, 2021 (Mangshir 03, 2078)
Publisher and Editor: Keshab Prasad Poudel Online Register Number: DOI 584/074-75</div>
<div>By KESHAB POUDEL</div>
<div>Nepal Electricity Authority exported electricity worth billions of rupees to India this fiscal year, officials said on Friday.<br><br>
The export took place through the Dhalkebar-Muzaffarpur cross-border transmission line during the wet season months. (RSS)</div>
</section>
<section><h3>More on Economy</h3><div><a href="/2021/11/18/x/">Other story</a> By Agencies 2 days ago</div></section>
</div></body></html>"""


def test_unknown_markup_magazine_article():
    art = extract_article(Selector(MAGAZINE), "https://www.spotlightnepal.com/2021/11/19/hydropower-export-grows/")
    assert art.headline == "Hydropower Export Grows"
    assert art.published_at_raw == "Nov. 19, 2021, noon"
    assert art.issue_raw == "VOL. 15, No. 08, Nov. 19, 2021 (Mangshir 03, 2078)"
    assert art.byline_raw == "KESHAB POUDEL"
    assert art.body == [
        "Nepal Electricity Authority exported electricity worth billions of rupees to India this fiscal year, "
        "officials said on Friday.",
        "The export took place through the Dhalkebar-Muzaffarpur cross-border transmission line during the wet "
        "season months. (RSS)",
    ]
    assert art.section == "Economy"


METADATA = """<html><head>
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebSite", "name": "New Spotlight Online"},
 {"@type": ["NewsArticle"], "headline": "Prabowo sworn in as Indonesia's new president",
  "datePublished": "2024-10-20T18:05:00+05:45", "author": [{"@type": "Organization", "name": "Agencies"}],
  "image": {"@type": "ImageObject", "url": "/media/images/prabowo.2e16d0ba.fill-650x500.jpg"},
  "description": "Prabowo Subianto took office on Sunday.", "articleSection": "International"}]}
</script></head><body><main><p>Prabowo Subianto was sworn in as Indonesia's eighth president on Sunday in Jakarta, the capital.</p>
<p>He won the February election by a wide margin, official results showed.</p></main></body></html>"""


def test_metadata_first_when_present():
    art = extract_article(Selector(METADATA), "https://www.spotlightnepal.com/2024/10/20/prabowo-sworn/")
    assert art.headline == "Prabowo sworn in as Indonesia's new president"
    assert art.published_at_raw == "2024-10-20T18:05:00+05:45"
    assert art.byline_raw == "Agencies"
    assert art.summary is None  # a description the page does not print is no standfirst
    assert art.section == "International"
    assert art.image_url == "https://www.spotlightnepal.com/media/images/prabowo.2e16d0ba.fill-650x500.jpg"
    assert len(art.body) == 2


@pytest.mark.parametrize(
    ("names", "byline_raw"),
    [
        (["Keshab Poudel"], "Keshab Poudel"),
        (["NARAYAN KHADKA", "YASODA KOIRALA"], "NARAYAN KHADKA and YASODA KOIRALA"),
        (
            ["NARAYAN KHADKA", "BINOD BAHADUR SHARMA", "YASODA KOIRALA"],
            "NARAYAN KHADKA, BINOD BAHADUR SHARMA and YASODA KOIRALA",
        ),
    ],
)
def test_json_ld_authors_read_as_the_byline_prints_them(names, byline_raw):
    authors = ", ".join(f'{{"@type": "Person", "name": "{n}"}}' for n in names)
    html = METADATA.replace('[{"@type": "Organization", "name": "Agencies"}]', f"[{authors}]")
    art = extract_article(Selector(html), "https://www.spotlightnepal.com/2024/10/20/prabowo-sworn/")
    assert art.byline_raw == byline_raw


@pytest.mark.parametrize(
    ("html", "body"),
    [
        ("", []),
        ("<html></html>", []),
        ("<p>", []),
        ("not html at all", ["not html at all"]),  # text is kept, as a paragraph
        ("<html><body><script>x</script></body></html>", []),  # a script is no text
    ],
)
def test_empty_or_odd_pages_give_empty_fields(html, body):
    art = extract_article(Selector(html or "<html/>"), "https://www.spotlightnepal.com/2024/10/20/x/")
    assert art.body == body
    assert (art.headline, art.published_at_raw, art.byline_raw, art.summary) == (None, None, None, None)
    assert (art.image_url, art.issue_raw, art.section, art.published_meta_raw) == (None, None, None, None)


def test_description_printed_on_its_own_is_the_standfirst():
    html = METADATA.replace("<main>", "<main><p>Prabowo Subianto took office on Sunday.</p>")
    art = extract_article(Selector(html), "https://www.spotlightnepal.com/2024/10/20/prabowo-sworn/")
    assert art.summary == "Prabowo Subianto took office on Sunday."
    assert "Prabowo Subianto took office on Sunday." not in art.body
    assert len(art.body) == 2


def test_person_sign_off_is_the_byline():
    html = """<h1>Why food security matters</h1><p>Oct. 22, 2024, 7 a.m.</p>
    <p>Food security is a long-standing concern for the hill districts of the country, experts say.</p>
    <p>LAXMI KRISHNA KARKI and SANJAY LAMA</p><h3>More on Opinion</h3>"""
    art = extract_article(Selector(html), "https://www.spotlightnepal.com/2024/10/22/why-food-security-matters/")
    assert art.byline_raw == "LAXMI KRISHNA KARKI and SANJAY LAMA"
    assert art.body == ["Food security is a long-standing concern for the hill districts of the country, experts say."]
    assert art.published_at_raw == "Oct. 22, 2024, 7 a.m."


def test_byline_and_date_on_one_line():
    html = """<table><tr><td><b>Hydropower Export Grows</b></td></tr><tr><td>By NEW SPOTLIGHT ONLINE<br>
    <small>Oct. 18, 2024, 6:33 p.m. Published in Magazine Issue: VOL. 18, No. 05, September 10-23, 2024
    (Bhadau-25, 2081) Publisher and Editor: Keshab Prasad Poudel</small></td></tr>
    <tr><td><p>Nepal Electricity Authority exported electricity worth billions of rupees to India this year.</p></td></tr></table>"""
    art = extract_article(Selector(html), "https://www.spotlightnepal.com/2024/10/18/hydropower-export-grows/")
    assert art.byline_raw == "NEW SPOTLIGHT ONLINE"
    assert art.published_at_raw == "Oct. 18, 2024, 6:33 p.m."
    assert art.issue_raw == "VOL. 18, No. 05, September 10-23, 2024 (Bhadau-25, 2081)"


def test_a_sentence_starting_with_by_is_not_a_byline():
    html = """<h1>Budget Passed</h1><p>March 1, 2021, 7:25 a.m.</p>
    <p>By a two-thirds majority, the House of Representatives passed the budget for the coming fiscal year on Monday.</p>
    <p>Agencies</p>"""
    art = extract_article(Selector(html), "https://www.spotlightnepal.com/2021/03/01/budget-passed/")
    assert art.byline_raw == "Agencies"


@pytest.mark.parametrize(
    ("ld", "ignored"),
    [
        ('{"@type": "NewsArticle", "headline": "Kept"}', 0),
        ("[" * 2000 + "]" * 2000, 1),  # too deep for the JSON decoder itself
        ('{"@graph": ' + "[" * 40 + '{"@type": "NewsArticle"}' + "]" * 40 + "}", 1),
    ],
)
def test_json_ld_nested_too_deep_is_ignored_and_noted(ld, ignored):
    html = f'<html><head><script type="application/ld+json">{ld}</script></head><body></body></html>'
    data = read_structured(Selector(text=html), html, "https://example.com/")
    assert data.too_deep == ignored
    assert all(o.get("@type") != "NewsArticle" for o in data.objects) == bool(ignored)


def test_malformed_urls_in_metadata_cost_only_their_field():
    """An image or breadcrumb URL urllib cannot read (an unbalanced IPv6 bracket) is no image
    and no step of the page, and the rest of the article is still read."""
    ld = (
        '{"@type": "BreadcrumbList", "itemListElement": ['
        '{"position": 1, "name": "Economy", "item": "http://[economy/"},'
        '{"position": 2, "name": "A headline of the page", "item": "http://[x/2024/10/20/x/"}]}'
    )
    html = (
        f'<html><head><meta property="og:image" content="http://[img/a.jpg">'
        f'<script type="application/ld+json">{ld}</script></head>'
        f"<body><h1>A headline of the page</h1><p>{'A sentence of the story, long enough to be prose. ' * 3}</p></body></html>"
    )
    art = extract_article(Selector(html), "https://www.spotlightnepal.com/2024/10/20/x/")
    assert art.headline == "A headline of the page"
    assert art.body and art.body[0].startswith("A sentence of the story")
    assert art.image_url is None
    assert art.section == "Economy"
