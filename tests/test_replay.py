"""Record once, replay offline forever: the recording in tests/recordings and fresh ones."""

from __future__ import annotations

import dataclasses
import json
import shutil
import threading
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.settings import Settings

from spotlight_crawler.replay import MANIFEST, REPOSTS, RenderAwareFingerprinter, configure
from tests.crawl import crawl, validate
from tests.recordings.refresh import GOLDEN, RECORDING
from tests.replica.server import Replica, RequestInfo, Response
from tests.truth import NO_STATE

# Real crawls, servers on 127.0.0.1 or subprocesses: the end-to-end layer.
pytestmark = pytest.mark.e2e


def replay(recording, workdir, **settings):
    return crawl("latest", None, workdir, settings={"SPOTLIGHT_REPLAY": str(recording), **settings})


def test_committed_recording_replays_twice_to_the_golden_file(tmp_path):
    """No server runs in this test: every response comes from tests/recordings."""
    first = replay(RECORDING, tmp_path / "one")
    second = replay(RECORDING, tmp_path / "two")
    assert first.returncode == 0, first.log[-2000:]
    assert first.output.read_bytes() == second.output.read_bytes() == GOLDEN.read_bytes()
    validate(first.records)
    assert first.stat("downloader/exception_count") == 0
    assert first.stat("httpcache/hit") == first.stat("downloader/request_count")


def test_record_from_the_replica_stop_it_and_replay_the_same_records(replica_factory, tmp_path):
    replica = replica_factory(n_articles=14, page_size=5)
    # Paging ends at the last page's pager, so the error to record is an article's 404.
    replica.set_fault("not_found", paths=[replica.site.latest()[3].path])
    recording = tmp_path / "recording"
    live = crawl(
        "latest", replica.base_url, tmp_path / "live", settings={**NO_STATE, "SPOTLIGHT_RECORD": str(recording)}
    )
    # The missing article is a story lost (no state to retry it): exit 5, in the replay too.
    assert live.returncode == 5 and live.records, live.log[-2000:]
    assert live.stat("spotlight/failures/lost/article") == 1
    replica.stop()

    replayed = replay(recording, tmp_path / "replay")
    assert replayed.returncode == 5, replayed.log[-2000:]
    assert replayed.stat("spotlight/failures/lost/article") == 1
    by_url = lambda records: sorted(records, key=lambda r: r["url"])  # noqa: E731
    assert by_url(replayed.records) == by_url(live.records)
    assert replayed.stat("downloader/exception_count") == 0
    # Everything was recorded, errors included: robots.txt and the missing article's 404.
    metas = [json.loads(p.read_text()) for p in recording.rglob("meta.json")]
    assert any(m["url"].endswith("/robots.txt") for m in metas)
    assert any(m["url"].endswith("/feed/") and m["status"] == 200 for m in metas)  # the feed, checked in the replay too
    assert replayed.stat("spotlight/feed_check/stories") == live.stat("spotlight/feed_check/stories") > 0
    assert any(m["status"] == 404 for m in metas)
    assert not list(recording.rglob("*pickle*")) and not list(recording.rglob("response_data"))


def test_a_response_missing_from_the_recording_is_not_fetched_but_counted(replica, tmp_path):
    recording = tmp_path / "recording"
    crawl("latest", replica.base_url, tmp_path / "live", settings={**NO_STATE, "SPOTLIGHT_RECORD": str(recording)})
    victim = next(p.parent for p in recording.rglob("meta.json") if "/2024/" in json.loads(p.read_text())["url"])
    lost_url = json.loads((victim / "meta.json").read_text())["url"]
    shutil.rmtree(victim)
    replica.reset_requests()

    result = replay(recording, tmp_path / "replay")
    assert result.returncode == 4
    assert result.stat("spotlight/replay/missing") == 1
    assert [line for line in result.log.splitlines() if "Not in the recording" in line and lost_url in line]
    assert "1 requests were not in the recording" in result.log
    assert replica.requests == []  # the replica was running on that very port, and saw nothing
    assert len(result.records) == len({r["url"] for r in result.records}) > 0


def test_replay_leaves_the_persistent_state_alone(tmp_path):
    state = tmp_path / "state.sqlite3"
    result = replay(RECORDING, tmp_path / "run", SPOTLIGHT_STATE=str(state))
    assert result.returncode == 0 and result.records
    assert not state.exists()


def test_rendered_and_plain_requests_have_different_fingerprints():
    fingerprinter = RenderAwareFingerprinter()
    plain = Request("https://www.spotlightnepal.com/topic/international")
    rendered = plain.replace(meta={"playwright": True})
    assert fingerprinter.fingerprint(plain) != fingerprinter.fingerprint(rendered)
    assert fingerprinter.fingerprint(plain) == fingerprinter.fingerprint(plain.replace(meta={"x": 1}))


# --- A replay writes the records of the run that recorded it ------------------------------


def repost_pairs(replica: Replica):
    """(original, repost) of each repost in the latest listing, newest repost first."""
    return [(replica.site.lookup(a.duplicate_of), a) for a in replica.site.latest() if a.duplicate_of]


def served_in_order(replica: Replica, first, then) -> None:
    """``then``'s page is answered only once ``first``'s answer has been written: the live run
    meets ``first`` first, whatever order it asked in."""
    served = threading.Event()

    def hook(req: RequestInfo) -> Response | None:
        if req.path == first.path:
            return dataclasses.replace(replica._route(req), sent=served)
        if req.path == then.path:
            return dataclasses.replace(replica._route(req), gate=served)
        return None

    replica.hooks.append(hook)


