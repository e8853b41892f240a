"""A crawl stopped mid-way resumes where it stopped: JOBDIR for the queue, the seen-store
for what was written. Each run writes its own output; together they hold every story once.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.utils.request import request_from_dict
from scrapy.utils.test import get_crawler

from spotlight_crawler.extract.listing import ListingEntry
from spotlight_crawler.incremental.jobdir import MARKER, set_aside_if_killed
from spotlight_crawler.spiders.latest import LatestSpider
from tests.crawl import FAST, ROOT, crawl, read_jsonl, validate
from tests.processes import wait_for
from tests.replica.faults import as_hook
from tests.truth import expected, story_of

# Real crawls, servers on 127.0.0.1 or subprocesses: the end-to-end layer.
pytestmark = pytest.mark.e2e

ORIGIN = "https://www.spotlightnepal.com"
SETTINGS = {"SPOTLIGHT_RENDER": "never"}


def complete_lines(path: Path) -> list[dict]:
    """The records a killed run left whole; a torn last line is not a record."""
    data = path.read_bytes() if path.exists() else b""
    cut = path.parent / (path.name + ".whole")
    cut.write_bytes(data[: data.rfind(b"\n") + 1])
    return read_jsonl(cut)


def start(replica, workdir: Path, output: Path, jobdir: Path, state: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "latest", "-o", str(output)]
    # One request at a time (Scrapy 2.19 honours the per-domain limit only with a delay set).
    slow = {"CONCURRENT_REQUESTS_PER_DOMAIN": "1", "DOWNLOAD_DELAY": "0.01"}
    settings = {
        **FAST,
        **SETTINGS,
        **slow,
        "SPOTLIGHT_BASE_URL": replica.base_url,
        "JOBDIR": str(jobdir),
        "SPOTLIGHT_STATE": str(state),
        "SPOTLIGHT_REPORT_FILE": str(workdir / "run1.report.json"),
    }
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SPOTLIGHT_DATA_DIR": str(workdir / "data")}
    log = (workdir / "run1.log").open("wb")
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_stopped_crawl_resumes_where_it_stopped(replica_factory, tmp_path, sig):
    # A short feed: its pages are written together once all are read (spiders/feed.py), then one by one.
    replica = replica_factory(n_articles=20, page_size=8, feed={"window": 3})
    # Article pages answer slowly (outside the replica's lock) so the crawl can be stopped mid-way.
    replica.hooks.append(as_hook(replica, "slow", delay=0.4, kind="article"))
    jobdir, state = tmp_path / "job", tmp_path / "state.sqlite3"
    out1, out2 = tmp_path / "run1.jsonl", tmp_path / "run2.jsonl"
    proc = start(replica, tmp_path, out1, jobdir, state)
    try:
        wait_for(
            lambda: len(complete_lines(out1)) >= 3,
            "three records of the first run",
            timeout=90,
            interval=0.05,
            details=lambda: (tmp_path / "run1.log").read_text(errors="replace")[-3000:],
        )
        proc.send_signal(sig)
        assert proc.wait(timeout=60) is not None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    first = complete_lines(out1)
    total = expected(replica.site.latest())
    assert 3 <= len(first) < len(total), "the stop did not land mid-run"
    if sig == signal.SIGTERM:  # a graceful stop closed the spider and saved the queue
        report = (tmp_path / "run1.report.json").read_text()
        assert '"finish_reason": "shutdown"' in report and "scheduler/unserializable" not in report
        assert not (jobdir / MARKER).exists()
    else:
        assert (jobdir / MARKER).exists()

    replica.hooks.clear()  # the second run may go at full speed
    fetched_first = {r["path"] for r in replica.requests}  # with the query
    replica.reset_requests()
    second = crawl(
        "latest",
        replica.base_url,
        tmp_path / "run2",
        output=out2,
        settings={**SETTINGS, "JOBDIR": str(jobdir), "SPOTLIGHT_STATE": str(state)},
    )
    assert second.stats.get("finish_reason") == "finished", second.log[-3000:]
    validate(first + second.records)

    # Together, every story exactly once.
    urls = [r["url"] for r in first + second.records]
    assert len(urls) == len(set(urls)), "a story was written twice"
    stories = sorted(story_of(replica.site.lookup(u.removeprefix(ORIGIN))) for u in urls)
    assert stories == sorted(story_of(a) for a in total.values())
    # Resumed, not restarted: no article written by the first run was fetched again.
    fetched_again = {r["path"] for r in replica.requests} & {r["url"].removeprefix(ORIGIN) for r in first}
    assert not fetched_again
    if sig == signal.SIGTERM:
        # The JOBDIR's requests.seen, read back by the dupefilter: nothing the first run asked
        # for is asked for again (the home page, robots.txt and the feed are asked for by every run).
        fetched_second = {r["path"] for r in replica.requests}  # with the query
        assert (fetched_first & fetched_second) - {"/", "/robots.txt", "/feed/"} == set()
        assert (jobdir / "requests.seen").stat().st_size > 0
        assert "spotlight/jobdir/set_aside" not in second.stats
        assert second.stat("spotlight/listing/pages") < 3  # listing pages read before the stop are not read again
    else:  # a killed run's queue is incomplete: set aside, the listings walked again
        assert second.stats["spotlight/jobdir/set_aside"].startswith(str(jobdir / "killed-"))
        assert second.stat("spotlight/state/recovered") == len(first)
    assert not (jobdir / MARKER).exists()


def test_requests_survive_the_jobdir_pickle():
    """JOBDIR stores requests on disk: callbacks must be spider methods, cb_kwargs picklable."""
    crawler = get_crawler(LatestSpider, {"SPOTLIGHT_BASE_URL": "http://127.0.0.1:1", "SPOTLIGHT_RENDER": "never"})
    spider = LatestSpider.from_crawler(crawler)
    entry = ListingEntry("http://127.0.0.1:1/2024/10/22/a-story/", "A story", "Its summary", "Agencies", "Oct 22, 2024")
    requests = [
        spider.article_request(entry.url, "latest", entry),
        spider.listing_request("http://127.0.0.1:1/articles/", 3),
    ]
    for request in requests:
        back = request_from_dict(pickle.loads(pickle.dumps(request.to_dict(spider=spider))), spider=spider)
        assert (back.url, back.callback, back.errback, back.cb_kwargs) == (
            request.url,
            request.callback,
            request.errback,
            request.cb_kwargs,
        )
    assert requests[0].cb_kwargs["entry"] == entry


def test_only_a_jobdir_left_by_a_killed_crawl_is_set_aside(tmp_path):
    (tmp_path / "requests.seen").write_text("abc\n")
    assert set_aside_if_killed(tmp_path) is None  # closed cleanly: resumed as Scrapy does
    (tmp_path / MARKER).write_text("running\n")
    (tmp_path / "requests.queue").mkdir()
    aside = set_aside_if_killed(tmp_path)
    assert aside is not None and aside.parent == tmp_path and aside.name.startswith("killed-")
    assert sorted(p.name for p in aside.iterdir()) == sorted([MARKER, "requests.queue", "requests.seen"])
    assert list(tmp_path.iterdir()) == [aside]
    (tmp_path / MARKER).write_text("running\n")
    assert set_aside_if_killed(tmp_path) not in (None, aside)
