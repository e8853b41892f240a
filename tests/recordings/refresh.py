"""Refresh the golden output after an intended change, and print the diff.

    python -m tests.recordings.refresh              # parsing changed: replay the recording
    python -m tests.recordings.refresh --rerecord   # the replica changed: record it again first

Replays ``tests/recordings/latest/`` offline into ``latest.golden.jsonl`` and prints the
diff against the previous golden file. With ``--rerecord`` it first records
``scrapy crawl latest`` against a freshly started replica, on the port the committed
recording names (its URLs, and so its file names, include it): recording an unchanged
replica again changes no file. Review the diff, then commit.
"""

from __future__ import annotations

import argparse
import difflib
import json
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from tests.crawl import crawl
from tests.replica import Replica

HERE = Path(__file__).resolve().parent
RECORDING = HERE / "latest"
GOLDEN = HERE / "latest.golden.jsonl"
# Small on purpose: a few listing pages (the last one a 404) and a dozen articles.
REPLICA = {"n_articles": 12, "seed": 7, "page_size": 5}


def recorded_port() -> int:
    """The port of the committed recording's base URL (0, any free port, when there is none)."""
    manifest = RECORDING / "recording.json"
    if not manifest.is_file():
        return 0
    return urlsplit(json.loads(manifest.read_text(encoding="utf-8"))["base_url"]).port or 0


def record(into: Path, workdir: Path) -> None:
    port = recorded_port()
    try:
        replica = Replica(**REPLICA, port=port).start()
    except OSError as exc:
        sys.exit(f"cannot serve the replica on port {port}, the recording's ({exc}); free it and try again")
    with replica:
        result = crawl(
            "latest",
            replica.base_url,
            workdir / "record",
            settings={"SPOTLIGHT_STATE": "", "SPOTLIGHT_RECORD": str(into)},
        )
    if result.returncode != 0:
        sys.exit(f"recording failed (exit {result.returncode}):\n{result.log[-2000:]}")


def replay(recording: Path, workdir: Path) -> bytes:
    result = crawl("latest", None, workdir, settings={"SPOTLIGHT_REPLAY": str(recording)})
    if result.returncode != 0:
        sys.exit(f"replay failed (exit {result.returncode}):\n{result.log[-2000:]}")
    return result.output.read_bytes()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rerecord", action="store_true", help="record the replica again before replaying")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = RECORDING
        if args.rerecord:
            source = work / "latest"
            record(source, work)
        output = replay(source, work / "replay")
        old = GOLDEN.read_text(encoding="utf-8").splitlines() if GOLDEN.exists() else []
        if args.rerecord:
            shutil.rmtree(RECORDING, ignore_errors=True)
            shutil.copytree(source, RECORDING)
        GOLDEN.write_bytes(output)
    diff = list(
        difflib.unified_diff(old, output.decode("utf-8").splitlines(), "golden (before)", "golden (now)", lineterm="")
    )
    print("\n".join(diff) if diff else "golden output unchanged")
    print(f"recording: {RECORDING}\ngolden:    {GOLDEN}")


if __name__ == "__main__":
    main()
