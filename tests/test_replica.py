"""Quick checks of the replica itself, so crawler tests can trust it."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from html import unescape
from html.parser import HTMLParser

import nepali_datetime
import pytest
from django.conf import settings as django_settings
from django.utils import dateformat
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.replica import DEFAULT_NOW, Article, Replica, Response, generate_site
from tests.replica.content import (
    BS_MONTH_SPELLINGS,
    NPT,
    django_datetime,
    django_time_p,
    format_issue,
    headline_key,
    issue_for,
    listing_date,
    slugify,
    timesince,
)
from tests.replica.pages import split_byline

# Django's formatting outside a Django project: English names, no translation machinery.
if not django_settings.configured:
    django_settings.configure(USE_I18N=False)


# ----------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------
def fetch(url: str, method: str = "GET") -> tuple[int, dict[str, str], str]:
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, dict(resp.headers.items()), resp.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers.items()), e.read().decode("utf-8")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._text = []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None


def links(html: str) -> list[tuple[str, str]]:
    p = _Links()
    p.feed(html)
    return p.links


ARTICLE_RE = re.compile(r"^(?:https?://[^/]+)?(/\d{4}/\d{2}/\d{2}/[^/?#]+)/?$")


def article_paths(html: str, start: str = "", end: str | None = None) -> list[str]:
    """Canonical article paths linked in ``html[start:end]`` (in order, repeats kept)."""
    if start:
        html = html[html.index(start) :]
    if end:
        html = html[: html.index(end)]
    out = []
    for href, _ in links(html):
        m = ARTICLE_RE.match(href)
        if m:
            out.append(m.group(1) + "/")
    return out


def listing_paths(html: str) -> list[str]:
    """Headline links of a listing page's entries."""
    return re.findall(r'<h3 class="item-title"><a href="([^"]+)"', html)


# ----------------------------------------------------------------------------
# formats
# ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("hh", "mm", "expected"),
    [
        (19, 54, "7:54 p.m."),
        (7, 0, "7 a.m."),
        (12, 0, "noon"),
        (0, 0, "midnight"),
        (0, 5, "12:05 a.m."),
        (12, 30, "12:30 p.m."),
        (17, 45, "5:45 p.m."),
    ],
)
def test_django_time_format(hh, mm, expected):
    assert django_time_p(datetime(2024, 1, 1, hh, mm)) == expected


def test_django_datetime_and_listing_date_match_samples():
    dt = datetime(2024, 10, 22, 19, 54, tzinfo=NPT)
    assert django_datetime(dt) == "Oct. 22, 2024, 7:54 p.m."
    assert django_datetime(datetime(2011, 9, 8, 17, 45, tzinfo=NPT)) == "Sept. 8, 2011, 5:45 p.m."
    assert django_datetime(datetime(2021, 3, 1, 7, 25, tzinfo=NPT)) == "March 1, 2021, 7:25 a.m."
    assert listing_date(datetime(2025, 1, 7, 10, 0, tzinfo=NPT)) == "Jan 07, 2025"


@settings(max_examples=300, deadline=None, database=None)
@given(moment=st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 12, 31), timezones=st.just(NPT)))
@example(datetime(2024, 10, 22, 12, 0, tzinfo=NPT))  # noon
@example(datetime(2024, 10, 22, 0, 0, tzinfo=NPT))  # midnight
@example(datetime(2011, 9, 8, 0, 5, tzinfo=NPT))  # 12:05 a.m., Sept.
@example(datetime(2021, 3, 1, 7, 0, tzinfo=NPT))  # 7 a.m., March
def test_the_replicas_date_formats_are_djangos(moment):
    """The one copy of the site's formats (the replica's, which the property tests read back)
    prints what Django's own ``dateformat`` prints: ``N j, Y, P`` on pages, ``M d, Y`` on listings."""
    assert django_datetime(moment) == dateformat.format(moment, "N j, Y, P")
    assert listing_date(moment) == dateformat.format(moment, "M d, Y")


