"""Memory: peak RSS of a replayed ``latest`` crawl at 1,000, 10,000 and 50,000 articles.

    python benchmarks/bench_memory.py [--sizes 1000 10000 50000]

Each size is a recording of the replica made the same way (``benchmarks/corpus.py``),
replayed by ``scrapy crawl latest -s SPOTLIGHT_REPLAY=<recording> -O <file>.jsonl`` in a
process of its own. Peak RSS is that process's own high-water mark (``VmHWM``; start-up
and imports included, child processes not); the probe (``benchmarks/probe.py``) adds the RSS when the spider opened and
closed, and the request fingerprints Scrapy's dupefilter holds (one per request, in a Python
set, for the whole crawl).

Growth per article is the difference of peak RSS between the first two sizes divided by the
difference in articles (the target: at most ``TARGET_BYTES``); a third size shows it stays
flat further on. The 50,000 recording is made in-process (``corpus.DIRECT_ABOVE``), so it has
no live crawl figures. The peak RSS of the live crawl that made each recording (the
replica on 127.0.0.1, with the HTTP client and the Playwright handler loaded; the crawl
process only, not the Playwright driver it starts) is shown beside it, from the
recording's ``corpus.json``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import corpus
from benchmarks.common import mib, scrapy_crawl

TARGET_BYTES = 300
SIZES = (1000, 10000, 50000)


def measure(sizes: tuple[int, ...] = SIZES, seed: int = 0) -> dict[str, Any]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        for n in sizes:
            folder = corpus.ensure(n, seed)
            run = scrapy_crawl(
                "latest", Path(tmp) / str(n), settings={"SPOTLIGHT_REPLAY": str(folder), "LOG_LEVEL": "INFO"}
            )
            if run.probe.get("replay_missing"):
                print(f"  the {n:,} recording misses pages the spider asks for; recording again", flush=True)
                folder = corpus.ensure(n, seed, force=True)
                run = scrapy_crawl(
                    "latest", Path(tmp) / str(n), settings={"SPOTLIGHT_REPLAY": str(folder), "LOG_LEVEL": "INFO"}
                )
            if run.probe.get("reason") != "finished":
                raise RuntimeError(
                    f"replay of {n} articles failed (exit status {run.returncode}); log: {run.log}\n{run.tail()}"
                )
            meta = corpus.load_meta(folder)
            row = {
                "articles": n,
                "responses": run.probe["responses"],
                "records": run.probe["items"],
                # The crawl process's own peak (VmHWM, read by the probe at spider_closed).
                "peak_rss_bytes": run.probe["peak_rss_bytes"],
                "rss_open_bytes": run.probe["rss_open_bytes"],
                "rss_close_bytes": run.probe["rss_close_bytes"],
                "dupefilter": run.probe.get("dupefilter") or {},
                "numpy_loaded": bool(run.probe.get("numpy_loaded")),
                "crawl_wall_s": run.probe["crawl_wall_s"],
                "crawl_cpu_s": run.probe["crawl_cpu_s"],
                "live_peak_rss_bytes": (meta.get("live_crawl") or {}).get("peak_rss_bytes"),
                "live_recorded_at": meta["recorded_at"],
            }
            rows.append(row)
            print(
                f"  {n:,} articles: peak RSS {mib(row['peak_rss_bytes'])} "
                f"(open {mib(row['rss_open_bytes'])}, close {mib(row['rss_close_bytes'])}); "
                f"{row['responses']:,} responses in {row['crawl_wall_s']:.1f} s",
                flush=True,
            )
    result: dict[str, Any] = {"rows": rows}
    if len(rows) >= 2:
        small, large = rows[0], rows[1]
        extra = large["articles"] - small["articles"]
        result["growth_bytes_per_article"] = (large["peak_rss_bytes"] - small["peak_rss_bytes"]) / extra
        result["close_growth_bytes_per_article"] = (large["rss_close_bytes"] - small["rss_close_bytes"]) / extra
        result["dupefilter_bytes_per_article"] = (
            large["dupefilter"].get("bytes", 0) - small["dupefilter"].get("bytes", 0)
        ) / extra
        if small["live_peak_rss_bytes"] and large["live_peak_rss_bytes"]:
            live = large["live_peak_rss_bytes"] - small["live_peak_rss_bytes"]
            result["live_growth_bytes_per_article"] = live / extra
        result["peak_ratio"] = large["peak_rss_bytes"] / small["peak_rss_bytes"]
        result["met"] = result["growth_bytes_per_article"] <= TARGET_BYTES
    if len(rows) >= 3:
        mid, last = rows[1], rows[-1]
        further = (last["peak_rss_bytes"] - mid["peak_rss_bytes"]) / (last["articles"] - mid["articles"])
        result["further_growth_bytes_per_article"] = further
    return result


def report(result: dict[str, Any]) -> None:
    for row in result["rows"]:
        df = row["dupefilter"]
        print(
            f"{row['articles']:>6,} articles: peak RSS {mib(row['peak_rss_bytes'])}; dupefilter {df.get('entries', 0):,} "
            f"fingerprints = {mib(df.get('bytes', 0))}; "
            f"live crawl peak {mib(row['live_peak_rss_bytes']) if row['live_peak_rss_bytes'] else '(recorded in-process)'}"
        )
    if "growth_bytes_per_article" in result:
        print(
            f"growth: {result['growth_bytes_per_article']:,.0f} bytes of peak RSS per article "
            f"({result['peak_ratio']:.2f}x peak for {result['rows'][1]['articles'] // result['rows'][0]['articles']}x articles); "
            f"dupefilter {result['dupefilter_bytes_per_article']:,.0f} B/article (target <= {TARGET_BYTES} B/article)"
        )
    if "further_growth_bytes_per_article" in result:
        print(f"further on: {result['further_growth_bytes_per_article']:,.0f} bytes of peak RSS per article")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args(argv)
    report(measure(tuple(args.sizes)))


if __name__ == "__main__":
    main()
