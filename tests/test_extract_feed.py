"""The feed parser and the feed check, on strings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from spotlight_crawler.extract.feed import FeedEntry, FeedError, feed_time, parse_feed
from spotlight_crawler.incremental.store import FeedValidators, SeenStore
from spotlight_crawler.items import ArticleItem
from spotlight_crawler.run.feed_check import (
    MAX_WAITING,
    FeedCheck,
    compare,
    compare_authors,
)
from tests.replica.content import DEFAULT_NOW, generate_site
from tests.replica.feed import FeedPages

NPT = timezone(timedelta(hours=5, minutes=45))

DJANGO_RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0"><channel><title>New Spotlight Online</title>
<link>https://www.spotlightnepal.com/</link><description>x</description>
<atom:link href="https://www.spotlightnepal.com/feed/" rel="self"></atom:link>
<item><title>Nepal &amp; India Sign Power Deal</title><link>https://www.spotlightnepal.com/2024/10/22/nepal-india-sign-power-deal/</link>
<description>&lt;p&gt;Summary&lt;/p&gt;</description><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Keshab Poudel</dc:creator>
<pubDate>Tue, 22 Oct 2024 19:54:00 +0545</pubDate><guid>https://www.spotlightnepal.com/2024/10/22/nepal-india-sign-power-deal/</guid></item>
<item><title>No link</title><description>lost</description></item>
<item><title>Weather</title><guid isPermaLink="true">https://spotlightnepal.com/2024/10/21/weather</guid>
<author>desk@spotlightnepal.com (NEW SPOTLIGHT ONLINE)</author><pubDate>Mon, 21 Oct 2024 08:15:00 GMT</pubDate></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
<entry><title>Atom Story</title><link href="https://www.spotlightnepal.com/2024/10/22/atom-story/" rel="alternate"/>
<link href="https://www.spotlightnepal.com/comments/" rel="replies"/><published>2024-10-22T14:09:00Z</published>
<updated>2024-10-23T00:00:00Z</updated><author><name>Agencies</name></author></entry></feed>"""


def test_django_rss():
    feed = parse_feed(DJANGO_RSS)
    assert feed.skipped == 1
    first, weather = feed.entries
    assert first == FeedEntry(
        link="https://www.spotlightnepal.com/2024/10/22/nepal-india-sign-power-deal/",
        title="Nepal & India Sign Power Deal",
        published=datetime(2024, 10, 22, 19, 54, tzinfo=NPT),
        published_raw="Tue, 22 Oct 2024 19:54:00 +0545",
        author="Keshab Poudel",
        description="Summary",  # its escaped markup removed
    )
    # A guid that is a permalink stands for a missing <link>; an RSS <author> is an e-mail with the name after it.
    assert weather.link == "https://spotlightnepal.com/2024/10/21/weather"
    assert weather.author == "NEW SPOTLIGHT ONLINE"
    assert weather.published == datetime(2024, 10, 21, 14, 0, tzinfo=NPT)


def test_atom_takes_the_alternate_link_and_the_published_time():
    (entry,) = parse_feed(ATOM).entries
    assert entry.link == "https://www.spotlightnepal.com/2024/10/22/atom-story/"
    assert entry.published == datetime(2024, 10, 22, 19, 54, tzinfo=NPT)
    assert (entry.title, entry.author) == ("Atom Story", "Agencies")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<!DOCTYPE html><html><body><h1>Server Error</h1></body></html>", "not_xml"),
        (b'{"items": []}', "not_xml"),
        (b"<?xml version='1.0'?><sitemapindex><sitemap/></sitemapindex>", "not_a_feed"),
        (b"   ", "empty_body"),
    ],
)
def test_documents_that_are_no_feed_are_errors_with_a_reason(body, reason):
    with pytest.raises(FeedError) as raised:
        parse_feed(body)
    assert raised.value.reason == reason


def test_an_empty_feed_is_no_error():
    assert parse_feed(b"<rss version='2.0'><channel><title>x</title></channel></rss>").entries == []


def test_entities_are_not_expanded():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<rss><channel><item><title>&b;</title><link>https://www.spotlightnepal.com/2024/10/22/x/</link></item>"
        b"</channel></rss>"
    )
    entries = parse_feed(bomb).entries
    assert all("aaaaaaaaaa" not in (e.title or "") for e in entries)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tue, 22 Oct 2024 19:54:00 +0545", datetime(2024, 10, 22, 19, 54, tzinfo=NPT)),
        ("Tue, 22 Oct 2024 14:09:00 GMT", datetime(2024, 10, 22, 19, 54, tzinfo=NPT)),
        ("2024-10-22T14:09:00Z", datetime(2024, 10, 22, 19, 54, tzinfo=NPT)),
        ("2024-10-22T19:54:00+05:45", datetime(2024, 10, 22, 19, 54, tzinfo=NPT)),
        ("2024-10-22", None),  # a day is no instant
        ("", None),
        ("soon", None),
    ],
)
def test_feed_times(text, expected):
    assert feed_time(text) == expected


@pytest.mark.parametrize(
    ("page", "feed", "verdict"),
    [
        ("Nepal’s Power Deal", "Nepal's power  deal", "agree"),
        ("Nepal’s Power Deal", "Another story", "disagree"),
        (None, "Nepal's power deal", "not_comparable"),
        ("Nepal’s Power Deal", None, "not_comparable"),
    ],
)
def test_headlines(page, feed, verdict):
    entry = FeedEntry(link="https://www.spotlightnepal.com/2024/10/22/a/", title=feed)
    assert compare({"headline": page}, entry)["headline"][0] == verdict


