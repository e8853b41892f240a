"""No story ever lost: failed pages are retried by later runs, cut listing pages are noticed,
``-O`` never empties the only copy, one run at a time per state file, and a state that
cannot be written stops the run without leading to duplicates later."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from spotlight_crawler.incremental.extension import StateRefused, lock_state
from spotlight_crawler.incremental.store import SeenStore
from tests.crawl import FAST, ROOT, CrawlResult, crawl, read_jsonl
from tests.processes import stop_process, wait_for
from tests.replica.faults import as_hook
from tests.replica.server import Replica, RequestInfo, Response
from tests.truth import expected, story_of

# Real crawls, servers on 127.0.0.1 or subprocesses: the end-to-end layer.
pytestmark = pytest.mark.e2e

HOST = "https://www.spotlightnepal.com"


def stories(replica: Replica, records: list[dict[str, Any]]) -> list[str]:
    return sorted(story_of(replica.site.lookup(r["url"].removeprefix(HOST))) for r in records)


def all_stories(replica: Replica) -> list[str]:
    return sorted(story_of(a) for a in expected(replica.site.latest()).values())


def assert_each_story_once(replica: Replica, records: list[dict[str, Any]]) -> None:
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls)), "a story was written twice"
    assert stories(replica, records) == all_stories(replica)


def failing(replica: Replica, paths: set[str], code: int = 503) -> set[str]:
    """Requests whose path (with its query) is in ``paths`` answer ``code`` until the set is emptied."""

    def hook(req: RequestInfo) -> Response | None:
        if req.target in paths:
            return Response(code, b"<html><body>overloaded</body></html>")
        return None

    replica.hooks.append(hook)
    return paths


def verdict_line(result: CrawlResult) -> str:
    return next((line for line in result.log.splitlines() if "Run not good" in line), "")


# --- Failures are remembered and retried --------------------------------------------


def test_pages_that_failed_are_retried_by_the_next_run_and_the_union_holds_every_story_once(replica_factory, tmp_path):
    replica = replica_factory(n_articles=30, page_size=10)
    articles = replica.site.latest()
    victims = {articles[1].path, articles[4].path}  # two article pages on the first listing page
    down = failing(replica, {*victims, "/articles/?page=2"})  # and the second listing page
    state = {"SPOTLIGHT_STATE": str(tmp_path / "state.sqlite3")}

    first = crawl("latest", replica.base_url, tmp_path / "run1", settings=state)
    # Kept for the next run: not lost, but the run stopped short, and its status says so.
    assert first.returncode == 8, verdict_line(first)
    assert "stopped short: " in verdict_line(first) and "3 pages left for the next run (http_503 3)" in verdict_line(
        first
    )
    assert first.stat("spotlight/failures/carried") == 3
    assert first.stat("spotlight/failures/carried/http_503") == 3
    kept = next(line for line in first.log.splitlines() if "kept for the next run" in line)
    assert all(HOST + path in kept for path in victims) and "/articles/?page=2" in kept
    assert "pages kept for the next run to retry: 3" in first.log  # the summary says so too
    assert not {HOST + p for p in victims} & {r["url"] for r in first.records}

    down.clear()  # the site recovers
    second = crawl("latest", replica.base_url, tmp_path / "run2", settings=state)
    assert second.returncode == 0, verdict_line(second)
    assert second.stat("spotlight/failures/retried/http_503") == 3
    assert second.stat("spotlight/failures/recovered") == 3
    assert {HOST + p for p in victims} <= {r["url"] for r in second.records}
    assert_each_story_once(replica, first.records + second.records)

    # Nothing is pending any more: the next run is back to a handful of requests.
    third = crawl("latest", replica.base_url, tmp_path / "run3", settings=state)
    assert third.returncode == 0 and third.records == []
    assert not [key for key in third.stats if key.startswith("spotlight/failures/retried/")]
    # robots.txt and the feed, which says nothing changed (feed-first runs: tests/test_feed_runs.py).
    assert third.stat("downloader/request_count") <= 4 and third.stat("spotlight/feed/not_modified") == 1


def test_a_page_that_keeps_failing_is_given_up_after_the_bound_and_fails_that_run(replica_factory, tmp_path):
    replica = replica_factory(n_articles=12, page_size=10)
    victim = replica.site.latest()[2]
    failing(replica, {victim.path}, code=500)
    settings = {"SPOTLIGHT_STATE": str(tmp_path / "state.sqlite3"), "SPOTLIGHT_MAX_ATTEMPTS": "2"}

    first = crawl("latest", replica.base_url, tmp_path / "run1", settings=settings)
    assert first.returncode == 8 and first.stat("spotlight/failures/carried") == 1

    second = crawl("latest", replica.base_url, tmp_path / "run2", settings=settings)
    assert second.returncode == 5
    assert second.stat("spotlight/failures/given_up/http_500") == 1
    [gave_up] = [line for line in second.log.splitlines() if "Gave up on" in line]
    assert (
        "WARNING" in gave_up and victim.canonical_url in gave_up and "2 attempts" in gave_up and "http_500" in gave_up
    )
    assert "stories lost: 1 pages given up after 2 attempts" in verdict_line(second)

    # Given up means not asked for again, though the feed still names it; the run after that is good.
    new = replica.publish(1)
    replica.reset_requests()
    third = crawl("latest", replica.base_url, tmp_path / "run3", settings=settings)
    assert third.returncode == 0, verdict_line(third)
    assert not any(k.startswith("spotlight/failures/retried/") for k in third.stats)
    assert third.stat("spotlight/incremental/skipped_given_up") == 1
    assert [r["url"] for r in third.records] == [new[0].canonical_url]
    assert victim.path not in [r["path"] for r in replica.requests]


def test_without_the_state_a_page_that_failed_fails_the_run(replica_factory, tmp_path):
    replica = replica_factory(n_articles=12, page_size=10)
    failing(replica, {replica.site.latest()[3].path})
    result = crawl("latest", replica.base_url, tmp_path, settings={"SPOTLIGHT_STATE": ""})
    assert result.returncode == 5
    assert result.stat("spotlight/failures/lost/article") == 1
    assert "1 pages not read whole in a run without the state" in verdict_line(result)


# --- Listing pages cut short -----------------------------------------------------------


def cut_listing_page(replica: Replica, page: int, times: int | None = None) -> None:
    """Listing page ``page`` stops mid-tag with a matching Content-Length (half a page rendered)."""
    cut = as_hook(replica, "truncated", kind="page", at=0.6, content_length="matching", times=times)
    target = "/articles/" + (f"?page={page}" if page > 1 else "")
    replica.hooks.append(lambda req: cut(req) if req.target == target else None)


def test_a_listing_page_cut_short_once_is_fetched_again(replica_factory, tmp_path):
    replica = replica_factory(n_articles=30, page_size=10)
    cut_listing_page(replica, 2, times=1)
    result = crawl("latest", replica.base_url, tmp_path, settings={"SPOTLIGHT_STATE": ""})
    assert result.returncode == 0, verdict_line(result)
    assert result.stat("spotlight/listing/truncated/retried") == 1
    assert result.stat("spotlight/listing/truncated/kept") == 0
    assert_each_story_once(replica, result.records)


def test_a_listing_page_always_cut_is_counted_kept_for_the_next_run_and_recovered(replica_factory, tmp_path):
    replica = replica_factory(n_articles=30, page_size=10)
    cut_listing_page(replica, 2)
    state = {"SPOTLIGHT_STATE": str(tmp_path / "state.sqlite3")}
    first = crawl("latest", replica.base_url, tmp_path / "run1", settings=state)
    assert first.stat("spotlight/listing/truncated/retried") == int(FAST["RETRY_TIMES"])
    assert first.stat("spotlight/listing/truncated/kept") == 1
    assert first.stat("spotlight/failures/carried/truncated") == 1
    assert len(first.records) < len(all_stories(replica))  # the cut page's last entries never arrived

    replica.hooks.clear()
    second = crawl("latest", replica.base_url, tmp_path / "run2", settings=state)
    assert second.returncode == 0, verdict_line(second)
    assert second.stat("spotlight/failures/recovered") == 1
    assert_each_story_once(replica, first.records + second.records)


def test_a_replay_of_a_recording_with_a_cut_listing_page_says_so_and_fails(replica_factory, tmp_path):
    replica = replica_factory(n_articles=30, page_size=10)
    cut_listing_page(replica, 2)
    recording = tmp_path / "rec"
    live = crawl(
        "latest",
        replica.base_url,
        tmp_path / "live",
        settings={"SPOTLIGHT_STATE": "", "SPOTLIGHT_RECORD": str(recording)},
    )
    assert live.returncode == 5 and live.stat("spotlight/listing/truncated/kept") == 1
    replica.stop()

    replayed = crawl("latest", None, tmp_path / "replay", settings={"SPOTLIGHT_REPLAY": str(recording)})
    assert replayed.returncode == 5
    assert replayed.stat("spotlight/listing/truncated/kept") == 1
    assert replayed.stat("spotlight/listing/truncated/retried") == 0  # the same bytes would come back
    assert replayed.stat("spotlight/failures/lost/listing") == 1
    assert any("listing page stops before its end" in line and "WARNING" in line for line in replayed.log.splitlines())
    assert "stories lost" in verdict_line(replayed)


# --- -O never empties the only copy ---------------------------------------------------------


def scrapy_cmd(replica: Replica, *extra: str) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "latest", "-s", f"SPOTLIGHT_BASE_URL={replica.base_url}", *extra]
    for key, value in FAST.items():
        cmd += ["-s", f"{key}={value}"]
    return cmd


def operator(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCRAPY_", "SPOTLIGHT_"))}
    return {**env, "PYTHONPATH": str(ROOT), "SPOTLIGHT_DATA_DIR": str(tmp_path / "data")}


def test_the_readme_command_twice_and_after_kills_leaves_every_story_in_the_file(replica_factory, tmp_path):
    replica = replica_factory(n_articles=40, page_size=10)
    out = tmp_path / "latest.jsonl"
    env = operator(tmp_path)
    # The README's ad-hoc command, twice: the second run writes everything again.
    for _ in range(2):
        done = subprocess.run(
            scrapy_cmd(replica, "-O", str(out)),
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        assert_each_story_once(replica, read_jsonl(out))
    assert not (tmp_path / "data" / "state.sqlite3").exists()  # ad-hoc runs keep no state

    # Three kills mid-run on the same -O file, then a run that finishes: every story is in it.
    replica.hooks.append(lambda req: time.sleep(0.1) if req.path.count("/") >= 4 else None)
    for _ in range(3):
        out.unlink(missing_ok=True)
        proc = subprocess.Popen(
            scrapy_cmd(replica, "-O", str(out)), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for(lambda: out.exists() and out.read_bytes().count(b"\n") >= 3, "a few lines written")
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    replica.hooks.clear()
    final = subprocess.run(
        scrapy_cmd(replica, "-O", str(out)), cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert final.returncode == 0, final.stderr[-3000:]
    assert_each_story_once(replica, read_jsonl(out))


def test_a_stateful_run_refuses_to_overwrite_its_feed(replica, tmp_path):
    out = tmp_path / "latest.jsonl"
    out.write_text('{"url": "https://www.spotlightnepal.com/2024/01/01/kept/"}\n', encoding="utf-8")
    before = out.read_bytes()
    refused = crawl(
        "latest",
        replica.base_url,
        tmp_path,
        output=out,
        overwrite=True,
        settings={"SPOTLIGHT_STATE": str(tmp_path / "state.sqlite3")},
    )
    assert refused.returncode == 1
    [line] = [line for line in refused.log.splitlines() if "ERROR" in line]
    assert "would overwrite" in line and str(out) in line and "-o" in line
    assert "Traceback" not in refused.log
    assert out.read_bytes() == before
    assert [r for r in replica.requests if r["path"] != "/robots.txt"] == []


# --- One run at a time; a state that cannot be written ----------------------------------------


def test_a_second_run_on_the_same_state_exits_75_and_the_first_writes_every_story_once(replica_factory, tmp_path):
    # The feed's two stories are read (and written) first, then the walk: see spiders/feed.py.
    replica = replica_factory(n_articles=30, page_size=10, feed={"window": 2})
    # The first run gets two article pages, then waits (the server holds its answers) until
    # the second run has been turned away: the two runs overlap whatever the machine's load.
    released = threading.Event()
    answered: list[str] = []

    def gate(req: RequestInfo) -> None:
        if req.path.count("/") >= 4:  # an article page
            if len(answered) >= 2:
                released.wait(120)
            answered.append(req.path)

    replica.hooks.append(gate)
    state = tmp_path / "state.sqlite3"
    out1 = tmp_path / "run1.jsonl"
    cmd = scrapy_cmd(replica, "-o", str(out1), "-s", f"SPOTLIGHT_STATE={state}", "-s", "DOWNLOAD_TIMEOUT=180")
    first = subprocess.Popen(
        cmd, cwd=ROOT, env=operator(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for(lambda: out1.exists() and out1.read_bytes().count(b"\n") >= 2, "the first run writing")
        second = crawl("latest", replica.base_url, tmp_path / "run2", settings={"SPOTLIGHT_STATE": str(state)})
        assert first.poll() is None, "the first run ended before the second started"
        released.set()
        assert second.returncode == 75
        [line] = [line for line in second.log.splitlines() if "ERROR" in line]
        assert f"another run holds {state}.lock" in line
        assert "Traceback" not in second.log
        assert second.records == [] and not second.output.exists()
        _, err = first.communicate(timeout=180)
    finally:
        released.set()
        stop_process(first)
    assert first.returncode == 0, err[-3000:]
    assert_each_story_once(replica, read_jsonl(out1))


FULL_DISK = """
import sqlite3

