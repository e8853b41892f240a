"""Seen means written: a story is remembered only once its line reached the output.

Each case is two runs on one state file, ``-o`` into a new file each time: run 1 against an
output that fails, run 2 against a healthy one. Afterwards every story is on disk exactly
once, and run 1 exited 7 with one line naming the file.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawl import ROOT, CrawlResult, crawl
from tests.test_no_story_lost import all_stories, assert_each_story_once, verdict_line

# Real crawls, servers on 127.0.0.1 or subprocesses: the end-to-end layer.
pytestmark = pytest.mark.e2e


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """``folder`` immutable (``chattr +i``): nothing can be created in it, not even by root."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["chattr", "+i", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


FULL_AFTER = """
import errno
import io
import pathlib

_LIMIT = int({limit})
_TARGET = {target!r}
_open = pathlib.Path.open


class _FillingDisk(io.FileIO):
    # A disk with _LIMIT bytes free for this file: the write that passes them is cut, the next fails.
    written = 0

    def write(self, data):
        room = _LIMIT - _FillingDisk.written
        if room <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        data = bytes(data)[:room]
        _FillingDisk.written += len(data)
        return super().write(data)


def open(self, mode="r", *args, **kwargs):
    if str(self) == _TARGET and "a" in mode:
        return io.BufferedWriter(_FillingDisk(str(self), "a"))
    return _open(self, mode, *args, **kwargs)


pathlib.Path.open = open
"""


def filling_disk(tmp_path: Path, target: Path, limit: int) -> dict[str, str]:
    """The environment of a crawl whose disk holds ``limit`` bytes of ``target``, then is full (ENOSPC)."""
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(FULL_AFTER.format(limit=limit, target=str(target)), encoding="utf-8")
    return {"PYTHONPATH": os.pathsep.join([str(inject), str(ROOT)])}


def assert_stopped_with_7(result: CrawlResult, output: str, started: bool = True) -> None:
    assert result.returncode == 7, verdict_line(result)
    [line] = [line for line in result.log.splitlines() if "Output not written" in line]
    assert "ERROR" in line and output in line
    assert "Run not good (exit status 7)" in verdict_line(result)
    if started:  # a run stopped before it started ends without a summary
        assert f"  output: the output {output} could not be written" in result.log  # the summary says so too
    assert "Traceback" not in result.own_log and "Error caught on signal handler" not in result.log


def test_an_output_that_cannot_be_created_stops_before_the_first_request_and_marks_nothing(replica_factory, tmp_path):
    replica = replica_factory(n_articles=24, page_size=10)
    state = {"SPOTLIGHT_STATE": str(tmp_path / "state.sqlite3")}
    with read_only(tmp_path / "readonly") as folder:
        first = crawl("latest", replica.base_url, tmp_path / "run1", settings=state, output=folder / "latest.jsonl")
    assert_stopped_with_7(first, str(folder / "latest.jsonl"), started=False)
    assert replica.requests == []  # checked before anything was asked of the site
    assert first.stat("spotlight/state/known_before") == 0

    second = crawl("latest", replica.base_url, tmp_path / "run2", settings=state)
    assert second.returncode == 0, verdict_line(second)
    assert_each_story_once(replica, second.records)


def test_a_full_disk_stops_at_the_first_record_and_the_next_run_writes_everything(replica_factory, tmp_path):
    replica = replica_factory(n_articles=24, page_size=10)
    state = {"SPOTLIGHT_STATE": str(tmp_path / "state.sqlite3")}
    full = tmp_path / "full.jsonl"
    full.symlink_to("/dev/full")  # opens fine; every write: ENOSPC
    first = crawl("latest", replica.base_url, tmp_path / "run1", settings=state, output=full)
    assert_stopped_with_7(first, str(full))
    assert first.stats["finish_reason"] == "output_write_failed"

    second = crawl("latest", replica.base_url, tmp_path / "run2", settings=state)
    assert second.returncode == 0, verdict_line(second)
    assert second.stat("spotlight/state/known_before") == 0  # nothing of run 1 was remembered
    assert_each_story_once(replica, second.records)


def test_a_disk_filling_mid_run_remembers_only_the_lines_on_disk_and_the_next_run_walks_on(replica_factory, tmp_path):
    replica = replica_factory(n_articles=30, page_size=10)
    state = {"SPOTLIGHT_STATE": str(tmp_path / "state.sqlite3")}
    out1 = tmp_path / "run1" / "latest.jsonl"
    env = filling_disk(tmp_path, out1, limit=20_000)  # room for a handful of records
    first = crawl(
        "latest", replica.base_url, tmp_path / "run1", settings=state, output=out1, env=env, whole_lines_only=True
    )
    assert_stopped_with_7(first, str(out1))
    text = out1.read_text(encoding="utf-8")
    assert not text.endswith("\n")  # the line the disk cut is the last thing in the file
    assert 0 < len(first.records) < len(all_stories(replica))
    whole = first.records  # the cut last line is not a record
    assert first.stat("spotlight/state/known_before") == 0

    second = crawl("latest", replica.base_url, tmp_path / "run2", settings=state)
    assert second.returncode == 0, verdict_line(second)
    # Run 1 did not walk its listing to the end: run 2 pages past the stories run 1 wrote.
    assert "did not walk its whole listing" in second.log
    assert_each_story_once(replica, whole + second.records)
