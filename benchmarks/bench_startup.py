"""What a quiet scheduled run costs as a whole process: start-up, imports, the crawl, shutdown.

A quiet run is the usual scheduled run: the site has nothing new since the last one, so the
crawl itself reads robots.txt and the feed and stops. Nearly all of its time is the process
around the crawl. Starts one replica on 127.0.0.1, fills a state file with one full run, then
measures quiet runs of ``latest`` (the real ``scrapy crawl``), alternating rounds:

- the whole process's wall and CPU time, and the crawl's own (``benchmarks/probe.py``:
  ``spider_opened`` to ``spider_closed``), medians over the rounds;
- import time, from Python's own import log (``PYTHONPROFILEIMPORTTIME``) of one more quiet
  run: all imports, and the project's modules with what they import;
- heavy packages a quiet run does not use, whether that run imported them, and what each
  costs to import alone in a fresh interpreter (what a run that imported it at start paid);
- the quiet run in ``-a render=auto`` against ``never`` (``bench_render.measure_quiet``).

    python benchmarks/bench_startup.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bench_render
from benchmarks.common import ROOT, median, table
from tests.replica import Replica

# Package -> why a quiet run has no use for it.
AVOIDED = {
    "matplotlib": "the `scrapy report` command's charts",
    "aiohttp": "Scrapy's remote control (disabled)",
    "scrapy_playwright.handler": "the browser (its handler imports Playwright)",
    "dateparser": "dates the exact formats do not read",
}
_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$", re.M)


def import_log(text: str) -> list[tuple[int, int, str]]:
    """``(cumulative µs, depth, module)`` per line of Python's import-time log."""
    return [(int(m[2]), len(m[3]) // 2, m[4]) for m in _LINE.finditer(text)]


def import_seconds(log: list[tuple[int, int, str]]) -> tuple[float, float]:
    """All import time of the process, and the project's modules' (what they import included)."""
    top = [(us, name) for us, depth, name in log if depth == 0]
    return sum(us for us, _ in top) / 1e6, sum(us for us, n in top if n.startswith("spotlight_crawler")) / 1e6


def loaded(log: list[tuple[int, int, str]], package: str) -> bool:
    return any(n == package or n.startswith(package + ".") for _, _, n in log)


def import_cost(module: str, rounds: int) -> float:
    """Median wall seconds to import ``module`` alone in a fresh interpreter."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(rounds)
    ]
    return median(runs)


def measure(rounds: int = 5, articles: int = 24) -> dict[str, Any]:
    with Replica(n_articles=articles) as replica, tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        settings = bench_render.quiet_settings(replica, work)
        modes = bench_render.measure_quiet(settings, work, rounds)
        profiled = bench_render.quiet_run(settings, work / "importtime", "auto", {"PYTHONPROFILEIMPORTTIME": "1"})
        log = import_log(profiled.log.read_text(encoding="utf-8", errors="replace"))
    total, project = import_seconds(log)
    avoided = [
        {"package": p, "why": why, "imported": loaded(log, p), "import_s": import_cost(p, 3)}
        for p, why in AVOIDED.items()
    ]
    auto = modes["modes"]["auto"]
    return {
        "rounds": rounds,
        "articles": articles,
        "process_wall_s": auto["wall_s"],
        "process_cpu_s": auto["cpu_s"],
        "crawl_wall_s": auto["crawl_wall_s"],
        "crawl_cpu_s": auto["crawl_cpu_s"],
        "imports_s": total,
        "project_imports_s": project,
        "modules": len({n for _, _, n in log}),
        "avoided": avoided,
        "render": modes,
    }


def section(r: dict[str, Any]) -> str:
    """The BENCHMARKS.md section."""
    q = r["render"]
    never, auto = q["modes"]["never"], q["modes"]["auto"]
    text = (
        "`benchmarks/bench_startup.py`: quiet scheduled runs of `latest` (a state file filled by one "
        f"full run of a {r['articles']}-article replica, so the site has nothing new), the real "
        f"`scrapy crawl`, {r['rounds']} alternating rounds per mode, medians.\n\n"
    )
    text += table(
        ["quiet run (render=auto)", "wall", "CPU"],
        [
            ["whole process", f"{r['process_wall_s']:.2f} s", f"{r['process_cpu_s']:.2f} s"],
            ["the crawl itself (spider open to close)", f"{r['crawl_wall_s']:.2f} s", f"{r['crawl_cpu_s']:.2f} s"],
            [
                f"imports ({r['modules']} modules; `-X importtime`, one more run)",
                f"{r['imports_s']:.2f} s, of which the project's modules {r['project_imports_s']:.2f} s",
                "",
            ],
        ],
    )
    text += "\n\nHeavy packages a quiet run has no use for, and what each costs to import alone:\n\n"
    text += table(
        ["package", "needed for", "imported by a quiet run", "import alone"],
        [[a["package"], a["why"], "yes" if a["imported"] else "no", f"{a['import_s']:.2f} s"] for a in r["avoided"]],
    )
    text += (
        "\n\nThe same quiet run with `-a render=auto` against `never` (no browser machinery until a page "
        "needs it; target: within a few per cent):\n\n"
    )
    text += table(
        ["mode", "wall", "CPU", "scrapy-playwright started"],
        [[m, f"{v['wall_s']:.2f} s", f"{v['cpu_s']:.2f} s", v["handler_started"]] for m, v in q["modes"].items()],
    )
    text += (
        f"\n\nauto / never: **{q['ratio_wall']:.3f}x** wall, **{q['ratio_cpu']:.3f}x** CPU "
        f"({auto['wall_s'] - never['wall_s']:+.2f} s wall).\n"
    )
    return text


def report(r: dict[str, Any]) -> None:
    print(section(r))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5, help="quiet runs per mode (default 5)")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    report(measure(args.rounds))
    print(f"({time.perf_counter() - started:.0f} s; {ROOT})")


if __name__ == "__main__":
    main()
