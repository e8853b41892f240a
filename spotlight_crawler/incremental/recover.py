"""Recover stories an older version dropped: a fresh run's records that the files already held lack
(no URL nor repost of theirs, by the dedup pipeline's rules) go to stdout byte for byte; counts to stderr.

    python -m spotlight_crawler.incremental.recover WINDOW.jsonl --have data/latest/*.jsonl > recovered.jsonl
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from spotlight_crawler.identity.fingerprint import DEFAULT_THRESHOLD, body_fingerprint
from spotlight_crawler.identity.rules import StoryIndex, judge
from spotlight_crawler.incremental.store import json_records
from spotlight_crawler.normalize import headline_key


def records(path: Path, counts: Counter[str]) -> Iterator[tuple[bytes, dict[str, Any]]]:
    """(line, record) of each JSON record line of ``path``; anything else is named on stderr."""
    with path.open("rb") as lines:
        for number, line, record in json_records(lines):
            if record is None:
                counts["not_a_record"] += 1
                sys.stderr.write(f"{path}:{number}: not a JSON record with a url, skipped\n")
            else:
                yield line if line.endswith(b"\n") else line + b"\n", record


def story(record: dict[str, Any]) -> tuple[str, str, bytes | None]:
    """A record's identity under the dedup rules: URL, headline key, body fingerprint."""
    key = headline_key(record.get("headline"))
    return record["url"], key, body_fingerprint(record.get("body")) if key else None


def recover(window: Path, have: list[Path], out: BinaryIO, threshold: float = DEFAULT_THRESHOLD) -> Counter[str]:
    """Write the window's records that ``have`` lacks to ``out``; return the counts."""
    counts: Counter[str] = Counter()
    held = StoryIndex()  # the stories of ``have``, then those recovered
    for path in have:
        for _, record in records(path, counts):
            held.add(*story(record))
    for line, record in records(window, counts):
        url, key, fingerprint = story(record)
        if held.has_url(url):
            counts["same_url"] += 1
        elif key and judge(url, fingerprint, [("held", held.same_headline(key))], threshold).outcome == "repost":
            counts["repost"] += 1
        else:
            held.add(url, key, fingerprint)
            out.write(line)
            counts["recovered"] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m spotlight_crawler.incremental.recover", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("window", type=Path, help="JSON Lines output of a -a fresh=1 run over the window")
    parser.add_argument("--have", type=Path, nargs="+", default=[], help="the JSON Lines files analysts already hold")
    parser.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        help="body similarity from which a record is a repost (SPOTLIGHT_REPOST_SIMILARITY)",
    )
    args = parser.parse_args(argv)
    if not 0 < args.threshold <= 1:
        parser.error(f"--threshold must be in (0, 1], got {args.threshold}")
    if missing := [str(p) for p in [args.window, *args.have] if not p.is_file()]:
        parser.error(f"no such file: {', '.join(missing)}")
    counts = recover(args.window, args.have, sys.stdout.buffer, args.threshold)
    sys.stdout.flush()
    sys.stderr.write(
        f"recovered {counts['recovered']}; already held: {counts['same_url']} by URL, {counts['repost']} as reposts; "
        f"{counts['not_a_record']} lines not records\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
