"""Every benchmark of the project in one run; writes BENCHMARKS.md.

    python -m pip install -U "pip>=23.3"
    python -m pip install -r requirements.txt -r requirements-bench.txt
    python benchmarks/run_all.py

1. corpus       recordings of the replica at 2,000, 1,000, 10,000 and 50,000 articles
                (corpus.py; reused from benchmarks/.corpus/ when present)
2. engine       the project's ``latest`` replaying the 2,000 recording against a bare
                Scrapy spider (bench_engine.py, bare_spider.py)
3. extraction   the project, trafilatura and newspaper4k on 300 article pages, time and
                accuracy against the replica's truth (bench_extract.py)
4. memory       peak RSS of replays at 1,000, 10,000 and 50,000 articles (bench_memory.py)
5. incremental  requests of scheduled re-runs with 0 and 10 new articles (bench_incremental.py)
6. normalize    parse_datetime against dateparser.parse (bench_normalize.py)
7. backfill     a one-year window of a 50,000-article replica with and without the jump (bench_backfill.py)
8. startup      a quiet scheduled run as a whole process, its imports, auto against never
                (bench_startup.py, bench_render.py)
9. install      a fresh virtual environment's size: requirements.txt, then each extra (bench_install.py)

Each part can also be run alone with its own script. A part that fails is reported as
such in BENCHMARKS.md and makes the exit status 1; the others still run. The raw figures
are kept in benchmarks/.corpus/results.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import (
    bench_backfill,
    bench_engine,
    bench_extract,
    bench_incremental,
    bench_install,
    bench_memory,
    bench_normalize_run,
    bench_startup,
    corpus,
)
from benchmarks.common import CORPUS_ROOT, ROOT, load_average, machine, mib, print_section, table

COMMAND = "python benchmarks/run_all.py"


def run_corpus(sizes: tuple[int, ...]) -> dict[str, Any]:
    rows = []
    for n in sizes:
        cached = (corpus.corpus_dir(n) / "corpus.json").is_file()
        start = time.perf_counter()
        folder = corpus.ensure(n)
        meta = corpus.load_meta(folder)
        live = meta.get("live_crawl")  # None: recorded in-process, no live crawl figures
        rows.append(
            {
                "articles": n,
                "requests": meta["requests"],
                "records": meta["records"],
                "reused": cached,
                "recorded_at": meta["recorded_at"],
                "seconds_now": time.perf_counter() - start,
                "recording_seconds": meta["seconds"],
                "live_pages_per_s": meta["responses"] / live["crawl_wall_s"] if live else None,
                "live_pages_per_cpu_s": meta["responses"] / live["crawl_cpu_s"] if live else None,
                "bytes": sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()),
                "folder": str(folder.relative_to(ROOT)),
            }
        )
        state = f"reused (recorded {meta['recorded_at']})" if cached else f"recorded in {meta['seconds']:.0f} s"
        print(f"  {n:,} articles: {meta['requests']:,} requests, {meta['records']:,} records; {state}", flush=True)
    return {"rows": rows}


PARTS: list[tuple[str, str, Callable[[argparse.Namespace], dict[str, Any]]]] = [
    ("corpus", "1. Corpus", lambda a: run_corpus((2000, *bench_memory.SIZES))),
    ("engine", "2. Engine limit", lambda a: bench_engine.measure(2000, a.engine_rounds)),
    ("extract", "3. Extraction against peers", lambda a: bench_extract.measure(a.pages, a.rounds, a.cms_pages)),
    ("memory", "4. Memory", lambda a: bench_memory.measure(bench_memory.SIZES)),
    ("incremental", "5. Incremental cost", lambda a: bench_incremental.measure(2000, 10)),
    ("normalize", "6. Normalization", lambda a: bench_normalize_run.measure(100_000)),
    ("backfill", bench_backfill.TITLE, lambda a: bench_backfill.measure(50_000)),
    ("startup", "8. Start-up and the browser", lambda a: bench_startup.measure(max(a.rounds, 5))),
    ("install", bench_install.TITLE, lambda a: bench_install.measure()),
]
# The targets table's rows of each part that --only can measure again.
TARGET_ROWS = {"engine": "| Engine", "extract": "| Extraction", "startup": "| Browser only", "memory": "| Memory"}
REPORTERS: dict[str, Callable[[dict[str, Any]], None]] = {
    "engine": bench_engine.report,
    "extract": bench_extract.report,
    "memory": bench_memory.report,
    "incremental": bench_incremental.report,
    "backfill": bench_backfill.report,
    "normalize": lambda r: print(r["output"]),
    "startup": bench_startup.report,
    "install": bench_install.report,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the extraction benchmark (default 3)")
    parser.add_argument(
        "--engine-rounds",
        type=int,
        default=bench_engine.ROUNDS,
        help=f"rounds of the engine benchmark (default {bench_engine.ROUNDS}: one run's CPU time varies by ~15%%)",
    )
    parser.add_argument(
        "--pages", type=int, default=300, help="article pages for the extraction benchmark (default 300)"
    )
    parser.add_argument(
        "--cms-pages", type=int, default=200, help="extraction pages in the CMS templates (default 200)"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument(
        "--only",
        choices=sorted(TARGET_ROWS),
        help="run this part alone and patch its section and targets rows into --output",
    )
    args = parser.parse_args(argv)
    if args.only:
        return patch_part(args)

    started = time.perf_counter()
    info = machine()
    results: dict[str, Any] = {}
    errors: dict[str, str] = {}
    timings: dict[str, float] = {}
    for key, title, part in PARTS:
        print_section(title)
        t0 = time.perf_counter()
        try:
            results[key] = part(args)
        except Exception:  # reported in BENCHMARKS.md and in the exit status, the other parts still run
            errors[key] = traceback.format_exc()
            print(errors[key], file=sys.stderr, flush=True)
        timings[key] = time.perf_counter() - t0
        if key in results and key in REPORTERS:
            REPORTERS[key](results[key])
        print(f"  ({timings[key]:.0f} s)", flush=True)
    total = time.perf_counter() - started
    info["load_average_end"] = load_average()
    args.output.write_text(render(info, results, errors, timings, total, args), encoding="utf-8")
    CORPUS_ROOT.mkdir(parents=True, exist_ok=True)
    (CORPUS_ROOT / "results.json").write_text(
        json.dumps(
            {"machine": info, "results": results, "errors": errors, "timings": timings, "total_s": total},
            indent=1,
            default=str,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\nall parts in {total / 60:.1f} min; wrote {args.output}", flush=True)
    return 1 if errors else 0


def patch_part(args: argparse.Namespace) -> int:
    """One part measured again, its section and its rows of the targets table replaced in the
    existing BENCHMARKS.md; the other parts' figures stay as they were measured."""
    key = args.only
    title = next(t for k, t, _ in PARTS if k == key)
    part = next(p for k, _, p in PARTS if k == key)
    print_section(title)
    t0 = time.perf_counter()
    result = part(args)
    took = time.perf_counter() - t0
    REPORTERS[key](result)
    doc = args.output.read_text(encoding="utf-8")
    head = f"## {title}\n"
    if head not in doc:  # a part new since the file was written: its section goes before the notes
        doc = doc.replace("## Notes on method\n", f"{head}\n## Notes on method\n")
    start = doc.index(head)
    end = doc.index("\n## ", start + len(head)) + 1
    section = f"{head}\n{SECTIONS[key](result, {key: result})}\n_This part took {took:.0f} s "
    section += f"(measured alone, {time.strftime('%Y-%m-%d')}, load average {_load(load_average())})._\n\n"
    doc = doc[:start] + section + doc[end:]
    prefix = TARGET_ROWS[key]
    lines = [line for line in _targets({key: result}, {}).splitlines() if line.startswith(prefix)]
    old = doc.splitlines()
    kept = [line for line in old if not line.startswith(prefix)]
    if was := [i for i, line in enumerate(old) if line.startswith(prefix)]:
        at = was[0]  # where the part's rows were
    else:
        at = 1 + max(
            i
            for i, line in enumerate(kept)
            if line.startswith(("| Engine", "| Extraction", "| Memory", "| Incre", "| Norm"))
        )
    doc = "\n".join(kept[:at] + lines + kept[at:]) + "\n"
    args.output.write_text(doc, encoding="utf-8")
    print(f"patched {title!r} into {args.output}", flush=True)
    return 0


