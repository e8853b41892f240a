"""One pure function from a fetched article page to its finished record (:func:`extract_record`);
what the crawl counts and logs about it comes back as data, for the spider to apply."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from spotlight_crawler import site
from spotlight_crawler.extract.article import RawArticle, read_page
from spotlight_crawler.extract.listing import ListingEntry
from spotlight_crawler.extract.page import ParsedPage
from spotlight_crawler.items import ArticleItem, mark_from_listing
from spotlight_crawler.judge.authors import same_authors
from spotlight_crawler.judge.headline import same_headline
from spotlight_crawler.normalize import Author, parse_byline, parse_datetime, parse_issue, to_iso
from spotlight_crawler.normalize.dates import DateLike
from spotlight_crawler.normalize.issues import ISSUE_FIELDS
from spotlight_crawler.run import keys
from spotlight_crawler.urls import article_day, canonical_url, fetch_url, is_site_url

# Fields whose absence means the page (or our extraction) is broken.
ESSENTIAL_FIELDS = ("headline", "published_at_raw", "byline_raw", "body", "section")
# The record's text fields; of them, those that keep their line breaks and tabs.
TEXT_FIELDS = ("headline", "section", "published_at_raw", "byline_raw", "summary", "body", "image_url")
MULTILINE = ("summary", "body")
_MINUTE = timedelta(minutes=1)
# Control characters out of text (C0 but tab and line feed, DEL, C1); on one line, tabs and line feeds are spaces.
CONTROLS: dict[int, str | None] = dict.fromkeys([*range(0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)])
ONE_LINE_CONTROLS = {**CONTROLS, ord("\t"): " ", ord("\n"): " "}


class FeedListingEntry(ListingEntry):
    """A listing entry made from a feed entry: what it fills in is counted as from the feed."""


@dataclass
class Record:
    """An article page read (``page``, ``raw``), its record (``item``), what a crawl counts and logs about it."""

    page: ParsedPage
    raw: RawArticle
    item: ArticleItem
    counts: Counter[str] = field(default_factory=Counter)
    log: list[tuple[int, str]] = field(default_factory=list)

    def note(self, key: str, message: str = "", level: int = logging.WARNING, n: int = 1) -> None:
        """Count ``key``; log ``message``, about the record's URL, when there is one."""
        self.counts[key] += n
        if message:
            self.log.append((level, f"{self.item.url}: {message}"))


