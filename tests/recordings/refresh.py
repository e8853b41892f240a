"""Re-record the replica and refresh the golden output, after an intended change.

    python -m tests.recordings.refresh

Records ``scrapy crawl latest`` against a freshly started replica into
``tests/recordings/latest/``, replays it offline into ``latest.golden.jsonl`` and prints
the diff against the previous golden file. Review the diff, then commit both.
"""

from __future__ import annotations

import difflib
import shutil
import sys
import tempfile
from pathlib import Path

from tests.crawl import crawl
from tests.replica import Replica

HERE = Path(__file__).resolve().parent
RECORDING = HERE / "latest"
GOLDEN = HERE / "latest.golden.jsonl"
# Small on purpose: a few listing pages (the last one a 404) and a dozen articles.
REPLICA = {"n_articles": 12, "seed": 7, "page_size": 5}


def record(into: Path, workdir: Path) -> None:
    with Replica(**REPLICA) as replica:
        result = crawl("latest", replica.base_url, workdir / "record",
                       settings={"SPOTLIGHT_STATE": "", "SPOTLIGHT_RECORD": str(into)})
    if result.returncode != 0:
        sys.exit(f"recording failed (exit {result.returncode}):\n{result.log[-2000:]}")


def replay(recording: Path, workdir: Path) -> bytes:
    result = crawl("latest", None, workdir, settings={"SPOTLIGHT_REPLAY": str(recording)})
    if result.returncode != 0:
        sys.exit(f"replay failed (exit {result.returncode}):\n{result.log[-2000:]}")
    return result.output.read_bytes()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        fresh = work / "latest"
        record(fresh, work)
        output = replay(fresh, work / "replay")
        old = GOLDEN.read_text(encoding="utf-8").splitlines() if GOLDEN.exists() else []
        shutil.rmtree(RECORDING, ignore_errors=True)
        shutil.copytree(fresh, RECORDING)
        GOLDEN.write_bytes(output)
    diff = list(difflib.unified_diff(old, output.decode("utf-8").splitlines(), "golden (before)", "golden (now)", lineterm=""))
    print("\n".join(diff) if diff else "golden output unchanged")
    print(f"recording: {RECORDING}\ngolden:    {GOLDEN}")


if __name__ == "__main__":
    main()