def test_timesince_like_django():
    now = DEFAULT_NOW
    assert timesince(now - timedelta(minutes=13), now, " ") == "13 minutes"
    assert timesince(now - timedelta(days=1, minutes=5), now, " ") == "1 day"
    assert timesince(now - timedelta(days=2, hours=3), now, " ") == "2 days, 3 hours"
    assert timesince(datetime(2021, 9, 1, 12, tzinfo=UTC), now, " ") == "3 years, 1 month"
    assert timesince(now, now, " ") == "0 minutes"
    assert timesince(now - timedelta(minutes=13), now) == "13\xa0minutes"


def test_slugify_drops_stop_words():
    assert (
        slugify("Story Behind 200/600 MW Electricity Wasted: No Buyers Yet")
        == "story-behind-200600-mw-electricity-wasted-no-buyers-yet"
    )
    assert slugify("Prabowo sworn in as Indonesia's new president") == "prabowo-sworn-indonesias-new-president"


def test_issue_schedule_and_styles():
    issue = issue_for(date(2024, 10, 4))
    assert issue["volume"] == 18
    bs = nepali_datetime.date.from_datetime_date(issue["date"])
    assert issue["date_bs"] == f"{bs.year:04d}-{bs.month:02d}-{bs.day:02d}"
    import random

    rng = random.Random(1)
    s = format_issue({"volume": 18, "number": 5, "date": date(2024, 10, 4), "date_bs": "2081-06-18"}, rng, style=0)
    assert re.fullmatch(r"VOL\. 18, No\. 05, October\.04,2024 \((Ashoj|Asoj|Ashwin)-18\. 2081\)", s)
    for style in range(10):
        text = format_issue(issue, rng, style=style)
        assert str(issue["volume"]) in text and "2081" in text


def test_split_byline():
    assert split_byline("Ram Sharma and Sita Thapa") == ["Ram Sharma", "Sita Thapa"]
    assert split_byline("A, B and C") == ["A", "B", "C"]
    assert split_byline("NEW SPOTLIGHT ONLINE") == ["NEW SPOTLIGHT ONLINE"]


# ----------------------------------------------------------------------------
# content truth
# ----------------------------------------------------------------------------
def test_generation_is_deterministic():
    a, b = generate_site(60, seed=3), generate_site(60, seed=3)
    assert a.truth() == b.truth()
    assert generate_site(60, seed=4).truth() != a.truth()


@pytest.fixture(scope="module")
def site200():
    return generate_site(200, seed=0)


def test_truth_invariants(site200):
    arts = site200.latest()
    times = [a.published_at for a in arts]
    assert times == sorted(times, reverse=True) and len(set(times)) == len(times)
    assert times[0] < site200.now and times[0] > site200.now - timedelta(hours=1)
    assert times[-1] > site200.now - timedelta(days=3 * 365)
    for a in arts:
        local = a.published_at.astimezone(NPT)
        assert a.published_at.utcoffset() == timedelta(hours=5, minutes=45)
        assert a.published_at.second == 0
        assert a.path == f"/{local:%Y/%m/%d}/{a.slug}/"
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", a.slug)
        assert a.published_at_raw == django_datetime(a.published_at)
        assert a.listing_date == local.strftime("%b %d, %Y")
        assert a.template in "abc"
        assert a.authors and all(au["kind"] in ("staff", "agency", "person") for au in a.authors)
        assert a.body and all(p.strip() for p in a.body)
        assert a.byline_raw not in a.body
        assert re.fullmatch(r"/media/images/\w+\.2e16d0ba\.fill-650x500\.jpg", a.image_path)
        assert site200.by_path[a.path] is a
    raws = [a.published_at_raw for a in arts]
    assert any(r.endswith(", noon") for r in raws)
    assert any(r.endswith(", midnight") for r in raws)
    assert any(re.search(r", \d+ [ap]\.m\.$", r) for r in raws)
    share = len(site200.international()) / len(arts)
    assert 0.3 < share < 0.5
    assert {a.template for a in site200.international()[:3]} == set("abc")