_connect = sqlite3.connect
_left = int({writes})


class _FullDisk(sqlite3.Connection):
    def execute(self, sql, *args):
        global _left
        if sql.startswith("INSERT OR IGNORE INTO seen") and ({counted}):
            _left -= 1
            if _left < 0:
                raise sqlite3.OperationalError("database or disk is full")
        return super().execute(sql, *args)


def connect(*args, **kwargs):
    kwargs.setdefault("factory", _FullDisk)
    return _connect(*args, **kwargs)


sqlite3.connect = connect
"""
# Which rows of ``seen`` the injected disk counts: any (one row per story or repost URL), or
# only a repost's URL (a row without a headline: VALUES (key, url, headline, ...)).
EVERY_ROW = "True"
REPOST_ROW = "args[0][2] is None"


def full_disk(tmp_path: Path, writes: int, counted: str = EVERY_ROW) -> dict[str, str]:
    """The environment of a crawl whose disk fills up after ``writes`` counted rows (SQLite's SQLITE_FULL)."""
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(FULL_DISK.format(writes=writes, counted=counted), encoding="utf-8")
    return {"PYTHONPATH": os.pathsep.join([str(inject), str(ROOT)])}


def assert_stopped_loudly(result: CrawlResult, state: Path) -> None:
    assert result.returncode == 5
    [line] = [line for line in result.log.splitlines() if "could not be written" in line]
    assert "ERROR" in line and str(state) in line and "database or disk is full" in line
    assert result.stats["finish_reason"] == "state_write_failed"
    assert "Traceback" not in result.own_log and "Error processing" not in result.log
    assert len([line for line in result.log.splitlines() if "ERROR" in line and "Run not good" in line]) == 1


def test_a_state_write_failure_stops_the_run_loudly_and_the_next_run_duplicates_nothing(replica_factory, tmp_path):
    replica = replica_factory(n_articles=30, page_size=10)
    state = tmp_path / "state.sqlite3"
    # The disk fills up after 8 stories were recorded: the 9th of 29 stops the run, with the
    # rest of the listing still to come (pages already fetched are still written out).
    env = full_disk(tmp_path, writes=8)
    first = crawl("latest", replica.base_url, tmp_path / "run1", settings={"SPOTLIGHT_STATE": str(state)}, env=env)
    assert_stopped_loudly(first, state)
    assert 8 < len(first.records) < len(all_stories(replica))

    second = crawl("latest", replica.base_url, tmp_path / "run2", settings={"SPOTLIGHT_STATE": str(state)})
    assert second.returncode == 0, verdict_line(second)
    assert second.stat("spotlight/state/recovered") == len(first.records)  # from the first run's output file
    assert_each_story_once(replica, first.records + second.records)


def test_a_repost_url_that_cannot_be_remembered_stops_the_run_like_any_state_write(replica_factory, tmp_path):
    replica = replica_factory(n_articles=30, page_size=10)
    state = tmp_path / "state.sqlite3"
    # Only the repost's own row fails: the dedup pipeline's write goes through the same guard.
    env = full_disk(tmp_path, writes=0, counted=REPOST_ROW)
    first = crawl("latest", replica.base_url, tmp_path / "run1", settings={"SPOTLIGHT_STATE": str(state)}, env=env)
    assert_stopped_loudly(first, state)
    assert first.stat("spotlight/dedup/dropped/repost_in_this_run") == 1

    # The repost's URL was not remembered: the next run reads it again and drops it again.
    second = crawl("latest", replica.base_url, tmp_path / "run2", settings={"SPOTLIGHT_STATE": str(state)})
    assert second.returncode == 0, verdict_line(second)
    assert second.stat("spotlight/state/recovered") == len(first.records)
    assert_each_story_once(replica, first.records + second.records)


# --- The state's records, directly -------------------------------------------------------------


def test_a_failure_counts_attempts_until_the_bound_and_a_read_removes_it(tmp_path):

    store = SeenStore(tmp_path / "state.sqlite3")
    url = HOST + "/2024/01/02/a/"
    attempts = [store.record_failure("latest", url, "article", why, 3) for why in ("http_503", "timeout", "http_429")]
    assert [(f.attempts, f.given_up, f.reason) for f in attempts] == [
        (1, False, "http_503"),
        (2, False, "timeout"),
        (3, True, "http_429"),
    ]
    assert store.failures("latest") == [] and [f.url for f in store.failures("latest", given_up=True)] == [url]
    store.record_failure(
        "latest", "http://127.0.0.1/articles/?page=2", "listing", "truncated", 3, "http://127.0.0.1/articles/", 2
    )
    [gap] = store.failures("latest")
    assert (gap.page_kind, gap.listing_url, gap.page) == ("listing", "http://127.0.0.1/articles/", 2)
    assert store.failures("international") == []  # each spider retries its own pages
    store.resolve("latest", gap.url)
    assert store.failures("latest") == []


def test_the_state_lock_is_held_by_one_holder_at_a_time(tmp_path):
    state = tmp_path / "state.sqlite3"
    first = lock_state(state)
    script = (
        "from pathlib import Path\n"
        "from spotlight_crawler.incremental.extension import StateRefused, lock_state\n"
        "try:\n"
        f"    lock_state(Path({str(state)!r}))\n"
        "except StateRefused as refused:\n"
        "    print(refused.status, refused)\n"
    )
    held = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert held.stdout.strip() == f"75 Not started: another run holds {state}.lock; one run at a time per state file"
    first.close()
    lock_state(state).close()  # free again
    second = lock_state(state)
    with pytest.raises(StateRefused):
        lock_state(state)
    second.close()


def test_a_state_that_cannot_be_opened_refuses_the_run_with_one_line(replica, tmp_path):
    (tmp_path / "not-a-folder").write_text("", encoding="utf-8")
    state = tmp_path / "not-a-folder" / "state.sqlite3"
    result = crawl("latest", replica.base_url, tmp_path / "run", settings={"SPOTLIGHT_STATE": str(state)})
    assert result.returncode == 1
    [line] = [line for line in result.log.splitlines() if "ERROR" in line]
    assert f"the state file {state} cannot be locked" in line
    assert "Traceback" not in result.log and result.records == []
