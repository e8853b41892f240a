"""Read feeds (JSON Lines) and run stats files for the report. Bad input is skipped, never
fatal: each skipped file or line is one sentence in ``Loaded.skipped``."""

from __future__ import annotations

import glob
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

SUFFIXES = (".jsonl", ".jl", ".ndjson", ".json")


class Run(NamedTuple):
    """One run's stats file (``SPOTLIGHT_REPORT_FILE``): its path and its JSON object (``stats`` a dict)."""

    path: str
    data: dict[str, Any]


@dataclass
class Loaded:
    records: list[dict[str, Any]] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _files(given: str) -> list[Path]:
    """The files ``given`` names: itself, a folder's feeds and stats files (recursively), or a glob's matches."""
    path = Path(given).expanduser()
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(SUFFIXES))
    # A file's own name matches itself. glob.glob, not Path.glob: the pattern may be absolute.
    return [Path(p) for p in sorted(glob.glob(str(path), recursive=True)) if Path(p).is_file()]  # noqa: PTH207


def load(inputs: Iterable[str]) -> Loaded:
    """Everything readable in ``inputs``; a file is a feed unless its name ends in ``.json``."""
    loaded = Loaded()
    paths: dict[Path, None] = {}  # each file once, in the order given
    for given in inputs:
        if not (files := _files(given)):
            loaded.skipped.append(f"{given}: no such file, folder or match")
        paths.update(dict.fromkeys(files))
    for path in paths:
        _load(path, loaded)
    return loaded


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _load(path: Path, loaded: Loaded) -> None:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")  # a binary file is no feed: its lines are not JSON
    except OSError as exc:
        loaded.skipped.append(f"{path}: skipped, cannot be read ({exc.strerror or exc})")
        return
    if not text.strip():
        loaded.skipped.append(f"{path}: skipped, empty file")
    elif path.name.lower().endswith(".json"):
        data = _json(text)
        if isinstance(data, dict) and isinstance(data.get("stats"), dict):
            loaded.runs.append(Run(str(path), data))
        else:
            loaded.skipped.append(f'{path}: skipped, not a run stats file (a JSON object with "stats")')
    else:
        _load_feed(path, text, loaded)


def _load_feed(path: Path, text: str, loaded: Loaded) -> None:
    records: list[dict[str, Any]] = []
    bad: list[str] = []
    numbered = [(number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    for number, line in numbered:
        record = _json(line)
        if isinstance(record, dict) and isinstance(record.get("url"), str):
            records.append(record)
        elif number == numbered[-1][0] and not text.endswith("\n"):
            bad.append(f"{path}: line {number} skipped, torn last line (the file ends mid-record)")
        else:
            bad.append(f"{path}: line {number} skipped, not a JSON record with a url")
    if not records:
        loaded.skipped.append(f"{path}: skipped, not a JSON Lines feed of records (no line is a record)")
        return
    loaded.records += records
    loaded.skipped += bad