# --- BENCHMARKS.md ----------------------------------------------------------------------


def _yes(flag: bool) -> str:
    return "**met**" if flag else "**not met**"


def _load(values: Any) -> str:
    return " / ".join(f"{v:.1f}" for v in values) if values else "n/a"


def render(
    info: dict[str, Any],
    results: dict[str, Any],
    errors: dict[str, str],
    timings: dict[str, float],
    total: float,
    args: argparse.Namespace,
) -> str:
    out: list[str] = []
    add = out.append
    add("# Benchmarks\n")
    add(
        f"Speed and memory of spotlight-crawler, measured on {info['date']} by `{COMMAND}` "
        f"in {total / 60:.1f} minutes on the machine below. Every crawl runs against the project's "
        "replica of the site on 127.0.0.1 or replays a recording of it; nothing leaves the machine. "
        "Ratios are taken within one run, never against figures from another run.\n"
    )
    add("To reproduce:\n")
    add("```sh")
    add('python -m pip install -U "pip>=23.3"   # pip 23.2 fails on the two spellings of lxml\'s html-clean extra')
    add("python -m pip install -r requirements.txt -r requirements-bench.txt")
    add(COMMAND)
    add("```\n")
    add(
        "Each part also runs alone: `benchmarks/corpus.py`, `bench_engine.py`, `bench_extract.py`, "
        "`bench_memory.py`, `bench_incremental.py`, `bench_normalize.py` (all take `--help`). The "
        "recordings are kept in `benchmarks/.corpus/` (git-ignored) and reused; a change to the "
        "replica's sources, or a replay that misses a page, records them again.\n"
    )
    add("## Machine\n")
    add(
        table(
            ["", ""],
            [
                ["CPU", info["cpu"]],
                ["cores", info["cores"]],
                ["RAM", f"{info['ram_gib']:.1f} GiB"],
                ["OS", info["os"]],
                ["Python", info["python"]],
                ["Scrapy / Twisted", f"{info['scrapy']} / {info['twisted']}"],
                ["lxml / parsel", f"{info['lxml']} / {info['parsel']}"],
                [
                    "trafilatura / newspaper4k / dateparser",
                    f"{info['trafilatura']} / {info['newspaper4k']} / {info['dateparser']}",
                ],
                [
                    "load average (1, 5, 15 min) at start / end",
                    f"{_load(info['load_average'])} — {_load(info.get('load_average_end'))}",
                ],
            ],
        )
    )
    add(
        "\nOther processes share this machine's two cores while the benchmarks run (the load "
        "average above counts them). Wall-clock figures move with that load; CPU-time figures "
        "(the process's own user + system time) move much less, though a shared core still slows "
        "them somewhat, so every speed figure is given both ways, the ratios are computed on both, "
        "and the two sides of a ratio are measured alternately in the same run.\n"
    )
    add("## Targets\n")
    add(_targets(results, errors))
    add("")
    for key, title, _ in PARTS:
        add(f"## {title}\n")
        if key in errors:
            add(f"Not measured: the part failed ({timings.get(key, 0):.0f} s).\n")
            add("```")
            add(errors[key].strip()[-2500:])
            add("```\n")
            continue
        add(SECTIONS[key](results[key], results))
        add(f"\n_This part took {timings[key]:.0f} s._\n")
    add("## 10. Figures behind choices in the code\n")
    add(DESIGN)
    add("## Notes on method\n")
    add(NOTES)
    return "\n".join(out) + "\n"


