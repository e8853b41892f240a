"""Planning a backfill (the ``plan`` spider, in a subprocess) and running its parts on Scrapyd."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from spotlight_crawler.arguments import BadInput
from spotlight_crawler.backfill.parts import SPIDER, Backfill, Job, PartRun, parts_from_plan
from spotlight_crawler.backfill.plan import Part
from spotlight_crawler.backfill.scrapyd import Target, job_states

Say = Callable[[str], None]


def plan(since: date, until: date, parts: int, settings: dict[str, str]) -> list[Part]:
    """``scrapy crawl plan`` with the command's settings and environment; its parts."""
    with tempfile.TemporaryDirectory(prefix="spotlight-plan-") as tmp:
        out = Path(tmp) / "plan.json"
        cmd = [sys.executable, "-m", "scrapy", "crawl", "plan"]
        cmd += ["-a", f"since={since}", "-a", f"until={until}", "-a", f"parts={parts}", "-a", f"out={out}"]
        for name, value in settings.items():
            cmd += ["-s", f"{name}={value}"]
        done = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ), check=False)
        if done.returncode != 0 or not out.is_file():
            tail = "\n".join(done.stderr.splitlines()[-15:])
            raise BadInput(f"the plan spider failed (exit status {done.returncode}):\n{tail}")
        return parts_from_plan(json.loads(out.read_text(encoding="utf-8")))


def schedule(part: PartRun, target: Target) -> Job:
    """One job of ``part`` on ``target`` (``schedule.json``), recorded on the part."""
    data = [("setting", f"{name}={value}") for name, value in part.settings.items()]
    data += list(part.args.items())
    job = Job(target.name, target.client().schedule(target.project, SPIDER, data), datetime.now(UTC).isoformat())
    part.target = target.name
    part.jobs.append(job)
    return job


def states(backfill: Backfill, targets: dict[str, Target]) -> dict[int, dict[str, Any]]:
    """Part index -> its latest job's ``listjobs.json`` entry (``state`` ``unknown`` when not listed)."""
    listed: dict[str, dict[str, dict[str, Any]]] = {}
    found: dict[int, dict[str, Any]] = {}
    for part in backfill.parts:
        if not part.jobs:
            found[part.index] = {"state": "not scheduled"}
            continue
        job = part.jobs[-1]
        if job.target not in targets:
            found[part.index] = {"id": job.id, "state": f"unknown (no target {job.target!r} in scrapy.cfg)"}
            continue
        if job.target not in listed:
            listed[job.target] = job_states(targets[job.target])
        found[part.index] = listed[job.target].get(job.id, {"id": job.id, "state": "unknown"})
    return found


def status_lines(backfill: Backfill, targets: dict[str, Target]) -> list[str]:
    """One line per part (window, node, job, state and times), then the count by state."""
    found = states(backfill, targets)
    lines, counts = [], dict[str, int]()
    for part in backfill.parts:
        entry = found[part.index]
        state = str(entry["state"])
        counts[state] = counts.get(state, 0) + 1
        times = ", ".join(f"{k} {entry[k]}" for k in ("start_time", "end_time") if entry.get(k))
        job = f"job {entry['id']} on {part.target}" if part.jobs else "no job"
        lines.append(
            f"part {part.index} {part.since}..{part.until} (pages {part.first_page}-{part.last_page}): "
            f"{job}, {state}{f' ({times})' if times else ''}; jobs so far: {len(part.jobs)}; folder {part.folder}"
        )
    summary = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
    lines.append(f"run {backfill.run} {backfill.since}..{backfill.until}: {len(backfill.parts)} parts, {summary}")
    return lines


def resumable(backfill: Backfill, targets: dict[str, Target], chosen: list[int]) -> tuple[list[PartRun], list[str]]:
    """The parts to schedule again (``chosen``, or all) but those whose latest job is pending or running."""
    found = states(backfill, targets)
    parts = [backfill.part(i) for i in chosen] if chosen else backfill.parts
    again, busy = [], []
    for part in parts:
        if found[part.index]["state"] in ("pending", "running"):
            busy.append(f"part {part.index}: job {part.jobs[-1].id} is {found[part.index]['state']}; left alone")
        else:
            again.append(part)
    return again, busy
