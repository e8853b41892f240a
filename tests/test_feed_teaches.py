"""The feed teaches the page: a theme our general reading gets wrong is learned from the site's
feed, remembered in the state, and learned again after a redesign.

The site (tests/replica/templates_cms.py, ``theme`` and ``redesign``) prints no metadata; its
<h1> is the section's name, its headline an <h2 class="entry-title">, an "Updated" box comes
before the real "Posted on" date line and the author is on a "Reporter:" line. Its feed holds
only the newest stories; its description is the story's first paragraph.
"""

from __future__ import annotations

import json

import pytest
from parsel import Selector

from tests.crawl import crawl
from tests.replica import Article, Replica
from tests.truth import NO_STATE, expected, story_of, ws

pytestmark = pytest.mark.e2e

WINDOW = 5
ORIGIN = "https://www.spotlightnepal.com"


def first_paragraph_as_description(site: Replica) -> None:
    """The feed's description is the story's first paragraph (no standfirst)."""
    for art in site.site.latest():
        art.summary = None


@pytest.fixture
def site(replica_factory):
    site = replica_factory(n_articles=12, page_size=6, templates=("theme",), feed={"window": WINDOW})
    first_paragraph_as_description(site)
    return site


def wrong_fields(record: dict, art: Article) -> list[str]:
    """The fields the feed teaches that the record does not have right."""
    checks = {
        "headline": record["headline"] == ws(art.headline),
        "published_at": record["published_at"] == art.published_at.isoformat(),
        "authors": record["authors"] == art.authors,
        "body": record["body"] == "\n\n".join(ws(p) for p in art.body),
    }
    return [name for name, ok in checks.items() if not ok]


def assert_right(records: list[dict], arts: list[Article], site: Replica) -> None:
    """One record per story of ``arts`` (a repost may stand for its original), the taught fields right."""
    by_path = {r["url"].removeprefix(ORIGIN): r for r in records}
    written = {path: site.site.lookup(path) for path in by_path}
    assert sorted(story_of(a) for a in written.values() if a) == sorted(story_of(a) for a in expected(arts).values())
    wrong = {path: bad for path, a in written.items() if a and (bad := wrong_fields(by_path[path], a))}
    assert wrong == {}


def test_a_scheduled_run_learns_the_theme_and_relearns_it_after_a_redesign(site, tmp_path):
    state = {"SPOTLIGHT_STATE": str(tmp_path / "state.sqlite3")}
    first = crawl("latest", site.base_url, tmp_path / "run1", settings=state)
    assert first.returncode == 0, first.log[-3000:]
    # Every story right: the feed's five and the seven older ones only the listing reaches.
    assert_right(first.records, site.site.latest(), site)
    assert first.stat("spotlight/taught/pages") == WINDOW
    assert first.stats["spotlight/taught/published_at/witness"] == "printed.date_after:posted on"
    assert first.stats["spotlight/taught/authors/witness"] == "printed.credit_after:reporter"
    assert first.stat("spotlight/taught/published_at/served") == first.stat("spotlight/article/pages") == 12
    learned = "published_at: the site prints it after 'Posted on'; learned from 5 feed stories"
    assert learned in first.stats["spotlight/taught/published_at/news"]
    assert f"learned: {learned}" in first.log  # the summary's line
    assert "taught by the feed: published_at after 'Posted on'" in first.log
    assert "served 12 of 12 article pages" in first.log
    assert first.stat("spotlight/feed_check/headline/disagree") == 0

    # The redesign: every page in a new template, four new stories.
    site.renderer.templates = ("redesign",)
    new = site.publish(4)
    first_paragraph_as_description(site)
    second = crawl("latest", site.base_url, tmp_path / "run2", settings=state)
    assert second.returncode == 0, second.log[-3000:]
    assert_right(second.records, new, site)
    relearned = [line for line in second.log.splitlines() if "the site now prints it" in line]
    assert any(
        "published_at: the site now prints it after 'Published'; learned from 4 feed stories" in line
        for line in relearned
    )
    assert any(
        "authors: the site now prints it after 'Correspondent'; learned from 4 feed stories" in line
        for line in relearned
    )
    assert second.stats["spotlight/taught/published_at/witness"] == "printed.date_after:published"

    # A run with no feed in reach (it answers 404) uses what was learned, from the state.
    site.feed.fault = "404"
    newer = site.publish(3)
    first_paragraph_as_description(site)
    third = crawl("latest", site.base_url, tmp_path / "run3", settings=state)
    assert third.returncode == 0, third.log[-3000:]
    assert_right(third.records, newer, site)
    assert third.stat("spotlight/taught/pages") == 0 and third.stat("spotlight/feed/gap/http_404") == 1
    assert third.stat("spotlight/taught/published_at/served") == 3
    assert "the site now prints it" not in third.log


