"""Crawl the replica with the real crawler, offline: the quickest way to see a run.

    python -m tests.replica.crawl international -O international.jsonl
    python -m tests.replica.crawl latest -a max_pages=2 --articles 200

Starts the replica on 127.0.0.1, runs ``scrapy crawl`` against it with every other
argument passed through, stops the replica and exits with the crawl's exit status.
Runs start with ``-a fresh=1`` unless ``-s SPOTLIGHT_STATE=...`` is given, so trying it
out never touches a scheduled run's state.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from tests.replica import Replica

ROOT = Path(__file__).resolve().parents[2]
# Loopback needs no politeness delays (spotlight_crawler/addon.py).
FAST = ["-s", "SPOTLIGHT_PRESET=loopback"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spider", choices=["international", "latest", "article"])
    parser.add_argument("--articles", type=int, default=40, help="size of the replica (default 40)")
    parser.add_argument("--seed", type=int, default=0)
    args, scrapy_args = parser.parse_known_args(argv)
    if not any(a.startswith("SPOTLIGHT_STATE=") for a in scrapy_args):
        scrapy_args += ["-a", "fresh=1"]
    with Replica(n_articles=args.articles, seed=args.seed) as replica:
        print(f"Replica of www.spotlightnepal.com at {replica.base_url} ({args.articles} articles)", flush=True)
        cmd = [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            args.spider,
            "-s",
            f"SPOTLIGHT_BASE_URL={replica.base_url}",
            *FAST,
            *scrapy_args,
        ]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        return subprocess.run(cmd, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
