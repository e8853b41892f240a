"""``scrapy backfill``: one resumable crawl of a period, as an operator runs it: the jump to the
window, a SIGKILL mid-way (held by a gate, not a clock), the same command again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from spotlight_crawler.urls import article_day
from tests.crawl import FAST, ROOT, validate
from tests.gates import HoldArticles
from tests.processes import wait_for
from tests.replica.server import Replica
from tests.truth import expected, story_of

# Real crawls against a server on 127.0.0.1, in subprocesses: the end-to-end layer.
pytestmark = pytest.mark.e2e

ORIGIN = "https://www.spotlightnepal.com"


def command(replica: Replica, *args: str) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "backfill", *args]
    settings = {**FAST, "SPOTLIGHT_BASE_URL": replica.base_url, "SPOTLIGHT_RENDER": "never"}
    return cmd + [arg for key, value in settings.items() for arg in ("-s", f"{key}={value}")]


def environment(data: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "SPOTLIGHT_DATA_DIR": str(data)}


def whole_lines(folder: Path) -> list[dict[str, Any]]:
    """The records a backfill's outputs hold; a torn last line (a killed run) is not a record."""
    records = []
    for path in sorted(folder.glob("latest/*.jsonl")):
        data = path.read_bytes()
        whole = data[: data.rfind(b"\n") + 1].decode("utf-8")
        records += [json.loads(line) for line in whole.splitlines() if line.strip()]
    return records


def test_a_killed_backfill_run_again_has_every_story_of_its_window_once(replica_factory, tmp_path):
    replica = replica_factory(n_articles=300, page_size=10)
    arts = replica.site.latest()
    since, until = article_day(arts[220].path), article_day(arts[60].path)
    assert since is not None and until is not None
    window = expected(a for a in arts if since <= (article_day(a.path) or date.min) <= until)
    folder = tmp_path / "data" / "backfill" / f"latest_{since}_{until}"
    cmd = command(replica, "--since", str(since), "--until", str(until))

    # The first run writes some stories; the gate holds every article page after the 20th
    # until the run has been killed (SIGKILL, as by the OOM killer).
    with HoldArticles(20) as gate:
        replica.hooks.append(gate)
        first_run = subprocess.Popen(
            cmd, cwd=ROOT, env=environment(tmp_path / "data"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            wait_for(lambda: gate.holding.is_set() and len(whole_lines(folder)) >= 10, "ten records written")
        finally:
            first_run.send_signal(signal.SIGKILL)
            first_run.wait()
        replica.hooks.remove(gate)
    first = whole_lines(folder)
    assert 10 <= len(first) < len(window)

    second = subprocess.run(cmd, cwd=ROOT, env=environment(tmp_path / "data"), capture_output=True, timeout=300)
    assert second.returncode == 0, second.stderr[-3000:]

    # Every story of the window once across the folder's outputs, and nothing outside it.
    records = whole_lines(folder)
    validate(records)
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls)), "a story was written twice"
    stories = sorted(story_of(replica.site.lookup(u.removeprefix(ORIGIN))) for u in urls)
    assert stories == sorted(story_of(a) for a in window.values())
    # Resumed, not restarted: no article the killed run wrote was fetched again.
    fetched = Counter(r["path"] for r in replica.requests)
    assert {r["url"]: fetched[r["url"].removeprefix(ORIGIN)] for r in first} == {r["url"]: 1 for r in first}
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))["stats"]
    assert report["spotlight/jobdir/set_aside"].startswith(str(folder / "job" / "killed-"))
    assert report["spotlight/state/recovered"] == len(first)
    assert (folder / "state.sqlite3").is_file()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--since", "2024-01-01"], "give the period's last day with --until YYYY-MM-DD"),
        (["--until", "2024-13-31"], "--until '2024-13-31': expected a date as YYYY-MM-DD"),
        (["--since", "2024-02-01", "--until", "2024-01-31"], "--since 2024-02-01 is after --until 2024-01-31"),
    ],
    ids=["no-until", "bad-date", "reversed"],
)
def test_a_bad_period_is_one_line_and_status_1(replica_factory, tmp_path, args, says):
    replica = replica_factory(n_articles=5)
    done = subprocess.run(
        command(replica, *args), cwd=ROOT, env=environment(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stderr.splitlines()) == (1, [f"Cannot start: {says}"])
    assert replica.requests == []


def test_an_unknown_spider_is_named_with_status_1(replica_factory, tmp_path):
    replica = replica_factory(n_articles=5)
    done = subprocess.run(
        command(replica, "--until", "2024-01-31", "--spider", "nosuch"),
        cwd=ROOT,
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert "Cannot start: no spider named 'nosuch'" in done.stderr and "Traceback" not in done.stderr
    assert replica.requests == []
