"""The stop rules of a listing walk (spotlight_crawler/spiders/pagination.py)."""

from __future__ import annotations

import pytest

from spotlight_crawler.spiders.pagination import Pagination

A, B, C, D = "/a/", "/b/", "/c/", "/d/"


def walk(pages: list[tuple[list[str], bool, bool]], max_pages: int = 100) -> tuple[int, str | None]:
    """Feed ``pages`` (keys, shows_pager, links_next) in order: (pages read, why it stopped)."""
    rules = Pagination(max_pages)
    for number, (keys, pager, links_next) in enumerate(pages, start=1):
        if reason := rules.after(number, keys, pager, links_next):
            return number, reason
    return len(pages), None


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        # A normal listing: new entries, a pager with a next link, until the site's 404 ends it.
        ([([A, B], True, True), ([C, D], True, True)], (2, None)),
        # The same page on every page number.
        ([([A, B], False, False), ([A, B], False, False)], (2, "repeats_previous_page")),
        # Django's get_page(): past the end, the last page again (its pager has no next link).
        ([([A, B], True, True), ([C, D], True, False)], (2, "no_next_link")),
        # Pages that cycle: nothing new, though not the previous page's entries.
        ([([A, B], False, False), ([C, D], False, False), ([A, B], False, False)], (3, "no_new_entries")),
        # Overlap (a story published while walking shifts entries down) is not an end.
        ([([A, B], True, True), ([B, C], True, True), ([D], True, True)], (3, None)),
        # No pager at all: only the entries can end it.
        ([([A], False, False), ([B], False, False), ([C], False, False)], (3, None)),
        # An empty page inside the listing, its pager going on, is not its end.
        ([([A], True, True), ([], True, True), ([B], True, True)], (3, None)),
        ([([A], True, True), ([], True, False)], (2, "no_next_link")),
    ],
)
def test_stop_rules(pages, expected):
    assert walk(pages) == expected


def test_the_hard_cap_ends_even_a_listing_that_always_has_something_new():
    endless = [([f"/{n}/"], True, True) for n in range(1, 50)]
    assert walk(endless, max_pages=7) == (7, "max_pages")


def test_a_cap_below_one_is_refused():
    with pytest.raises(ValueError, match="SPOTLIGHT_MAX_LISTING_PAGES"):
        Pagination(0)


def test_a_page_without_the_pager_earlier_pages_showed_ends_the_walk():
    # A "Load more" link on every page but the last.
    assert walk([([A], True, True), ([B], True, True), ([C], False, False), ([D], False, False)]) == (3, "no_next_link")
