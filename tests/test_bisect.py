"""Finding the listing page that holds a date (spotlight_crawler/backfill/bisect.py), on simulated listings."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from spotlight_crawler.backfill.bisect import PAGE_LIMIT, PAST_END, UNDATED, Dated, Found, Observation, next_probe

START = date(2024, 12, 31)


def listing(pages: int, per_day: int = 3, size: int = 10) -> list[list[date]]:
    """``pages`` pages of ``size`` entries, newest first, ``per_day`` stories a day from START back."""
    days = [START - timedelta(days=i // per_day) for i in range(pages * size)]
    return [days[i : i + size] for i in range(0, len(days), size)]


def observe(
    pages: list[list[date]], page: int, past_end: str = "404", undated: frozenset[int] = frozenset()
) -> Observation:
    """What probing ``page`` shows; ``past_end``: ``404`` or ``clamp`` (the last page again)."""
    if page > len(pages):
        if past_end == "404":
            return PAST_END
        page = len(pages)
    if page in undated:
        return UNDATED
    days = pages[page - 1]
    return Dated(max(days), min(days), tuple(f"/{page}/{i}/" for i in range(len(days))))


def search(target: date, pages: list[list[date]], hint: int | None = None, **site: object) -> tuple[Found, int]:
    """Probe until found: the answer and how many pages it cost."""
    seen: dict[int, Observation] = {}
    while True:
        step = next_probe(target, seen, hint)
        if isinstance(step, Found):
            return step, len(seen)
        assert step not in seen, f"page {step} probed twice"
        seen[step] = observe(pages, step, **site)  # type: ignore[arg-type]


def truth(target: date, pages: list[list[date]]) -> int:
    """The first page holding an entry on or before ``target`` (one past the end if none)."""
    return next((n for n, days in enumerate(pages, 1) if min(days) <= target), len(pages) + 1)


def bound(n_pages: int) -> int:
    return int(2 * math.log2(n_pages) + 3)


SITES = [
    pytest.param({}, id="404-past-the-end"),
    pytest.param({"past_end": "clamp"}, id="clamps-to-the-last-page"),
]


@pytest.mark.parametrize("site", SITES)
@pytest.mark.parametrize("n_pages", [1, 2, 3, 7, 64, 300, 1000])
@pytest.mark.parametrize("depth", [0.0, 0.01, 0.5, 0.77, 0.999])
def test_finds_the_first_page_holding_the_date_within_the_bound(site, n_pages, depth):
    pages = listing(n_pages)
    target = pages[min(n_pages - 1, int(depth * n_pages))][3]
    found, probes = search(target, pages, **site)
    assert found == Found(truth(target, pages))
    assert probes <= bound(max(n_pages, 2))


@pytest.mark.parametrize("site", SITES)
def test_the_last_page_named_by_the_pager_is_tried_before_doubling(site):
    pages = listing(300)
    target = pages[280][0]
    with_hint, probes_hinted = search(target, pages, hint=300, **site)
    without, probes = search(target, pages, **site)
    assert with_hint == without == Found(truth(target, pages))
    assert probes_hinted < probes


@pytest.mark.parametrize("site", SITES)
@pytest.mark.parametrize("n_pages", [1, 5, 300])
def test_a_window_older_than_the_archive_ends_past_the_last_page(site, n_pages):
    pages = listing(n_pages)
    found, probes = search(START - timedelta(days=100_000), pages, **site)
    assert found.past_end
    # With a 404 the end is exact; a clamping site only shows it is past the last page.
    assert found.page == n_pages + 1 if not site else found.page > n_pages
    assert probes <= bound(max(n_pages, 2)) + 1


@pytest.mark.parametrize("site", SITES)
def test_a_window_newer_than_the_newest_story_is_page_one(site):
    found, probes = search(START + timedelta(days=30), listing(300), **site)
    assert (found, probes) == (Found(1), 1)


def test_a_day_spread_over_many_pages_is_found_on_its_first_page():
    pages = listing(200, per_day=40)  # four pages a day
    target = pages[101][0]
    assert search(target, pages)[0] == Found(truth(target, pages))


@pytest.mark.parametrize(
    "undated",
    [
        pytest.param(frozenset({150}), id="the-middle-page"),
        pytest.param(frozenset(range(140, 161)), id="a-run-of-pages"),
        pytest.param(frozenset({1}), id="the-first-page"),
        pytest.param(frozenset(range(2, 300)), id="almost-all"),
    ],
)
def test_undated_pages_send_the_search_to_their_neighbours_never_past_the_answer(undated):
    pages = listing(300)
    target = pages[150][5]
    found, _ = search(target, pages, undated=undated)
    exact = truth(target, pages)
    assert found.page <= exact  # earlier only costs pages; later would lose stories
    # No dated page lies between the answer and the true page.
    assert all(p in undated for p in range(found.page, exact))


def test_a_listing_of_undated_pages_only_ends_at_the_limit_on_the_earliest_possible_page():
    seen: dict[int, Observation] = {1: Dated(START, START, ("/1/",))}
    while not isinstance(step := next_probe(START - timedelta(days=10), seen), Found):
        seen[step] = UNDATED
    assert step == Found(2)


def test_an_empty_listing_is_past_its_end_on_page_one():
    assert next_probe(START, {1: PAST_END}) == Found(1, past_end=True)


def test_stories_published_while_probing_give_an_earlier_page_never_a_later_one():
    """Five stories are published after every probe: each pushes every entry down half a page."""
    entries = [d for page in listing(300) for d in page]
    target = entries[1503]
    seen: dict[int, Observation] = {}
    while not isinstance(step := next_probe(target, seen), Found):
        pages = [entries[i : i + 10] for i in range(0, len(entries), 10)]
        seen[step] = observe(pages, step)
        entries = [START + timedelta(days=1)] * 5 + entries
    pages = [entries[i : i + 10] for i in range(0, len(entries), 10)]
    assert truth(target, pages) - 1 <= step.page <= truth(target, pages)


def test_a_site_answering_every_page_with_new_entries_stops_at_the_limit():
    seen: dict[int, Observation] = {}
    for _ in range(40):
        step = next_probe(START - timedelta(days=10), seen)
        if isinstance(step, Found):
            break
        seen[step] = Dated(START, START, (f"/{step}/",))
    assert step == Found(PAGE_LIMIT + 1) and len(seen) == 21


# What a probed page's pager tells the search: the last page it names (the hint), and whether
# it shows a next page. (page, n_pages) -> hint.
PAGERS = {
    "numbered-to-the-last": lambda page, n: n if n > page + 1 else None,
    "numbered-window": lambda page, n: min(n, page + 2) if min(n, page + 2) > page + 1 else None,
    "previous-next-only": lambda page, n: None,
    # What reading every page a pager links to as the last page made of a previous/next pager.
    "next-page-taken-for-the-last": lambda page, n: min(n, page + 1),
}


def search_with_pager(target: date, pages: list[list[date]], pager: str, past_end: str) -> tuple[Found, int]:
    """Probe as the jump does: each page's pager gives a hint and says whether it goes on."""
    seen: dict[int, Observation] = {}
    hint: int | None = None
    while True:
        step = next_probe(target, seen, hint)
        if isinstance(step, Found):
            return step, len(seen)
        assert step not in seen, f"page {step} probed twice"
        observed = observe(pages, step, past_end=past_end)
        shown = min(step, len(pages))
        if isinstance(observed, Dated):
            observed = Dated(observed.newest, observed.oldest, observed.entries, goes_on=shown < len(pages))
            if (last := PAGERS[pager](shown, len(pages))) is not None:
                hint = max(hint or 0, last)
        seen[step] = observed


@pytest.mark.parametrize("past_end", ["404", "clamp"])
@pytest.mark.parametrize("pager", list(PAGERS))
@pytest.mark.parametrize("n_pages", [2, 7, 60, 300])
@pytest.mark.parametrize("depth", [0.0, 0.5, 0.88, 0.999, 2.0])
def test_every_pager_finds_the_page_within_the_bound(pager, past_end, n_pages, depth):
    pages = listing(n_pages)
    if depth > 1:  # older than the archive
        target = START - timedelta(days=100_000)
    else:
        target = pages[min(n_pages - 1, int(depth * n_pages))][3]
    found, probes = search_with_pager(target, pages, pager, past_end)
    if depth > 1 and past_end == "clamp":  # a clamping site only shows that it is past the last page
        assert found.past_end and found.page > n_pages
    else:
        assert found.page == truth(target, pages)
    assert probes <= 2 * math.ceil(math.log2(n_pages)) + 3


def test_a_page_whose_pager_shows_no_next_page_ends_the_listing():
    seen: dict[int, Observation] = {1: Dated(START, START, ("/1/",), goes_on=False)}
    assert next_probe(START - timedelta(days=10), seen) == Found(2, past_end=True)
