"""A backfill of the whole replica in four parts over two real Scrapyd nodes, as an operator
runs it: deploy with scrapyd-deploy, ``scrapy backfill --target ...``, one part killed and
resumed with ``--resume``, ``--status`` in between, ``--merge`` at the end."""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from tests.crawl import FAST, read_jsonl, validate
from tests.processes import copy_project, operator_env, wait_for
from tests.replica.faults import as_hook
from tests.scrapyd import Scrapyd, running_scrapyd, scrapyd_deploy
from tests.truth import expected, story_of

# Real crawls, servers on 127.0.0.1 or subprocesses: the end-to-end layer.
pytestmark = pytest.mark.e2e

ORIGIN = "https://www.spotlightnepal.com"


def backfill(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "backfill", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def whole_lines(folder: Path) -> list[dict[str, Any]]:
    """The records a part's outputs hold; a torn last line (a killed job) is not a record."""
    records = []
    for path in sorted(folder.glob("latest/*.jsonl")):
        data = path.read_bytes()
        whole = data[: data.rfind(b"\n") + 1].decode("utf-8")
        records += [json.loads(line) for line in whole.splitlines() if line.strip()]
    return records


def running_pid(node: Scrapyd, job: str) -> int | None:
    return next((int(j["pid"]) for j in node.get("listjobs.json")["running"] if j["id"] == job), None)


def test_a_backfill_spread_over_two_scrapyd_nodes_finds_every_story_once_after_a_killed_part(replica_factory, tmp_path):
    replica = replica_factory(n_articles=3000, page_size=50)
    truth = expected(replica.site.latest())
    days = [a.published_at.date() for a in replica.site.latest()]
    since, until = min(days), max(days)
    env = operator_env(tmp_path / "home", SPOTLIGHT_DATA_DIR=str(tmp_path / "local"))
    project = copy_project(tmp_path / "project")
    settings = {**FAST, "SPOTLIGHT_BASE_URL": replica.base_url, "SPOTLIGHT_RENDER": "never"}
    s_args = [arg for key, value in settings.items() for arg in ("-s", f"{key}={value}")]
    with (
        running_scrapyd(tmp_path / "node1", tmp_path / "home", max_proc=2) as node1,
        running_scrapyd(tmp_path / "node2", tmp_path / "home", max_proc=2) as node2,
    ):
        nodes = {"node1": node1, "node2": node2}
        for name, node in nodes.items():
            deployed = scrapyd_deploy(project, node.url, "--version", "r1", env=env, name=name)
            assert deployed.returncode == 0, deployed.stderr
        # Article pages answer a little slowly, so a part can be killed while it is going.
        replica.hooks.append(as_hook(replica, "slow", delay=0.05, kind="article"))
        started = backfill(
            project, env, "--since", str(since), "--until", str(until), "--parts", "4",
            "--target", "node1", "--target", "node2", "--run-id", "archive",
            "--data-dir", str(tmp_path / "nodes"), *s_args,
        )  # fmt: skip
        run = json.loads((tmp_path / "local" / "backfill" / "archive.json").read_text(encoding="utf-8"))
        parts = run["parts"]
        # Four disjoint windows, newest first, covering the period; round-robin over the nodes.
        assert [p["index"] for p in parts] == [1, 2, 3, 4]
        assert parts[0]["until"] == str(until) and parts[-1]["since"] == str(since)
        for newer, older in pairwise(parts):
            assert date.fromisoformat(older["until"]) + timedelta(days=1) == date.fromisoformat(newer["since"])
        assert [p["target"] for p in parts] == ["node1", "node2", "node1", "node2"]
        assert (
            len({p["settings"]["JOBDIR"] for p in parts}) == len({p["settings"]["SPOTLIGHT_STATE"] for p in parts}) == 4
        )
        assert started.stdout.count("job ") == 4

        # Part 1 is killed (SIGKILL, as by the OOM killer) once it has written a few records.
        victim = parts[0]
        folder, node, job = Path(victim["folder"]), nodes[victim["target"]], victim["jobs"][0]["id"]
        pid = wait_for(
            lambda: len(whole_lines(folder)) >= 20 and running_pid(node, job),
            "part 1 to write 20 records",
            timeout=120,
            interval=0.05,
            details=lambda: node.diagnostics(),
        )
        os.kill(pid, signal.SIGKILL)
        node.wait_finished(job, "latest")
        first = whole_lines(folder)
        in_window = [
            u for u in truth if victim["since"] <= u.removeprefix(ORIGIN)[1:11].replace("/", "-") <= victim["until"]
        ]
        assert 20 <= len(first) < len(in_window), "the kill did not land mid-part"
        status = backfill(project, env, "--status", "archive").stdout
        assert f"part 1 {victim['since']}..{victim['until']}" in status and f"job {job} on node1, finished" in status

        # Scheduled again: same node, same folder (JOBDIR, state, outputs), a new job.
        replica.hooks.clear()
        backfill(project, env, "--resume", "archive", "--part", "1")
        run = json.loads((tmp_path / "local" / "backfill" / "archive.json").read_text(encoding="utf-8"))
        assert [len(p["jobs"]) for p in run["parts"]] == [2, 1, 1, 1]
        assert run["parts"][0]["settings"] == victim["settings"]
        for part in run["parts"]:
            last = part["jobs"][-1]["id"]
            nodes[part["target"]].wait_finished(last, "latest", timeout=180)
            assert nodes[part["target"]].exit_status(last) == 0, part
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))["stats"]
        assert report["spotlight/jobdir/set_aside"].startswith(str(folder / "job" / "killed-"))
        assert report["spotlight/state/recovered"] == len(first)

        merged = tmp_path / "merged.jsonl"
        summary = backfill(project, env, "--merge", *(p["folder"] for p in parts), "-o", str(merged)).stderr

    # Every story of the site exactly once (a repost stands for its original), each record as its
    # part wrote it; each part said what it brought.
    records = read_jsonl(merged)
    validate(records)
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls)), "a story was written twice"
    stories = [story_of(replica.site.lookup(u.removeprefix(ORIGIN))) for u in urls]
    assert len(stories) == len(set(stories)), "a story and its repost were both written"
    assert set(stories) == {story_of(a) for a in truth.values()}
    written = {r["url"]: r for p in parts for r in whole_lines(Path(p["folder"]))}
    assert all(r == written[r["url"]] for r in records)
    order = [(r["published_at"], r["url"]) for r in records]
    assert order == sorted(order)  # oldest first, whatever order the parts finished in
    for part in parts:
        assert f"{part['folder']}: " in summary
    assert f"{merged}: {len(truth)} stories" in summary
    # Resumed, not restarted: no article the killed job wrote was fetched again.
    fetched = Counter(r["path"] for r in replica.requests)
    assert {r["url"]: fetched[r["url"].removeprefix(ORIGIN)] for r in first} == {r["url"]: 1 for r in first}