def test_bylines_map_to_truth(site200):
    seen = {a.byline_raw: a.authors for a in site200.latest()}
    assert seen.get("Agencies") == [{"name": "Agencies", "kind": "agency"}]
    assert seen.get("NEW SPOTLIGHT ONLINE") == [{"name": "New Spotlight Online", "kind": "staff"}]
    for raw, authors in seen.items():
        if all(a["kind"] == "person" for a in authors):
            assert [a["name"].upper() for a in authors] == [n.upper() for n in split_byline(raw)]
            assert all(a["name"] == a["name"].title() for a in authors)
    assert any(raw.isupper() and len(raw.split()) > 1 for raw in seen)
    assert any(len(authors) > 1 for authors in seen.values())


def test_reposts_are_marked_duplicates(site200):
    reposts = [a for a in site200.latest() if a.duplicate_of]
    assert 1 <= len(reposts) <= 3
    for r in reposts:
        orig = site200.by_path[r.duplicate_of]
        assert orig.duplicate_of is None and orig.is_international and r.is_international
        assert orig.published_at < r.published_at
        assert r.headline != orig.headline and headline_key(r.headline) == headline_key(orig.headline)
        assert r.slug == orig.slug + "-2"
        assert r.body == orig.body
    keys = [headline_key(a.headline) for a in site200.latest() if a.duplicate_of is None]
    assert len(keys) == len(set(keys))


def test_magazine_issues_agree_with_bs_calendar(site200):
    mags = site200.magazine()
    assert 0.15 < len(mags) / len(site200.latest()) < 0.4
    assert {a.template for a in site200.international() if a.issue} == set("abc")
    spellings = {s for names in BS_MONTH_SPELLINGS.values() for s in names}
    for a in mags:
        i = a.issue
        assert i["date"] <= a.published_at.date()
        bs = nepali_datetime.date.from_datetime_date(i["date"])
        assert i["date_bs"] == f"{bs.year:04d}-{bs.month:02d}-{bs.day:02d}"
        assert i["volume"] == (bs.year - 2063 if bs.month >= 4 else bs.year - 2064)
        assert str(i["volume"]) in a.issue_raw and str(bs.year) in a.issue_raw
        assert any(s in a.issue_raw for s in spellings)
        assert str(i["date"].year) in a.issue_raw


def test_publish_adds_newer_articles(site200):
    site = generate_site(30, seed=1)
    newest, now = site.latest()[0], site.now
    new = site.publish(3, section="International")
    assert site.now == now + timedelta(hours=1)
    assert site.latest()[:3] == new and len(site.latest()) == 33
    assert all(newest.published_at < a.published_at < site.now for a in new)
    assert site.international()[:3] == new
    assert len(site.publish(70)) == 70 and site.now == now + timedelta(hours=3)
    times = [a.published_at for a in site.latest()]
    assert times == sorted(times, reverse=True) and len(set(times)) == len(times)


def test_article_json_round_trip(site200):
    for a in site200.latest()[:50]:
        assert Article.from_json(json.loads(json.dumps(a.to_json()))) == a


