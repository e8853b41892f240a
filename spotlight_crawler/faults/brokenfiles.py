"""Files of earlier runs that a run cannot use: ``BrokenFile``, one line naming the file and what
to do, which the ``crawl`` command logs as the run's one ERROR before it exits 1."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any


class BrokenFile(Exception):
    """A file the run needs is damaged or cannot be written; the message says what to do."""

    def __init__(self, path: Path, problem: str, remedy: str):
        super().__init__(f"{path}: {problem}. {remedy}")


STATE_REMEDY = (
    "Move the file aside and run again (a new seen-store is started; stories already written are fetched once more), "
    "or run without it: -a fresh=1"
)
RECORDING_REMEDY = "Record again with -s SPOTLIGHT_RECORD=<folder>, or restore the folder from a copy"


def check_state_file(path: Path) -> Path:
    """``path`` when the seen-store there can be read and written (or does not exist yet); else ``BrokenFile``."""
    if path.is_dir():
        raise BrokenFile(path, "is a folder, not a seen-store file", STATE_REMEDY)
    if not path.exists():
        return path
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=rw", uri=True, isolation_level=None)) as db:
            found = db.execute("PRAGMA quick_check(1)").fetchone()
            if not found or found[0] != "ok":
                problem = f"is a damaged SQLite database ({found[0] if found else 'no answer'})"
                raise BrokenFile(path, problem, STATE_REMEDY)
            db.execute("BEGIN IMMEDIATE")  # takes the write lock: fails on a read-only file or folder
            db.execute("ROLLBACK")
    except sqlite3.Error as exc:
        problem = "cannot be written" if "readonly" in str(exc) else "is not a readable seen-store"
        raise BrokenFile(path, f"{problem} ({exc})", STATE_REMEDY) from None
    return path


def read_manifest(path: Path) -> dict[str, Any]:
    """The recording manifest at ``path`` as a dict; ``BrokenFile`` when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BrokenFile(path, f"cannot be read ({exc})", RECORDING_REMEDY) from None
    except ValueError as exc:  # not UTF-8 text, or not JSON
        raise BrokenFile(path, f"is not valid JSON ({exc})", RECORDING_REMEDY) from None
    if not isinstance(data, dict) or not isinstance(data.get("base_url", ""), (str, type(None))):
        raise BrokenFile(path, 'is not a recording manifest (expected {"base_url": "<url>"})', RECORDING_REMEDY)
    return data
