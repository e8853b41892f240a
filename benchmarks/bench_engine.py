"""Engine limit: the project's ``latest`` spider against a bare Scrapy spider, both
replaying the same recording of the replica.

    python benchmarks/bench_engine.py [--articles 2000] [--rounds 11]

Each round runs ``scrapy crawl latest -s SPOTLIGHT_REPLAY=<recording> -O <file>.jsonl``
(the project: its middlewares, extraction, pipelines, schema validation, monitors and a
JSON Lines feed) and ``scrapy runspider benchmarks/bare_spider.py`` (the same requests
through the same HTTP cache replay, Scrapy's defaults otherwise, parsing nothing and
writing no feed), alternating, each in its own process. Both get the same
``LOG_LEVEL=INFO``, ``CONCURRENT_REQUESTS=16`` and ``CONCURRENT_REQUESTS_PER_DOMAIN=8``;
the replay sets no delay and no AutoThrottle for both. Times are taken inside each
process from ``spider_opened`` to ``spider_closed`` (``benchmarks/probe.py``): wall time
and the process's CPU time. The figures are the medians over the rounds; the ratio of the
project's time to the bare engine's is reported against its target, at most 3x. On a shared
virtual machine one process's CPU
time for the same work varies by some 15% from run to run, so there are eleven rounds by
default, and the median of the rounds' own ratios (each project run against the bare run
right after it) is shown beside the ratio of the medians.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import corpus
from benchmarks.common import (
    BENCH_DIR,
    ROOT,
    ProcessRun,
    median,
    python_env,
    run_process,
    scrapy_crawl,
    scrapy_runspider,
)

TARGET = 3.0
ROUNDS = 11
SAME = {"LOG_LEVEL": "INFO", "CONCURRENT_REQUESTS": "16", "CONCURRENT_REQUESTS_PER_DOMAIN": "8"}


def warm_page_cache(folder: Path) -> None:
    """Read every file of the recording once, so no run pays the first disk reads."""
    for path in folder.rglob("*"):
        if path.is_file():
            path.read_bytes()


def run_project(folder: Path, work: Path) -> ProcessRun:
    return scrapy_crawl("latest", work, settings={**SAME, "SPOTLIGHT_REPLAY": str(folder)})


def run_bare(folder: Path, work: Path) -> ProcessRun:
    return scrapy_runspider(
        BENCH_DIR / "bare_spider.py",
        work,
        settings={**SAME, "SPOTLIGHT_REPLAY": str(folder)},
        args={"links": str(folder / "links.json")},
    )


def _check(run: ProcessRun, what: str) -> None:
    if not run.probe or run.probe.get("reason") != "finished":
        raise RuntimeError(
            f"{what}: the crawl did not finish (exit status {run.returncode}); log: {run.log}\n{run.tail()}"
        )


# Where a sampled stack's time is counted: the first of these frames (by name) it holds.
# The order puts the innermost of nested parts first (the selector before parse_article).
PROFILE_PARTS: tuple[tuple[str, str], ...] = (
    ("imports and start-up (before the crawl)", "_find_and_load"),
    ("imports and start-up (before the crawl)", "_get_commands_dict"),
    ("imports and start-up (before the crawl)", "Crawler.crawl_async"),
    ("dedup pipeline (fingerprints, in-run index)", "DedupPipeline.process_item"),
    ("validation pipeline (JSON Schema)", "ItemValidationPipeline.process_item"),
    ("item pipeline machinery", "ItemPipelineManager.process_item_async"),
    ("HTML parsing (lxml, extract/page.py)", "html_selector"),
    ("HTML parsing (lxml, for response.selector)", "TextResponse.selector"),
    ("article extraction (extract_article)", "extract_article"),
    ("record building (listing fallbacks, normalization)", "extract_record"),
    ("article callback, other", "parse_article"),
    ("listing pages (entries, paging)", "parse_listing"),
    ("spider middlewares", "SpiderMiddlewareManager"),
    ("HTTP cache replay (reading the recording)", "HttpCacheMiddleware.process_request"),
    ("downloader middlewares", "DownloaderMiddlewareManager"),
    ("signal handlers (feed export, coverage, feed check)", "send_catch_log"),
    ("log lines", "Logger."),
    ("engine, scheduler, scraper, reactor", "Scraper."),
    ("engine, scheduler, scraper, reactor", "ExecutionEngine"),
    ("engine, scheduler, scraper, reactor", "run_forever"),
)
PROFILE_RATE = 250  # samples per second


def profile(folder: Path, work: Path) -> dict[str, Any] | None:
    """One more project replay under py-spy (when installed): the share of its samples in each
    part of PROFILE_PARTS. py-spy samples from outside the process; the run is not timed."""
    spy = shutil.which("py-spy")
    if spy is None:
        return None
    raw = work / "profile.txt"
    cmd = [spy, "record", "-r", str(PROFILE_RATE), "-f", "raw", "-o", str(raw), "--", sys.executable, "-m", "scrapy"]
    cmd += ["crawl", "latest", "-O", str(work / "latest.jsonl"), "-s", f"SPOTLIGHT_REPLAY={folder}"]
    cmd += [arg for key, value in SAME.items() for arg in ("-s", f"{key}={value}")]
    run_process(
        cmd, cwd=ROOT, env=python_env({"SPOTLIGHT_DATA_DIR": str(work / "data")}), log=work / "profile.log", timeout=900
    )
    if not raw.is_file():
        return None
    parts: Counter[str] = Counter()
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = stack.split(";")
        part = next((label for label, name in PROFILE_PARTS if any(name in f for f in frames)), "other")
        parts[part] += int(count)
    total = sum(parts.values())
    crawl = total - parts["imports and start-up (before the crawl)"]
    return {
        "samples": total,
        "rate": PROFILE_RATE,
        "crawl_samples": crawl,
        "parts": {k: v for k, v in parts.most_common() if not k.startswith("imports")},
    }


def measure(articles: int = 2000, rounds: int = ROUNDS, seed: int = 0) -> dict[str, Any]:
    folder = corpus.ensure(articles, seed)
    warm_page_cache(folder)
    runs: dict[str, list[ProcessRun]] = {"project": [], "bare": []}
    with tempfile.TemporaryDirectory(prefix="bench-engine-") as tmp:
        for i in range(rounds):
            project = run_project(folder, Path(tmp) / f"project-{i}")
            if project.probe.get("replay_missing"):
                # The spider asks for pages the recording lacks: record again, start over.
                print("  the recording misses pages the spider asks for; recording again", flush=True)
                folder = corpus.ensure(articles, seed, force=True)
                warm_page_cache(folder)
                project = run_project(folder, Path(tmp) / f"project-{i}")
            _check(project, "project replay")
            bare = run_bare(folder, Path(tmp) / f"bare-{i}")
            _check(bare, "bare replay")
            runs["project"].append(project)
            runs["bare"].append(bare)
            print(
                f"  round {i + 1}: project {project.probe['responses']} pages in {project.probe['crawl_wall_s']:.2f} s "
                f"({project.probe['crawl_cpu_s']:.2f} s CPU); bare {bare.probe['responses']} pages in "
                f"{bare.probe['crawl_wall_s']:.2f} s ({bare.probe['crawl_cpu_s']:.2f} s CPU)",
                flush=True,
            )
        spied = profile(folder, Path(tmp) / "profile")
    result: dict[str, Any] = {"articles": articles, "rounds": rounds, "corpus": str(folder), "profile": spied}
    for name, group in runs.items():
        pages = group[0].probe["responses"]
        wall = median([r.probe["crawl_wall_s"] for r in group])
        cpu = median([r.probe["crawl_cpu_s"] for r in group])
        result[name] = {
            "pages": pages,
            "items": group[0].probe["items"],
            "wall_s": wall,
            "cpu_s": cpu,
            "pages_per_s_wall": pages / wall,
            "pages_per_s_cpu": pages / cpu,
            "process_wall_s": median([r.wall_s for r in group]),
            "process_cpu_s": median([r.cpu_s for r in group]),
            "all_wall_s": [r.probe["crawl_wall_s"] for r in group],
            "all_cpu_s": [r.probe["crawl_cpu_s"] for r in group],
        }
    pairs = list(zip(runs["project"], runs["bare"], strict=True))
    result["paired_ratio_wall"] = median([p.probe["crawl_wall_s"] / b.probe["crawl_wall_s"] for p, b in pairs])
    result["paired_ratio_cpu"] = median([p.probe["crawl_cpu_s"] / b.probe["crawl_cpu_s"] for p, b in pairs])
    result["ratio_wall"] = result["project"]["wall_s"] / result["bare"]["wall_s"]
    result["ratio_cpu"] = result["project"]["cpu_s"] / result["bare"]["cpu_s"]
    result["met"] = result["ratio_wall"] <= TARGET and result["ratio_cpu"] <= TARGET
    pages = result["project"]["pages"]
    result["extra_ms_per_page_cpu"] = 1000 * (result["project"]["cpu_s"] - result["bare"]["cpu_s"]) / pages
    return result


def report(result: dict[str, Any]) -> None:
    p, b = result["project"], result["bare"]
    print(f"replay of the {result['articles']:,}-article recording, median of {result['rounds']} rounds:")
    for name, r in (("project (latest)", p), ("bare spider", b)):
        print(
            f"  {name:17}: {r['pages']:,} pages in {r['wall_s']:.2f} s wall = {r['pages_per_s_wall']:,.0f} pages/s; "
            f"{r['cpu_s']:.2f} s CPU = {r['pages_per_s_cpu']:,.0f} pages per CPU second"
        )
    print(f"  project / bare: {result['ratio_wall']:.2f}x wall, {result['ratio_cpu']:.2f}x CPU (reported)")
    print(
        f"  median of the rounds' own ratios: {result['paired_ratio_wall']:.2f}x wall, {result['paired_ratio_cpu']:.2f}x CPU"
    )
    print(f"  the project's cost above the engine: {result['extra_ms_per_page_cpu']:.1f} ms CPU per page")
    if spied := result.get("profile"):
        print(f"  profile of one more project replay (py-spy, {spied['crawl_samples']:,} samples in the crawl):")
        for part, n in spied["parts"].items():
            print(f"    {100 * n / spied['crawl_samples']:5.1f}%  {part}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args(argv)
    report(measure(args.articles, args.rounds))


if __name__ == "__main__":
    main()
