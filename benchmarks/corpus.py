"""Recordings of the replica for the benchmarks: ``scrapy crawl latest`` with
``SPOTLIGHT_RECORD`` against ``Replica(n_articles=N, seed=S)`` on 127.0.0.1.

    python benchmarks/corpus.py [--articles 2000] [--seed 0] [--force]

A recording lives in ``benchmarks/.corpus/replica-<N>-seed<S>-<key>/`` (git-ignored):
the HTTP cache of every response (listings, articles, robots.txt, the 404 past the last
listing page) and its ``recording.json``, plus

- ``corpus.json``: what was recorded (articles, requests, records, the recording run's
  own wall/CPU time and peak RSS, as a live crawl of the replica);
- ``links.json``: for each recorded page, the recorded URLs it links to (read once from the
  recorded pages here), which the bare spider follows without parsing.

``<key>`` is a hash of the replica's sources, so a changed replica is recorded anew. A
recording is reused while it exists; ``--force`` (or a replay that misses responses, see
``needs_rerecord``) records it again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin

from parsel import Selector

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import CORPUS_ROOT, ROOT, ProcessRun, scrapy_crawl

_ARTICLE = re.compile(r"/\d{4}/\d{2}/\d{2}/[^/?#]+/?$")
# Part of the key: a recording made by an older version of this script is made again.
FORMAT = 3


def replica_key() -> str:
    """A short hash of the replica's sources: a recording is valid for one version of them."""
    digest = hashlib.sha1(f"format {FORMAT}".encode(), usedforsecurity=False)
    for path in sorted((ROOT / "tests" / "replica").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


def corpus_dir(n_articles: int, seed: int = 0) -> Path:
    return CORPUS_ROOT / f"replica-{n_articles}-seed{seed}-{replica_key()}"


def load_meta(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "corpus.json").read_text(encoding="utf-8"))


# Larger recordings are made without the replica's HTTP server (``replica_handler.py``):
# 50,000 articles over loopback would take a quarter of an hour.
DIRECT_ABOVE = 10_000
# The address a recording made without the server names (nothing listens there).
DIRECT_BASE_URL = "http://127.0.0.1:8"


def ensure(n_articles: int, seed: int = 0, *, force: bool = False, quiet: bool = False) -> Path:
    """The recording of the ``n_articles`` replica, recorded now if missing (or ``force``)."""
    folder = corpus_dir(n_articles, seed)
    if not force and (folder / "corpus.json").is_file():
        return folder
    for stale in CORPUS_ROOT.glob(f"replica-{n_articles}-seed{seed}-*"):
        shutil.rmtree(stale, ignore_errors=True)
    record(n_articles, seed, folder, quiet=quiet, direct=n_articles > DIRECT_ABOVE)
    return folder


