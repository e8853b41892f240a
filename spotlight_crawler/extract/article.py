"""Raw fields of an article page, in layers: metadata, then markup, then printed text.

Pure: a parsel ``Selector`` and the page URL in, strings out. Nothing is normalized here
(dates and bylines stay as printed); ``None`` means the field was not found.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parsel import Selector

from spotlight_crawler.extract.fields import (
    body,
    byline,
    headline,
    image,
    issue,
    meta_published,
    published,
    section,
    summary,
)
from spotlight_crawler.extract.metadata import json_ld_objects, ld_article, page_meta
from spotlight_crawler.extract.region import index_after_headline, long_enough, sidebar_start, story_span
from spotlight_crawler.extract.text import walk_page


@dataclass
class RawArticle:
    """What one article page prints, before normalization."""

    headline: str | None = None
    published_at_raw: str | None = None
    byline_raw: str | None = None
    summary: str | None = None
    body: list[str] = field(default_factory=list)
    image_url: str | None = None
    issue_raw: str | None = None
    section: str | None = None
    # The machine-readable date of the metadata, kept beside a printed one to compare them.
    published_meta_raw: str | None = None
    # JSON-LD blocks or parts ignored because they nest deeper than can be read safely.
    json_ld_too_deep: int = 0


def extract_article(sel: Selector, url: str) -> RawArticle:
    """Every raw field of the article page ``sel`` fetched from ``url``.

    The story first, then its fields: the headline, then the story's region (a known
    container, else the blocks after the headline and date line that are prose rather than
    link lists), and date, byline and body from that region.
    """
    too_deep: list[str] = []
    objects = json_ld_objects(sel, too_deep)
    ld = ld_article(objects)
    meta = page_meta(sel)
    walked = walk_page(sel, find=True, skip_aside=True)
    page = walked.blocks
    span = story_span(walked)
    art = RawArticle(json_ld_too_deep=len(too_deep))
    art.headline = headline(sel, ld, meta)
    head_end = index_after_headline(page, art.headline)
    date_idx, art.published_at_raw = published(sel, ld, meta, page, head_end)
    art.published_meta_raw = meta_published(sel, ld, meta)
    start = max(date_idx + 1, head_end) if date_idx is not None and date_idx >= head_end - 1 else head_end
    dek_end = date_idx if date_idx is not None and date_idx >= head_end else head_end
    art.summary = summary(ld, meta, page, page[head_end:dek_end])
    art.issue_raw = issue(page)
    # A known story container bounds the body; otherwise the page's order does.
    story = page[span[0] : span[1]] if span else []
    paragraphs, sign_off = body(story if long_enough(story) else page[start:], art.headline, art.summary)
    art.body = paragraphs
    sidebar = sidebar_start(page, start)
    art.byline_raw = byline(ld, meta, page[:sidebar], sign_off, page[head_end:sidebar])
    art.image_url = image(sel, ld, meta, url)
    art.section = section(walked, ld, meta, objects, art.headline, url)
    return art
