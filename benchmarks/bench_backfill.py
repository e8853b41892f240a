"""The jump to a date window: a one-year backfill deep in a 50,000-article archive.

    python benchmarks/bench_backfill.py [--articles 50000] [--no-write]

One live replica on 127.0.0.1 (generated once; pages rendered on demand), page size 10.
The year is the calendar year of the story four fifths down the listing. Two real
``scrapy crawl`` runs (loopback settings of ``tests/crawl.py``, no state):

1. ``latest -a since -a until`` with ``SPOTLIGHT_BISECT=False``: the walk from page 1;
2. the same with the jump (the default): bisection, then the window's pages only.

Figures: ``downloader/request_count``, listing pages, probes (``spotlight/bisect/requests``),
article pages, records, wall time of the crawl and of the whole process. The section is
written into BENCHMARKS.md (replacing its earlier one) unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ROOT, ProcessRun, load_average, mib, scrapy_crawl, table

TITLE = "7. Backfill: the jump to a date window"


def _row(label: str, run: ProcessRun, output: Path | None) -> dict[str, Any]:
    records = 0
    if output is not None and output.exists():
        records = sum(1 for line in output.read_text(encoding="utf-8").splitlines() if line.strip())
    return {
        "run": label,
        "exit_status": run.returncode,
        "requests": run.stat("downloader/request_count"),
        "probes": run.stat("spotlight/bisect/requests"),
        "listing_pages": run.stat("spotlight/listing/pages"),
        "article_pages": run.stat("spotlight/article/pages"),
        "records": records,
        "crawl_wall_s": run.probe.get("crawl_wall_s", float("nan")),
        "process_wall_s": run.wall_s,
        "peak_rss_bytes": run.probe.get("peak_rss_bytes", 0),
    }


def measure(articles: int = 50_000, seed: int = 0) -> dict[str, Any]:
    from spotlight_crawler.urls import article_day
    from tests.crawl import FAST
    from tests.replica import Replica

    t0 = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="bench-backfill-") as tmp,
        Replica(n_articles=articles, seed=seed) as replica,
    ):
        generated = time.perf_counter() - t0
        stories = replica.site.latest()
        year = (article_day(stories[int(len(stories) * 0.8)].path) or replica.site.now.date()).year
        since, until = f"{year}-01-01", f"{year}-12-31"
        in_year = sum(1 for a in stories if a.path.startswith(f"/{year}/"))
        pages = -(-len(stories) // 10)
        print(
            f"  {articles:,} articles, {pages:,} listing pages (generated in {generated:.0f} s); year {year}: "
            f"{in_year:,} stories",
            flush=True,
        )
        settings = {**FAST, "SPOTLIGHT_BASE_URL": replica.base_url, "SPOTLIGHT_STATE": "", "LOG_LEVEL": "INFO"}
        window = {"since": since, "until": until}
        rows = []
        for label, extra in (
            ("without the jump (SPOTLIGHT_BISECT=False)", {"SPOTLIGHT_BISECT": "False"}),
            ("with the jump (the default)", {}),
        ):
            work = Path(tmp) / f"run{len(rows) + 1}"
            run = scrapy_crawl("latest", work, settings={**settings, **extra}, args=window, timeout=3600)
            rows.append(_row(label, run, work / "latest.jsonl"))
            _print(rows[-1])
    return {
        "articles": articles,
        "pages": pages,
        "year": year,
        "stories_in_year": in_year,
        "rows": rows,
        "took_s": time.perf_counter() - t0,
    }


def _print(row: dict[str, Any]) -> None:
    print(
        f"    {row['run']}: {row['requests']:,} requests ({row['probes']} probes, {row['listing_pages']:,} listing "
        f"pages, {row['article_pages']:,} articles), {row['records']:,} records, {row['process_wall_s']:.1f} s, "
        f"peak RSS {mib(row['peak_rss_bytes'])} (exit status {row['exit_status']})",
        flush=True,
    )


def report(result: dict[str, Any]) -> None:
    print(f"one-year window ({result['year']}) of a {result['articles']:,}-article replica:")
    for row in result["rows"]:
        _print(row)


def markdown(result: dict[str, Any], _: dict[str, Any] | None = None) -> str:
    rows = result["rows"]
    without, jump = rows[0], rows[1]
    body = [
        f"One live {result['articles']:,}-article replica on 127.0.0.1 ({result['pages']:,} listing pages of 10), "
        f"the calendar year {result['year']} ({result['stories_in_year']:,} stories, four fifths down the listing) "
        "crawled by real `scrapy crawl latest -a since=... -a until=...` runs (loopback settings of `tests/crawl.py`, "
        "no state): the walk from page 1 (`-s SPOTLIGHT_BISECT=False`), then with the jump (bisection of `?page=N`, "
        "then the window's pages only).\n",
        table(
            [
                "run",
                "downloader/request_count",
                "probes",
                "listing pages",
                "article pages",
                "records",
                "crawl wall",
                "whole process (wall)",
                "peak RSS",
            ],
            [
                [
                    r["run"],
                    f"{r['requests']:,}",
                    r["probes"],
                    f"{r['listing_pages']:,}",
                    f"{r['article_pages']:,}",
                    f"{r['records']:,}",
                    f"{r['crawl_wall_s']:.1f} s",
                    f"{r['process_wall_s']:.1f} s",
                    mib(r["peak_rss_bytes"]),
                ]
                for r in rows
            ],
        ),
        "",
        f"The jump: **{jump['requests']:,} requests instead of {without['requests']:,}** "
        f"({jump['probes']} of them probes), {jump['crawl_wall_s']:.0f} s of crawl instead of "
        f"{without['crawl_wall_s']:.0f} s, the same {jump['records']:,} records.",
    ]
    return "\n".join(body) + "\n"


def write_section(result: dict[str, Any], path: Path) -> None:
    """This part's section of BENCHMARKS.md, replaced or appended before the notes on method."""
    head = f"## {TITLE}\n"
    section = f"{head}\n{markdown(result)}\n_This part took {result['took_s']:.0f} s (measured alone by "
    section += f"`python3 benchmarks/bench_backfill.py`, {time.strftime('%Y-%m-%d')}, load average "
    section += f"{' / '.join(f'{v:.1f}' for v in load_average() or ())})._\n\n"
    doc = path.read_text(encoding="utf-8")
    if head in doc:
        start = doc.index(head)
        end = doc.find("\n## ", start + len(head))
        doc = doc[:start] + section + (doc[end + 1 :] if end >= 0 else "")
    elif "\n## Notes on method" in doc:
        at = doc.index("\n## Notes on method") + 1
        doc = doc[:at] + section + doc[at:]
    else:
        doc = doc.rstrip("\n") + "\n\n" + section
    path.write_text(doc, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args(argv)
    result = measure(args.articles)
    report(result)
    if not args.no_write:
        write_section(result, ROOT / "BENCHMARKS.md")
        print(f"wrote section {TITLE!r} into BENCHMARKS.md", flush=True)


if __name__ == "__main__":
    main()