# ----------------------------------------------------------------------------
# HTTP
# ----------------------------------------------------------------------------
@pytest.mark.e2e
def test_listings_paginate_and_404_past_the_end(replica):
    intl = [a.path for a in replica.site.international()]
    got, page = [], 1
    while True:
        status, _, html = fetch(replica.url(f"/topic/international?page={page}"))
        if status == 404:
            break
        assert status == 200
        entries = listing_paths(html)
        assert 0 < len(entries) <= 10
        got += entries
        assert ("Next &raquo;" in html) == (len(got) < len(intl))
        page += 1
    assert got == intl and page == -(-len(intl) // 10) + 1
    assert fetch(replica.url("/topic/international"))[2] == fetch(replica.url("/topic/international?page=1"))[2]
    for bad in ("0", "abc", "-1", "99"):
        assert fetch(replica.url(f"/topic/international?page={bad}"))[0] == 404

    latest = [a.path for a in replica.site.latest()]
    got = []
    for page in range(1, 5):
        status, _, html = fetch(replica.url(f"/articles/?page={page}"))
        assert status == 200
        got += listing_paths(html)
    assert got == latest
    assert fetch(replica.url("/articles/?page=5"))[0] == 404
    assert fetch(replica.url("/articles"))[0] == 200


@pytest.mark.e2e
def test_listing_entry_shows_summary_and_meta_line(replica):
    _, _, html = fetch(replica.url("/topic/international"))
    a = replica.site.international()[0]
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    assert f"By {a.byline_raw} {a.listing_date}" in " ".join(text.split())
    assert f'href="http://127.0.0.1:{replica.port}{a.path}"' in html


@pytest.mark.e2e
@pytest.mark.parametrize("template", ["a", "b", "c"])
def test_article_templates_render(replica, template):
    art = next(a for a in replica.site.international() if a.template == template and a.issue_raw)
    status, headers, html = fetch(replica.url(art.path))
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) == len(html.encode())
    text = unescape(html)
    assert f"<title>{art.headline} | New Spotlight Online</title>" in text
    for p in art.body:
        assert p in text
    assert art.published_at_raw in text
    assert f"Published in Magazine Issue: {art.issue_raw}" in text
    assert "More on International" in html and "The Latest" in html and "Latest Magazine" in html
    has_ld = "application/ld+json" in html
    if template == "a":
        assert has_ld and 'property="og:url"' in html and "<time datetime=" in html
        ld = json.loads(re.search(r'ld\+json">(.*?)</script>', html).group(1))
        assert ld["@type"] == "NewsArticle" and ld["headline"] == art.headline
        assert ld["datePublished"] == art.published_at.isoformat()
        assert ld["datePublished"].endswith("+05:45")
        assert f"By {art.byline_raw}" in re.sub(r"<[^>]+>", "", text)
    elif template == "b":
        assert not has_ld and "og:" not in html and "<time" not in html
        assert text.count(art.headline) >= 3  # title, story-title, sub-headline
        assert 'class="date-line"' in html and "Publisher and Editor" in html
        assert f"By {art.byline_raw}" not in text.split("<aside")[0]
    else:
        assert not has_ld and 'property="og:title"' in html and "og:url" not in html
        assert f"By {art.byline_raw}" in text and "<small>" in html


@pytest.mark.e2e
def test_both_url_spellings_serve_the_same_page(replica):
    art = replica.site.international()[0]
    s1, _, h1 = fetch(replica.url(art.path))
    s2, _, h2 = fetch(replica.url(art.path.rstrip("/")))
    assert s1 == s2 == 200 and h1 == h2
    hrefs = [h for h, _ in links(h1)]
    assert any(ARTICLE_RE.match(h) and not h.endswith("/") for h in hrefs)
    assert any(h.startswith(f"http://127.0.0.1:{replica.port}/20") for h in hrefs)
    assert any(h.startswith("/20") and h.endswith("/") for h in hrefs)
    assert fetch(replica.url("/2024/10/22/no-such-story/"))[0] == 404
    assert fetch(replica.url("/nope"))[0] == 404


@pytest.mark.e2e
def test_sidebars_list_the_same_articles_as_listings(replica):
    art = replica.site.international()[3]
    _, _, html = fetch(replica.url(art.path))
    more = article_paths(html, "More on International", "The Latest")
    expected = [a.path for a in replica.site.international() if a is not art][:6]
    assert more == expected
    latest = article_paths(html, '<h3 class="block-title">The Latest', "Latest Magazine")
    assert latest == [a.path for a in replica.site.latest()[:6]]
    assert re.search(r"\d+\xa0(minute|hour|day)s? ago", html)


@pytest.mark.e2e
def test_date_header_is_the_replica_clock(replica):
    for path in ("/", "/topic/international", "/robots.txt", "/missing"):
        _, headers, _ = fetch(replica.url(path))
        assert headers["Date"] == "Tue, 22 Oct 2024 14:40:00 GMT"
    replica.publish(1)
    assert fetch(replica.url("/"))[1]["Date"] == "Tue, 22 Oct 2024 15:40:00 GMT"


