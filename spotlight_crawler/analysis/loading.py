"""Read feeds (JSON Lines) and run stats files for the report; bad input is skipped, never fatal.

Each skipped file or line becomes one sentence in ``Loaded.skipped``: the command prints it
and the page lists it, so an analyst knows what the numbers leave out.
"""

from __future__ import annotations

import glob
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FEED_SUFFIXES = (".jsonl", ".jl", ".ndjson")
STATS_SUFFIX = ".json"


@dataclass
class Run:
    """One run's stats file (``SPOTLIGHT_REPORT_FILE``)."""

    path: str
    spider: str
    finish_reason: str
    exit_status: int | None
    failures: list[str]
    stats: dict[str, Any]


@dataclass
class Loaded:
    records: list[dict[str, Any]] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def expand(inputs: Iterable[str]) -> tuple[list[Path], list[str]]:
    """Files named by ``inputs`` (files, folders searched recursively, globs), and the inputs matching none."""
    found: list[Path] = []
    unmatched: list[str] = []
    for given in inputs:
        path = Path(given).expanduser()
        if path.is_dir():
            matches = sorted(p for p in path.rglob("*") if p.is_file() and _kind(p) is not None)
        elif path.is_file():
            matches = [path]
        else:
            # glob.glob, not Path.glob: the pattern may be absolute (Path.glob takes relative patterns only).
            matches = [Path(p) for p in sorted(glob.glob(str(path), recursive=True)) if Path(p).is_file()]  # noqa: PTH207
        if not matches:
            unmatched.append(given)
        found.extend(m for m in matches if m not in found)
    return found, unmatched


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(FEED_SUFFIXES):
        return "feed"
    if name.endswith(STATS_SUFFIX):
        return "stats"
    return None


def load(inputs: Iterable[str]) -> Loaded:
    """Everything readable in ``inputs``; a file is a feed unless its name ends in ``.json``."""
    loaded = Loaded()
    paths, unmatched = expand(inputs)
    loaded.skipped += [f"{given}: no such file, folder or match" for given in unmatched]
    for path in paths:
        if _kind(path) == "stats":
            _load_stats(path, loaded)
        else:
            _load_feed(path, loaded)
    return loaded


def _read_text(path: Path, loaded: Loaded) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        loaded.skipped.append(f"{path}: skipped, not UTF-8 text (not a JSON Lines feed)")
    except OSError as exc:
        loaded.skipped.append(f"{path}: skipped, cannot be read ({exc.strerror or exc})")
    return None


def _load_feed(path: Path, loaded: Loaded) -> None:
    text = _read_text(path, loaded)
    if text is None:
        return
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        loaded.skipped.append(f"{path}: skipped, empty file")
        return
    records: list[dict[str, Any]] = []
    bad: list[str] = []
    torn = not text.endswith("\n")
    last = max(i for i, line in enumerate(lines) if line.strip())
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        record = _record(line)
        if record is not None:
            records.append(record)
        elif number - 1 == last and torn:
            bad.append(f"{path}: line {number} skipped, torn last line (the file ends mid-record)")
        else:
            bad.append(f"{path}: line {number} skipped, not a JSON record with a url")
    if not records:
        loaded.skipped.append(f"{path}: skipped, not a JSON Lines feed of records (no line is a record)")
        return
    loaded.feeds.append(str(path))
    loaded.records += records
    loaded.skipped += bad


def _record(line: str) -> dict[str, Any] | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    if isinstance(value, dict) and isinstance(value.get("url"), str):
        return value
    return None


def _load_stats(path: Path, loaded: Loaded) -> None:
    text = _read_text(path, loaded)
    if text is None:
        return
    if not text.strip():
        loaded.skipped.append(f"{path}: skipped, empty file")
        return
    try:
        data = json.loads(text)
    except ValueError:
        loaded.skipped.append(f"{path}: skipped, not JSON (a torn or foreign stats file)")
        return
    if not isinstance(data, dict) or not isinstance(data.get("stats"), dict):
        loaded.skipped.append(f'{path}: skipped, not a run stats file (no "stats" object)')
        return
    status = data.get("exit_status")
    loaded.runs.append(
        Run(
            path=str(path),
            spider=str(data.get("spider", "?")),
            finish_reason=str(data.get("finish_reason", data["stats"].get("finish_reason", "unknown"))),
            exit_status=int(status) if isinstance(status, (int, float)) else None,
            failures=[str(f) for f in data.get("failures", []) if f],
            stats=data["stats"],
        )
    )
