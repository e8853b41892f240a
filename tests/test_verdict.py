"""The run's verdict is decided once (``verdict.settle``) and read by everything after it."""

from __future__ import annotations

import logging

from scrapy import Spider
from scrapy.utils.test import get_crawler

from spotlight_crawler.run import keys, verdict
from spotlight_crawler.run.summary import summary_lines

REACHED = {keys.LISTING_PAGES: 2, keys.ARTICLE_PAGES: 5, "downloader/response_count": 8}


def collector(values):
    stats = get_crawler(Spider).stats
    stats.set_stats(dict(values))
    return stats


def test_a_good_run_settles_ok_in_the_stats_without_a_line(caplog):
    stats = collector(REACHED)
    with caplog.at_level(logging.ERROR):
        assert verdict.settle(stats) == (verdict.OK, [])
    assert stats.get_value(keys.VERDICT_EXIT_STATUS) == verdict.OK
    assert stats.get_value(keys.VERDICT_FAILURES) == []
    assert caplog.records == []


def test_the_verdict_is_decided_once_and_logged_once(caplog):
    stats = collector({**REACHED, keys.MONITORS_FAILED: ["0 records written, needs at least 1"]})
    with caplog.at_level(logging.ERROR):
        first = verdict.settle(stats)
        # Whatever the stats say later, the run's verdict stays what was decided at close.
        stats.set_value(keys.MONITORS_FAILED, [])
        stats.set_value(keys.REPLAY_MISSING, 3)
        again = verdict.settle(stats)
    assert first == again == (verdict.MONITOR_FAILED, [(verdict.MONITOR_FAILED, "0 records written, needs at least 1")])
    assert [r.getMessage() for r in caplog.records] == [
        "Run not good (exit status 5): 0 records written, needs at least 1."
    ]
    assert verdict.read(stats.get_stats()) == first
    assert summary_lines(stats.get_stats(), "latest", [])[0] == "Run summary (latest, unknown, exit status 5):"


def test_stats_without_a_settled_verdict_are_judged_when_read():
    unreached = {"downloader/response_count": 1}
    status, found = verdict.read(unreached)
    assert status == verdict.UNREACHABLE and found[0][1].startswith("the site could not be reached")


def test_pages_left_for_the_next_run_make_a_run_that_stopped_short_status_8():
    stats = collector(
        {
            **REACHED,
            "item_scraped_count": 119,
            keys.FAILURES_CARRIED: 2881,
            keys.failures_carried("connection_refused"): 2880,
            keys.failures_carried("http_503"): 1,
        }
    )
    assert verdict.settle(stats) == (
        verdict.STOPPED_SHORT,
        [
            (
                8,
                "stopped short: 119 stories written, 2881 pages left for the next run (connection_refused 2880, http_503 1)",
            )
        ],
    )


def test_a_failed_monitor_outranks_pages_left_for_the_next_run():
    stats = {**REACHED, keys.FAILURES_CARRIED: 1, keys.MONITORS_FAILED: ["an ERROR line in the log"]}
    status, found = verdict.read(stats)
    assert status == verdict.MONITOR_FAILED
    assert [code for code, _ in found] == [verdict.MONITOR_FAILED, verdict.STOPPED_SHORT]


def test_an_output_that_could_not_be_written_is_exit_7_and_says_only_that():
    # The site never reached and monitors failed on records that never reached the file: 7 alone.
    failed = {
        "downloader/response_count": 0,
        keys.MONITORS_FAILED: ["0 records written, needs at least 1"],
        keys.OUTPUT_WRITE_FAILED: "the output /data/latest.jsonl could not be written (No space left on device)",
    }
    assert verdict.read(failed) == (
        verdict.OUTPUT_FAILED,
        [(7, "the output /data/latest.jsonl could not be written (No space left on device)")],
    )
