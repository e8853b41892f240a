"""The feed-check monitor and the quiet-run verdict, on chosen stats."""

from __future__ import annotations

import pytest

from spotlight_crawler.run import verdict
from tests.test_monitors import HEALTHY, run_monitors

EXAMPLE = (
    "https://www.spotlightnepal.com/2024/10/22/x/: page '2024-10-22T19:54:00+05:45' | feed '2024-10-22T14:09:00+05:45'"
)


def checked(field: str, agree: int, disagree: int) -> dict[str, object]:
    return {
        f"spotlight/feed_check/{field}/agree": agree,
        f"spotlight/feed_check/{field}/disagree": disagree,
        f"spotlight/feed_check/{field}/example": EXAMPLE,
    }


@pytest.mark.parametrize(
    ("stats", "settings", "reasons"),
    [
        (checked("published_at", 9, 1), {}, []),  # 90%: enough
        (checked("published_at", 1, 3), {}, []),  # 4 stories: too few to judge
        (
            checked("published_at", 8, 2),
            {},
            [
                f"feed check: published_at agrees with the site's feed on 8 of 10 stories (80%, needs 90%), e.g. {EXAMPLE}"
            ],
        ),
        (checked("published_at", 8, 2), {"SPOTLIGHT_FEED_MIN_AGREEMENT": 0.75}, []),
        (checked("authors", 2, 3), {"SPOTLIGHT_FEED_CHECK_MIN_STORIES": 10}, []),
        (
            {**checked("headline", 0, 6), **checked("authors", 6, 0)},
            {},
            [f"feed check: headline agrees with the site's feed on 0 of 6 stories (0%, needs 90%), e.g. {EXAMPLE}"],
        ),
    ],
)
def test_feed_agreement(stats, settings, reasons):
    assert run_monitors({**HEALTHY, **stats}, **settings) == reasons


def test_a_stateful_run_told_304_by_the_feed_is_good():
    quiet = {
        "finish_reason": "finished",
        "spotlight/state/file": "/x/state.sqlite3",
        "spotlight/feed/pages": 1,
        "spotlight/feed/not_modified": 1,
        "downloader/response_count": 2,
    }
    assert run_monitors(quiet) == []
    assert verdict.read({**quiet, "spotlight/monitors/failed": []}) == (verdict.OK, [])
    # Without the state nothing explains an empty run, 304 or not.
    assert run_monitors({k: v for k, v in quiet.items() if k != "spotlight/state/file"})
