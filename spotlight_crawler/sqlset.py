"""An exact set of short strings or bytes kept outside the Python heap, in SQLite.

A crawl meets one request fingerprint and one story key per article. Kept as Python
objects in a ``set``, each costs about a hundred bytes for the whole crawl, and being
long-lived small objects allocated among every page's temporaries they keep the
allocator's pools from being returned: the crawl's memory would grow with the archive.
``SqliteSet`` keeps its members in a private temporary SQLite database instead (as the
dedup index does): a small page cache in memory, the rest spilled to a temporary file
SQLite deletes when the set is closed. Exact: members are compared as they are, never by
a hash, so nothing is taken for a member it is not. Pure: no Scrapy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

Member = str | bytes

# The page cache of one set (SQLite's default is 2 MiB). Members are looked up by their
# primary key, a few pages each: a small cache costs little time.
CACHE_KIB = 128


class SqliteSet:
    """``add``, ``in``, ``len`` and iteration over ``str`` or ``bytes`` members.

    A ``str`` and ``bytes`` member are never equal (SQLite compares TEXT and BLOB apart),
    as in a Python set.
    """

    def __init__(self, members: Iterable[Member] = (), cache_kib: int = CACHE_KIB) -> None:
        self._db = sqlite3.connect("", check_same_thread=False)  # "": private, temporary, deleted on close
        self._db.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
        # Nothing to roll back to: a temporary set needs no journal.
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("CREATE TABLE members (m PRIMARY KEY) WITHOUT ROWID")
        self._size = 0
        self.update(members)

    def add(self, member: Member) -> bool:
        """Add ``member``; True when it was not in the set yet (one statement, not a lookup then an insert)."""
        added = self._db.execute("INSERT OR IGNORE INTO members VALUES (?)", (member,)).rowcount == 1
        self._size += added
        return added

    def update(self, members: Iterable[Member]) -> int:
        """Add every member; how many were new."""
        before = self._db.total_changes
        self._db.executemany("INSERT OR IGNORE INTO members VALUES (?)", ((m,) for m in members))
        added = self._db.total_changes - before
        self._size += added
        return added

    def __contains__(self, member: object) -> bool:
        if not isinstance(member, str | bytes):
            return False
        return self._db.execute("SELECT 1 FROM members WHERE m = ?", (member,)).fetchone() is not None

    def issuperset(self, members: Iterable[Member]) -> bool:
        return all(m in self for m in members)

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[Member]:
        """The members in SQLite's key order (not the order added), read in batches."""
        cursor = self._db.execute("SELECT m FROM members")
        while rows := cursor.fetchmany(1024):
            for (member,) in rows:
                yield member

    def close(self) -> None:
        """Drop the database (its temporary file included); the set is unusable afterwards."""
        self._db.close()