def record(replica: Replica, into: Path, workdir: Path):
    return crawl("latest", replica.base_url, workdir, settings={**NO_STATE, "SPOTLIGHT_RECORD": str(into)})


def lines(path: Path) -> list[str]:
    """The README's comparison: ``diff <(sort before.jsonl) <(sort after.jsonl)``."""
    return sorted(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize(("seed", "kept"), [(3, "original"), (11, "repost"), (29, "original")])
def test_a_replay_writes_the_records_of_the_run_that_recorded_it_whichever_copy_it_kept(
    replica_factory, tmp_path, seed, kept
):
    replica = replica_factory(n_articles=24, seed=seed, page_size=5)
    original, repost = repost_pairs(replica)[0]
    first, dropped = (original, repost) if kept == "original" else (repost, original)
    # The feed's pages are read before the listing's (they teach the run): the feed holds the
    # stories newer than the pair, so the gate below alone decides which copy comes first.
    latest = replica.site.latest()
    replica.feed.window = min(latest.index(original), latest.index(repost))
    served_in_order(replica, first, dropped)
    recording = tmp_path / "recording"
    live = record(replica, recording, tmp_path / "live")
    assert live.returncode == 0, live.log[-2000:]
    urls = {r["url"] for r in live.records}
    assert first.canonical_url in urls and dropped.canonical_url not in urls  # the live run kept the copy met first
    assert live.stat("spotlight/dedup/dropped/repost_in_this_run") >= 1
    replica.stop()

    replayed = replay(recording, tmp_path / "replay")
    assert replayed.returncode == 0, replayed.log[-2000:]
    assert lines(replayed.output) == lines(live.output)  # the README's diff shows nothing
    assert replayed.stat("spotlight/dedup/dropped/repost_in_this_run") == live.stat(
        "spotlight/dedup/dropped/repost_in_this_run"
    )
    decisions = json.loads((recording / REPOSTS).read_text(encoding="utf-8"))
    assert decisions[dropped.canonical_url]["first"] == first.canonical_url


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_recording_an_unchanged_site_again_writes_the_same_files(replica_factory, tmp_path):
    """Which copy of a repost a live run keeps depends on which it met first, and
    ``reposts.json`` records that choice: here each pair is met in one order (the original
    first), as two runs that made the same choices. Nothing else in a recording may depend on
    when or in which order responses arrived."""
    replica = replica_factory(n_articles=24, seed=5, page_size=5)
    pairs = repost_pairs(replica)
    assert len(pairs) == 2
    latest = replica.site.latest()  # the feed holds only stories newer than the pairs (see above)
    replica.feed.window = min(latest.index(a) for pair in pairs for a in pair)

    def record_again(into: Path, workdir: Path):
        replica.hooks.clear()  # each run meets the originals first (a gate opens once)
        for original, repost in pairs:
            served_in_order(replica, original, repost)
        return record(replica, into, workdir)

    one = record_again(tmp_path / "one", tmp_path / "live1")
    two = record_again(tmp_path / "two", tmp_path / "live2")
    assert one.returncode == two.returncode == 0, one.log[-2000:]
    first = snapshot(tmp_path / "one")
    assert len(first) > 4 * 20 and "reposts.json" in first
    assert snapshot(tmp_path / "two") == first
    # Recording into the same folder again changes no file either.
    again = record_again(tmp_path / "one", tmp_path / "live3")
    assert again.returncode == 0
    assert again.stat("httpcache/hit") == 0 < again.stat("httpcache/miss")  # it asked the site for everything
    assert snapshot(tmp_path / "one") == first
    metas = [json.loads(p.read_text()) for p in (tmp_path / "one").rglob("meta.json")]
    assert all("timestamp" not in m for m in metas)
    assert not any(b"Referer" in p.read_bytes() for p in (tmp_path / "one").rglob("request_headers"))


def test_a_damaged_repost_decisions_file_stops_the_replay_in_one_line(tmp_path):
    recording = tmp_path / "recording"
    shutil.copytree(RECORDING, recording)
    (recording / REPOSTS).write_text('{"https://www.spotlightnepal.com/x/": ', encoding="utf-8")
    result = replay(recording, tmp_path / "replay")
    assert result.returncode == 1
    [line] = [line for line in result.log.splitlines() if "ERROR" in line]
    assert f"Cannot start: {recording / REPOSTS} cannot be read as a recording's repost decisions" in line
    assert result.records == []


@pytest.mark.parametrize(
    ("priority", "asked"),
    [("project", "http://127.0.0.1:8765"), ("cmdline", "http://mirror.example")],
    ids=["settings.py", "-s"],
)
def test_a_replay_asks_for_the_recorded_urls_unless_given_a_base_url_with_s(tmp_path, priority, asked):
    (tmp_path / MANIFEST).write_text('{"base_url": "http://127.0.0.1:8765"}', encoding="utf-8")
    settings = Settings({"SPOTLIGHT_REPLAY": str(tmp_path)})
    settings.set("SPOTLIGHT_BASE_URL", "http://mirror.example", priority=priority)
    configure(settings)
    assert settings["SPOTLIGHT_BASE_URL"] == asked
