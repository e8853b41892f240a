"""A page that is not a story is a page not read: no record, not seen, asked for again.

Each case runs twice on one state file, ``-o`` into a new file each time: run 1 against the
spoilt site (a replica fault, tests/replica/faults.py), run 2 against the healthy one.
Afterwards every story is on disk exactly once with its real fields (no junk record), and
run 1 exited non-zero naming the kind of page it met.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.crawl import crawl
from tests.test_no_story_lost import verdict_line
from tests.truth import assert_matches_truth, expected

# Real crawls, servers on 127.0.0.1 or subprocesses: the end-to-end layer.
pytestmark = pytest.mark.e2e

SPOILT = [
    # fault, its parameters, every article (True) or three of them, the kind the crawl names
    pytest.param("soft_404", {}, False, "error", id="200 Page not found in the site's chrome"),
    pytest.param("wall", {}, False, "wall", id="Sign in to continue reading"),
    pytest.param("wall", {"teaser": True}, False, "wall", id="Sign in to continue reading after a teaser"),
    pytest.param("challenge", {}, False, "challenge", id="Just a moment... Checking your browser"),
    pytest.param("empty", {}, False, "empty", id="empty body"),
    pytest.param(
        "truncated",
        {"encoding": "gzip", "at": 0.5, "content_length": "matching"},
        False,
        "cut",
        id="gzip cut half way, matching Content-Length",
    ),
    pytest.param("maintenance", {}, True, "maintenance", id="a maintenance window on every article"),
    pytest.param("deep", {"depth": 5_000, "kind": "article"}, False, None, id="nested 5,000 divs deep"),
    pytest.param("deep", {"depth": 50_000, "kind": "article"}, False, None, id="nested 50,000 divs deep"),
]


def two_runs(replica: Any, tmp_path: Any, fault: str, params: dict[str, Any], every: bool) -> tuple[Any, Any, int]:
    articles = replica.site.latest()
    victims = articles if every else [articles[i] for i in (1, 6, 13)]
    replica.set_fault(fault, **params, **({} if every else {"paths": [a.path for a in victims]}))
    settings = {"SPOTLIGHT_STATE": str(tmp_path / "state.sqlite3"), "SPOTLIGHT_RENDER": "never"}
    first = crawl("latest", replica.base_url, tmp_path / "run1", settings=settings)
    replica.clear_faults()
    second = crawl("latest", replica.base_url, tmp_path / "run2", settings=settings)
    return first, second, len(victims)


@pytest.mark.parametrize(("fault", "params", "every", "kind"), SPOILT)
def test_a_page_that_is_not_a_story_is_not_written_and_the_next_run_reads_it(
    replica_factory, tmp_path, fault, params, every, kind
):
    replica = replica_factory(n_articles=24, page_size=10)
    first, second, spoilt = two_runs(replica, tmp_path, fault, params, every)
    truth = expected(replica.site.latest())

    if kind is None:  # read in run 1 already: nothing is lost, nothing is left for run 2
        assert first.returncode == 0, verdict_line(first)
        assert not any(k.startswith("spotlight/article/not_story/") for k in first.stats)
    else:
        assert first.returncode == 5
        assert first.stat(f"spotlight/article/not_story/{kind}") == spoilt
        assert f"article pages were not stories ({kind} {spoilt})" in verdict_line(first)
        assert f"article pages that were not stories, no record written: {spoilt} ({kind} {spoilt})" in first.log
        assert first.stat(f"spotlight/failures/carried/{kind}") == spoilt  # kept for the next run
        if kind == "cut":  # each answer's gzip stream stopped short: told from the stream, not the text
            assert first.stat("spotlight/stream/cut") == spoilt * 3  # the page, asked again twice (RETRY_TIMES)
        assert first.stat("spotlight/dedup/dropped/repost_in_this_run") <= 1  # the site's one repost at most
        assert second.returncode == 0, verdict_line(second)
        assert second.stat(f"spotlight/failures/retried/{kind}") == spoilt
        assert second.stat("spotlight/failures/recovered") == spoilt
    # Every story on disk once, each record the real story (no "Page not found" or half a body).
    assert_matches_truth(first.records + second.records, truth, replica.site)


def test_one_story_served_under_every_url_is_the_site_failing_not_reposts(replica_factory, tmp_path):
    replica = replica_factory(n_articles=24, page_size=10)
    source = replica.site.latest()[5]
    first, second, spoilt = two_runs(replica, tmp_path, "same_page", {"source": source.path}, every=True)

    assert first.returncode == 5
    assert first.stat("spotlight/article/not_story/shared") == spoilt
    assert "article pages were not stories (shared 24)" in verdict_line(first)
    # Read as a story (and its repost) until the third URL served the text: at most one line was
    # written then, and named; nothing of run 1 stays remembered, every URL is asked for again.
    assert len(first.records) <= 1
    for record in first.records:
        [warning] = [line for line in first.log.splitlines() if "served under 3 URLs or more" in line]
        assert record["url"] in warning and "may not be its story" in warning
    assert first.stat("spotlight/failures/carried/shared") == spoilt

    assert second.returncode == 0, verdict_line(second)
    assert_matches_truth(second.records, expected(replica.site.latest()), replica.site)


def test_a_page_that_stays_no_story_is_given_up_after_the_bound_and_fails_that_run(replica_factory, tmp_path):
    replica = replica_factory(n_articles=12, page_size=10)
    victim = replica.site.latest()[2]
    replica.set_fault("wall", paths=[victim.path])
    settings = {"SPOTLIGHT_STATE": str(tmp_path / "state.sqlite3"), "SPOTLIGHT_MAX_ATTEMPTS": "2"}
    first = crawl("latest", replica.base_url, tmp_path / "run1", settings=settings)
    assert first.returncode == 5 and first.stat("spotlight/failures/carried/wall") == 1

    second = crawl("latest", replica.base_url, tmp_path / "run2", settings=settings)
    assert second.returncode == 5
    assert second.stat("spotlight/failures/retried/wall") == 1
    assert second.stat("spotlight/failures/given_up/wall") == 1
    assert "stories lost: 1 pages given up after 2 attempts" in verdict_line(second)
    assert victim.canonical_url not in {r["url"] for r in first.records + second.records}