def _targets(results: dict[str, Any], errors: dict[str, str]) -> str:
    rows = []
    if "engine" in results:
        e = results["engine"]
        rows.append(
            [
                "Engine: the project's time against the bare engine's (at most 3x)",
                f"{e['ratio_wall']:.2f}x wall, {e['ratio_cpu']:.2f}x CPU, "
                f"{e['extra_ms_per_page_cpu']:.1f} ms of CPU per page above the engine",
                _yes(e["met"]),
            ]
        )
    else:
        rows.append(
            ["Engine: the project's time against the bare engine's (at most 3x)", "not measured", "**unknown**"]
        )
    if "extract" in results:
        x = results["extract"]
        slowest = min(
            x.get("speedup_by_template", {"all": x["speedup_vs_trafilatura_cpu"]}).items(), key=lambda kv: kv[1]
        )
        rows.append(
            [
                "Extraction: CPU per replica page against trafilatura's (no target; the budget is per real page)",
                (
                    f"{x['speedup_vs_trafilatura_cpu']:.2f}x CPU, {x['speedup_vs_trafilatura_wall']:.2f}x wall; "
                    f"slowest template {slowest[0]} {slowest[1]:.2f}x CPU"
                ),
                "reported",
            ]
        )
        ours, theirs = x["extractors"]["project"]["accuracy"], x["extractors"]["trafilatura"]["accuracy"]
        cells = ", ".join(f"{f} {_acc(f, ours[f])} vs {_acc(f, theirs[f])}" for f in bench_extract.FIELDS)
        per_template = x.get("fields_at_least_as_good_by_template", {})
        behind = [t for t, ok in per_template.items() if not ok]
        cells += f"; on every template: {'yes' if not behind else 'no (' + ', '.join(behind) + ')'}"
        rows.append(
            [
                "Extraction: accuracy at least trafilatura's on every field",
                cells,
                _yes(all(x["fields_at_least_as_good"].values()) and not behind),
            ]
        )
    else:
        rows.append(["Extraction: at least as accurate as trafilatura", "not measured", "**unknown**"])
    if "memory" in results and "growth_bytes_per_article" in results["memory"]:
        m = results["memory"]
        last = m["rows"][-1]["articles"]
        further = m.get("further_growth_bytes_per_article")
        replayed = len(m["rows"]) >= 3 and m["rows"][-1]["records"] > 0
        rows.append(
            [
                f"Memory: at most {bench_memory.TARGET_BYTES} bytes of peak RSS per article from 1,000 to 10,000 "
                f"articles, and a {last:,}-article replay",
                f"{m['growth_bytes_per_article']:,.0f} bytes per article"
                + (f"; {last:,}-article replay: {further:,.0f} bytes per article past 10,000" if further else ""),
                _yes(m["met"] and replayed),
            ]
        )
    else:
        rows.append(["Memory: at most 300 bytes of peak RSS per article", "not measured", "**unknown**"])
    if "incremental" in results:
        r = results["incremental"]["rows"]
        rows.append(
            [
                "Incremental: requests of a re-run (no target)",
                (
                    f"{r[1]['requests']} with nothing new ({r[1].get('response_bytes', 0):,} bytes), {r[2]['requests']} "
                    f"with {results['incremental']['new']} new, feed first"
                ),
                "reported",
            ]
        )
    if "normalize" in results and results["normalize"].get("ratio_same_strings"):
        rows.append(
            [
                "Normalization: parse_datetime against dateparser.parse (no target)",
                f"{results['normalize']['ratio_same_strings']:.1f}x on the same strings",
                "reported",
            ]
        )
    if "startup" in results:
        q = results["startup"]["render"]
        rows.append(
            [
                "Browser only when needed: a quiet run in auto within a few per cent of never",
                f"{q['ratio_wall']:.3f}x wall, {q['ratio_cpu']:.3f}x CPU",
                _yes(q["ratio_cpu"] <= 1.05),
            ]
        )
    return table(["target", "measured", "verdict"], rows)