def record(n_articles: int, seed: int, folder: Path, *, quiet: bool = False, direct: bool = False) -> dict[str, Any]:
    """Record a full ``latest`` crawl of a fresh replica into ``folder`` (atomically); with
    ``direct``, the crawl's requests are answered in-process instead of over loopback."""
    from tests.crawl import FAST
    from tests.replica import Replica

    work = folder.with_name(folder.name + ".partial")
    shutil.rmtree(work, ignore_errors=True)
    cache = work / "cache"
    started = time.perf_counter()
    settings = {**FAST, "SPOTLIGHT_RECORD": str(cache), "SPOTLIGHT_STATE": "", "LOG_LEVEL": "INFO"}
    served: int | None = None
    if direct:
        if not quiet:
            print(f"recording the {n_articles:,}-article replica in-process ...", flush=True)
        handler = json.dumps({"http": "benchmarks.replica_handler.ReplicaDownloadHandler"})
        extra = {"SPOTLIGHT_BASE_URL": DIRECT_BASE_URL, "DOWNLOAD_HANDLERS": handler, "SPOTLIGHT_RENDER": "never"}
        extra |= {"BENCH_REPLICA_ARTICLES": str(n_articles), "BENCH_REPLICA_SEED": str(seed)}
        run = scrapy_crawl("latest", work / "run", settings={**settings, **extra}, timeout=3600)
    else:
        with Replica(n_articles=n_articles, seed=seed, page_size=10) as replica:
            if not quiet:
                print(f"recording the {n_articles:,}-article replica at {replica.base_url} ...", flush=True)
            settings["SPOTLIGHT_BASE_URL"] = replica.base_url
            run = scrapy_crawl("latest", work / "run", settings=settings, timeout=3600)
            served = len(replica.requests)
    if run.returncode != 0 or not run.probe:
        raise RuntimeError(
            f"recording the {n_articles}-article replica failed (exit status {run.returncode}); "
            f"log: {run.log}\n{run.tail()}"
        )
    meta = {
        "n_articles": n_articles,
        "seed": seed,
        "page_size": 10,
        "replica_key": replica_key(),
        "recorded_at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "requests": run.stat("downloader/request_count"),
        "responses": run.probe.get("responses"),
        "records": run.probe.get("items"),
        "served_by_replica": served,
        "seconds": time.perf_counter() - started,
        # A crawl answered in-process is no live crawl: its times and memory are not reported.
        "direct": direct,
        "live_crawl": _summary(run) if not direct else None,
    }
    links = _links(cache)
    (cache / "links.json").write_text(json.dumps(links, indent=0) + "\n", encoding="utf-8")
    (cache / "corpus.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(work / "run" / "data", ignore_errors=True)
    (work / "run" / "latest.jsonl").unlink(missing_ok=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    cache.rename(folder)
    shutil.rmtree(work, ignore_errors=True)
    if not quiet:
        print(
            f"  {meta['requests']:,} requests, {meta['records']:,} records in {meta['seconds']:.0f} s -> {folder}",
            flush=True,
        )
    return meta


def _summary(run: ProcessRun) -> dict[str, Any]:
    return {
        "process_wall_s": run.wall_s,
        "process_cpu_s": run.cpu_s,
        # The crawl process itself (VmHWM), not the Playwright driver it starts.
        "peak_rss_bytes": run.probe.get("peak_rss_bytes"),
        "rss_open_bytes": run.probe.get("rss_open_bytes"),
        "rss_close_bytes": run.probe.get("rss_close_bytes"),
        "crawl_wall_s": run.probe.get("crawl_wall_s"),
        "crawl_cpu_s": run.probe.get("crawl_cpu_s"),
        "dupefilter": run.probe.get("dupefilter"),
        "dedup_claims": run.probe.get("dedup_claims"),
    }


def _links(cache: Path) -> dict[str, Any]:
    """Which recorded URLs each recorded page links to, walked from the home page: each URL
    under the first page that links to it, articles first (the order the spider yields them).

    Read from the recorded pages' own links: a recording keeps no Referer (which page linked
    first depends on the order responses arrived)."""
    manifest = json.loads((cache / "recording.json").read_text(encoding="utf-8"))
    base = manifest["base_url"].rstrip("/")
    bodies: dict[str, Path] = {}
    for meta_file in cache.glob("*/*/*/meta.json"):
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        if not meta.get("rendered") and not meta["url"].endswith("/robots.txt"):
            bodies[meta["url"]] = meta_file.parent / "response_body"
    children: dict[str, list[str]] = {}
    queue, claimed = [base + "/"], {base + "/"}
    for page in queue:
        if _ARTICLE.search(page) or page not in bodies:
            continue
        html = bodies[page].read_bytes().decode("utf-8", "replace")
        found = []
        for href in Selector(text=html).css("a::attr(href), link::attr(href)").getall():
            url = urldefrag(urljoin(page, href.strip()))[0]
            if url in bodies and url not in claimed:
                claimed.add(url)
                found.append(url)
        children[page] = [u for u in found if _ARTICLE.search(u)] + [u for u in found if not _ARTICLE.search(u)]
        queue.extend(children[page])
    return {"base_url": manifest["base_url"], "children": children}


def article_pages(folder: Path) -> list[tuple[str, Path]]:
    """``(url, response_body path)`` of every recorded article page answered 200."""
    pages = []
    for meta_file in folder.glob("*/*/*/meta.json"):
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        if meta.get("status") == 200 and not meta.get("rendered") and _ARTICLE.search(meta["url"]):
            pages.append((meta["url"], meta_file.parent / "response_body"))
    pages.sort()
    return pages


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--force", action="store_true", help="record again even if a recording exists")
    args = parser.parse_args(argv)
    folder = ensure(args.articles, args.seed, force=args.force)
    meta = load_meta(folder)
    print(json.dumps(meta, indent=1))


if __name__ == "__main__":
    main()