@pytest.mark.e2e
def test_publish_puts_new_articles_on_top(replica):
    before = listing_paths(fetch(replica.url("/topic/international"))[2])
    new = replica.publish(2, section="International")
    after = listing_paths(fetch(replica.url("/topic/international"))[2])
    assert after[:2] == [a.path for a in new] and after[2:] == before[:8]
    status, _, body = fetch(replica.url("/__replica__/publish?n=3&section=international"), "POST")
    data = json.loads(body)
    assert status == 200 and len(data["published"]) == 3
    assert [a.path for a in replica.site.international()[:3]] == data["published"]
    assert fetch(replica.url(data["published"][0]))[0] == 200


@pytest.mark.e2e
def test_truth_json_round_trips(replica):
    status, headers, body = fetch(replica.url("/__replica__/truth.json"))
    assert status == 200 and headers["Content-Type"] == "application/json"
    data = json.loads(body)
    assert datetime.fromisoformat(data["now"]) == replica.site.now
    arts = [Article.from_json(d) for d in data["articles"]]
    assert arts == replica.site.latest()
    assert data["options"]["international_path"] == "/topic/international"


@pytest.mark.e2e
def test_requests_are_logged(replica):
    replica.reset_requests()
    fetch(replica.url("/topic/international?page=2"))
    fetch(replica.url("/__replica__/truth.json"))
    log = replica.requests
    assert [(r["method"], r["path"], r["status"]) for r in log] == [("GET", "/topic/international?page=2", 200)]
    assert "User-Agent" in log[0]["headers"]
    remote = json.loads(fetch(replica.url("/__replica__/requests.json"))[2])
    assert remote[0]["path"] == "/topic/international?page=2"


@pytest.mark.e2e
def test_robots_feed_and_images(replica):
    status, headers, robots = fetch(replica.url("/robots.txt"))
    assert status == 200 and "Disallow: /admin/" in robots and "Disallow: /search/" in robots
    status, headers, feed = fetch(replica.url("/feed/"))
    assert status == 200 and headers["Content-Type"].startswith("application/rss+xml")
    items = ET.fromstring(feed).findall("./channel/item")
    assert len(items) == 20
    # Django builds feed links from the Sites framework: the live host, whatever host served the feed.
    assert items[0].findtext("link") == "https://www.spotlightnepal.com" + replica.site.latest()[0].path
    art = replica.site.latest()[0]
    req = urllib.request.Request(replica.url(art.image_path))
    with urllib.request.urlopen(req) as resp:
        assert resp.headers["Content-Type"] == "image/jpeg" and resp.read().startswith(b"\xff\xd8")


@pytest.mark.e2e
def test_nav_paths_are_configurable(replica_factory):
    r = replica_factory(international_path="/section/world/", latest_path="/all-stories/")
    _, _, home = fetch(r.url("/"))
    nav = {text: href for href, text in links(home)}
    assert nav["International"] == "/section/world/" and nav["Latest"] == "/all-stories/"
    assert fetch(r.url("/section/world/"))[0] == 200
    assert fetch(r.url("/all-stories/?page=2"))[0] == 200
    assert fetch(r.url("/topic/international"))[0] == 404
    assert fetch(r.url("/articles/"))[0] == 404

    bare = replica_factory(nav=False)
    _, _, home = fetch(bare.url("/"))
    assert "<nav" not in home
    assert "International" not in {text for _, text in links(home)}
    assert fetch(bare.url("/topic/international"))[0] == 200


@pytest.mark.e2e
def test_faults_and_hooks_dispatch(replica):
    replica.set_fault("status", code=503, path_prefix="/topic/", times=1)
    assert fetch(replica.url("/topic/international"))[0] == 503
    assert fetch(replica.url("/topic/international"))[0] == 200
    replica.hooks.append(lambda req: Response(418, b"teapot") if req.path == "/" else None)
    assert fetch(replica.url("/"))[0] == 418
    with pytest.raises(KeyError):
        replica.set_fault("no-such-fault")


@pytest.mark.e2e
def test_other_listings(replica):
    for path in ("/topic/economy", "/topic/national", "/magazine/", "/author/agencies/", "/feed"):
        assert fetch(replica.url(path))[0] == 200, path
    assert fetch(replica.url("/topic/nope"))[0] == 404
    assert fetch(replica.url("/author/nobody/"))[0] == 404


