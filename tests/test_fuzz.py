"""Arbitrary HTML and text through every parser and pipeline: nothing raises, and every
record that comes out matches the schema (or is dropped with a reason naming it).

Pages come from a small grammar of the tags the site and the replica use, filled with
site-ish text (printed dates, ages, ``By X`` lines, issue lines, sidebar headings, JSON-LD
with odd values) and with fully random text; plain random text is fed in as well.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from itemadapter import ItemAdapter
from parsel import Selector
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from spotlight_crawler import normalize, site
from spotlight_crawler.extract.article import RawArticle, extract_article
from spotlight_crawler.extract.listing import ListingEntry, listing_entries, nav_link
from spotlight_crawler.extract.pager import Pager, read_pager
from spotlight_crawler.extract.text import clean, walk_page
from spotlight_crawler.faults.charset import better_encoding
from spotlight_crawler.identity.rules import StoryIndex
from spotlight_crawler.items import ArticleItem
from spotlight_crawler.pipelines.dedup import DedupPipeline
from spotlight_crawler.spiders.latest import LatestSpider
from tests.crawl import validate

FUZZ = settings(
    # Kept small for the suite; FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py hunts longer.
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")),
    deadline=None,  # dateparser loads its data on first use
    database=None,  # no example database in the work tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
BASE = "http://127.0.0.1:8000"
PAGE_URL = BASE + "/2024/10/22/a-story/"

# --- Text the site prints, and text it never would ----------------------------------------

MONTHS = [
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
    "Jan",
    "Sep",
    "Oct",
    "October",
    "Okt.",
    "Foo.",
]
day = st.integers(0, 40).map(str)
year = st.sampled_from(["2024", "2011", "1999", "0000", "2081", "99999"])
clock = st.sampled_from(["7:54 p.m.", "5:45 p.m.", "noon", "midnight", "7 a.m.", "25:61 p.m.", "0:00 a.m.", ""])
printed_datetime = st.tuples(st.sampled_from(MONTHS), day, year, clock).map(lambda t: f"{t[0]} {t[1]}, {t[2]}, {t[3]}")
listing_date = st.tuples(st.sampled_from(MONTHS), day, year).map(lambda t: f"{t[0]} {t[1]:0>2}, {t[2]}")
age = st.tuples(st.integers(0, 99), st.sampled_from(["minute", "hours", "day", "years", "month", "week"])).map(
    lambda t: f"{t[0]}\xa0{t[1]} ago"
)
iso = st.sampled_from(
    [
        "2024-10-22T19:54:00+05:45",
        "2024-10-22",
        "2024-13-45T25:61:00+05:45",
        "2024-10-22T14:09:00Z",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-12:00",
        "not a date",
        "",
    ]
)
name = st.sampled_from(
    [
        "Agencies",
        "NEW SPOTLIGHT ONLINE",
        "A Correspondent",
        "Keshab Poudel",
        "RSS",
        "LAXMI KRISHNA KARKI and SANJAY LAMA",
        "--",
        ",",
        "",
        "O'Brien",
        "By",
        "12:30",
        "(AFP)",
    ]
)
issue = st.tuples(
    st.integers(0, 99),
    st.integers(0, 99),
    printed_datetime,
    st.sampled_from(["Ashoj-18. 2081", "Mangshir 03, 2078", "Magh. 25 2075", "Bhadra 18, 2067", "Foo 99, 9999", ""]),
).map(lambda t: f"VOL. {t[0]}, No. {t[1]}, {t[2]} ({t[3]})")
sitey = st.one_of(
    printed_datetime,
    listing_date,
    age,
    iso,
    name,
    name.map(lambda n: f"By {n}"),
    st.tuples(name, listing_date).map(lambda t: f"By {t[0]} {t[1]}"),
    issue.map(lambda i: f"Published in Magazine Issue: {i} Publisher and Editor: Keshab Prasad Poudel"),
    st.sampled_from(
        [
            "More on International",
            "The Latest",
            "Latest Magazine",
            "Photo: File",
            "Agencies",
            "NEW SPOTLIGHT ONLINE",
            "(RSS)",
            "International",
            "Latest",
            "Next »",
        ]
    ),
)
words = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
text = st.one_of(sitey, words, st.lists(sitey | words, max_size=4).map(" ".join))

_HREF_LIST = (
    "/2024/10/22/a-story/",
    "/2024/10/21/other-story",
    "http://127.0.0.1:8000/2024/01/02/x/",
    "https://www.spotlightnepal.com/2019/02/09/notes-editor/",
    "http://localhost:9/2024/10/20/partner/",
    "/topic/international",
    "/articles/",
    "?page=2",
    "?page=3",
    "/2024/99/99/bad/",
    "javascript:void(0)",
    "",
    "#",
    "mailto:editor@example.org",
    "/media/images/a.2e16d0ba.fill-650x500.jpg",
    "data:image/gif;base64,R0lGOD/media/images/",
    "//cdn.example.org/media/images/b.jpg",
)
HREFS = st.one_of(st.sampled_from(_HREF_LIST), st.sampled_from(_HREF_LIST), words)  # mostly site-ish


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


def _esc(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | text,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["name", "url", "@id", "@type"]), inner, max_size=3)
    ),
    max_leaves=6,
)
json_ld = st.dictionaries(
    st.sampled_from(
        ["@type", "headline", "author", "datePublished", "image", "description", "articleSection", "@graph"]
    ),
    json_values,
    max_size=6,
).map(lambda d: {"@type": "NewsArticle", **d} if "@type" not in d else d)


def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    tag = st.sampled_from(
        [
            "p",
            "div",
            "span",
            "h1",
            "h2",
            "h3",
            "h4",
            "aside",
            "article",
            "main",
            "header",
            "section",
            "nav",
            "footer",
            "li",
            "ul",
            "td",
            "b",
            "i",
            "small",
            "font",
            "strong",
            "figure",
            "script",
            "time",
        ]
    )
    attrs = st.lists(
        st.one_of(
            HREFS.map(lambda h: f'href="{_attr(h)}"'),
            st.sampled_from(
                [
                    'class="post-title"',
                    'class="story-body"',
                    'itemprop="articleBody"',
                    'class="meta"',
                    'class="entry-content"',
                    'itemprop="headline"',
                ]
            ),
            iso.map(lambda v: f'datetime="{_attr(v)}"'),
        ),
        max_size=2,
    ).map(" ".join)
    return (
        st.builds(
            lambda t, a, kids: f"<{t} {a}>{''.join(kids)}</{t}>" if t != "a" else "",
            tag,
            attrs,
            st.lists(children, max_size=4),
        )
        | st.builds(lambda h, kids: f'<a href="{_attr(h)}">{"".join(kids)}</a>', HREFS, st.lists(children, max_size=2))
        | HREFS.map(lambda h: f'<img src="{_attr(h)}">')
    )


fragment = st.recursive(text.map(_esc) | st.just("<br>") | st.just("<br><br>"), element, max_leaves=25)
head = st.lists(
    st.one_of(
        st.builds(
            lambda p, v: f'<meta property="{p}" content="{_attr(v)}">',
            st.sampled_from(
                [
                    "og:title",
                    "og:description",
                    "og:image",
                    "article:published_time",
                    "article:section",
                    "article:author",
                ]
            ),
            text | HREFS,
        ),
        st.builds(lambda v: f'<meta name="author" content="{_attr(v)}">', text),
        HREFS.map(lambda h: f'<meta property="og:image" content="{_attr(h)}">'),
        st.builds(lambda v: f"<title>{_esc(v)}</title>", text),
        json_ld.map(
            lambda d: '<script type="application/ld+json">' + json.dumps(d).replace("</", "<\\/") + "</script>"
        ),
        st.just('<script type="application/ld+json">{not json</script>'),
    ),
    max_size=5,
).map("".join)
document = st.builds(
    lambda h, b, end: f"<!DOCTYPE html><html><head>{h}</head><body>{b}{end}",
    head,
    st.lists(fragment, max_size=8).map("".join),
    st.sampled_from(["</body></html>", "", "</bo"]),
)
pages = st.one_of(
    document,
    document,
    fragment,
    st.text(),  # not HTML at all
)


# --- The parsers -------------------------------------------------------------------------------


@FUZZ
@given(html=pages)
@example(html='<meta property="og:image" content="javascript:void(0)"><p>An image that is not one</p>')
@example(html='<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@id": []}}</script>')
def test_article_extraction_never_raises(html: str) -> None:
    raw = extract_article(Selector(text=html), PAGE_URL)
    assert isinstance(raw, RawArticle)
    for value in (raw.headline, raw.published_at_raw, raw.byline_raw, raw.summary, raw.issue_raw, raw.section):
        assert value is None or (isinstance(value, str) and value)
    assert all(isinstance(p, str) and p for p in raw.body)
    assert raw.image_url is None or raw.image_url.startswith(("http://", "https://"))


@FUZZ
@given(html=pages, page=st.integers(1, 4))
def test_listing_extraction_never_raises(html: str, page: int) -> None:
    sel = Selector(text=html)
    entries, shaped = listing_entries(sel, BASE + "/articles/")
    assert isinstance(shaped, bool)
    assert all(isinstance(e, ListingEntry) and e.url.startswith("http") for e in entries)
    assert len({e.url for e in entries}) == len(entries)
    for key in site.NAV_LINK_TEXT:
        found = nav_link(sel, BASE + "/", key)
        assert found is None or isinstance(found, str)
    assert isinstance(read_pager(sel, BASE + "/articles/?page=" + str(page), BASE + "/articles/", page), Pager)


@FUZZ
@given(html=pages)
def test_text_blocks_never_raise(html: str) -> None:
    for block in walk_page(Selector(text=html)).blocks:
        assert block.text and block.text == clean(block.text)


@FUZZ
@given(value=text | st.text(), now=st.none() | st.datetimes(timezones=st.just(UTC)))
def test_normalizers_never_raise(value: str, now: datetime | None) -> None:
    parsed = normalize.parse_datetime(value, now=now)
    iso_value = normalize.to_iso(parsed)
    assert iso_value is None or isinstance(iso_value, str)
    authors = normalize.parse_byline(value)
    assert all(a["name"] and a["kind"] in ("staff", "agency", "person") for a in authors)
    issue_value = normalize.parse_issue(value)
    assert issue_value is None or isinstance(issue_value, dict)
    assert isinstance(normalize.headline_key(value), str)


@FUZZ
@given(
    body=st.binary(max_size=300) | st.text(max_size=200).map(lambda t: t.encode("utf-8")),
    used=st.sampled_from(["utf-8", "cp1252", "ascii", "latin-1", "cp775", "shift_jis", "no-such-codec"]),
    declared=st.none() | st.sampled_from(["utf-8", "cp1252"]),
)
def test_charset_rule_never_raises(body: bytes, used: str, declared: str | None) -> None:
    found = better_encoding(body, used, declared)
    assert found is None or body.decode(found)  # what it names reads the body


# --- The callback and the pipelines, record by record ------------------------------------------


@pytest.fixture(scope="module")
def crawl_parts():
    """A spider and the pipelines as a crawl builds them, on a stats collector of their own."""
    crawler = get_crawler(
        LatestSpider, {"SPOTLIGHT_BASE_URL": BASE, "SPOTLIGHT_RENDER": "never", "SPOTLIGHT_STATE": ""}
    )
    crawler.get_extension = lambda cls: None  # no seen-store: the extensions are not built outside a crawl
    spider = LatestSpider.from_crawler(crawler)
    crawler.spider = spider
    return spider, DedupPipeline.from_crawler(crawler)


def _drop_of(dedup: Any, item: Any) -> DropItem | None:
    """The DropItem the dedup pipeline raised for ``item``, None when it kept it."""
    try:
        dedup.process_item(item)
    except DropItem as drop:
        return drop
    return None


def _record(item: ArticleItem) -> dict:
    return dict(asdict(item).items())


@FUZZ
@given(
    html=pages,
    slug=st.text("abcdefghijklmnopqrstuvwxyz0123456789-_%é", min_size=1, max_size=30),
    entry=st.builds(
        ListingEntry, st.just(PAGE_URL), st.none() | text, st.none() | text, st.none() | text, st.none() | text
    ),
    encoding=st.sampled_from(["utf-8", "cp1252"]),
)
def test_pages_become_valid_records_or_are_dropped_with_a_reason(crawl_parts, html, slug, entry, encoding) -> None:
    spider, dedup = crawl_parts
    url = f"{BASE}/2024/10/22/{slug}/"
    response = HtmlResponse(url, body=html.encode(encoding, errors="replace"), encoding=encoding, request=Request(url))
    for out in spider.parse_article(response, "latest", entry):
        if isinstance(out, Request):  # a page cut short is asked for again
            assert out.callback == spider.parse_article
            continue
        drop = _drop_of(dedup, out)
        if drop is not None:
            assert ItemAdapter(out)["url"] in str(drop)
            continue
        validate([_record(out)])


@FUZZ
@given(
    st.lists(
        st.builds(
            ArticleItem,
            url=st.sampled_from([f"https://www.spotlightnepal.com/2024/10/2{i}/s-{i}/" for i in range(4)]),
            headline=st.none() | text,
            body=st.none() | text,
        ),
        max_size=6,
    )
)
@example(
    items=[
        ArticleItem(url="https://www.spotlightnepal.com/2024/10/20/s-0/", headline="From The Editor"),
        ArticleItem(url="https://www.spotlightnepal.com/2024/10/20/s-0/", headline="Another title"),
    ]
)
@example(
    items=[
        ArticleItem(
            url=f"https://www.spotlightnepal.com/2024/10/2{i}/s-{i}/",
            headline="From The Editor",
            body="The same text of the editorial, word for word, posted twice.",
        )
        for i in range(2)
    ]
)
def test_pipelines_never_crash_and_drop_duplicates_by_name(crawl_parts, items) -> None:
    """Every record is kept or dropped, never raises otherwise; what is dropped is provably the same
    story (its URL was emitted, or it repeats an emitted story's headline key with a body), and a URL
    already emitted is always dropped."""
    _, dedup = crawl_parts
    dedup.seen = StoryIndex()  # each example is a run of its own
    emitted: dict[str, str] = {}  # URL -> headline key of the records kept
    for item in items:
        key = normalize.headline_key(item.headline)
        drop = _drop_of(dedup, item)
        if drop is not None:
            assert item.url in str(drop)
            if str(drop).startswith("duplicate url"):
                assert item.url in emitted, f"dropped for a URL never emitted: {drop}"
            else:
                assert str(drop).startswith("repost"), drop
                assert item.body and key and key in emitted.values(), f"dropped a story of its own: {drop}"
            continue
        assert item.url not in emitted, f"{item.url} emitted twice"
        emitted[item.url] = key