def _acc(field: str, value: float) -> str:
    return f"{value:.3f}" if field == "body" else f"{value:.1%}"


# --- One section per part ---------------------------------------------------------------


def _corpus(r: dict[str, Any], _: dict[str, Any]) -> str:
    rows = [
        [
            f"{row['articles']:,}",
            f"{row['requests']:,}",
            f"{row['records']:,}",
            mib(row["bytes"]),
            f"reused (recorded {row['recorded_at']} in {row['recording_seconds']:.0f} s)"
            if row["reused"]
            else f"recorded in this run, {row['recording_seconds']:.0f} s",
            f"{row['live_pages_per_s']:.0f} / {row['live_pages_per_cpu_s']:.0f}"
            if row["live_pages_per_s"]
            else "— (recorded in-process)",
        ]
        for row in r["rows"]
    ]
    return (
        "`scrapy crawl latest -s SPOTLIGHT_RECORD=<dir>` against `Replica(n_articles=N, seed=0, page_size=10)` "
        "(the loopback settings of `tests/crawl.py`: no delay, no AutoThrottle, 8 requests per domain), "
        "recording every response: robots.txt, the home page, every listing page, every article page, "
        "and the 404 past the last listing page. A record fewer than articles is a repost the dedup "
        "pipeline dropped. Recordings above "
        f"{corpus.DIRECT_ABOVE:,} articles are made by the same crawl with its requests answered in-process by "
        "the replica (`benchmarks/replica_handler.py`: the pages, statuses and headers its HTTP server sends, "
        "without the server), so they have no live-crawl figures.\n\n"
        + table(
            [
                "articles",
                "requests",
                "records",
                "size (file contents)",
                "recording",
                "live crawl: pages/s wall / per CPU s",
            ],
            rows,
        )
    )


