"""What a host installs: a fresh virtual environment with ``requirements.txt`` alone, then
with each optional extra (``requirements-report.txt``, ``requirements-scrapyd.txt``).

    python benchmarks/bench_install.py [--no-write]

Sizes are ``du`` of the whole environment (pip and setuptools included); the largest
packages of the runtime install are listed. Needs the package index (pip downloads).
The section is written into BENCHMARKS.md (replacing its earlier one) unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ROOT, table

TITLE = "9. Install size"
STEPS = (("requirements.txt (a crawl host)", "requirements.txt"),
         ("+ requirements-report.txt (scrapy report)", "requirements-report.txt"),
         ("+ requirements-scrapyd.txt (a Scrapyd node)", "requirements-scrapyd.txt"))  # fmt: skip
LARGEST = 8
# Packages a crawl host's install should not need (said in the section when present).
HEAVY = ("numpy", "scipy", "matplotlib")


def _size(path: Path) -> int:
    """Bytes on disk under ``path`` (``du -sk``)."""
    done = subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True, check=True)
    return int(done.stdout.split()[0]) * 1024


def measure() -> dict[str, Any]:
    t0 = time.perf_counter()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-install-") as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
        for i, (label, requirements) in enumerate(STEPS):
            subprocess.run([*pip, "-r", str(ROOT / requirements)], check=True)
            rows.append({"install": label, "bytes": _size(venv)})
            print(f"  {label}: {rows[-1]['bytes'] / 2**20:,.0f} MiB", flush=True)
            if i == 0:
                site = next(venv.glob("lib/python*/site-packages"))
                sizes = {p.name: _size(p) for p in site.iterdir()}
                largest = sorted(sizes.items(), key=lambda kv: -kv[1])[:LARGEST]
                heavy = [name for name in HEAVY if name in sizes]
    return {"rows": rows, "largest": largest, "heavy": heavy, "took_s": time.perf_counter() - t0}


def report(result: dict[str, Any]) -> None:
    for row in result["rows"]:
        print(f"  {row['install']}: {row['bytes'] / 2**20:,.0f} MiB")


def markdown(result: dict[str, Any], _: dict[str, Any] | None = None) -> str:
    rows = [[r["install"], f"{r['bytes'] / 2**20:,.0f} MiB"] for r in result["rows"]]
    largest = ", ".join(f"{name} {size / 2**20:,.0f} MiB" for name, size in result["largest"])
    return (
        "A fresh virtual environment (`python3 -m venv`, then `pip install -r`), its size on disk "
        "after each step:\n\n"
        + table(["install", "size of the environment"], rows)
        + f"\n\nThe largest entries of the runtime install's site-packages: {largest}. Of "
        + ", ".join(HEAVY)
        + f", the runtime install holds: {', '.join(result['heavy']) or 'none'}.\n"
    )


def write_section(result: dict[str, Any], path: Path) -> None:
    """This part's section of BENCHMARKS.md, replaced or put before the notes on method."""
    head = f"## {TITLE}\n"
    section = f"{head}\n{markdown(result)}\n_This part took {result['took_s']:.0f} s (measured alone by "
    section += f"`python3 benchmarks/bench_install.py`, {time.strftime('%Y-%m-%d')})._\n\n"
    doc = path.read_text(encoding="utf-8")
    if head in doc:
        start = doc.index(head)
        end = doc.find("\n## ", start + len(head))
        doc = doc[:start] + section + (doc[end + 1 :] if end >= 0 else "")
    else:
        at = doc.index("\n## Notes on method") + 1
        doc = doc[:at] + section + doc[at:]
    path.write_text(doc, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args(argv)
    result = measure()
    report(result)
    if not args.no_write:
        write_section(result, ROOT / "BENCHMARKS.md")
        print(f"wrote section {TITLE!r} into BENCHMARKS.md", flush=True)


if __name__ == "__main__":
    main()
