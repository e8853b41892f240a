"""The state of scheduled runs in one SQLite file (WAL; every write a transaction): stories
written, runs and their output files, pages not read, feed validators. The schema version is
``PRAGMA user_version``; an older file is migrated in place."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from spotlight_crawler.identity.fingerprint import body_fingerprint
from spotlight_crawler.normalize import headline_key

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 3

# An emitted story: url, headline (None: a repost's URL), body.
Story = tuple[str, str | None, str | None]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    key          TEXT PRIMARY KEY, -- 'url:<canonical url>'
    url          TEXT NOT NULL,
    headline     TEXT,
    first_seen   TEXT NOT NULL,
    run_id       INTEGER,
    headline_key TEXT,             -- NULL for a repost's URL, remembered only to skip its page
    fingerprint  BLOB              -- identity/fingerprint.py of the body, NULL without a body
);
CREATE INDEX IF NOT EXISTS seen_headline_key ON seen (headline_key);
CREATE TABLE IF NOT EXISTS runs (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    spider   TEXT NOT NULL,
    started  TEXT NOT NULL,
    finished TEXT,                 -- NULL while running, or when the run was killed
    complete INTEGER NOT NULL DEFAULT 0,  -- 1: walked its listing to the end or to known stories
    outputs  TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS failures (
    spider       TEXT NOT NULL,
    url          TEXT NOT NULL,    -- an article's canonical URL, or a listing page's URL as fetched
    page_kind    TEXT NOT NULL,    -- 'article' or 'listing'
    listing_url  TEXT,             -- listing pages: the listing's first page, to ask for page `page` again
    page         INTEGER,
    attempts     INTEGER NOT NULL DEFAULT 1,
    last_reason  TEXT NOT NULL,    -- a failure kind: http_503, timeout, truncated, ...
    first_failed TEXT NOT NULL,
    last_failed  TEXT NOT NULL,
    given_up     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (spider, url)
);
CREATE TABLE IF NOT EXISTS feeds (
    spider        TEXT NOT NULL,
    url           TEXT NOT NULL,   -- the feed's URL as fetched
    etag          TEXT,            -- validators of its last full answer, sent back as
    last_modified TEXT,            -- If-None-Match / If-Modified-Since
    read          TEXT NOT NULL,   -- when a finished run last read it
    PRIMARY KEY (spider, url)
);
"""


@dataclass(frozen=True)
class Failure:
    """A page a run could not read, remembered so a later run asks for it again."""

    url: str
    page_kind: str
    reason: str
    attempts: int
    given_up: bool = False
    listing_url: str | None = None
    page: int | None = None


_FAILURE = "url, page_kind, last_reason, attempts, given_up, listing_url, page"  # the columns of a Failure


