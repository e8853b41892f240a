"""End to end over the replica's CMS templates (tickers, trending columns, Wagtail blocks,
breadcrumbs, relative-only dates, UTC and disagreeing metadata): the real `scrapy crawl`
writes each story once, with its own date, its whole body, its section and its authors."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.crawl import crawl, validate
from tests.replica.content import NPT, timesince
from tests.replica.server import Response
from tests.replica.templates_cms import CMS_TEMPLATES, template_of
from tests.truth import NO_STATE, expected, story_of, ws

# Real crawls, servers on 127.0.0.1 or subprocesses: the end-to-end layer.
pytestmark = pytest.mark.e2e

UNITS = {
    "minute": timedelta(minutes=1),
    "hour": timedelta(hours=1),
    "day": timedelta(days=1),
    "week": timedelta(weeks=1),
    "month": timedelta(days=31),
    "year": timedelta(days=366),
}


def assert_stories(records, truth, site):
    by_url = {r["url"]: r for r in records}
    assert len(by_url) == len(records), "a story was emitted twice"
    arts = {url: site.lookup(url.removeprefix("https://www.spotlightnepal.com")) for url in by_url}
    assert None not in arts.values()
    stories = [story_of(a) for a in arts.values()]
    assert len(stories) == len(set(stories)), "a story and its repost were both emitted"
    assert set(stories) == {story_of(a) for a in truth.values()}
    for url, art in arts.items():
        rec = by_url[url]
        assert rec["headline"] == ws(art.headline), url
        assert rec["body"] == "\n\n".join(ws(p) for p in art.body), url
        assert rec["section"] == art.section, url
        assert rec["byline_raw"] == art.byline_raw, url
        assert rec["authors"] == art.authors, url
        published = datetime.fromisoformat(rec["published_at"])
        if len(rec["published_at"]) == 10:  # an age too coarse for the day: the path's day, time unknown
            assert rec["published_at"] == art.published_at.astimezone(NPT).date().isoformat(), url
            assert template_of(art, CMS_TEMPLATES) == "trending", url
        elif template_of(art, CMS_TEMPLATES) == "trending":  # only an age is printed: right within its unit
            unit = timesince(art.published_at, site.now, nbsp=" ").split(", ")[-1].split(" ")[1].rstrip("s")
            assert timedelta(0) <= published - art.published_at < UNITS[unit], (url, rec["published_at_raw"])
        else:
            assert published == art.published_at, (url, rec["published_at_raw"])
            assert rec["published_at"].endswith("+05:45")


def test_international_over_cms_templates(replica_factory, tmp_path):
    replica = replica_factory(templates="cms")
    truth = expected(replica.site.international())
    assert {template_of(a, CMS_TEMPLATES) for a in truth.values()} == set(CMS_TEMPLATES)
    result = crawl("international", replica.base_url, tmp_path, settings=NO_STATE)
    assert result.returncode == 0, result.log[-3000:]
    validate(result.records)
    assert_stories(result.records, truth, replica.site)
    assert result.stat("spotlight/fallback/section") == 0
    # The "related" template's metadata carries an update time: the printed date wins, counted
    # once per page read (reposts included, which the dedup pipeline drops afterwards).
    fetched = {a.path for r in replica.requests if (a := replica.site.lookup(r["path"]))}
    disagreeing = [p for p in fetched if template_of(replica.site.lookup(p), CMS_TEMPLATES) == "related"]
    assert disagreeing
    assert result.stat("spotlight/published_at/metadata_disagrees") == len(disagreeing)
    assert "ERROR" not in result.log


def test_latest_over_cms_templates_every_section(replica_factory, tmp_path):
    replica = replica_factory(templates="cms", n_articles=45)
    truth = expected(replica.site.latest())
    assert len({a.section for a in truth.values()}) >= 4
    result = crawl("latest", replica.base_url, tmp_path, settings=NO_STATE)
    assert result.returncode == 0, result.log[-3000:]
    validate(result.records)
    assert_stories(result.records, truth, replica.site)


def test_listing_default_section_only_as_last_resort_and_counted(replica_factory, tmp_path):
    """A page naming no section gets the International listing's one, counted; the others keep theirs."""
    replica = replica_factory()
    victim = next(a for a in replica.site.international() if a.duplicate_of is None)
    page = (
        f"<html><head><title>{victim.headline}</title></head><body><h1>{victim.headline}</h1>"
        f"<p>By {victim.byline_raw}</p><p>{victim.published_at_raw}</p>"
        + "".join(f"<p>{p}</p>" for p in victim.body)
        + "</body></html>"
    )

    def hook(req):
        if req.path.rstrip("/") == victim.path.rstrip("/"):
            return Response(200, page.encode("utf-8"))
        return None

    replica.hooks.append(hook)
    result = crawl("international", replica.base_url, tmp_path, settings=NO_STATE)
    assert result.returncode == 0, result.log[-3000:]
    record = next(r for r in result.records if r["url"] == victim.canonical_url)
    assert record["section"] == "International"
    assert record["body"] == "\n\n".join(ws(p) for p in victim.body)
    assert result.stat("spotlight/fallback/section") == 1


def test_international_over_cms_listing_and_cms_templates_together(replica_factory, tmp_path):
    """Both traps at once: a listing full of other sections' links, and article pages full of
    other stories' dates; the crawl writes exactly the International stories, each right."""
    replica = replica_factory(templates="cms", listing_markup="cms", n_articles=60)
    truth = expected(replica.site.international())
    result = crawl("international", replica.base_url, tmp_path, settings=NO_STATE)
    assert result.returncode == 0, result.log[-3000:]
    validate(result.records)
    assert_stories(result.records, truth, replica.site)
    assert {r["section"] for r in result.records} == {"International"}
