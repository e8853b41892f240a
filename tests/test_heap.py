"""The garbage collector's settings during a crawl, and given back after it.

tests/test_crawl.py checks the frozen objects' count in a real crawl's stats."""

from __future__ import annotations

import gc
from typing import Any

from spotlight_crawler.run.heap import YOUNG_THRESHOLD, CrawlHeap


class _Stats:
    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def set_value(self, key: str, value: Any) -> None:
        self.values[key] = value


def test_the_engine_run_freezes_start_up_and_scans_the_young_less_often_then_gives_both_back():
    before = gc.get_threshold()
    stats = _Stats()
    heap = CrawlHeap(stats)  # type: ignore[arg-type]  # only set_value is used
    heap.engine_started()
    try:
        assert gc.get_freeze_count() > 1000
        assert gc.get_threshold()[0] == max(before[0], YOUNG_THRESHOLD)
        assert stats.values["spotlight/heap/frozen_objects"] == gc.get_freeze_count()
    finally:
        heap.engine_stopped()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before
