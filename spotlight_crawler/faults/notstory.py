"""Whether an article page holds a story (enough words, no sign-in form in its content, a body not met
under several URLs in one run); a page without one is named by its shape, not its wording (``page_kind``)."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from urllib.parse import urljoin, urlsplit

from parsel import Selector

# A story's body has at least this many words; an error, wall or challenge page a sentence or two.
MIN_STORY_WORDS = 20
# Links to the site's other pages that make a page the site's own (its navigation).
_CHROME_LINKS = 3


# A password field in a form of the page's content (not its header, navigation, sidebar or footer).
_WALL = (
    '//form[.//input[translate(@type, "PASWORD", "pasword") = "password"]]'
    "[not(ancestor::header or ancestor::nav or ancestor::aside or ancestor::footer)]"
)


def not_a_story(sel: Selector, body: Sequence[str], url: str, min_words: int = MIN_STORY_WORDS) -> str | None:
    """None when the page holds a story (a body of ``min_words`` words or more, and no sign-in
    form in its content: a wall may show the story's first paragraphs); else its kind."""
    if sel.xpath(_WALL):
        return "wall"
    if sum(len(paragraph.split()) for paragraph in body) >= min_words:
        return None
    return page_kind(sel, url)


def page_kind(sel: Selector, url: str) -> str:
    """What a page without a story (and no sign-in form in its content) is: ``empty`` (no visible text),
    ``error`` (the site's own page, in its chrome), ``challenge`` (a bare page that runs scripts or
    refreshes itself) or ``maintenance`` (one that does not)."""
    if not "".join(sel.xpath("//body//text()[not(ancestor::script or ancestor::style)]").getall()).strip():
        return "empty"
    if _site_links(sel, url) >= _CHROME_LINKS:
        return "error"
    if sel.xpath('//script[not(@type="application/ld+json")] | //noscript | //meta[@http-equiv="refresh"]'):
        return "challenge"
    return "maintenance"


def _site_links(sel: Selector, url: str) -> int:
    """How many distinct other pages of the page's own host it links to."""
    page = urlsplit(url)
    found = set()
    for href in sel.xpath("//a/@href").getall():
        target = urlsplit(urljoin(url, href.strip()))
        if target.scheme in ("http", "https") and target.netloc == page.netloc and target.path != page.path:
            found.add(target.path)
    return len(found)


class SharedBodies:
    """The bodies met in one run, by digest, with the URLs that served each (up to ``limit``), in
    a private temporary SQLite database: a backfill's memory stays flat."""

    def __init__(self, limit: int):
        self.limit = limit
        self._db = sqlite3.connect("")  # "": a private temporary database, deleted on close
        self._db.execute("PRAGMA cache_size = -256")  # KiB: the rest spills to its file
        self._db.execute("CREATE TABLE served (digest BLOB NOT NULL, url TEXT NOT NULL, UNIQUE (digest, url))")

    def served(self, url: str, body: Sequence[str]) -> tuple[str, ...]:
        """Count ``body`` for ``url``; the URLs that served it so far, ``url`` last (at most ``limit``)."""
        digest = hashlib.blake2b("\n".join(" ".join(p.split()) for p in body).encode(), digest_size=12).digest()
        rows = self._db.execute("SELECT url FROM served WHERE digest = ? ORDER BY rowid", (digest,))
        urls = tuple(seen for (seen,) in rows)
        if url not in urls and len(urls) < self.limit:
            self._db.execute("INSERT INTO served VALUES (?, ?)", (digest, url))
            urls = (*urls, url)
        return urls

    def close(self) -> None:
        self._db.close()