def _engine(r: dict[str, Any], results: dict[str, Any]) -> str:
    p, b = r["project"], r["bare"]
    rows = [
        [
            name,
            f"{g['pages']:,}",
            f"{g['items']:,}",
            f"{g['wall_s']:.2f} s",
            f"{g['pages_per_s_wall']:,.0f}",
            f"{g['cpu_s']:.2f} s",
            f"{g['pages_per_s_cpu']:,.0f}",
            ", ".join(f"{v:.1f}" for v in g["all_wall_s"]),
            f"{g['process_wall_s']:.1f} s",
        ]
        for name, g in (("project `latest`", p), ("bare spider", b))
    ]
    text = (
        f"The {r['articles']:,}-article recording replayed {r['rounds']} times by each, alternating, each run a "
        "process of its own. Project: `scrapy crawl latest -s SPOTLIGHT_REPLAY=<recording> -O <file>.jsonl` "
        "(its middlewares, extraction, pipelines, JSON Schema validation, monitors, and a JSON Lines feed). "
        "Bare: `scrapy runspider benchmarks/bare_spider.py`, the same requests through the same HTTP cache "
        "replay (`spotlight_crawler.replay.configure`), Scrapy's defaults otherwise, parsing nothing and "
        "writing no feed. Same for both: `LOG_LEVEL=INFO`, `CONCURRENT_REQUESTS=16`, "
        "`CONCURRENT_REQUESTS_PER_DOMAIN=8`, robots.txt obeyed, no delay, no AutoThrottle. Times run from "
        "`spider_opened` to `spider_closed`; medians of the rounds.\n\n"
        + table(
            [
                "",
                "pages",
                "records",
                "crawl wall",
                "pages/s",
                "crawl CPU",
                "pages per CPU s",
                "each round (wall s)",
                "whole process (wall)",
            ],
            rows,
        )
        + f"\n\nProject / bare: **{r['ratio_wall']:.2f}x** wall time, **{r['ratio_cpu']:.2f}x** CPU time "
        "(target: at most 3x). The median of the rounds' own ratios (each project run against "
        f"the bare run after it): {r.get('paired_ratio_wall', float('nan')):.2f}x wall, "
        f"{r.get('paired_ratio_cpu', float('nan')):.2f}x CPU. One process's CPU time for the same work varies "
        "by some 15% from run to run on this virtual machine, hence the rounds.\n"
    )
    extra = r["extra_ms_per_page_cpu"]
    text += (
        f"\nAbove the engine, the project spends {extra:.1f} ms of CPU per page "
        f"({extra * p['pages'] / 1000:.1f} s over the crawl). "
    )
    x = results.get("extract")
    if x:
        per_article = x["extractors"]["project"]["ms_per_page_cpu"]
        text += (
            f"Extracting and normalizing an article page costs {per_article:.2f} ms by itself (part 3), "
            f"{per_article * p['items'] / 1000:.1f} s over the crawl's {p['items']:,} records. "
        )
    text += _engine_profile(r.get("profile"))
    return text


def _engine_profile(spied: dict[str, Any] | None) -> str:
    if not spied:
        return "\n\nNo profile: py-spy (requirements-bench.txt) is not installed.\n"
    crawl = spied["crawl_samples"]
    rows = [[part, f"{100 * n / crawl:.1f}%", f"{n / spied['rate']:.2f} s"] for part, n in spied["parts"].items()]
    return (
        "\n\nWhere the time goes: one more project replay under py-spy (sampling from outside the process, "
        f"{spied['rate']} samples per second; a sampled process runs slower, so the shares matter, not the "
        f"seconds), {crawl:,} samples after start-up, each counted in the first of these parts its stack "
        "is in (`benchmarks/bench_engine.py`, `PROFILE_PARTS`):\n\n"
        + table(["part", "share of the crawl's samples", "sampled time"], rows)
        + "\n\nWhat the project does that the bare spider never does: parse each page's HTML, read the "
        "article with its witnesses (the site's patterns, extruct's structured data and trafilatura's main "
        "text, each on every article page, so that a page whose markup changed is seen disagreeing), read "
        "the listing pages, and handle every record (item pipelines, signals, the feed export). trafilatura "
        "is about half of the article extraction, and its comparison with its fallback extractors is nearly half of "
        "trafilatura; its `fast` mode skips that comparison but lowers the body F1 "
        "on real pages (part 3b) from 0.957 to 0.937, so it is not used. The caches, pre-searches and fast "
        "paths that once held the ratio near 1.1x were deleted: each saved microseconds a page against a "
        "politeness interval of about a second.\n"
    )


