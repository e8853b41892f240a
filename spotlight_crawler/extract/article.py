"""Raw fields of an article page: each field's witnesses read, then judged. Pure: the page
and its URL in, strings out, nothing normalized (dates and bylines as printed; None: not found)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from parsel import Selector

from spotlight_crawler import site
from spotlight_crawler.extract import fields, structured
from spotlight_crawler.extract.page import ParsedPage, parse_page
from spotlight_crawler.extract.text import Block, clean, text_of, walk_page
from spotlight_crawler.judge import Named, Verdict
from spotlight_crawler.judge.authors import judge_authors
from spotlight_crawler.judge.body import GENERAL, WALK, judge_body, line_key
from spotlight_crawler.judge.headline import judge_headline
from spotlight_crawler.judge.published import judge_published
from spotlight_crawler.normalize import Author, credit_authors, parse_byline

# Headings looked at, at most: a page's own come first; a long page's others are its sidebars.
_HEADINGS = 12
# A label: one to three words before the date or the colon.
_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z ]{0,30}?)\s*:?\s*$")
_CREDIT_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z ]{1,30}?)\s*:\s*(\S.{1,60})$")
_CREDIT_WORDS = 6
# Never the story: left out before trafilatura reads the page (its fallback may keep them).
_CHROME = ["//nav", "//*[@role='navigation']", "/html/body/header", "/html/body/footer"]


@dataclass
class RawArticle:
    """What one article page prints, before normalization, and how each field was read, per field:
    ``witnesses`` the one whose value was taken, ``disagreements`` as (field, witness, witness),
    ``candidates`` every witness (judge/taught.py), ``taught`` the adopted witness that gave its value."""

    headline: str | None = None
    published_at_raw: str | None = None
    byline_raw: str | None = None
    authors: list[Author] = field(default_factory=list)  # judged from every credit (judge/authors.py)
    summary: str | None = None
    body: list[str] = field(default_factory=list)
    image_url: str | None = None
    issue_raw: str | None = None
    section: str | None = None
    published_meta_raw: str | None = None  # the metadata's machine-readable date, to compare with the printed
    json_ld_too_deep: int = 0  # JSON-LD blocks or parts ignored: nested deeper than can be read safely
    witnesses: dict[str, str] = field(default_factory=dict)
    disagreements: list[tuple[str, str, str]] = field(default_factory=list)
    candidates: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)
    taught: dict[str, str] = field(default_factory=dict)


def read_page(html: str, url: str, lesson: Mapping[str, str] | None = None) -> tuple[ParsedPage, RawArticle]:
    """The page parsed (extract/page.py) and its raw fields, read flattened when it was parsed flattened."""
    page = parse_page(html, url)
    return page, extract_article(page.selector, url, None if page.flattened else html, lesson)


def extract_article(
    sel: Selector, url: str, html: str | None = None, lesson: Mapping[str, str] | None = None
) -> RawArticle:
    """Every raw field of the article page ``sel`` fetched from ``url`` (``html``: its text);
    ``lesson``'s witnesses (judge/taught.py) are taken before the judge when they give a value."""
    html = sel.get() if html is None else html
    data = structured.read_structured(sel, html, url)
    site_name = structured.publisher_name(data)
    walked = walk_page(sel)
    page, story = fields.story(walked)
    art = RawArticle(json_ld_too_deep=data.too_deep)
    decide = partial(_decide, art, lesson or {})

    printed_titles, fallback_titles = fields.headlines(sel, site_name)
    structured_titles = structured.headline_witnesses(data, site_name)
    headings = _heading_witnesses(sel)
    titles = [*printed_titles, *structured_titles, *fallback_titles, *headings]
    art.headline = decide(
        "headline", titles, lambda: judge_headline(printed_titles, structured_titles, fallback_titles, site_name)
    ).value
    head_end = fields.index_after_headline(page, art.headline)

    art.published_meta_raw = structured.meta_published(sel, data)
    # The first printed date-time of each block that has one, by block index.
    datetimes = {i: m.group(0) for i, b in enumerate(page) if (m := site.PRINTED_DATETIME.search(b.text))}
    date_idx, printed = fields.published(page, datetimes, head_end, art.published_meta_raw)
    start = max(date_idx + 1, head_end) if date_idx is not None and date_idx >= head_end - 1 else head_end
    sidebar = fields.sidebar_start(page, start)
    labelled_dates, labelled_credits, labelled = _labelled(page, datetimes, sidebar)
    times = structured.published_witnesses(data)
    dates = [*([("printed.date_line", printed)] if printed else []), *times, *labelled_dates]
    art.published_at_raw = decide("published_at", dates, lambda: judge_published(printed, times)).value

    dek_end = date_idx if date_idx is not None and date_idx >= head_end else head_end
    art.summary = fields.summary(data, page, page[head_end:dek_end])
    art.issue_raw = fields.issue(page)

    # A known story container bounds the walk's body; otherwise the page's order does.
    walk, sign_off = fields.body(story or page[start:], art.headline, art.summary)
    # Links to other stories, and their entries (mostly link text beside a date).
    elsewhere = {line_key(b.text) for b in page if b.link_only or (b.link_dense and site.ANY_DATE.search(b.text))}
    general = main_text(html, url)
    bodies = [(name, _trim_body(text, headings, labelled)) for name, text in ((GENERAL, general), (WALK, walk))]
    judged = decide("body", bodies, lambda: judge_body(general, walk, art.headline, art.summary, elsewhere))
    # A site whose lesson is known: its labelled lines and headings are not the story's.
    art.body = _trim_body(judged.value or [], headings, labelled) if lesson else judged.value or []

    credits = [*fields.printed_bylines(page[:sidebar], sign_off, page[head_end:sidebar]), *labelled_credits]
    art.authors, art.byline_raw = _credits(decide, structured.author_witnesses(data), credits, site_name)

    art.image_url = fields.image(sel, data, url)
    art.section = fields.section(walked, data, art.headline, url)
    return art


