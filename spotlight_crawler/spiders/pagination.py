"""When a listing walk stops by itself, whatever the site answers (pure). Stop reasons
(``spotlight/listing/stopped/<reason>``):

- ``repeats_previous_page``: the page's entries are the previous page's, in the same order;
- ``no_new_entries``: every entry on the page was already met in this walk;
- ``no_next_link``: the page shows a pager and no link to the next page, or shows none where
  an earlier page showed one (a "Load more" link the last page leaves out);
- ``max_pages``: the cap (``SPOTLIGHT_MAX_LISTING_PAGES``) was reached.
"""

from __future__ import annotations

from collections.abc import Sequence


class Pagination:
    """The stop rules for one walk of one listing."""

    def __init__(self, max_pages: int):
        if max_pages < 1:
            raise ValueError(f"SPOTLIGHT_MAX_LISTING_PAGES={max_pages!r}: expected a whole number of at least 1")
        self.max_pages = max_pages
        self._met: set[int] = set()  # the entries' hashes: a walk of the whole archive holds no URLs
        self._previous: tuple[str, ...] | None = None
        self._pager_seen = False  # whether a page of the walk showed a pager

    def after(self, page: int, keys: Sequence[str], shows_pager: bool, links_next: bool) -> str | None:
        """None when paging goes on after the walk's ``page``-th page, else why it stops. ``keys``: the
        page's entries (canonical URLs) in page order; a page without any is judged by its pager and the
        cap only (an empty page inside a listing is not its end)."""
        current = tuple(keys)
        previous, self._previous = self._previous, current
        if current and current == previous:
            return "repeats_previous_page"
        hashes = set(map(hash, current))
        if current and self._met.issuperset(hashes):
            return "no_new_entries"
        self._met.update(hashes)
        self._pager_seen = self._pager_seen or shows_pager
        if self._pager_seen and not links_next:
            return "no_next_link"
        if page >= self.max_pages:
            return "max_pages"
        return None