def extract_record(
    html: str,
    url: str,
    served: datetime,
    *,
    listing: str = "article",
    entry: ListingEntry | None = None,
    lesson: Mapping[str, str] | None = None,
    default_section: str | None = None,
    base_url: str = site.CANONICAL_BASE_URL,
    canonical_base: str = site.CANONICAL_BASE_URL,
) -> Record:
    """The record of the article page ``html`` served from ``url`` at ``served`` (aware).

    ``entry``: what the listing (or the feed) showed of the story; ``lesson``: per field, the
    witness asked first; ``default_section``: when the page names none; links on ``base_url``'s
    host are named on ``canonical_base``'s, as the record's URL is."""
    page, raw = read_page(html, url, lesson)
    served = served.astimezone(UTC).replace(microsecond=0)  # to the second, as scraped_at prints it
    image = raw.image_url
    if image and is_site_url(image, base_url):
        image = fetch_url(image, canonical_base)
    item = ArticleItem(
        url=canonical_url(url, canonical_base),
        section=raw.section or None,
        authors=[Author(name=a["name"], kind=a["kind"]) for a in raw.authors],
        summary=raw.summary,
        body="\n\n".join(raw.body) or None,
        image_url=image,
        listing=listing,
        scraped_at=served.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    record = Record(page, raw, item)
    record.counts.update(keys.witness_chosen(name, witness) for name, witness in raw.witnesses.items())
    record.counts.update(keys.witnesses_disagree(name, witness, other) for name, witness, other in raw.disagreements)
    record.counts.update(keys.taught_served(name) for name in raw.taught)
    if n := raw.json_ld_too_deep:
        record.note(keys.ARTICLE_JSON_LD_TOO_DEEP, f"{n} JSON-LD part(s) nested too deep, ignored", n=n)
    _fill_from_listing(record, entry or ListingEntry(url=url), default_section)
    for name in ESSENTIAL_FIELDS:
        if not getattr(item, name):
            record.note(keys.field_missing(name), f"no {name} found on the page")
    issue_raw = _remove_controls(record)
    if item.published_at_raw:
        item.published_at = to_iso(_published(record, item.published_at_raw, served))
        _check(record, item.published_at, "published_at", item.published_at_raw)
    if item.byline_raw:
        # Authors judged from the page's credits stay; else the byline is read.
        item.authors = item.authors or parse_byline(item.byline_raw)
        _check(record, item.authors, "authors", item.byline_raw)
    if issue_raw:
        item.magazine_issue = _issue(record, issue_raw)
    return record


def _fill_from_listing(record: Record, entry: ListingEntry, default_section: str | None) -> None:
    """The listing entry fills what the page lacks (counted, and marked for the monitors);
    a headline or authors on both that disagree are counted."""
    raw, item = record.raw, record.item
    from_feed = isinstance(entry, FeedListingEntry)
    listed = {"headline": entry.headline, "published_at_raw": entry.date_raw, "byline_raw": entry.byline_raw}
    for name, shown in listed.items():
        if not getattr(raw, name) and shown:
            record.note(keys.fallback(name))
            if from_feed:
                record.note(keys.feed_filled(name))
            if from_feed or name != "headline":
                mark_from_listing(item, [name])
        setattr(item, name, getattr(raw, name) or shown or None)
    if not item.section and default_section:
        record.note(keys.fallback("section"))  # may be wrong on a listing that mixes sections
        item.section = default_section
    if entry.headline and raw.headline and not same_headline(entry.headline, raw.headline):
        record.note(keys.witnesses_disagree("headline", raw.witnesses.get("headline", "page"), "listing.headline"))
    listed_authors = parse_byline(entry.byline_raw)
    if listed_authors and raw.authors and not same_authors(listed_authors, raw.authors):
        record.note(keys.witnesses_disagree("authors", raw.witnesses.get("authors", "page"), "listing.byline"))


def _remove_controls(record: Record) -> str | None:
    """The record's text fields and the magazine issue's text (returned) without control
    characters, counted once per record that had any."""
    texts = {name: getattr(record.item, name) for name in TEXT_FIELDS}
    texts["magazine_issue"] = record.raw.issue_raw
    tables = {name: CONTROLS if name in MULTILINE else ONE_LINE_CONTROLS for name in texts}
    clean = {name: text and text.translate(tables[name]) for name, text in texts.items()}
    for name in TEXT_FIELDS:
        setattr(record.item, name, clean[name])
    if changed := [name for name, text in texts.items() if clean[name] != text]:
        message = f"control characters removed from {', '.join(changed)}"
        record.note(keys.NORMALIZE_CONTROL_CHARACTERS, message, logging.INFO)
    return clean["magazine_issue"]


def _published(record: Record, printed: str, served: datetime) -> DateLike | None:
    """The publication time ``printed`` names, compared with the metadata's, an age settled
    on the path's day, and None for a date no story of the site can carry."""
    value = parse_datetime(printed, now=served)
    filed = record.raw.published_meta_raw
    if record.raw.published_at_raw and filed and filed != printed and "ago" not in printed:
        machine = parse_datetime(filed, now=served)
        if isinstance(value, datetime) and isinstance(machine, datetime) and abs(value - machine) > _MINUTE:
            # Readers see the printed one; metadata often carries an update time or a wrong zone.
            message = f"metadata date {filed!r} disagrees with the printed {printed!r}; the printed one is kept"
            record.note(keys.PUBLISHED_AT_METADATA_DISAGREES, message, logging.INFO)
    # An age ("3 years, 1 month ago") naming another day than the path's, within a month of it: the path's.
    path_day = article_day(record.item.url)
    days_off = abs(value.date() - path_day) if isinstance(value, datetime) and path_day else None
    if days_off and days_off <= timedelta(days=31) and site.RELATIVE_AGE.search(printed):
        value = path_day
        record.note(keys.NORMALIZE_AGE_DAY_FROM_PATH)
    if value is None:
        return None
    # Before the site's first year, or more than a day after the page was served: a misread page.
    day = value.date() if isinstance(value, datetime) else value
    if day.year >= site.EARLIEST_YEAR and day - timedelta(days=1) <= served.date():
        return value
    record.note(keys.NORMALIZE_IMPLAUSIBLE_PUBLISHED_AT)
    return None


def _issue(record: Record, raw: str) -> dict[str, Any]:
    parsed = parse_issue(raw)
    _check(record, parsed, "magazine_issue", raw)
    if parsed and parsed["dates_agree"] is False:
        message = f"issue {raw!r}: the printed BS and AD dates do not agree; kept as printed"
        record.note(keys.NORMALIZE_ISSUE_DATES_DISAGREE, message)
    # The text as the page printed it, not the part read.
    return {**(parsed or dict.fromkeys(ISSUE_FIELDS)), "raw": raw}


def _check(record: Record, value: Any, name: str, raw: str) -> None:
    if value:
        record.note(keys.normalized(name))
    else:
        record.note(keys.unparsed(name), f"{name} not understood: {raw!r} (raw text kept)")