def main_text(html: str, url: str) -> list[str]:
    """The general-purpose extractor's witness: trafilatura's main text of the page ``html`` from
    ``url`` as paragraphs (each list item, quote and subheading apart); empty when it finds none."""
    import trafilatura  # on first use: a run that reads no article page does not load it

    try:
        doc = trafilatura.bare_extraction(html, url=url, include_comments=False, prune_xpath=_CHROME)
    except RecursionError:  # a page nested deeper than lxml's serializer recurses
        return []
    body = getattr(doc, "body", None)
    if body is None:
        return []
    parts = (part for el in body for part in (el.iter("item") if el.tag == "list" else (el,)))
    return [text for part in parts if (text := text_of(part))]


def _credits(
    decide: Callable[..., Verdict[Any]], named: list[tuple[str, list[str]]], printed: Named, publisher: str | None
) -> tuple[list[Author], str | None]:
    """The judged authors, and the byline text of the witness that gave them (as the page or
    its metadata wrote it; structured names joined as a byline prints them)."""
    texts = {name: structured.joined(names) for name, names in named} | dict(printed)
    witnesses = [
        *((name, [a for n in names for a in credit_authors(n, publisher)]) for name, names in named),
        *((name, parse_byline(text)) for name, text in printed),
    ]
    # The judge knows the credits it trusts; a label only the site uses waits to be taught.
    trusted = [(name, authors) for name, authors in witnesses if not name.startswith("printed.credit_after:")]
    verdict = decide("authors", witnesses, lambda: judge_authors(trusted, publisher))
    if verdict.witness:
        return verdict.value or [], texts[verdict.witness]
    # Nobody read as an author: the first credit stays as written, for the record to show.
    return [], next(iter(texts.values()), None)


def _decide(
    art: RawArticle,
    lesson: Mapping[str, str],
    name: str,
    witnesses: list[tuple[str, Any]],
    judge: Callable[[], Verdict[Any]],
) -> Verdict[Any]:
    """The field's verdict: the lesson's witness's value when it reads one here, else the
    judge's; ``witnesses``, the verdict's witness and its disagreements noted on ``art``."""
    art.candidates[name] = witnesses
    wanted = lesson.get(name, "")
    taught = next((value for witness, value in witnesses if witness == wanted and value), None)
    if taught is not None:
        art.taught[name] = wanted
    verdict = Verdict(taught, wanted) if taught is not None else judge()
    if verdict.witness:
        art.witnesses[name] = verdict.witness
    art.disagreements.extend((name, a, b) for a, b in verdict.disagreements)
    return verdict


# Witnesses for the feed to teach (judge/taught.py), named after where they read: ``html.<tag>.<first
# class>``, ``printed.date_after:<label>``, ``printed.credit_after:<label>``. No judge picks them alone.


def _heading_witnesses(sel: Selector) -> Named:
    """The first heading of each tag and first class, in the page's order."""
    found: dict[str, str] = {}
    for node in sel.xpath("//body//*[self::h1 or self::h2 or self::h3]")[:_HEADINGS]:
        classes = (node.attrib.get("class") or "").split()
        name = ".".join(("html", node.root.tag, *classes[:1]))
        text = clean(" ".join(node.xpath(".//text()").getall()))
        if text and name not in found:
            found[name] = text
    return list(found.items())


def _labelled(page: list[Block], printed: dict[int, str], sidebar: int) -> tuple[Named, Named, set[str]]:
    """The printed date-times of ``printed`` under the words their line opens with (none: ""; not
    a date inside a sentence or an entry), the names on short ``Label: Name`` lines before
    ``sidebar``, each the first of its label; and the lines holding a labelled date or credit."""
    dates: dict[str, str] = {}
    credits: dict[str, str] = {}
    lines: set[str] = set()  # as line_key gives them
    for i, text in printed.items():
        before = page[i].text.split(text, 1)[0]
        if (m := _LABEL.match(before)) or not before.strip():
            label = m.group(1).lower() if m else ""
            dates.setdefault(f"printed.date_after:{label}", clean(text))
            if label:
                lines.add(line_key(page[i].text))
    for i, block in enumerate(page):
        if not (m := _CREDIT_LINE.match(block.text)):
            continue
        lines.add(line_key(block.text))
        label, rest = m.group(1).lower(), clean(m.group(2))
        if i < sidebar and not block.link_only and len(label.split()) <= 3 and len(rest.split()) <= _CREDIT_WORDS:
            credits.setdefault(f"printed.credit_after:{label}", rest)
    return list(dates.items()), list(credits.items()), lines


def _trim_body(paragraphs: list[str], headings: Named, labelled: set[str]) -> list[str]:
    """``paragraphs`` without the labelled date and credit lines, nor the headings they open with."""
    heads = {line_key(text) for _, text in headings}
    kept = [p for p in paragraphs if line_key(p) not in labelled]
    while kept and line_key(kept[0]) in heads:
        kept.pop(0)
    return kept
