"""Raw fields of an article page: each field's witnesses read, then judged.

Pure: a parsel ``Selector`` (and the page's text, when at hand) and the page URL in, strings
out. Nothing is normalized here (dates and bylines stay as printed); ``None`` means the
field was not found.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree
from parsel import Selector

from spotlight_crawler.extract.fields import (
    body,
    byline,
    entry_of_another_story,
    headline,
    image,
    issue,
    meta_published,
    published,
    section,
    summary,
)
from spotlight_crawler.extract.general import main_text
from spotlight_crawler.extract.metadata import json_ld_objects, ld_article, page_meta
from spotlight_crawler.extract.region import index_after_headline, long_enough, sidebar_start, story_span
from spotlight_crawler.extract.structured import published_witnesses, read_structured
from spotlight_crawler.extract.text import walk_page
from spotlight_crawler.judge.body import judge_body, line_key
from spotlight_crawler.judge.published import judge_published


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
    # Per field, the name of the witness whose value was taken.
    witnesses: dict[str, str] = field(default_factory=dict)
    # Witnesses that disagreed: (field, witness, witness).
    disagreements: list[tuple[str, str, str]] = field(default_factory=list)


def extract_article(sel: Selector, url: str, html: str | None = None) -> RawArticle:
    """Every raw field of the article page ``sel`` fetched from ``url`` (``html``: the page's
    text, when the caller has it; else it is written back from ``sel``).

    The story first, then its fields: the headline, then the story's region (a known
    container, else the blocks after the headline and date line that are prose rather than
    link lists), and date and byline from that region. The body is judged between the
    general extractor's main text and the region's paragraphs (judge/body.py).
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
    date_idx, printed = published(sel, ld, meta, page, head_end)
    if html is None:
        html = (
            etree.tostring(sel.root, encoding="unicode", method="html") if isinstance(sel.root, etree._Element) else ""
        )
    data = read_structured(html, url, objects, meta)
    when = judge_published(printed, published_witnesses(data))
    art.published_at_raw = when.value
    _note(art, "published_at", when.witness, when.disagreements)
    art.published_meta_raw = meta_published(sel, ld, meta)
    start = max(date_idx + 1, head_end) if date_idx is not None and date_idx >= head_end - 1 else head_end
    dek_end = date_idx if date_idx is not None and date_idx >= head_end else head_end
    art.summary = summary(ld, meta, page, page[head_end:dek_end])
    art.issue_raw = issue(page)
    # A known story container bounds the body; otherwise the page's order does.
    story = page[span[0] : span[1]] if span else []
    paragraphs, sign_off = body(story if long_enough(story) else page[start:], art.headline, art.summary)
    elsewhere = {line_key(b.text) for b in page if b.link_only or (b.link_dense and entry_of_another_story(b))}
    verdict = judge_body(main_text(html, url), paragraphs, art.headline, art.summary, elsewhere)
    art.body = verdict.value or []
    _note(art, "body", verdict.witness, verdict.disagreements)
    sidebar = sidebar_start(page, start)
    art.byline_raw = byline(ld, meta, page[:sidebar], sign_off, page[head_end:sidebar])
    art.image_url = image(sel, ld, meta, url)
    art.section = section(walked, ld, meta, objects, art.headline, url)
    return art


def _note(art: RawArticle, name: str, witness: str | None, disagreements: tuple[tuple[str, str], ...]) -> None:
    if witness:
        art.witnesses[name] = witness
    art.disagreements.extend((name, a, b) for a, b in disagreements)
