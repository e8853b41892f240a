"""Where the story is on a page: its container, the line after its headline, where the sidebar starts."""

from __future__ import annotations

from lxml import etree

from spotlight_crawler import site
from spotlight_crawler.extract.text import Block, Walk, walk_element

# Sidebar headings, share and tag rows are short lines: longer ones are not tried against them.
SHORT_LINE = 120
# A story container with less text than this is not the story.
_STORY_MIN_CHARS = 200


def story_span(walked: Walk) -> tuple[int, int] | None:
    """The blocks of the page's story container, when it uses a known one.

    Nested matches count once (the outermost); sibling matches (StreamField blocks, several
    rich-text runs) make one story, from the first to the last. Of several candidates, the one
    with the most text outside links, captions and embeds wins, so a widget with a known class
    (or a column of other stories) is not taken for the story.
    """
    found = walked.containers
    if len(found) <= 1:
        return (found[0][1], found[0][2]) if found else None
    # Walked depth first: a container is recorded after those nested in it.
    outer: list[tuple[etree._Element, int, int]] = []
    for el, first, last in reversed(found):
        if not any(o_first <= first and last <= o_last for _, o_first, o_last in outer):
            outer.append((el, first, last))
    groups: dict[etree._Element | None, list[int]] = {}
    for el, first, last in outer:
        groups.setdefault(el.getparent(), []).extend((first, last))
    spans = [(min(edges), max(edges)) for edges in groups.values()]
    blocks_ = walked.blocks
    return max(spans, key=lambda span: _prose_chars(blocks_[span[0] : span[1]]))


def _prose_chars(story: list[Block]) -> int:
    return sum(len(b.text) - b.link_chars for b in story if not (b.caption or b.embed))


def long_enough(story: list[Block]) -> bool:
    """A container holding a few words only (or only links: a list of other stories) is a
    teaser, a caption or a column, not the story."""
    return _prose_chars(story) > _STORY_MIN_CHARS


# The headline sits near the top, after at most this many blocks (menus, tickers, columns).
_HEADLINE_WINDOW = 80


def index_after_headline(story: list[Block], headline_text: str | None) -> int:
    """Index just after the (last repeat of the) headline near the top; 0 when not seen."""
    if not headline_text:
        return 0
    key = headline_text.casefold()
    after = 0
    for i, block in enumerate(story[:_HEADLINE_WINDOW]):
        if block.text.casefold() == key and not block.link_only:
            after = i + 1
    return after


def sidebar_start(story: list[Block], start: int) -> int:
    for i in range(start, len(story)):
        text = story[i].text
        if len(text) < SHORT_LINE and site.SIDEBAR_HEADING.match(text):
            return i
    return len(story)


def aside_column(walked: Walk) -> list[Block]:
    """The blocks of the ``<aside>`` holding the story, when the page outside its asides holds
    none (a template that marks its story column up as ``<aside>``); else empty."""
    if long_enough(walked.blocks) or not walked.asides:
        return []
    columns = [[b for child in aside for b in walk_element(child).blocks] for aside in walked.asides]
    best = max(columns, key=_prose_chars)
    return best if long_enough(best) else []
