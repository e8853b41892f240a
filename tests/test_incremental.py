"""Scheduled runs: each story once, ever; cost that follows what is new."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from spotlight_crawler.incremental.store import SeenStore
from tests.crawl import FAST, ROOT, crawl, read_jsonl, validate
from tests.gates import HoldArticles
from tests.processes import wait_for
from tests.truth import expected, story_of

# Real crawls, servers on 127.0.0.1 or subprocesses: the end-to-end layer.
pytestmark = pytest.mark.e2e


def requests_made(result):
    return result.stat("downloader/request_count")


def test_three_runs_first_everything_then_nothing_then_only_the_new(replica, tmp_path):
    # The listing walk alone (feed-first runs, which skip it when the feed can tell: tests/test_feed_runs.py).
    state = {"SPOTLIGHT_STATE": str(tmp_path / "state.sqlite3"), "SPOTLIGHT_FEED": "False"}
    first = crawl("latest", replica.base_url, tmp_path / "run1", settings=state)
    validate(first.records)
    assert first.returncode == 0
    assert len(first.records) == len(expected(replica.site.latest()))

    second = crawl("latest", replica.base_url, tmp_path / "run2", settings=state)
    assert second.returncode == 0
    assert second.records == []
    # robots.txt, the home page and the first listing page: nothing else.
    assert requests_made(second) <= 4, second.stats
    assert second.stat("spotlight/incremental/stopped_paging")

    new = replica.publish(3)
    third = crawl("latest", replica.base_url, tmp_path / "run3", settings=state)
    validate(third.records)
    assert sorted(r["url"] for r in third.records) == sorted(a.canonical_url for a in new)
    assert requests_made(third) <= 4 + len(new), third.stats


def test_fresh_ignores_the_state_and_leaves_it_untouched(replica, tmp_path):
    path = tmp_path / "state.sqlite3"
    state = {"SPOTLIGHT_STATE": str(path)}
    crawl("international", replica.base_url, tmp_path / "run1", settings=state)
    before = path.read_bytes()
    again = crawl("international", replica.base_url, tmp_path / "run2", settings=state, args={"fresh": "1"})
    assert len(again.records) == len(expected(replica.site.international()))
    assert again.stat("spotlight/dedup/dropped/repost_in_this_run") >= 1  # still deduplicated within the run
    assert path.read_bytes() == before


def test_international_then_latest_on_one_state_emit_each_story_once(replica, tmp_path):
    state = {"SPOTLIGHT_STATE": str(tmp_path / "state.sqlite3")}
    intl = crawl("international", replica.base_url, tmp_path / "intl", settings=state)
    latest = crawl("latest", replica.base_url, tmp_path / "latest", settings=state)
    urls = [r["url"] for r in intl.records + latest.records]
    assert len(urls) == len(set(urls))
    stories = [story_of(replica.site.lookup(u.removeprefix("https://www.spotlightnepal.com"))) for u in urls]
    assert sorted(stories) == sorted(story_of(a) for a in expected(replica.site.latest()).values())
    # Articles International already emitted were not fetched again by Latest.
    assert latest.stat("spotlight/incremental/skipped_seen") >= len(intl.records)


def test_a_drop_is_logged_once_naming_the_rule_and_both_urls(replica, tmp_path):
    result = crawl("international", replica.base_url, tmp_path, settings={"SPOTLIGHT_STATE": ""})
    repost = next(a for a in replica.site.international() if a.duplicate_of)
    lines = [line for line in result.log.splitlines() if "Duplicate dropped" in line]
    assert lines and all("INFO" in line for line in lines)
    matching = [line for line in lines if repost.duplicate_of in line or repost.path in line]
    assert len(matching) == 1
    assert "same headline" in matching[0]
    assert repost.duplicate_of in matching[0] and repost.path in matching[0]


def test_sigkill_mid_run_then_rerun_gives_every_story_exactly_once(replica_factory, tmp_path):
    replica = replica_factory(n_articles=60)
    state = tmp_path / "state.sqlite3"
    out1 = tmp_path / "run1.jsonl"
    cmd = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "latest",
        "-o",
        str(out1),
        "-s",
        f"SPOTLIGHT_BASE_URL={replica.base_url}",
        "-s",
        f"SPOTLIGHT_STATE={state}",
        "-s",
        "CONCURRENT_REQUESTS_PER_DOMAIN=2",
    ]
    for key, value in FAST.items():
        if key != "CONCURRENT_REQUESTS_PER_DOMAIN":
            cmd += ["-s", f"{key}={value}"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # The gate holds every article page after the 20th until the run is killed (SIGKILL, as
    # by the OOM killer): the kill lands mid-run, after some records were written.
    with HoldArticles(20) as gate:
        replica.hooks.append(gate)
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(
                lambda: gate.holding.is_set() and out1.exists() and out1.read_bytes().count(b"\n") >= 10,
                "ten records written",
            )
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        replica.hooks.remove(gate)
    first = read_jsonl(out1) if out1.read_bytes().endswith(b"\n") else read_jsonl_complete(out1)
    total = len(expected(replica.site.latest()))
    assert 10 <= len(first) < total, "the kill did not land mid-run"
    # The state file is consistent after the kill.
    assert sqlite3.connect(state).execute("PRAGMA integrity_check").fetchone() == ("ok",)

    second = crawl("latest", replica.base_url, tmp_path / "run2", settings={"SPOTLIGHT_STATE": str(state)})
    urls = [r["url"] for r in first + second.records]
    assert len(urls) == len(set(urls)), "a story was emitted twice"
    stories = sorted(story_of(replica.site.lookup(u.removeprefix("https://www.spotlightnepal.com"))) for u in urls)
    assert stories == sorted(story_of(a) for a in expected(replica.site.latest()).values())


def read_jsonl_complete(path):
    """Lines a kill left whole; a torn last line is not a record."""
    data = path.read_bytes()
    return read_jsonl_bytes(data[: data.rfind(b"\n") + 1])


def read_jsonl_bytes(data):
    import json

    return [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]


def test_store_transactions_survive_a_kill_mid_write(tmp_path):
    """A writer killed inside its transactions leaves a consistent, readable store."""
    path = tmp_path / "state.sqlite3"
    SeenStore(path).close()
    script = (
        "import sys\n"
        "from spotlight_crawler.incremental.store import SeenStore\n"
        f"s = SeenStore({str(path)!r})\n"
        "i = 0\n"
        "while True:\n"
        "    s.add([(f'https://www.spotlightnepal.com/2024/01/01/s{i}-{j}/', f'H {i} {j}', None) for j in range(50)])\n"
        "    i += 1\n"
        "    print(i, flush=True)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    for _ in range(20):
        proc.stdout.readline()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    urls = db.execute("SELECT COUNT(*) FROM seen WHERE key LIKE 'url:%'").fetchone()[0]
    heads = db.execute("SELECT COUNT(*) FROM seen WHERE headline_key IS NOT NULL").fetchone()[0]
    assert urls >= 20 * 50 and urls % 50 == 0 and heads == urls  # whole transactions only
