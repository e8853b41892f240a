"""What the browser costs: one listing crawled with -a render=never, auto and always.

Starts one replica of the site on 127.0.0.1 and runs the real ``scrapy crawl`` (the
test helper's fast settings: no delay, 8 requests at a time) once per mode against it,
in the same run. Prints, per mode, the wall time of the whole process (start-up and
shutdown included), the crawl time (Scrapy's ``elapsed_time_seconds``), the pages read
(listing + article), pages per second of crawl time, the listing pages the browser
rendered, browser launches, and the ratio of each figure to ``never``.

``--scripted`` serves the script-only International listing behind a script challenge
instead (``never`` then reads no articles; ``auto`` and ``always`` do).

``--quiet`` measures what the browser machinery costs a run that renders nothing: quiet
scheduled runs of ``latest`` (the state file already holds every story, so the crawl reads
robots.txt and the feed and stops) in ``auto`` and ``never``, alternating rounds, medians of
the whole process's wall and CPU time, and their ratio. In ``auto`` nothing of
scrapy-playwright starts until a page needs the browser, so the ratio should be about 1.

    python benchmarks/bench_render.py [--articles 120] [--spider latest] [--scripted] [--repeat 1]
    python benchmarks/bench_render.py --quiet [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ROOT, ProcessRun, _attach, median, project_extensions_with_probe, python_env, run_process
from tests.crawl import FAST, crawl
from tests.replica import Replica

MODES = ("never", "auto", "always")


@dataclass
class Run:
    mode: str
    wall: float
    crawl: float
    listing_pages: int
    article_pages: int
    rendered: int
    fallbacks: int
    launches: int
    records: int

    @property
    def pages(self) -> int:
        return self.listing_pages + self.article_pages

    @property
    def rate(self) -> float:
        return self.pages / self.crawl if self.crawl else 0.0


def measure(replica: Replica, spider: str, mode: str, workdir: Path) -> Run:
    started = time.perf_counter()
    result = crawl(spider, replica.base_url, workdir, args={"render": mode}, settings={"SPOTLIGHT_STATE": ""})
    wall = time.perf_counter() - started
    if result.returncode not in (0, 5):  # 5: a monitor failed, e.g. `never` reads no article
        sys.exit(f"{mode}: crawl failed with status {result.returncode}\n{result.log[-3000:]}")
    return Run(
        mode=mode,
        wall=wall,
        crawl=float(result.stats.get("elapsed_time_seconds", 0.0)),
        listing_pages=result.stat("spotlight/listing/pages"),
        article_pages=result.stat("spotlight/article/pages"),
        rendered=result.stat("spotlight/render/pages"),
        fallbacks=result.stat("spotlight/render/fallbacks"),
        launches=result.stat("playwright/browser_count"),
        records=len(result.records),
    )


def median_run(runs: list[Run]) -> Run:
    """The run with the median crawl time (the figures of one real run, not a blend)."""
    return sorted(runs, key=lambda r: r.crawl)[len(runs) // 2]


def table(runs: list[Run]) -> str:
    base = runs[0]
    head = f"{'mode':<7} {'wall s':>7} {'crawl s':>8} {'pages':>6} {'pages/s':>8} {'rendered':>9} {'fallbacks':>9} {'browsers':>8} {'records':>7} {'wall x':>7} {'pages/s x':>9}"
    lines = [head, "-" * len(head)]
    for r in runs:
        ratio_wall = r.wall / base.wall if base.wall else float("nan")
        ratio_rate = r.rate / base.rate if base.rate else float("nan")
        lines.append(
            f"{r.mode:<7} {r.wall:>7.2f} {r.crawl:>8.2f} {r.pages:>6} {r.rate:>8.1f} {r.rendered:>9} "
            f"{r.fallbacks:>9} {r.launches:>8} {r.records:>7} {ratio_wall:>7.2f} {ratio_rate:>9.2f}"
        )
    return "\n".join(lines)


# -- quiet runs: auto against never -----------------------------------------------------


def quiet_settings(replica: Replica, workdir: Path) -> dict[str, str]:
    """Settings of a quiet scheduled run: a state file one full run of ``latest`` has filled."""
    settings = {**FAST, "SPOTLIGHT_BASE_URL": replica.base_url, "SPOTLIGHT_STATE": str(workdir / "state.sqlite3")}
    first = quiet_run(settings, workdir / "fill", "never")
    if first.returncode != 0 or not first.stat("item_scraped_count"):
        sys.exit(f"the run filling the state failed ({first.returncode})\n{first.tail()}")
    return settings


def quiet_run(settings: dict[str, str], workdir: Path, mode: str, env: dict[str, str] | None = None) -> ProcessRun:
    """One ``scrapy crawl latest -a render=MODE`` with the probe and a report, as a whole process."""
    workdir.mkdir(parents=True, exist_ok=True)
    probe, report = workdir / "probe.json", workdir / "report.json"
    merged = {**settings, "SPOTLIGHT_REPORT_FILE": str(report), "BENCH_PROBE_FILE": str(probe)}
    merged["EXTENSIONS"] = project_extensions_with_probe()
    cmd = [sys.executable, "-m", "scrapy", "crawl", "latest", "-a", f"render={mode}", "-o", str(workdir / "out.jsonl")]
    for key, value in merged.items():
        cmd += ["-s", f"{key}={value}"]
    full_env = python_env({"SPOTLIGHT_DATA_DIR": str(workdir / "data"), **(env or {})})
    run = run_process(cmd, cwd=ROOT, env=full_env, log=workdir / "crawl.log", timeout=600)
    return _attach(run, probe, report)


def measure_quiet(settings: dict[str, str], workdir: Path, rounds: int) -> dict[str, Any]:
    """Quiet runs in never and auto, alternating (never first in even rounds, auto in odd ones)."""
    runs: dict[str, list[ProcessRun]] = {"never": [], "auto": []}
    for i in range(rounds):
        for mode in ("never", "auto") if i % 2 == 0 else ("auto", "never"):
            run = quiet_run(settings, workdir / f"quiet-{mode}-{i}", mode)
            if run.returncode != 0 or run.stat("item_scraped_count"):
                sys.exit(
                    f"quiet {mode} run: status {run.returncode}, {run.stat('item_scraped_count')} records\n{run.tail()}"
                )
            runs[mode].append(run)
    modes = {
        mode: {
            "wall_s": median([r.wall_s for r in rs]),
            "cpu_s": median([r.cpu_s for r in rs]),
            "crawl_wall_s": median([float(r.probe.get("crawl_wall_s", 0.0)) for r in rs]),
            "crawl_cpu_s": median([float(r.probe.get("crawl_cpu_s", 0.0)) for r in rs]),
            "handler_started": max(r.stat("spotlight/render/handler_started") for r in rs),
            "browsers": max(r.stat("playwright/browser_count") for r in rs),
        }
        for mode, rs in runs.items()
    }
    never, auto = modes["never"], modes["auto"]
    return {
        "rounds": rounds,
        "modes": modes,
        "ratio_wall": auto["wall_s"] / never["wall_s"],
        "ratio_cpu": auto["cpu_s"] / never["cpu_s"],
    }


def print_quiet(result: dict[str, Any]) -> None:
    print(f"quiet scheduled runs of latest, {result['rounds']} alternating rounds per mode, medians")
    print(f"{'mode':<6} {'wall s':>7} {'CPU s':>6} {'crawl s':>8} {'playwright started':>19}")
    for mode, m in result["modes"].items():
        print(f"{mode:<6} {m['wall_s']:>7.2f} {m['cpu_s']:>6.2f} {m['crawl_wall_s']:>8.2f} {m['handler_started']:>19}")
    print(f"auto / never: {result['ratio_wall']:.3f}x wall, {result['ratio_cpu']:.3f}x CPU")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=120, help="articles on the replica (default 120)")
    ap.add_argument("--spider", default="latest", choices=("latest", "international"))
    ap.add_argument("--scripted", action="store_true", help="script-only International listing behind a challenge")
    ap.add_argument("--repeat", type=int, default=1, help="runs per mode; the median crawl time is shown")
    ap.add_argument("--quiet", action="store_true", help="quiet scheduled runs, auto against never")
    args = ap.parse_args(argv)
    if args.quiet:
        with Replica(n_articles=24) as replica, tempfile.TemporaryDirectory() as tmp:
            settings = quiet_settings(replica, Path(tmp))
            print_quiet(measure_quiet(settings, Path(tmp), max(args.repeat, 3)))
        return
    spider = "international" if args.scripted else args.spider

    options = {"js_listing": True, "challenge": True} if args.scripted else {}
    with Replica(n_articles=args.articles, **options) as replica, tempfile.TemporaryDirectory() as tmp:
        runs = []
        for mode in MODES:
            measured = [measure(replica, spider, mode, Path(tmp) / f"{mode}-{i}") for i in range(args.repeat)]
            runs.append(median_run(measured))
        variant = "script-only listing behind a challenge" if args.scripted else "plain HTML listing"
        print(
            f"{spider} listing, {args.articles} articles on the replica, {variant}; "
            f"{args.repeat} run(s) per mode, median shown"
        )
        print(table(runs))
        never, auto, always = runs
        print()
        print(
            f"auto costs {auto.wall - never.wall:+.1f} s of wall time over never "
            f"({auto.launches} browser launch(es), {auto.fallbacks} fallback(s))."
        )
        if always.rendered:
            extra = (always.crawl - never.crawl) / always.rendered
            print(
                f"always: {always.rendered} rendered listing page(s), about {extra:.2f} s of crawl time each over never "
                "(the browser's start included)."
            )


if __name__ == "__main__":
    main()