def test_large_site_spans_years_and_serves_its_deepest_pages():
    # Speed is the benchmarks' business (benchmarks/, BENCHMARKS.md): no test asserts a time.
    r = Replica(n_articles=10_000)
    assert r.site.latest()[-1].published_at < r.site.now - timedelta(days=3 * 365)
    arts = [r.site.latest()[i] for i in (0, 4321, 9999)]
    for art in arts:
        resp = r.handle("GET", art.path)
        assert resp.status == 200 and art.headline in unescape(resp.body.decode("utf-8")), art.path
    for p in ("/articles/?page=777", "/topic/international?page=300", "/"):
        resp = r.handle("GET", p)
        assert resp.status == 200 and b"/20" in resp.body, p  # a listing with article links


def test_every_article_page_carries_its_truth():
    r = Replica(n_articles=120, seed=7)  # in-process, no socket needed
    seen = set()
    for a in r.site.latest():
        resp = r.handle("GET", a.path, {"Host": "example.test"})
        html = resp.body.decode()
        text = unescape(html)
        assert resp.status == 200
        assert f"<title>{a.headline} | New Spotlight Online</title>" in text
        assert a.published_at_raw in text and a.byline_raw in text
        assert all(p in text for p in a.body)
        assert f"More on {a.section}" in text
        if a.summary and a.template != "b":
            assert a.summary in text
        if a.issue_raw:
            assert f"Published in Magazine Issue: {a.issue_raw}" in text
        seen.add((a.template, a.variant % 2))
        assert 'href="http://example.test/20' in html
    assert seen == {(t, v) for t in "abc" for v in (0, 1)}


@pytest.mark.e2e
def test_parallel_requests(replica):
    from concurrent.futures import ThreadPoolExecutor

    paths = [a.path for a in replica.site.latest()] * 3
    with ThreadPoolExecutor(32) as pool:
        statuses = list(pool.map(lambda p: fetch(replica.url(p))[0], paths))
    assert statuses == [200] * len(paths)
    assert len(replica.requests) == len(paths)


@pytest.mark.e2e
def test_command_line_server():
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.replica", "--articles", "12", "--port", "0", "--quiet"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+", line).group(0)
        assert fetch(url + "/articles/")[0] == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_columns_are_opt_in_and_leave_the_rest_of_the_site_as_it_was():
    from tests.replica.content import EDITOR_COLUMN, EDITOR_NOTES, WEATHER_FORECAST

    plain, with_columns = generate_site(40), generate_site(40, columns=True)
    assert [a for a in with_columns.latest() if a.path in plain.by_path] == plain.latest()
    assert plain.publish(3) == with_columns.publish(3)  # the site's random stream is untouched
    added = [a for a in with_columns.latest() if a.path not in plain.by_path]
    published = [a.published_at for a in with_columns.latest()]
    assert published == sorted(published, reverse=True) and len({a.path for a in with_columns.latest()}) == 54
    by_title = {
        t: [a for a in added if a.headline == t and not a.duplicate_of]
        for t in (EDITOR_COLUMN, EDITOR_NOTES, WEATHER_FORECAST)
    }
    assert sorted(a.slug for a in by_title[EDITOR_COLUMN]) == sorted(
        ["from-the-editor-2", "from-the-editor-6", "from-the-editor-19", "from-the-editor-24"]
    )
    assert all(re.fullmatch(r"notes-editor-[a-z]{3}-\d+(-\d+)?", a.slug) for a in by_title[EDITOR_NOTES])
    for stories in by_title.values():  # one title, distinct texts
        assert len(stories) >= 3 and len({tuple(a.body) for a in stories}) == len(stories)
    (repost,) = [a for a in added if a.duplicate_of]
    original = with_columns.by_path[repost.duplicate_of]
    assert original.headline == EDITOR_COLUMN and repost.body == original.body and repost.path != original.path
    assert headline_key(repost.headline) == headline_key(original.headline)
