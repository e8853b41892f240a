"""Raw fields of an article page: each field's witnesses read, then judged.

Pure: the page (its text, or a parsel ``Selector``) and its URL in, strings out. Nothing is normalized here (dates and bylines stay as printed); ``None`` means the
field was not found.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from parsel import Selector

from spotlight_crawler.extract.candidates import (
    heading_witnesses,
    labelled_credits,
    labelled_dates,
    labelled_lines,
    trim_body,
)
from spotlight_crawler.extract.fields import (
    aside_column,
    body,
    entry_of_another_story,
    fallback_headlines,
    image,
    index_after_headline,
    issue,
    long_enough,
    printed_bylines,
    printed_headlines,
    published,
    section,
    sidebar_start,
    story_span,
    summary,
)
from spotlight_crawler.extract.general import main_text
from spotlight_crawler.extract.page import ParsedPage, parse_page
from spotlight_crawler.extract.structured import (
    author_witnesses,
    headline_witnesses,
    joined,
    meta_published,
    published_witnesses,
    publisher_name,
    read_structured,
)
from spotlight_crawler.extract.text import walk_page
from spotlight_crawler.judge import T, Verdict
from spotlight_crawler.judge.authors import judge_authors
from spotlight_crawler.judge.body import GENERAL, WALK, judge_body, line_key
from spotlight_crawler.judge.headline import judge_headline
from spotlight_crawler.judge.published import judge_published
from spotlight_crawler.normalize import Author, credit_authors, parse_byline


@dataclass
class RawArticle:
    """What one article page prints, before normalization."""

    headline: str | None = None
    published_at_raw: str | None = None
    byline_raw: str | None = None
    # The authors the byline credits, judged from every credit the page gives (see judge/authors.py).
    authors: list[Author] = field(default_factory=list)
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
    # Every witness of the fields the feed can teach, by field (judge/taught.py): headline and
    # published time as text, authors as Author lists, body as paragraphs.
    candidates: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)
    # Per field, the adopted witness that gave its value (the lesson asked first).
    taught: dict[str, str] = field(default_factory=dict)


def read_page(html: str, url: str, lesson: Mapping[str, str] | None = None) -> tuple[ParsedPage, RawArticle]:
    """The article page ``html`` fetched from ``url`` parsed (extract/page.py) and read into
    its raw fields, ``lesson``'s witnesses asked first. A page parsed again flattened (too deep
    for the parser) is given to every witness flattened, the general extractor included."""
    page = parse_page(html, url)
    return page, extract_article(page.selector, url, None if page.flattened else html, lesson)


def extract_article(
    sel: Selector, url: str, html: str | None = None, lesson: Mapping[str, str] | None = None
) -> RawArticle:
    """Every raw field of the article page ``sel`` fetched from ``url`` (``html``: the page's
    text, when the caller has it; else it is written back from ``sel``).

    ``lesson``: per field, the witness the site's feed proved right (judge/taught.py): when it
    gives a value on this page, that value is taken before the judge is asked.

    The page is read once by each witness: structured data, the site's text walk (the
    story's region: a known container, else the blocks after the headline and date line that
    are prose rather than link lists) and the general extractor. Then each field is judged
    from its witnesses (judge/), the headline first: the story's place on the page hangs on it.
    """
    if html is None:
        html = (
            etree.tostring(sel.root, encoding="unicode", method="html") if isinstance(sel.root, etree._Element) else ""
        )
    data = read_structured(sel, html, url)
    ld, meta = data.article, data.meta
    site_name = publisher_name(data)
    walked = walk_page(sel)
    column = aside_column(walked)
    page = column or walked.blocks
    art = RawArticle(json_ld_too_deep=data.too_deep)

    lesson = lesson or {}
    printed_titles, structured_titles = printed_headlines(sel), headline_witnesses(data, site_name)
    fallback_titles = fallback_headlines(sel, site_name)
    headings = heading_witnesses(sel)
    titles = [*printed_titles, *structured_titles, *fallback_titles, *headings]
    art.candidates["headline"] = titles
    title = _taught(art, "headline", lesson, titles) or judge_headline(
        printed_titles, structured_titles, fallback_titles, site_name
    )
    art.headline = _note(art, "headline", title)
    head_end = index_after_headline(page, art.headline)

    art.published_meta_raw = meta_published(sel, data)
    date_idx, printed = published(sel, page, head_end, art.published_meta_raw)
    times = published_witnesses(data)
    art.candidates["published_at"] = [
        *([("printed.date_line", printed)] if printed else []),
        *times,
        *labelled_dates(page),
    ]
    art.published_at_raw = _note(
        art,
        "published_at",
        _taught(art, "published_at", lesson, art.candidates["published_at"]) or judge_published(printed, times),
    )

    start = max(date_idx + 1, head_end) if date_idx is not None and date_idx >= head_end - 1 else head_end
    dek_end = date_idx if date_idx is not None and date_idx >= head_end else head_end
    art.summary = summary(ld, meta, page, page[head_end:dek_end])
    art.issue_raw = issue(page)

    # A known story container bounds the walk's body; otherwise the page's order does.
    span = None if column else story_span(walked)
    story = page[span[0] : span[1]] if span else []
    paragraphs, sign_off = body(story if long_enough(story) else page[start:], art.headline, art.summary)
    elsewhere = {line_key(b.text) for b in page if b.link_only or (b.link_dense and entry_of_another_story(b))}
    general = main_text(html, url)
    labelled = labelled_lines(page)
    art.candidates["body"] = [
        (name, trim_body(text, headings, labelled)) for name, text in ((GENERAL, general), (WALK, paragraphs))
    ]
    judged = _taught(art, "body", lesson, art.candidates["body"]) or judge_body(
        general, paragraphs, art.headline, art.summary, elsewhere
    )
    art.body = _note(art, "body", judged) or []
    if lesson:
        # A site whose lesson is known: its labelled lines and headings are not the story's.
        art.body = trim_body(art.body, headings, labelled)

    sidebar = sidebar_start(page, start)
    printed_credits = printed_bylines(page[:sidebar], sign_off, page[head_end:sidebar])
    art.authors, art.byline_raw = _credits(
        art, author_witnesses(data), [*printed_credits, *labelled_credits(page[:sidebar])], site_name, lesson
    )

    art.image_url = image(sel, ld, meta, url)
    art.section = section(walked, ld, meta, data.objects, art.headline, url)
    return art


def _credits(
    art: RawArticle,
    structured: list[tuple[str, list[str]]],
    printed: list[tuple[str, str]],
    publisher: str | None,
    lesson: Mapping[str, str],
) -> tuple[list[Author], str | None]:
    """The judged authors, and the byline text of the witness that gave them (as the page or
    its metadata wrote it; structured names joined as a byline prints them)."""
    texts = {name: joined(names) for name, names in structured} | dict(printed)
    witnesses = [
        *((name, [a for n in names for a in credit_authors(n, publisher)]) for name, names in structured),
        *((name, parse_byline(text)) for name, text in printed),
    ]
    art.candidates["authors"] = witnesses
    # The judge knows the credits it trusts; a label only the site uses waits to be taught.
    trusted = [(name, authors) for name, authors in witnesses if not name.startswith("printed.credit_after:")]
    verdict = _taught(art, "authors", lesson, witnesses) or judge_authors(trusted, publisher)
    _note(art, "authors", verdict)
    if verdict.witness:
        return verdict.value or [], texts[verdict.witness]
    # Nobody read as an author: the first credit stays as written, for the record to show.
    return [], next(iter(texts.values()), None)


def _taught(
    art: RawArticle, name: str, lesson: Mapping[str, str], witnesses: list[tuple[str, Any]]
) -> Verdict[Any] | None:
    """The value of the field's adopted witness, when the lesson names one and it reads a
    value on this page; else None (the judge decides)."""
    wanted = lesson.get(name)
    value = next((value for witness, value in witnesses if witness == wanted and value), None)
    if wanted is None or value is None:
        return None
    art.taught[name] = wanted
    return Verdict(value, wanted)


def _note(art: RawArticle, name: str, verdict: Verdict[T]) -> T | None:
    """The verdict's value, its witness and disagreements noted on ``art``."""
    if verdict.witness:
        art.witnesses[name] = verdict.witness
    art.disagreements.extend((name, a, b) for a, b in verdict.disagreements)
    return verdict.value