def _extract(r: dict[str, Any], _: dict[str, Any]) -> str:
    rows = []
    for name, e in r["extractors"].items():
        a = e["accuracy"]
        rows.append(
            [
                name,
                f"{e['ms_per_page_cpu']:.2f}",
                f"{e['ms_per_page_wall']:.2f}",
                f"{a['headline']:.1%}",
                f"{a['date']:.1%}",
                f"{a['authors']:.1%}",
                f"{a['body']:.3f}",
                f"{e['body_pages_f1_95']:.0%}",
            ]
        )
    templates = ", ".join(f"{t}: {n}" for t, n in r["templates"].items())
    by_template = []
    for name, e in r["extractors"].items():
        for template, a in e["by_template"].items():
            by_template.append(
                [name, template, f"{a['headline']:.1%}", f"{a['date']:.1%}", f"{a['authors']:.1%}", f"{a['body']:.3f}"]
            )
    speed_rows = []
    if "speedup_by_template" in r:
        ours, theirs = r["extractors"]["project"], r["extractors"]["trafilatura"]
        for template, ratio in r["speedup_by_template"].items():
            speed_rows.append(
                [
                    template,
                    str(r["templates"][template]),
                    f"{ours['ms_per_page_cpu_by_template'][template]:.2f}",
                    f"{theirs['ms_per_page_cpu_by_template'][template]:.2f}",
                    f"{ratio:.2f}x",
                ]
            )
    parts = r.get("project_breakdown_ms", {})
    verdicts = ", ".join(f"{f}: {'yes' if ok else 'no'}" for f, ok in r["fields_at_least_as_good"].items())
    text = (
        f"{r['pages']} article pages of the 2,000-article replica (templates {templates}): the recorded "
        "pages of its three templates a, b, c, spread evenly over the recording, and the same site's "
        "articles rendered in its four CMS templates (tickers, trending columns, Wagtail rich-text and "
        "StreamField blocks, embedded posts, breadcrumbs, relative-only dates; `tests/replica/templates_cms.py`); "
        "each extractor gets the same decoded HTML and URL in one process, and is judged against the "
        "truth the replica generated the page from. Time: CPU (and wall) ms per page, median of "
        f"{r['rounds']} rounds, extractors alternating, after untimed warm-up calls.\n\n"
        + table(
            [
                "extractor",
                "ms/page CPU",
                "ms/page wall",
                "headline exact",
                "date (day)",
                "authors",
                "body token F1",
                "pages with F1 >= 0.95",
            ],
            rows,
        )
        + f"\n\nProject against trafilatura: **{r['speedup_vs_trafilatura_cpu']:.2f}x** faster in CPU time "
        f"({r['speedup_vs_trafilatura_wall']:.2f}x wall; no target); against newspaper4k "
        f"{r['speedup_vs_newspaper4k_cpu']:.1f}x. At least as accurate as trafilatura on every field: "
        f"{_yes(all(r['fields_at_least_as_good'].values()))} "
        f"({verdicts}).\n"
    )
    if speed_rows:
        text += (
            "\nSpeed by template (CPU ms per page, median of the rounds; each page timed on its own):\n\n"
            + table(["template", "pages", "project", "trafilatura", "speed-up"], speed_rows)
            + "\n"
        )
    if parts:
        walk = parts.get("text_walk_page", 0) + parts.get("text_walk_story", 0)
        text += (
            "\nWhere the project's time per page goes (CPU ms, each part timed separately on the same pages): "
            + ", ".join(f"{k.replace('_', ' ')} {v:.2f}" for k, v in parts.items())
            + f". The text walk over the page (one pass that also notes story containers, breadcrumbs and labels, "
            f"and leaves `<aside>` unwalked) is {walk:.2f} ms of "
            f"`extract_article`'s {parts.get('extract_article', 0):.2f} ms"
        )
        counts = r.get("elements_per_page")
        if counts:
            text += (
                f"; a page has {counts['elements']:.0f} elements on average, {counts['in_aside']:.0f} of them "
                "inside `<aside>` (the sidebars), which the walk skips"
            )
        text += ".\n"
    text += (
        "\nAccuracy by template:\n\n"
        + table(["extractor", "template", "headline", "date", "authors", "body F1"], by_template)
        + "\n\nHow each field is judged: the headline character for character (the replica prints a few "
        "headlines with a double space, which HTML text collapses, so no extractor can match those); the "
        "publication day in Nepal time; the authors as a set of names, case and spacing ignored (a peer's "
        "author string is split at `;`, `,`, `&` and ` and `; the kind staff/agency/person is not judged); "
        "the body as token F1 against the truth's paragraphs. The project's date and authors go through "
        "`parse_datetime` and `parse_byline` (included in its time). A byline the article page does not "
        "give in a form the extractor reads is a miss here even when the crawl fills it from the listing.\n"
        "\nOffline: trafilatura needs nothing from the network. newspaper4k runs with `fetch_images=False` "
        "(it would download images to size them) and without nltk (only its NLP features need it); its "
        "`tldextract` would fetch the public suffix list on first use, so "
        "`TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS` is set empty and the list shipped in the package is used.\n"
    )
    return text