@pytest.mark.parametrize(
    ("page", "feed", "verdict"),
    [
        ("2024-10-22T19:54:00+05:45", datetime(2024, 10, 22, 14, 9, 30, tzinfo=UTC), "agree"),
        ("2024-10-22T19:54:00+05:45", datetime(2024, 10, 22, 19, 54, tzinfo=UTC), "disagree"),
        ("2024-10-22T19:54:00+05:45", datetime(2024, 10, 22, 19, 55, tzinfo=NPT), "disagree"),
        ("2024-10-22", datetime(2024, 10, 22, 19, 54, tzinfo=NPT), "not_comparable"),
        (None, datetime(2024, 10, 22, 19, 54, tzinfo=NPT), "not_comparable"),
        ("2024-10-22T19:54:00+05:45", None, "not_comparable"),
    ],
)
def test_publication_times(page, feed, verdict):
    entry = FeedEntry(link="https://www.spotlightnepal.com/2024/10/22/a/", published=feed)
    assert compare({"published_at": page}, entry)["published_at"][0] == verdict


STAFF = [{"name": "New Spotlight Online", "kind": "staff"}]
TWO = [{"name": "Laxmi Krishna Karki", "kind": "person"}, {"name": "Sanjay Lama", "kind": "person"}]


@pytest.mark.parametrize(
    ("authors", "raw", "feed", "agrees"),
    [
        (STAFF, "NEW SPOTLIGHT ONLINE", "NEW SPOTLIGHT ONLINE", True),
        (TWO, "LAXMI KRISHNA KARKI and SANJAY LAMA", "Laxmi Krishna Karki and Sanjay Lama", True),
        (TWO, "By Laxmi Krishna Karki and Sanjay Lama", "Sanjay Lama", True),
        (STAFF, "NEW SPOTLIGHT ONLINE", "Keshab Poudel", False),
        ([], None, "Keshab Poudel", None),
        (STAFF, "NEW SPOTLIGHT ONLINE", None, None),
    ],
)
def test_authors(authors, raw, feed, agrees):
    assert compare_authors(authors, raw, feed) is agrees


def test_a_field_the_record_took_from_elsewhere_is_not_checked():
    record = {"headline": "A", "published_at": "2024-10-22T19:54:00+05:45", "authors": STAFF, "byline_raw": "x"}
    entry = FeedEntry(
        link="https://www.spotlightnepal.com/2024/10/22/a/",
        title="A",
        published=datetime(2024, 10, 22, 19, 54, tzinfo=NPT),
        author="Agencies",
    )
    verdicts = {name: v for name, (v, _, _) in compare(record, entry, frozenset({"published_at_raw"})).items()}
    assert verdicts == {"headline": "agree", "published_at": "not_comparable", "authors": "disagree"}


def test_the_state_keeps_one_feed_per_spider(tmp_path):
    store = SeenStore(tmp_path / "state.sqlite3")
    assert store.feed("latest") is None
    store.set_feed("latest", FeedValidators("http://127.0.0.1:1/feed/", '"abc"', "Tue, 22 Oct 2024 14:09:00 GMT"))
    store.set_feed("latest", FeedValidators("http://127.0.0.1:1/rss/", '"def"', None))
    store.close()
    again = SeenStore(tmp_path / "state.sqlite3")
    assert again.feed("latest") == FeedValidators("http://127.0.0.1:1/rss/", '"def"', None)
    assert again.feed("international") is None


def test_the_replica_feed_is_what_django_syndication_writes():
    pages = FeedPages(generate_site(12, 0, DEFAULT_NOW), window=5)
    entries = parse_feed(pages.document().encode()).entries
    newest = pages.site.latest()[:5]
    assert [e.link for e in entries] == [a.canonical_url for a in newest]
    assert [e.published for e in entries] == [a.published_at for a in newest]
    assert b"+0545</pubDate>" in pages.document().encode()


class _Stats:
    def __init__(self) -> None:
        self.values: dict[str, object] = {}

    def inc_value(self, key: str, n: int = 1) -> None:
        self.values[key] = int(self.values.get(key, 0)) + n  # type: ignore[call-overload]

    def get_value(self, key: str) -> object:
        return self.values.get(key)

    def set_value(self, key: str, value: object) -> None:
        self.values[key] = value


def _record(n: int) -> ArticleItem:
    return ArticleItem(url=f"https://www.spotlightnepal.com/2024/10/22/story-{n}/", headline=f"Story {n}")


def test_records_waiting_for_a_feed_that_never_comes_are_bounded():
    check = FeedCheck(_Stats())  # type: ignore[arg-type]  # the stats calls FeedCheck makes
    for n in range(MAX_WAITING + 500):
        check.item_scraped(_record(n), None)  # type: ignore[arg-type]  # no spider is read
    assert len(check.records) == MAX_WAITING


def test_a_feed_that_could_not_be_read_lets_the_waiting_records_go_and_no_more_wait():
    stats = _Stats()
    check = FeedCheck(stats)  # type: ignore[arg-type]
    for n in range(10):
        check.item_scraped(_record(n), None)  # type: ignore[arg-type]
    check.add_entries({})  # what the spider tells it when the feed failed or was unreadable
    check.item_scraped(_record(11), None)  # type: ignore[arg-type]
    assert check.records == {} and stats.get_value("spotlight/feed_check/stories") is None


def test_a_record_the_feed_holds_is_still_compared_when_it_came_first():
    stats = _Stats()
    check = FeedCheck(stats)  # type: ignore[arg-type]
    check.item_scraped(_record(1), None)  # type: ignore[arg-type]
    url = _record(1).url
    assert url is not None
    check.add_entries({url: FeedEntry(link=url, title="Story 1")})
    assert stats.get_value("spotlight/feed_check/stories") == 1
    assert stats.get_value("spotlight/feed_check/headline/agree") == 1
