"""The cron command, bin/spotlight-scheduled, run as an operator would: through a link on
the PATH, from an unrelated directory, with a fresh shell's environment."""

from __future__ import annotations

import fcntl
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.crawl import FAST, ROOT, read_jsonl, validate
from tests.processes import free_port, operator_env
from tests.replica.server import Replica, RequestInfo, Response
from tests.truth import assert_matches_truth, expected, story_of

# Real crawls, servers on 127.0.0.1 or subprocesses: the end-to-end layer.
pytestmark = pytest.mark.e2e

SCRIPT = ROOT / "bin" / "spotlight-scheduled"
HOST = "https://www.spotlightnepal.com"


def scheduled(tmp_path: Path, *args: str, base_url: str) -> subprocess.CompletedProcess[str]:
    """``spotlight-scheduled ARGS`` from ``tmp_path/cwd``, through a link in ``tmp_path/bin``,
    with the data folder given as a relative path (``data``, i.e. ``tmp_path/cwd/data``)."""
    link = tmp_path / "bin" / "spotlight-scheduled"
    if not link.exists():
        link.parent.mkdir(parents=True)
        link.symlink_to(SCRIPT)
    cwd = tmp_path / "cwd"
    cwd.mkdir(exist_ok=True)
    env = operator_env(tmp_path / "home", SPOTLIGHT_DATA_DIR="data", SPOTLIGHT_PYTHON=sys.executable)
    settings = [f"-s{key}={value}" for key, value in {**FAST, "SPOTLIGHT_BASE_URL": base_url}.items()]
    return subprocess.run([str(link), *args, *settings], cwd=cwd, env=env, capture_output=True, text=True, timeout=180)


def test_the_scheduled_command_runs_from_any_directory_and_emits_only_new_stories(replica_factory, tmp_path):
    replica = replica_factory(n_articles=24, page_size=10)
    data = tmp_path / "cwd" / "data"

    first = scheduled(tmp_path, "latest", base_url=replica.base_url)
    assert first.returncode == 0, first.stderr
    [output] = sorted((data / "latest").glob("*.jsonl"))
    records = read_jsonl(output)
    validate(records)
    assert_matches_truth(records, expected(replica.site.latest()), replica.site)
    [log] = sorted((data / "logs" / "latest").glob("*.log"))
    assert "Spider closed (finished)" in log.read_text(encoding="utf-8")
    assert log.with_suffix(".stats.json").is_file()
    assert (data / "state.sqlite3").is_file()

    # The next scheduled run, after the site published two stories: those two, nothing else.
    published = replica.publish(2)
    second = scheduled(tmp_path, base_url=replica.base_url)  # the spider defaults to latest
    assert second.returncode == 0, second.stderr
    [new_output] = sorted(set((data / "latest").glob("*.jsonl")) - {output})
    assert_matches_truth(read_jsonl(new_output), expected(published), replica.site)
    assert len(list((data / "logs" / "latest").glob("*.log"))) == 2

    # A run with nothing new leaves its log and stats but no empty JSONL file.
    quiet = scheduled(tmp_path, base_url=replica.base_url)
    assert quiet.returncode == 0, quiet.stderr
    outputs = sorted((data / "latest").glob("*.jsonl"))
    assert outputs == sorted([output, new_output])
    logs = sorted((data / "logs" / "latest").glob("*.log"))
    assert len(logs) == 3
    # Log, stats and output of one run share one stamp in their names.
    assert {o.stem for o in outputs} < {log.stem for log in logs}
    assert all(log.with_suffix(".stats.json").is_file() for log in logs)


def test_a_failed_run_exits_with_the_crawl_status_and_shows_the_log(tmp_path):
    result = scheduled(tmp_path, "latest", base_url=f"http://127.0.0.1:{free_port()}")
    assert result.returncode == 3  # the site could not be reached
    [log] = (tmp_path / "cwd" / "data" / "logs" / "latest").glob("*.log")
    assert f"latest exited with status 3; log: {log}" in result.stderr
    assert "the site could not be reached" in result.stderr  # the log's errors, for cron's mail
    assert [r for f in (tmp_path / "cwd" / "data" / "latest").glob("*.jsonl") for r in read_jsonl(f)] == []


