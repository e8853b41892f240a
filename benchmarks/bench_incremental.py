"""Incremental cost: what a scheduled re-run of ``latest`` asks for when nothing and when
10 articles are new, on a 2,000-article replica, without the site's feed and with it.

    python benchmarks/bench_incremental.py [--articles 2000] [--new 10]

For each mode (``SPOTLIGHT_FEED=False``: the listing walk alone, as before feed-first runs;
then the default, feed first), three real ``scrapy crawl latest`` runs against one live
replica on 127.0.0.1, sharing one ``SPOTLIGHT_STATE`` file: the first primes the state (a
full crawl), the second re-runs with nothing new, then the replica publishes ``--new``
articles and the third re-runs. The figures are each run's ``downloader/request_count`` and
``downloader/response_bytes`` (from the run's stats), the requests the replica served, the
records written and the run's time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ProcessRun, scrapy_crawl


def _row(label: str, run: ProcessRun, served: int, new_urls: set[str] | None, output: Path) -> dict[str, Any]:
    import json

    records = (
        [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines() if line.strip()]
        if output.exists()
        else []
    )
    row = {
        "run": label,
        "exit_status": run.returncode,
        "requests": run.stat("downloader/request_count"),
        "response_bytes": run.stat("downloader/response_bytes"),
        "feed_pages": run.stat("spotlight/feed/pages"),
        "served": served,
        "listing_pages": run.stat("spotlight/listing/pages"),
        "article_pages": run.stat("spotlight/article/pages"),
        "skipped_seen": run.stat("spotlight/incremental/skipped_seen"),
        "records": len(records),
        "process_wall_s": run.wall_s,
        "crawl_wall_s": run.probe.get("crawl_wall_s", float("nan")),
        "crawl_cpu_s": run.probe.get("crawl_cpu_s", float("nan")),
    }
    if new_urls is not None:
        row["records_are_the_new_articles"] = {r["url"] for r in records} == new_urls
    return row


def measure(articles: int = 2000, new: int = 10, seed: int = 0) -> dict[str, Any]:
    """``rows``: feed first (the default); ``before_rows``: the same runs with ``SPOTLIGHT_FEED=False``."""
    print("  without the feed (SPOTLIGHT_FEED=False):", flush=True)
    before = _runs(articles, new, seed, feed=False)
    print("  feed first (the default):", flush=True)
    return {"articles": articles, "new": new, "rows": _runs(articles, new, seed, feed=True), "before_rows": before}


def _runs(articles: int, new: int, seed: int, feed: bool) -> list[dict[str, Any]]:
    from tests.crawl import FAST
    from tests.replica import Replica

    rows = []
    with (
        tempfile.TemporaryDirectory(prefix="bench-incremental-") as tmp,
        Replica(n_articles=articles, seed=seed) as replica,
    ):
        settings = {
            **FAST,
            "SPOTLIGHT_BASE_URL": replica.base_url,
            "SPOTLIGHT_STATE": str(Path(tmp) / "state.sqlite3"),
            "SPOTLIGHT_FEED": str(feed),
            "LOG_LEVEL": "INFO",
        }
        plan: list[tuple[str, int]] = [
            ("first run (primes the state)", 0),
            ("re-run, nothing new", 0),
            (f"re-run, {new} new", new),
        ]
        for i, (label, publish) in enumerate(plan):
            new_urls = None
            if publish:
                published = replica.publish(publish)
                new_urls = {a.canonical_url for a in published}
            elif i > 0:
                new_urls = set()
            before = len(replica.requests)
            work = Path(tmp) / f"run{i + 1}"
            run = scrapy_crawl("latest", work, settings=settings, timeout=3600)
            row = _row(label, run, len(replica.requests) - before, new_urls, work / "latest.jsonl")
            rows.append(row)
            print(
                f"    {label}: {row['requests']:,} requests, {row['response_bytes']:,} bytes, {row['records']:,} records, "
                f"{row['process_wall_s']:.1f} s (exit status {row['exit_status']})",
                flush=True,
            )
    return rows


def report(result: dict[str, Any]) -> None:
    print(f"scheduled runs of latest on a {result['articles']:,}-article replica:")
    for mode, key in (("without the feed", "before_rows"), ("feed first", "rows")):
        print(f" {mode}:")
        for row in result.get(key, []):
            print(
                f"  {row['run']:30}: downloader/request_count {row['requests']:>5,}, response bytes "
                f"{row['response_bytes']:>10,}  (feed {row['feed_pages']}, listing pages {row['listing_pages']}, "
                f"article pages {row['article_pages']}, records {row['records']})"
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--new", type=int, default=10)
    args = parser.parse_args(argv)
    report(measure(args.articles, args.new))


if __name__ == "__main__":
    main()
