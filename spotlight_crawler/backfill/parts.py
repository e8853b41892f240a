"""A backfill's parts as run: each one's window, data folder, settings and Scrapyd jobs.

Every part has a folder of its own on its node, ``<data folder>/backfill/<run>/part-<i>/``,
holding its output (``latest/<UTC time>.jsonl``, one file per job), its seen-store
(``state.sqlite3``), its JOBDIR (``job/``) and its stats (``report.json``). Scheduling a
part again reuses all four, so a killed part resumes from them instead of starting over.
The run itself (its parts and their jobs) is a small JSON file on the machine that
scheduled it, read by ``--status``, ``--resume`` and the merge.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from spotlight_crawler.arguments import BadInput
from spotlight_crawler.backfill.plan import Part

SPIDER = "latest"
# Set by the backfill for each part; never taken from the command line.
PART_SETTINGS = ("SPOTLIGHT_DATA_DIR", "SPOTLIGHT_STATE", "JOBDIR", "SPOTLIGHT_REPORT_FILE")


@dataclass
class Job:
    target: str
    id: str
    scheduled_at: str


@dataclass
class PartRun:
    index: int
    since: str
    until: str
    first_page: int
    last_page: int
    folder: str
    settings: dict[str, str]
    target: str | None = None
    jobs: list[Job] = field(default_factory=list)

    @property
    def args(self) -> dict[str, str]:
        return {"since": self.since, "until": self.until}

    def crawl_line(self) -> str:
        """The ``scrapy crawl`` command that runs this part by hand."""
        cmd = ["scrapy", "crawl", SPIDER]
        for name, value in self.args.items():
            cmd += ["-a", f"{name}={value}"]
        for name, value in self.settings.items():
            cmd += ["-s", f"{name}={value}"]
        return shlex.join(cmd)


@dataclass
class Backfill:
    run: str
    since: str
    until: str
    parts: list[PartRun]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=1) + "\n", encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> Backfill:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            parts = [PartRun(**{**p, "jobs": [Job(**j) for j in p["jobs"]]}) for p in data.pop("parts")]
            return cls(parts=parts, **data)
        except FileNotFoundError:
            raise BadInput(f"{path}: no such backfill run (the file --parts writes when it schedules)") from None
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise BadInput(f"{path}: not a backfill run file ({exc})") from None

    def part(self, index: int) -> PartRun:
        for part in self.parts:
            if part.index == index:
                return part
        raise BadInput(f"--part {index}: run {self.run} has parts {', '.join(str(p.index) for p in self.parts)}")


def run_id(now: datetime | None = None) -> str:
    """A run's name: its UTC start time, e.g. ``20250301T061704Z``."""
    return (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")


def run_file(data_dir: Path, run: str) -> Path:
    if not run or "/" in run or run.startswith("."):
        raise BadInput(f"{run!r}: expected a backfill run id such as 20250301T061704Z")
    return data_dir / "backfill" / f"{run}.json"


def part_folder(node_data_dir: str, run: str, index: int) -> str:
    return str(Path(node_data_dir) / "backfill" / run / f"part-{index}")


def part_run(part: Part, run: str, node_data_dir: str, common: dict[str, str], target: str | None) -> PartRun:
    """One part with its own folder, state, JOBDIR and report over the run's ``common`` settings."""
    folder = part_folder(node_data_dir, run, part.index)
    own = {
        "SPOTLIGHT_DATA_DIR": folder,
        "SPOTLIGHT_STATE": str(Path(folder) / "state.sqlite3"),
        "JOBDIR": str(Path(folder) / "job"),
        "SPOTLIGHT_REPORT_FILE": str(Path(folder) / "report.json"),
    }
    settings = {k: v for k, v in common.items() if k not in PART_SETTINGS} | own
    return PartRun(
        part.index,
        part.since.isoformat(),
        part.until.isoformat(),
        part.first_page,
        part.last_page,
        folder,
        settings,
        target,
    )


def parts_from_plan(rows: Any) -> list[Part]:
    """The plan spider's JSON (a list of Part dicts with ISO dates) as Parts."""
    if not isinstance(rows, list) or not rows:
        raise BadInput(f"the plan is not a list of parts: {str(rows)[:200]}")
    try:
        return [
            Part(
                int(r["index"]),
                date.fromisoformat(r["since"]),
                date.fromisoformat(r["until"]),
                int(r["first_page"]),
                int(r["last_page"]),
            )
            for r in rows
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise BadInput(f"the plan has a malformed part ({exc}): {str(rows)[:200]}") from None