def _memory(r: dict[str, Any], _: dict[str, Any]) -> str:
    rows = []
    for row in r["rows"]:
        df = row["dupefilter"]
        live = row["live_peak_rss_bytes"]
        rows.append(
            [
                f"{row['articles']:,}",
                f"{row['responses']:,}",
                f"{row['records']:,}",
                mib(row["peak_rss_bytes"]),
                mib(row["rss_open_bytes"]),
                mib(row["rss_close_bytes"]),
                f"{df.get('entries', 0):,} = {mib(df.get('bytes', 0))}",
                "yes" if row.get("numpy_loaded") else "no",
                mib(live) if live else "— (recorded in-process)",
            ]
        )
    text = (
        "Each recording replayed once by `scrapy crawl latest -s SPOTLIGHT_REPLAY=<recording> -O <file>.jsonl`. "
        "Peak RSS is the crawl process's own high-water mark (`VmHWM`, read when the spider closes; imports "
        "included, child processes not; not `ru_maxrss`, which Linux carries over from the parent process); RSS "
        "at open and close are read when the spider opens and closes. The last column is the peak RSS of the "
        "live crawl that made the recording (the same spider against the replica over loopback, with the HTTP "
        "client and the Playwright handler loaded; the crawl process only), from `corpus.json`.\n\n"
        + table(
            [
                "articles",
                "responses",
                "records",
                "peak RSS",
                "RSS at open",
                "RSS at close",
                "dupefilter fingerprints (heap bytes)",
                "numpy loaded",
                "live crawl peak RSS",
            ],
            rows,
        )
    )
    if "growth_bytes_per_article" in r:
        g = r["growth_bytes_per_article"]
        small, large = r["rows"][0], r["rows"][1]
        text += (
            f"\n\nGrowth from {small['articles']:,} to {large['articles']:,} articles: "
            f"**{g:,.0f} bytes of peak RSS per article** ({r['peak_ratio']:.2f}x the peak for "
            f"{large['articles'] / small['articles']:.0f}x the articles; target at most "
            f"{bench_memory.TARGET_BYTES}): {_yes(r['met'])}. On the RSS at close, "
            f"{r['close_growth_bytes_per_article']:,.0f} bytes per article. "
        )
        if "further_growth_bytes_per_article" in r:
            last = r["rows"][-1]
            text += (
                f"From {large['articles']:,} to {last['articles']:,} articles (the {last['articles']:,}-article "
                f"replay, {last['records']:,} records): {r['further_growth_bytes_per_article']:,.0f} bytes per "
                "article. "
            )
        text += (
            "What the crawl holds for every article until it ends: Scrapy's own request fingerprints "
            f"(`RFPDupeFilter`, a Python set: {r['dupefilter_bytes_per_article']:,.0f} bytes per article on the "
            "heap), and the hashes of the entries the listing walk met (`spiders/pagination.py`, a Python set "
            "of integers, about 60 bytes per story). The dedup pipeline's in-run index (every URL, and per "
            "headline key the URL and the body's fingerprint) is a private temporary SQLite database with a "
            "256 KiB page cache, spilled to a temporary file; the incremental state is SQLite on disk, and a "
            "replay does not use it. The feed spider keeps the feed's pages only until its lesson settles (about "
            "20), and no set of pages answered. Each page is parsed into a selector of its own (`extract/page.py`, no back-reference "
            "to its response), so a page is freed by reference counting when the engine drops it.\n"
        )
    return text


def _incremental(r: dict[str, Any], _: dict[str, Any]) -> str:
    def rows_of(mode: str, runs: list[dict[str, Any]]) -> list[list[Any]]:
        return [
            [
                mode,
                row["run"],
                f"{row['requests']:,}",
                f"{row['served']:,}",
                f"{row.get('response_bytes', 0):,}",
                row.get("feed_pages", 0),
                row["listing_pages"],
                row["article_pages"],
                f"{row['records']:,}",
                {True: "yes", False: "**no**"}.get(row.get("records_are_the_new_articles"), "—"),
                f"{row['crawl_wall_s']:.1f} s",
                f"{row['process_wall_s']:.1f} s",
            ]
            for row in runs
        ]

    before, after = r.get("before_rows", []), r["rows"]
    text = (
        f"Three `scrapy crawl latest` runs against one live {r['articles']:,}-article replica sharing one "
        "`SPOTLIGHT_STATE` file (loopback settings of `tests/crawl.py`); before the third, the replica "
        f"publishes {r['new']} articles. Done twice, each time on a fresh replica and state: without the feed "
        "(`SPOTLIGHT_FEED=False`, the listing walk alone, as before feed-first runs) and feed first (the default; "
        "the replica's feed is Django syndication's RSS of the 20 newest stories, with `ETag`/`Last-Modified` and "
        "304s). `downloader/request_count` and `downloader/response_bytes` (status line, headers and body of each response) are from each run's "
        "stats; the replica's own count of requests served is beside them.\n\n"
        + table(
            [
                "mode",
                "run",
                "downloader/request_count",
                "served by the replica",
                "response bytes",
                "feed",
                "listing pages",
                "article pages",
                "records",
                "records = the new articles",
                "crawl wall",
                "whole process (wall)",
            ],
            rows_of("without the feed", before) + rows_of("feed first", after),
        )
    )
    if len(before) == 3 and len(after) == 3:
        b, a = before[1], after[1]
        text += (
            f"\n\nA quiet re-run (nothing new): **{b['requests']} requests and {b['response_bytes']:,} bytes before "
            f"(robots.txt, the home page, listing page 1), {a['requests']} requests and {a['response_bytes']:,} bytes "
            f"feed first** (robots.txt and one conditional feed request answered 304). With {r['new']} new articles: "
            f"{before[2]['requests']} requests and {before[2]['response_bytes']:,} bytes before, "
            f"{after[2]['requests']} requests and {after[2]['response_bytes']:,} bytes feed first (robots.txt, the "
            f"feed, {after[2]['article_pages']} article pages). The first run costs one request more with the feed "
            "(read beside the listing for the check and its validators)."
        )
    return text + "\n"