def test_printed_parts_run_by_hand_cover_the_period_once(replica_factory, tmp_path):
    replica = replica_factory(n_articles=90, page_size=10)
    truth = expected(replica.site.latest())
    days = [a.published_at.date() for a in replica.site.latest()]
    env = operator_env(tmp_path / "home", SPOTLIGHT_DATA_DIR=str(tmp_path / "local"))
    project = copy_project(tmp_path / "project")
    base = ["-s", f"SPOTLIGHT_BASE_URL={replica.base_url}", "-s", "SPOTLIGHT_RENDER=never"]
    printed = backfill(
        project, env, "--since", str(min(days)), "--until", str(max(days)), "--parts", "3",
        "--data-dir", str(tmp_path / "parts"), "-s", "DOWNLOAD_DELAY=0.2", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4", *base,
    ).stdout.splitlines()  # fmt: skip
    assert len(printed) == 3 and all(line.startswith("scrapy crawl latest -a since=") for line in printed)
    # Three parts share one crawler's pace: three times the delay, a third of the requests in flight.
    for line in printed:
        words = shlex.split(line)
        given = dict(words[i + 1].split("=", 1) for i, word in enumerate(words) if word == "-s")
        assert (given["DOWNLOAD_DELAY"], given["CONCURRENT_REQUESTS_PER_DOMAIN"]) == ("0.6", "1")
    assert not (tmp_path / "local" / "backfill").exists()  # printing schedules nothing
    for line in printed:
        args = [*shlex.split(line)[1:], "-s", "DOWNLOAD_DELAY=0"]  # the last -s wins: loopback needs no delay
        done = subprocess.run(
            [sys.executable, "-m", "scrapy", *args], cwd=project, env=env, capture_output=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-3000:]
    folders = sorted(str(p) for p in (tmp_path / "parts" / "backfill").glob("*/part-*"))
    assert [Path(f).name for f in folders] == ["part-1", "part-2", "part-3"]
    merged = tmp_path / "merged.jsonl"
    summary = backfill(project, env, "--merge", *folders, "-o", str(merged)).stderr
    urls = [r["url"] for r in read_jsonl(merged)]
    assert sorted(story_of(replica.site.lookup(u.removeprefix(ORIGIN))) for u in urls) == sorted(
        story_of(a) for a in truth.values()
    )
    assert all(f"{folder}: " in summary and " 0 duplicates dropped" in summary for folder in folders)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--status", "nosuchrun"], "no such backfill run"),
        (
            ["--until", "2024-12-31", "--parts", "2", "--target", "nowhere"],
            "--target 'nowhere': no such [deploy:<name>]",
        ),
        (["--until", "2024-13-31", "--parts", "2"], "--until '2024-13-31': expected a date as YYYY-MM-DD"),
        (["--until", "2024-12-31", "--parts", "0"], "--parts '0': expected a whole number of at least 1"),
        (["--merge", "nothing-here.jsonl", "-o", "out.jsonl"], "nothing-here.jsonl: no such file, folder or match"),
    ],
    ids=["unknown-run", "unknown-target", "bad-date", "no-parts", "merge-nothing"],
)
def test_bad_input_is_one_clear_line_and_status_1(tmp_path, args, says):
    env = operator_env(tmp_path / "home", SPOTLIGHT_DATA_DIR=str(tmp_path / "local"))
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "backfill", *args],
        cwd=copy_project(tmp_path / "project"),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert says in done.stderr and "Traceback" not in done.stderr
