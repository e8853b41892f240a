"""The site's feed (RSS 2.0, RSS 1.0 or Atom) as a list of entries. Pure: bytes in,
entries out (parsel's XML parser neither resolves entities nor fetches anything)."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from lxml import etree
from parsel import Selector
from w3lib.html import remove_tags

from spotlight_crawler import site
from spotlight_crawler.extract.text import clean
from spotlight_crawler.normalize import KATHMANDU, parse_datetime


class FeedError(ValueError):
    """The document is no feed; ``reason`` is a short stats key (``not_xml``, ``not_a_feed``)."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class FeedEntry:
    """One story as the feed names it; ``link`` is absolute, as the feed wrote it."""

    link: str
    title: str | None = None
    published: datetime | None = None
    published_raw: str | None = None
    author: str | None = None
    description: str | None = None  # as text: the story's first paragraph, or its start


@dataclass
class Feed:
    entries: list[FeedEntry] = field(default_factory=list)
    skipped: int = 0  # entries without a usable link


def parse_feed(body: bytes, url: str = "") -> Feed:
    """The entries of an RSS 2.0, RSS 1.0 or Atom document, in feed order (newest first)."""
    if not body.strip():
        raise FeedError("empty_body", "the feed answered with an empty body")
    try:
        selector = Selector(body=body, type="xml", base_url=url or None)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise FeedError("not_xml", f"the feed is not XML: {exc}") from None
    selector.remove_namespaces()
    tag = etree.QName(selector.root).localname
    if tag not in site.FEED_ROOTS:
        reason = "not_xml" if tag.lower() == "html" else "not_a_feed"
        raise FeedError(reason, f"the document's root is <{tag}>, not an RSS or Atom feed")
    feed = Feed()
    for item in selector.xpath(site.FEED_ITEM):
        link = _first(item, site.FEED_LINKS)
        if not link or not link.startswith(("http://", "https://", "/")):
            feed.skipped += 1
            continue
        raw_time = _first(item, tuple(f"{name}/text()" for name in site.FEED_PUBLISHED))
        feed.entries.append(
            FeedEntry(
                link=link,
                title=_first(item, (f"{site.FEED_TITLE}/text()",)),
                published=feed_time(raw_time),
                published_raw=raw_time,
                author=_first(item, tuple(f"{path}/text()" for path in site.FEED_AUTHOR), _author_name),
                description=_description(item),
            )
        )
    return feed


def feed_time(text: str | None) -> datetime | None:
    """An entry's time in Kathmandu: RFC 2822 (RSS), RFC 3339 (Atom), else the project's date
    reader; None for a time without a zone or a bare date."""
    if not (text := (text or "").strip()):
        return None
    try:
        moment: date | datetime | None = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            moment = parse_datetime(text)
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        return None
    return moment.astimezone(KATHMANDU)


def _author_name(value: str) -> str:
    """An author as the feed wrote it, the name alone of RSS 2.0's ``e-mail (Name)``."""
    email = site.FEED_AUTHOR_EMAIL.match(value)
    return clean(email["name"] if email else value)


def _description(item: Selector) -> str | None:
    """The description (RSS) or summary (Atom) as text: its markup, escaped or not, removed."""
    found = _first(item, ("description/text()", "summary/text()"))
    return clean(html.unescape(remove_tags(found))) or None if found else None


def _first(item: Selector, paths: tuple[str, ...], read: Callable[[str], str] = clean) -> str | None:
    """The first value the XPath ``paths`` select that ``read`` leaves non-blank, as it leaves it."""
    return next((text for path in paths for value in item.xpath(path).getall() if (text := read(value))), None)
