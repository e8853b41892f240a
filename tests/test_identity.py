"""A story is its canonical URL: one title over many stories keeps them all; only a repost
(same headline key and same text under another URL) is dropped, within a run and across runs.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys

import pytest

from spotlight_crawler.incremental.store import SCHEMA_VERSION, SeenStore
from spotlight_crawler.normalize import headline_key
from tests.crawl import ROOT, crawl, validate
from tests.replica.content import EDITOR_COLUMN, EDITOR_NOTES, WEATHER_FORECAST
from tests.truth import expected, story_of

# Real crawls, servers on 127.0.0.1 or subprocesses: the end-to-end layer.
pytestmark = pytest.mark.e2e

ORIGIN = "https://www.spotlightnepal.com"
COLUMNS = (EDITOR_COLUMN, EDITOR_NOTES, WEATHER_FORECAST)


def column_stories(site, title):
    """The stories (original paths) published under ``title``: each its own story."""
    key = headline_key(title)
    return sorted(a.path for a in site.latest() if headline_key(a.headline) == key and not a.duplicate_of)


def stories(site, records):
    return sorted(story_of(site.lookup(r["url"].removeprefix(ORIGIN))) for r in records)


def drop_lines(log, url):
    return [line for line in log.splitlines() if "Duplicate dropped" in line and url in line]


def test_one_title_many_stories_all_kept_a_repost_dropped_within_and_across_runs(replica_factory, tmp_path):
    replica = replica_factory(columns=True)
    site = replica.site
    state = {"SPOTLIGHT_STATE": str(tmp_path / "state.sqlite3")}

    first = crawl("latest", replica.base_url, tmp_path / "run1", settings=state)
    assert first.returncode == 0, first.log[-3000:]
    validate(first.records)
    urls = [r["url"] for r in first.records]
    assert len(urls) == len(set(urls))
    assert stories(site, first.records) == sorted(story_of(a) for a in expected(site.latest()).values())
    for title in COLUMNS:  # 4 editorials, 3 notes, 3 forecasts: each its own story
        under_title = [r for r in first.records if headline_key(r["headline"]) == headline_key(title)]
        assert stories(site, under_title) == column_stories(site, title) and len(under_title) >= 3, title
    assert {path.rsplit("/", 2)[1] for path in column_stories(site, EDITOR_COLUMN)} == {
        "from-the-editor-2",
        "from-the-editor-6",
        "from-the-editor-19",
        "from-the-editor-24",
    }

    # The editorial repost: same text under another URL, headline equal but for case or spacing.
    # One of the two URLs is emitted (whichever the crawl met first), the other dropped as its repost.
    editorial = headline_key(EDITOR_COLUMN)
    repost = next(a for a in site.latest() if a.duplicate_of and headline_key(a.headline) == editorial)
    pair = {repost.canonical_url, ORIGIN + repost.duplicate_of}
    (kept,) = pair & set(urls)
    (dropped,) = pair - {kept}
    (line,) = drop_lines(first.log, dropped)
    assert "INFO" in line and "same headline key, body similarity 1.00 >= 0.90" in line
    assert kept in line and "in this run" in line
    reposts = [a for a in site.latest() if a.duplicate_of]
    assert first.stat("spotlight/dedup/dropped/repost_in_this_run") == len(reposts)
    assert first.stat("spotlight/dedup/kept_same_headline_other_text") == sum(
        len(column_stories(site, t)) - 1 for t in COLUMNS
    )

    # Later: a new editorial and a new forecast under the same titles, and an old editorial reposted.
    original = next(a for a in site.latest() if a.headline == EDITOR_COLUMN and a.path != repost.duplicate_of)
    new_editorial = replica.publish_column(EDITOR_COLUMN)
    new_forecast = replica.publish_column(WEATHER_FORECAST)
    late_repost = replica.publish_repost(original)

    second = crawl("latest", replica.base_url, tmp_path / "run2", settings=state)
    assert second.returncode == 0, second.log[-3000:]
    validate(second.records)
    assert sorted(r["url"] for r in second.records) == sorted([new_editorial.canonical_url, new_forecast.canonical_url])
    (line,) = drop_lines(second.log, late_repost.canonical_url)
    assert "in an earlier run" in line and original.canonical_url in line and "body similarity 1.00" in line
    assert second.stat("spotlight/dedup/dropped/repost_in_an_earlier_run") == 1

    # Together the two outputs hold every story once.
    union = first.records + second.records
    assert len({r["url"] for r in union}) == len(union)
    assert stories(site, union) == sorted(story_of(a) for a in expected(site.latest()).values())


def test_fresh_run_keeps_every_column_story_and_drops_the_repost(replica_factory, tmp_path):
    replica = replica_factory(columns=True)
    result = crawl("latest", replica.base_url, tmp_path, args={"fresh": "1"})
    assert result.returncode == 0, result.log[-3000:]
    site = replica.site
    assert stories(site, result.records) == sorted(story_of(a) for a in expected(site.latest()).values())
    assert not (tmp_path / "data" / "state.sqlite3").exists()


# The first state format, as the crawler wrote it before schema versions: one 'url:' row and
# one 'headline:' row per emitted story, a URL-only row for each record it dropped.
OLD_SCHEMA = """
CREATE TABLE seen (key TEXT PRIMARY KEY, url TEXT NOT NULL, headline TEXT, first_seen TEXT NOT NULL, run_id INTEGER);
CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, spider TEXT NOT NULL, started TEXT NOT NULL, finished TEXT,
                   complete INTEGER NOT NULL DEFAULT 0, outputs TEXT NOT NULL DEFAULT '[]');