@dataclass(frozen=True)
class FeedValidators:
    """The site's feed as a finished run last read it: where, and how to ask whether it changed."""

    url: str
    etag: str | None = None
    last_modified: str | None = None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class SeenStore:
    """Stories emitted by earlier runs (and by this one, as their lines are written)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: transactions are explicit (_transaction).
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA busy_timeout=10000")
        with self._transaction():
            self._migrate()
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _migrate(self) -> None:
        """Bring an older file to SCHEMA_VERSION, keeping every URL: 'headline:' rows become their
        story's URL row; fingerprints are cleared, so an old story is never the evidence for a drop."""
        db, version = self.db, int(self.db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(
                f"{self.path} has state schema version {version}; this crawler knows up to {SCHEMA_VERSION}. "
                "Upgrade the crawler, or point SPOTLIGHT_STATE at another file."
            )
        columns = {row[1] for row in db.execute("PRAGMA table_info(seen)")}
        if version == SCHEMA_VERSION or not columns:
            return
        for column, kind in (("headline_key", "TEXT"), ("fingerprint", "BLOB")):
            if column not in columns:
                db.execute(f"ALTER TABLE seen ADD COLUMN {column} {kind}")
        db.execute(
            "INSERT OR IGNORE INTO seen (key, url, headline, first_seen, run_id) "
            "SELECT 'url:' || url, url, headline, first_seen, run_id FROM seen WHERE key LIKE 'headline:%'"
        )
        db.execute("DELETE FROM seen WHERE key LIKE 'headline:%'")
        db.execute("UPDATE seen SET fingerprint = NULL")
        db.create_function("key_of", 1, lambda headline: headline_key(headline) or None)
        db.execute("UPDATE seen SET headline_key = key_of(headline) WHERE headline IS NOT NULL")
        message = "State file %s migrated from schema version %d to %d; it knows %d URLs"
        logger.info(message, self.path, version, SCHEMA_VERSION, len(self))

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        with self.db:  # commits, or rolls back on an exception
            yield

    def _write(self, sql: str, *args: object) -> sqlite3.Cursor:
        with self._transaction():
            return self.db.execute(sql, args)

    def same_headline(self, key: str) -> list[tuple[str, bytes | None]]:
        """(url, body fingerprint) of each earlier story whose headline key is ``key``."""
        rows = self.db.execute("SELECT url, fingerprint FROM seen WHERE headline_key = ? ORDER BY rowid", (key,))
        return rows.fetchall()

    def has_url(self, url: str) -> bool:
        return self.db.execute("SELECT 1 FROM seen WHERE key = ?", (f"url:{url}",)).fetchone() is not None

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM seen").fetchone()[0]

    def add(self, stories: Iterable[Story], run_id: int | None = None) -> None:
        """Remember stories (headline None: a repost's URL only); a known URL keeps its first row."""
        now = _now()
        with self._transaction():
            for url, headline, body in stories:
                key = headline_key(headline) or None
                self.db.execute(
                    "INSERT OR IGNORE INTO seen (key, url, headline, first_seen, run_id, headline_key, fingerprint)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (f"url:{url}", url, headline, now, run_id, key, body_fingerprint(body) if key else None),
                )

    def forget(self, url: str) -> bool:
        return self._write("DELETE FROM seen WHERE key = ?", f"url:{url}").rowcount > 0

    def begin_run(self, spider: str) -> int:
        return int(self._write("INSERT INTO runs (spider, started) VALUES (?, ?)", spider, _now()).lastrowid or 0)

    def set_outputs(self, run_id: int, outputs: list[str]) -> None:
        self._write("UPDATE runs SET outputs = ? WHERE id = ?", json.dumps(outputs), run_id)

    def finish_run(self, run_id: int, complete: bool) -> None:
        """Close a run; ``complete`` when it walked its whole listing (no kill, no narrowing)."""
        self._write("UPDATE runs SET finished = ?, complete = ? WHERE id = ?", _now(), int(complete), run_id)

    def last_run_complete(self, spider: str) -> bool:
        """Whether the latest finished run of ``spider`` walked its whole listing: only then do seen
        stories on a listing page mean that everything older was seen too."""
        row = self.db.execute(
            "SELECT complete FROM runs WHERE spider = ? AND finished IS NOT NULL ORDER BY id DESC LIMIT 1", (spider,)
        ).fetchone()
        return bool(row and row[0])

    def reconcile(self) -> int:
        """Mark as seen every story in the output of runs that never finished; return how many.
        Their output files are the truth: a complete line counts, a torn last line does not."""
        recovered = 0
        for run_id, outputs in self.db.execute("SELECT id, outputs FROM runs WHERE finished IS NULL").fetchall():
            stories = [story for path in json.loads(outputs) for story in _stories_in(Path(path))]
            self.add(stories, run_id)
            recovered += len(stories)
            self._write("UPDATE runs SET finished = ? WHERE id = ?", "reconciled " + _now(), run_id)
        return recovered

    def record_failure(
        self,
        spider: str,
        url: str,
        page_kind: str,
        reason: str,
        max_attempts: int,
        listing_url: str | None = None,
        page: int | None = None,
    ) -> Failure:
        """Count one more failed attempt at ``url``; at ``max_attempts`` it is given up."""
        now = _now()
        with self._transaction():
            row = self.db.execute(
                "INSERT INTO failures (spider, url, page_kind, listing_url, page, last_reason, first_failed, last_failed,"
                " given_up) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ? <= 1) ON CONFLICT (spider, url) DO UPDATE SET"
                " attempts = attempts + 1, last_reason = excluded.last_reason, last_failed = excluded.last_failed,"
                f" given_up = attempts + 1 >= ? RETURNING {_FAILURE}",
                (spider, url, page_kind, listing_url, page, reason, now, now, max_attempts, max_attempts),
            ).fetchone()
        return Failure(*row)

    def failures(self, spider: str, given_up: bool = False) -> list[Failure]:
        """``spider``'s pages still to ask for again (or, with ``given_up``, those given up)."""
        query = f"SELECT {_FAILURE} FROM failures WHERE spider = ? AND given_up = ? ORDER BY first_failed, url"
        return [Failure(*row) for row in self.db.execute(query, (spider, int(given_up)))]

    def resolve(self, spider: str, url: str) -> None:
        self._write("DELETE FROM failures WHERE spider = ? AND url = ?", spider, url)

    def feed(self, spider: str) -> FeedValidators | None:
        """The feed ``spider`` read last (one per spider: ``set_feed`` forgets the others)."""
        row = self.db.execute("SELECT url, etag, last_modified FROM feeds WHERE spider = ?", (spider,)).fetchone()
        return FeedValidators(*row) if row else None

    def set_feed(self, spider: str, feed: FeedValidators) -> None:
        """Remember the feed's URL and validators, in place of ``spider``'s other feeds."""
        with self._transaction():
            self.db.execute("DELETE FROM feeds WHERE spider = ?", (spider,))
            self.db.execute(
                "INSERT INTO feeds (spider, url, etag, last_modified, read) VALUES (?, ?, ?, ?, ?)",
                (spider, feed.url, feed.etag, feed.last_modified, _now()),
            )

    def close(self) -> None:
        self.db.close()


def json_records(lines: Iterable[bytes]) -> Iterator[tuple[int, bytes, dict[str, Any] | None]]:
    """(number, line, record) of each of the JSON Lines ``lines`` that is not blank (an open file streams);
    the record is None when the line is not a JSON object with a string ``url``."""
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            yield number, line, record if isinstance(record, dict) and isinstance(record.get("url"), str) else None


def _stories_in(path: Path) -> list[Story]:
    """(url, headline, body) of each complete record line of an output file (a line torn by a kill is not)."""
    try:
        data = path.read_bytes()
    except OSError:
        return []
    complete = data[: data.rfind(b"\n") + 1].splitlines(keepends=True)
    records = [record for _, _, record in json_records(complete) if record]
    return [(r["url"], r.get("headline"), r["body"] if isinstance(r.get("body"), str) else None) for r in records]
