"""Runs ``benchmarks/bench_normalize.py`` (parse_datetime against dateparser.parse over
100,000 mixed strings) in a process of its own and reads its figures from what it prints.

    python benchmarks/bench_normalize_run.py

The script itself stays the reference: its output is kept whole, and only the figures
that can be recognised in it are picked out (strings per second of each parser, the
ratio on the same strings).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import BENCH_DIR, ROOT, python_env

SCRIPT = BENCH_DIR / "bench_normalize.py"
_RATE = re.compile(
    r"^\s*(?P<label>parse_datetime|dateparser\.parse)\s*:\s*(?P<n>[\d,]+) strings in .*?=\s*(?P<rate>[\d,.]+) strings/s",
    re.M,
)
_SAME = re.compile(r"ratio parse_datetime / dateparser\.parse[^:\n]*same strings[^:\n]*:\s*(?P<ratio>[\d,.]+)x")


def measure(n: int = 100_000) -> dict[str, Any]:
    if not SCRIPT.is_file():
        raise FileNotFoundError(f"{SCRIPT} is missing")
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--n", str(n)],
        cwd=ROOT,
        env=python_env(),
        capture_output=True,
        text=True,
        timeout=1800,
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"bench_normalize.py exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    rates = [
        (m["label"], int(m["n"].replace(",", "")), float(m["rate"].replace(",", "")))
        for m in _RATE.finditer(proc.stdout)
    ]
    same = _SAME.search(proc.stdout)
    return {
        "n": n,
        "output": proc.stdout.strip(),
        "seconds": seconds,
        "rates": rates,
        "ratio_same_strings": float(same["ratio"].replace(",", "")) if same else None,
    }


def main() -> None:
    result = measure()
    print(result["output"])


if __name__ == "__main__":
    main()