def _normalize(r: dict[str, Any], _: dict[str, Any]) -> str:
    text = (
        "`benchmarks/bench_normalize.py` (run as is, in its own process): `parse_datetime` over "
        f"{r['n']:,} mixed strings of the forms the site prints, and `dateparser.parse(s, languages=['en'])` "
        "over an evenly spaced sample of them (dateparser alone over all would take minutes). Its output:\n\n"
        "```\n" + r["output"] + "\n```\n"
    )
    if r.get("ratio_same_strings"):
        text += f"\nOn the same strings `parse_datetime` is **{r['ratio_same_strings']:.1f}x** faster than `dateparser.parse`.\n"
    return text


SECTIONS: dict[str, Callable[[dict[str, Any], dict[str, Any]], str]] = {
    "corpus": _corpus,
    "engine": _engine,
    "extract": _extract,
    "memory": _memory,
    "incremental": _incremental,
    "backfill": bench_backfill.markdown,
    "normalize": _normalize,
    "startup": lambda r, _: bench_startup.section(r),
    "install": bench_install.markdown,
}

DESIGN = """\
Figures that once sat in the package's docstrings, kept here with the choice each one supports
(measured before the package was made lighter; not measured again by this script):

- Pages are parsed with lxml.etree's HTML parser, not lxml.html's element classes (parsel's
  default): choosing a Python class for every element the text walk touches cost about a sixth
  of extraction (`extract/page.py`).
- extruct and trafilatura are imported on first use: importing them costs about 0.4 s and 0.25 s
  of every start (`extract/structured.py`, `extract/article.py`).
- With trafilatura and extruct stubbed out, the project's own extraction code takes about 12 ms
  of CPU per real page (8.5 ms before its caches and pre-tests were removed); trafilatura takes
  about 30 ms median on the same pages (part 3b).
- The site's known date forms are read with regular expressions, about two orders of magnitude
  faster than dateparser, which reads only short strings in none of them (part 6,
  `normalize/dates.py`).
- A repost's body sketch (`identity/fingerprint.py`): 128 bottom-k hashes, at most 1,024 bytes a
  story; its similarity estimate has a standard error under 0.03 near the 0.9 threshold.
- The date jump (`backfill/bisect.py`) costs at most about 2 x log2(pages) probes (part 7).
- Scrapy imports aiohttp (its disabled RemoteControl extension) at every start, about 0.2 s (part 8).
"""

NOTES = """\
- Crawls are real `scrapy crawl` (or `scrapy runspider`) processes started with this Python; their
  times come from `benchmarks/probe.py`, an extension added to the project's `EXTENSIONS` for the run
  that records wall and CPU time between `spider_opened` and `spider_closed`, peak and current RSS, and
  the size of the dupefilter and of the dedup pipeline's claims. Whole-process times (start-up,
  imports, shutdown) are shown beside them.
- CPU time is user + system time of the measuring process only; other load on the machine adds
  little to it and much to wall time. Ratios are computed on medians of runs made in the same
  invocation, alternating between the two sides; single figures still move by some tens of per cent
  from one invocation to the next on a shared machine.
- The replica is deterministic (`seed=0`, a frozen clock), so every run crawls the same pages; the
  extraction truth is the replica's own `generate_site(2000, seed=0)`.
- Nothing here is a timed assertion: the scripts print figures, the test suite does not time anything.
"""


if __name__ == "__main__":
    sys.exit(main())
