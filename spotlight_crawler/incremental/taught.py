"""The site's lesson (judge/taught.py): in the state file's ``taught`` table, and beside a
recording (``taught.json``) as the lesson its run started from."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from contextlib import closing
from dataclasses import asdict
from pathlib import Path

from spotlight_crawler.judge.taught import Adopted

RECORDED = "taught.json"

_TABLE = (
    "CREATE TABLE IF NOT EXISTS taught ("
    "field TEXT PRIMARY KEY, witness TEXT NOT NULL, proven INTEGER NOT NULL, learned_at TEXT NOT NULL)"
)


def load_lesson(path: Path) -> dict[str, Adopted]:
    """The lesson kept in the state file at ``path`` (empty when it keeps none)."""
    with closing(sqlite3.connect(path)) as db:
        db.execute(_TABLE)
        rows = db.execute("SELECT field, witness, proven, learned_at FROM taught ORDER BY field").fetchall()
    return {name: Adopted(witness, int(proven), learned_at) for name, witness, proven, learned_at in rows}


def save_lesson(path: Path, lesson: Mapping[str, Adopted]) -> None:
    """Keep ``lesson`` (and nothing else) as the state file's lesson."""
    with closing(sqlite3.connect(path)) as db, db:  # closed after one transaction
        db.execute(_TABLE)
        db.execute("DELETE FROM taught")
        db.executemany(
            "INSERT INTO taught (field, witness, proven, learned_at) VALUES (?, ?, ?, ?)",
            [(name, a.witness, a.proven, a.learned_at) for name, a in sorted(lesson.items())],
        )


def record_lesson(folder: Path, lesson: Mapping[str, Adopted]) -> None:
    """Write, beside a recording's responses, the lesson its run started from."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {name: asdict(a) for name, a in sorted(lesson.items())}
    (folder / RECORDED).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def recorded_lesson(folder: Path) -> dict[str, Adopted]:
    """The lesson a recording's run started from; none for a recording made without one."""
    if not (path := folder / RECORDED).is_file():
        return {}
    try:
        return {str(name): Adopted(**a) for name, a in json.loads(path.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise ValueError(f"{path} cannot be read as a recording's lesson ({exc})") from None