@pytest.mark.parametrize("fault", ["404", "not_xml"])
def test_without_a_feed_nothing_is_learned_and_the_crawl_is_as_before(replica_factory, tmp_path, fault):
    site = replica_factory(n_articles=12, page_size=6, templates=("theme",), feed={"window": WINDOW, "fault": fault})
    run = crawl("latest", site.base_url, tmp_path / "run", settings=NO_STATE)
    assert len(run.records) == 12
    assert not [k for k in run.stats if k.startswith("spotlight/taught/")]
    assert "taught by the feed" not in run.log
    # The general reading, as without the feed: the section's name for a headline.
    assert {r["headline"] for r in run.records} <= {a.section for a in site.site.latest()}


def test_a_feed_giving_other_stories_titles_teaches_no_headline(site, tmp_path):
    site.feed.fault = "titles_of_others"
    run = crawl("latest", site.base_url, tmp_path / "run", settings=NO_STATE)
    assert "spotlight/taught/headline/witness" not in run.stats
    assert run.stat("spotlight/taught/headline/unproven") == 1
    titles = {a.headline for a in site.site.latest()}
    assert all(r["headline"] not in titles for r in run.records)  # no headline of another story
    # The disagreement is reported: the feed check names the headline.
    assert run.returncode == 5 and "headline agrees with the site's feed on 0 of" in run.log
    # What the feed tells right is still learned.
    assert run.stats["spotlight/taught/published_at/witness"] == "printed.date_after:posted on"


def test_a_replay_uses_the_lesson_its_recording_started_from(site, tmp_path):
    state = {"SPOTLIGHT_STATE": str(tmp_path / "state.sqlite3")}
    assert crawl("latest", site.base_url, tmp_path / "learn", settings=state).returncode == 0
    # Recorded: a run that reads no feed (404) and judges with the lesson the state keeps.
    site.feed.fault = "404"
    new = site.publish(3)
    first_paragraph_as_description(site)
    recording = tmp_path / "recording"
    live = crawl("latest", site.base_url, tmp_path / "live", settings={**state, "SPOTLIGHT_RECORD": str(recording)})
    assert live.returncode == 0, live.log[-3000:]
    assert_right(live.records, new, site)
    site.stop()
    # The replay has no state: it starts from the lesson the recording keeps beside its responses.
    # (It asks for the pages the live run skipped as seen too: they are not in the recording.)
    replayed = crawl("latest", None, tmp_path / "replay", settings={**NO_STATE, "SPOTLIGHT_REPLAY": str(recording)})
    assert replayed.stat("spotlight/replay/missing") > 0
    # The README's comparison: the same lines, whichever order the pages arrived in.
    assert sorted(replayed.output.read_bytes().splitlines()) == sorted(live.output.read_bytes().splitlines())
    assert replayed.stats["spotlight/taught/published_at/witness"] == "printed.date_after:posted on"


def test_scrapy_report_shows_what_the_feed_taught_each_run(tmp_path):
    from tests.test_analysis_report import GOOD, report, write_jsonl
    from tests.test_taught import TAUGHT_STATS

    run = tmp_path / "logs" / "2024-10-22T06-00-00.stats.json"
    run.parent.mkdir(parents=True)
    stats = {"spider": "latest", "finish_reason": "finished", "exit_status": 0, "failures": [], "stats": TAUGHT_STATS}
    run.write_text(json.dumps(stats), encoding="utf-8")
    done = report(tmp_path / "r.html", write_jsonl(tmp_path / "latest.jsonl", GOOD), run)
    assert done.returncode == 0, done.stderr
    sel = Selector(text=(tmp_path / "r.html").read_text(encoding="utf-8"))
    rows = [r.css("td::text").getall() for r in sel.css("table[data-table=taught] tbody tr")]
    assert rows == [[str(run), "published_at", "printed.date_after:published", "4", "12 of 12 article pages"]]
