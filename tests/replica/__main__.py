"""Serve the replica by hand: ``python -m tests.replica --articles 40 --port 8000``.

Useful to look at the pages in a browser or to point ``scrapy shell`` at
them. Ctrl-C stops the server.
"""

from __future__ import annotations

import argparse
import time

from .pages import DEFAULT_INTERNATIONAL_PATH, DEFAULT_LATEST_PATH
from .server import Replica


def crawl_line(base_url: str) -> str:
    """The command that crawls this replica from another terminal: the loopback preset, and no
    incremental state (a scheduled run's seen-store must not learn the replica's stories)."""
    return (
        f"Crawl it with: scrapy crawl latest -s SPOTLIGHT_BASE_URL={base_url} -s SPOTLIGHT_PRESET=loopback "
        f"-a fresh=1 -O latest.jsonl"
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m tests.replica", description=__doc__)
    ap.add_argument("--articles", type=int, default=40, help="number of articles (default 40)")
    ap.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (0 = any free one)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--page-size", type=int, default=10)
    ap.add_argument("--international-path", default=DEFAULT_INTERNATIONAL_PATH)
    ap.add_argument("--latest-path", default=DEFAULT_LATEST_PATH)
    ap.add_argument("--no-nav", action="store_true", help="drop the navigation links")
    ap.add_argument("--quiet", action="store_true", help="do not log requests")
    args = ap.parse_args(argv)

    replica = Replica(
        n_articles=args.articles,
        seed=args.seed,
        page_size=args.page_size,
        port=args.port,
        international_path=args.international_path,
        latest_path=args.latest_path,
        nav=not args.no_nav,
        verbose=not args.quiet,
    )
    with replica:
        print(
            f"Replica of www.spotlightnepal.com serving {args.articles} articles "
            f"at {replica.base_url}/ (Ctrl-C to stop)",
            flush=True,
        )
        print(crawl_line(replica.base_url), flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
