"""The parts' outputs as one JSON Lines file, each story once, in a fixed order.

Records are read from every input (a file, a folder's ``*.jsonl`` files, or a glob), sorted by
``published_at`` then ``url`` (records without a date last; ties in input order), and kept
unless an earlier one in that order is the same story: the same canonical URL, or a repost
by the crawl's own rule (``identity/rules.py``: equal headline key and body fingerprints at
least ``threshold`` similar, recomputed from the record's ``headline`` and ``body``). A line
that is not a JSON object with a ``url`` is counted against its input and reported, never fatal.
"""

from __future__ import annotations

import glob
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spotlight_crawler.identity.fingerprint import DEFAULT_THRESHOLD, body_fingerprint
from spotlight_crawler.identity.rules import StoryIndex, judge
from spotlight_crawler.normalize import headline_key
from spotlight_crawler.urls import canonical_url

FEED_SUFFIXES = (".jsonl", ".jl", ".ndjson")


@dataclass
class Contribution:
    """What one input brought: records read, kept, dropped as the same URL or as a repost, bad lines."""

    source: str
    files: int = 0
    records: int = 0
    kept: int = 0
    duplicates: int = 0
    reposts: int = 0
    bad_lines: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.source}: {self.records} records in {self.files} files, {self.kept} kept, "
            f"{self.duplicates} duplicates dropped, {self.reposts} reposts dropped, {self.bad_lines} bad lines"
        )


@dataclass
class Merged:
    records: list[dict[str, Any]]
    contributions: list[Contribution]


@dataclass(frozen=True)
class _Read:
    record: dict[str, Any]
    url: str
    order: tuple[int, int, int]  # input, file, line
    source: Contribution


def feed_files(given: str) -> list[Path]:
    """The JSON Lines files an input names: itself, a folder's (recursively), or a glob's matches."""
    path = Path(given).expanduser()
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FEED_SUFFIXES)
    if path.is_file():
        return [path]
    # glob.glob, not Path.glob: the pattern may be absolute.
    return [Path(p) for p in sorted(glob.glob(str(path), recursive=True)) if Path(p).is_file()]  # noqa: PTH207


def _records(lines: Iterable[str], where: str, source: Contribution) -> Iterator[tuple[int, dict[str, Any], str]]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            record, why = None, f"not JSON ({exc.msg})"
        else:
            why = "not a record with a url"
        if not isinstance(record, dict) or not isinstance(record.get("url"), str) or not record["url"]:
            source.bad_lines += 1
            source.problems.append(f"{where}:{number}: {why}")
            continue
        yield number, record, canonical_url(record["url"])


def _sort_key(read: _Read) -> tuple[bool, str, str, tuple[int, int, int]]:
    published = read.record.get("published_at")
    return (not isinstance(published, str), published if isinstance(published, str) else "", read.url, read.order)


def merge(inputs: list[str], threshold: float = DEFAULT_THRESHOLD) -> Merged:
    """Each story of ``inputs`` once (see the module's docstring), with what each input contributed."""
    if not 0 < threshold <= 1:
        raise ValueError(f"the repost similarity must be in (0, 1], got {threshold!r}")
    contributions: list[Contribution] = []
    reads: list[_Read] = []
    for i, given in enumerate(inputs):
        source = Contribution(given)
        contributions.append(source)
        files = feed_files(given)
        if not files:
            source.problems.append(f"{given}: no such file, folder or match")
        for j, path in enumerate(files):
            source.files += 1
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError as exc:
                source.problems.append(f"{path}: cannot be read ({exc.strerror})")
                continue
            for number, record, url in _records(text.splitlines(), str(path), source):
                source.records += 1
                reads.append(_Read(record, url, (i, j, number), source))
    seen = StoryIndex()
    kept: list[dict[str, Any]] = []
    for read in sorted(reads, key=_sort_key):
        if seen.has_url(read.url):
            read.source.duplicates += 1
            continue
        key = headline_key(read.record.get("headline"))
        body = read.record.get("body")
        earlier = seen.same_headline(key) if key else []
        # The fingerprint (the costly part) only when another story had this headline key.
        fingerprint = body_fingerprint(body) if earlier else None
        if earlier and judge(read.url, fingerprint, [("merge", earlier)], threshold).outcome == "repost":
            read.source.reposts += 1
            seen.add(read.url, "", None)  # another name of a story kept
            continue
        seen.add(read.url, key, fingerprint, None if fingerprint else body)
        read.source.kept += 1
        kept.append(read.record)
    seen.close()
    return Merged(kept, contributions)


def write_jsonl(records: Iterable[dict[str, Any]], path: Path) -> int:
    """Write ``records`` as JSON Lines (UTF-8, fields in their order); return how many."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count