def test_a_run_does_not_start_while_an_earlier_one_holds_the_data_folder(replica, tmp_path):
    data = tmp_path / "cwd" / "data"
    data.mkdir(parents=True)
    with (data / ".scheduled.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = scheduled(tmp_path, "international", base_url=replica.base_url)
    assert result.returncode == 75
    assert "an earlier run still holds" in result.stderr
    assert replica.requests == []
    assert not list((data / "logs" / "international").glob("*.log"))


def test_a_scheduled_run_needing_a_missing_browser_says_which_and_how_to_get_one(replica_factory, tmp_path):
    replica = replica_factory(js_listing=True)  # the listing shows its entries only through a script
    missing = tmp_path / "no-such-dir" / "chromium"
    result = scheduled(
        tmp_path, "international", f"-sSPOTLIGHT_BROWSER_EXECUTABLE={missing}", base_url=replica.base_url
    )
    # With the state the listing page would only be kept for the next run (exit 8, stopped
    # short): a missing browser is the operator's to fix, so the run fails (5) and says why.
    assert result.returncode == 5, result.stderr
    assert (
        f"no browser at {missing} (SPOTLIGHT_BROWSER_EXECUTABLE): install Debian's Chromium "
        "(apt-get install chromium) or point SPOTLIGHT_BROWSER_EXECUTABLE at a Chromium"
    ) in result.stderr


def read_stats(log: Path) -> dict[str, int]:
    """The stats of the run that wrote ``log`` (its ``.stats.json`` beside it)."""
    return json.loads(log.with_suffix(".stats.json").read_text(encoding="utf-8"))["stats"]


def goes_away_after(replica: Replica, n: int) -> threading.Thread:
    """After ``n`` requests the site goes away: every later request on an open connection is
    reset, and the server stops listening (new connections are refused)."""
    gone = threading.Event()

    def hook(req: RequestInfo) -> Response | None:
        if len(replica.requests) > n:
            gone.set()
            return Response(0, abort=True)
        return None

    replica.hooks.append(hook)

    def stop() -> None:
        gone.wait()
        replica.stop()

    stopper = threading.Thread(target=stop, daemon=True)
    stopper.start()
    return stopper


def test_a_run_whose_site_goes_away_mid_walk_exits_8_and_says_in_one_line_what_is_left(replica_factory, tmp_path):
    replica = replica_factory(n_articles=60, page_size=10)
    port, truth = replica.port, expected(replica.site.latest())
    stopper = goes_away_after(replica, 30)
    data = tmp_path / "cwd" / "data"

    short = scheduled(tmp_path, "latest", base_url=replica.base_url)
    stopper.join(timeout=30)
    assert short.returncode == 8, short.stderr
    [output] = (data / "latest").glob("*.jsonl")
    written = read_jsonl(output)
    assert 0 < len(written) < len(truth)
    [log] = (data / "logs" / "latest").glob("*.log")
    [line] = short.stderr.splitlines()  # one line, for cron's mail
    assert line.startswith(f"spotlight-scheduled: latest exited with status 8, stopped short: {len(written)} stories")
    left = read_stats(log)["spotlight/failures/carried"]
    assert f", {left} pages left for the next run (" in line
    assert f"; output: {output}; log: {log}" in line

    # The site is back: the next run reads what was left, and the two runs hold every story once.
    with Replica(n_articles=60, page_size=10, port=port) as back:
        again = scheduled(tmp_path, "latest", base_url=back.base_url)
        assert again.returncode == 0, again.stderr
        assert again.stderr == ""
        records = [r for f in sorted((data / "latest").glob("*.jsonl")) for r in read_jsonl(f)]
        assert len(records) == len({r["url"] for r in records})
        site = back.site
        assert sorted(story_of(site.lookup(r["url"].removeprefix(HOST))) for r in records) == sorted(
            story_of(a) for a in truth.values()
        )
