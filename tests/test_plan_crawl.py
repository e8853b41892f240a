"""End to end: ``scrapy crawl plan`` against a large replica splits a year into parts."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta
from itertools import pairwise

import pytest

from spotlight_crawler.urls import article_day
from tests.crawl import crawl

pytestmark = pytest.mark.e2e

PAGE_SIZE = 10


@pytest.mark.parametrize(("since", "until", "parts"), [(date(2023, 1, 1), date(2023, 12, 31), 4)])
def test_the_plan_tiles_the_window_in_parts_of_about_equal_listing_pages(
    replica_factory, tmp_path, since, until, parts
):
    replica = replica_factory(n_articles=3000, page_size=PAGE_SIZE)
    out = tmp_path / "plan.json"
    args = {"since": since.isoformat(), "until": until.isoformat(), "parts": str(parts), "out": str(out)}
    result = crawl("plan", replica.base_url, tmp_path, args=args, settings={"SPOTLIGHT_STATE": ""})
    assert result.returncode == 0, result.log[-3000:]
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert [p["index"] for p in plan] == list(range(1, parts + 1))
    windows = [(date.fromisoformat(p["since"]), date.fromisoformat(p["until"])) for p in plan]
    # Newest first, touching, covering the window exactly: every day in one part.
    assert windows[0][1] == until and windows[-1][0] == since
    for (newer_since, _), (_, older_until) in pairwise(windows):
        assert older_until == newer_since - timedelta(days=1)
    # The listing pages that actually hold each part's stories.
    days = [article_day(a.path) for a in replica.site.latest()]
    held = [{i // PAGE_SIZE + 1 for i, d in enumerate(days) if d and lo <= d <= hi} for lo, hi in windows]
    counts = [len(pages) for pages in held]
    assert max(counts) - min(counts) <= 3, counts
    for part, pages in zip(plan, held, strict=True):
        assert abs(part["first_page"] - min(pages)) <= 1 and abs(part["last_page"] - max(pages)) <= 1, (part, pages)
    assert "part 1: scrapy crawl latest -a since=" in result.log
    # Two bisections sharing their probes, plus a page where each pair of parts meets; no article.
    pages = len(days) // PAGE_SIZE
    assert result.stat("spotlight/bisect/requests") <= 2 * (2 * math.log2(pages) + 3) + parts - 1
    assert result.stat("spotlight/article/pages") == 0
    assert not [r for r in replica.requests if article_day(r["path"])]


def test_the_plan_needs_its_window(tmp_path):
    result = crawl("plan", "http://127.0.0.1:9", tmp_path, args={"since": "2023-01-01", "parts": "2"})
    assert result.returncode == 1
    assert "the plan spider needs -a until=YYYY-MM-DD" in result.log