"""


def old_state(path, articles):
    """The state the old rule left after crawling ``articles`` (oldest first): a headline key
    claimed by its first story, each later story under that title dropped, its URL kept as seen."""
    db = sqlite3.connect(path)
    db.executescript(OLD_SCHEMA)
    db.execute(
        "INSERT INTO runs (spider, started, finished, complete, outputs) VALUES "
        "('latest', '2024-10-20T00:00:00Z', '2024-10-20T00:05:00Z', 1, '[]')"
    )
    row = "INSERT OR IGNORE INTO seen VALUES (?, ?, ?, '2024-10-20T00:01:00Z', 1)"
    claimants = {}
    for art in articles:
        key = headline_key(art.headline)
        if key in claimants:
            db.execute(row, ("url:" + art.canonical_url, art.canonical_url, None))
            continue
        claimants[key] = art
        db.execute(row, ("url:" + art.canonical_url, art.canonical_url, art.headline))
        db.execute(row, ("headline:" + key, art.canonical_url, art.headline))
    db.commit()
    db.close()
    return claimants


def test_an_old_state_file_is_migrated_in_place_keeping_what_it_knows(replica_factory, tmp_path):
    replica = replica_factory(columns=True)
    site = replica.site
    path = tmp_path / "state.sqlite3"
    claimants = old_state(path, site.latest()[::-1])
    everything = site.latest()

    store = SeenStore(path)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert len(store) == len(everything)  # every URL it knew
    assert all(store.has_url(a.canonical_url) for a in everything)
    assert store.db.execute("SELECT COUNT(*) FROM seen WHERE key LIKE 'headline:%'").fetchone()[0] == 0
    for title in COLUMNS:  # the story that claimed the title is one story under it, with no known text
        assert store.same_headline(headline_key(title)) == [(claimants[headline_key(title)].canonical_url, None)]
    assert store.db.execute("SELECT spider, complete FROM runs").fetchall() == [("latest", 1)]
    assert store.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    store.close()
    SeenStore(path).close()  # opening a current file again changes nothing
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM seen").fetchone()[0] == len(everything)

    # The migrated state works: a new editorial is emitted, nothing known is emitted again.
    new_editorial = replica.publish_column(EDITOR_COLUMN)
    result = crawl("latest", replica.base_url, tmp_path / "run", settings={"SPOTLIGHT_STATE": str(path)})
    assert result.returncode == 0, result.log[-3000:]
    assert [r["url"] for r in result.records] == [new_editorial.canonical_url]
    assert result.stat("spotlight/dedup/kept_same_headline_unknown_text") == 1


def test_a_state_file_from_a_newer_version_is_refused_with_a_clear_error(replica, tmp_path):
    path = tmp_path / "state.sqlite3"
    SeenStore(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    result = crawl("latest", replica.base_url, tmp_path / "run", settings={"SPOTLIGHT_STATE": str(path)})
    assert result.returncode == 1 and result.records == []
    assert re.search(rf"schema version {SCHEMA_VERSION + 1}; this crawler knows up to {SCHEMA_VERSION}", result.log)


def test_stories_an_older_version_dropped_are_recovered_by_a_fresh_run_over_the_window(replica_factory, tmp_path):
    replica = replica_factory(columns=True)
    site = replica.site
    path = tmp_path / "state.sqlite3"
    claimants = old_state(path, site.latest()[::-1])
    # What analysts hold: the records the old version emitted (each title's first story).
    urls_file = tmp_path / "old-urls.txt"
    urls_file.write_text("\n".join(a.canonical_url for a in claimants.values()) + "\n")
    have = crawl(
        "article",
        replica.base_url,
        tmp_path / "have",
        args={"urls_file": str(urls_file)},
        settings={"SPOTLIGHT_STATE": ""},
    )
    assert sorted(r["url"] for r in have.records) == sorted(a.canonical_url for a in claimants.values())
    lost = sorted({story_of(a) for a in site.latest()} - {story_of(a) for a in claimants.values()})
    assert len(lost) >= 7  # three editorials, two notes, two forecasts at least

    # Incremental runs do not bring them back: their URLs are known to the state.
    incremental = crawl("latest", replica.base_url, tmp_path / "incremental", settings={"SPOTLIGHT_STATE": str(path)})
    assert incremental.records == []

    # The recovery: a fresh run over the window, then only what the files lack.
    window = crawl(
        "latest", replica.base_url, tmp_path / "window", args={"fresh": "1"}, settings={"SPOTLIGHT_STATE": str(path)}
    )
    assert window.returncode == 0, window.log[-3000:]
    proc = subprocess.run(
        [sys.executable, "-m", "spotlight_crawler.incremental.recover", str(window.output), "--have", str(have.output)],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 0, proc.stderr
    recovered = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    validate(recovered)
    assert stories(site, recovered) == lost
    assert f"recovered {len(lost)};" in proc.stderr.decode()
    union = have.records + recovered
    assert stories(site, union) == sorted(story_of(a) for a in expected(site.latest()).values())

    # A later incremental run emits none of them again.
    later = crawl("latest", replica.base_url, tmp_path / "later", settings={"SPOTLIGHT_STATE": str(path)})
    assert later.records == []


def test_a_killed_run_is_reconciled_with_the_fingerprints_of_what_it_wrote(tmp_path):
    """The stories a killed run wrote are known by their text too, so their reposts are recognised."""
    from spotlight_crawler.identity.fingerprint import body_fingerprint
    from tests.texts import EDITORIAL

    output = tmp_path / "killed.jsonl"
    url = ORIGIN + "/2010/10/02/from-the-editor-2/"
    output.write_text(
        json.dumps({"url": url, "headline": EDITOR_COLUMN, "body": EDITORIAL})
        + "\n"
        + '{"url": "'
        + ORIGIN
        + '/2010/10/03/torn/", "headline": "Torn", "bo'
    )
    store = SeenStore(tmp_path / "state.sqlite3")
    store.set_outputs(store.begin_run("latest"), [str(output)])  # never finished: killed
    store.close()
    store = SeenStore(tmp_path / "state.sqlite3")
    assert store.reconcile() == 1
    assert store.same_headline(headline_key(EDITOR_COLUMN)) == [(url, body_fingerprint(EDITORIAL))]
    assert not store.has_url(ORIGIN + "/2010/10/03/torn/")
