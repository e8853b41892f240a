"""The replica's RSS feed, as Django's syndication framework writes it.

``Rss201rev2Feed``: an ``<rss version="2.0">`` document with the Atom namespace for the
self link; each ``<item>`` has ``title``, ``link`` (absolute, on the live host whatever
host served the feed: Django builds it from the Sites framework, not the request),
``description``, ``dc:creator`` (its namespace declared on the element, as Django does,
when the author has a name but no e-mail), ``pubDate`` (RFC 2822 in the site's zone:
``+0545``), ``guid`` and ``category``. Served with ``ETag`` (quoted MD5 of the body, as
``ConditionalGetMiddleware`` computes it) and ``Last-Modified`` (the newest entry), and
answered 304 to a request that names them.

Options (``Replica(feed=...)``, changeable at run time through ``replica.feed``):
``window`` (entries, default 20), ``path`` (default ``/feed/``), ``link`` (the home page
names the feed in a ``<link rel="alternate">``), ``fault``: ``None``, ``"times_disagree"``
(every ``pubDate`` is the UTC clock labelled ``+0545``: the feed's times are 5 h 45 min off
the pages'), ``"titles_of_others"`` (each item's title is the next story's headline), ``"not_xml"``
(an HTML error page with status 200) or ``"404"``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from typing import TYPE_CHECKING

from .content import CANONICAL_ORIGIN, SiteData

if TYPE_CHECKING:
    from .server import RequestInfo, Response

FAULTS = (None, "times_disagree", "titles_of_others", "not_xml", "404")
RSS = "application/rss+xml; charset=utf-8"
DC = "http://purl.org/dc/elements/1.1/"


@dataclass
class FeedPages:
    site: SiteData
    window: int = 20
    path: str = "/feed/"
    link: bool = True
    fault: str | None = None

    def __post_init__(self) -> None:
        if self.fault not in FAULTS:
            raise ValueError(f"unknown feed fault {self.fault!r}; known: {FAULTS}")

    def head_link(self) -> str:
        """The home page's ``<link>`` naming the feed (empty without ``link``)."""
        if not self.link:
            return ""
        return (
            f'<link rel="alternate" type="application/rss+xml" title="New Spotlight Online" href="{escape(self.path)}">'
        )

    def matches(self, path: str) -> bool:
        return path in (self.path, self.path.rstrip("/"))

    def route(self, req: RequestInfo) -> Response | None:
        from .server import Response

        if not self.matches(req.path):
            return None
        if self.fault == "404":
            return Response(404, b"<html><body><h1>Not Found</h1></body></html>")
        if self.fault == "not_xml":
            page = b"<!DOCTYPE html><html><body><h1>Server Error</h1><p>Feed unavailable</p></body></html>"
            return Response(200, page, "text/html; charset=utf-8")
        body = self.document().encode("utf-8")
        etag = '"' + hashlib.md5(body).hexdigest() + '"'
        newest = self.site.latest()[:1]
        modified = format_datetime(newest[0].published_at.astimezone(UTC), usegmt=True) if newest else None
        headers = {"ETag": etag, **({"Last-Modified": modified} if modified else {})}
        if self._not_modified(req, etag, modified):
            return Response(304, b"", RSS, headers)
        return Response(200, body, RSS, headers)

    @staticmethod
    def _not_modified(req: RequestInfo, etag: str, modified: str | None) -> bool:
        """Django's rule: If-None-Match decides when sent; else If-Modified-Since."""
        sent = {k.lower(): v for k, v in req.headers.items()}
        if "if-none-match" in sent:
            return etag in [t.strip() for t in sent["if-none-match"].split(",")] or sent["if-none-match"].strip() == "*"
        if "if-modified-since" in sent and modified:
            try:
                return parsedate_to_datetime(sent["if-modified-since"]) >= parsedate_to_datetime(modified)
            except (TypeError, ValueError):
                return False
        return False

    def document(self) -> str:
        base = CANONICAL_ORIGIN
        items = []
        latest = self.site.latest()
        for i, a in enumerate(latest[: self.window]):
            title = latest[(i + 1) % len(latest)].headline if self.fault == "titles_of_others" else a.headline
            moment = a.published_at
            if self.fault == "times_disagree":
                moment = moment.astimezone(UTC).replace(tzinfo=a.published_at.tzinfo)
            author = " and ".join(au["name"] for au in a.authors) or a.byline_raw
            desc = a.summary or (a.body[0] if a.body else "")
            items.append(
                f"<item><title>{escape(title)}</title><link>{base}{escape(a.path)}</link>"
                f"<description>{escape(desc)}</description>"
                f'<dc:creator xmlns:dc="{DC}">{escape(author)}</dc:creator>'
                f"<pubDate>{format_datetime(moment)}</pubDate><guid>{base}{escape(a.path)}</guid>"
                f"<category>{escape(a.section)}</category></item>"
            )
        newest = self.site.latest()[:1]
        built = format_datetime(newest[0].published_at) if newest else format_datetime(self.site.now)
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0"><channel>'
            f"<title>New Spotlight Online</title><link>{base}/</link>"
            "<description>Latest news and views from New Spotlight</description>"
            f'<atom:link href="{base}{escape(self.path)}" rel="self"></atom:link>'
            f"<language>en-us</language><lastBuildDate>{built}</lastBuildDate>"
            f"{''.join(items)}</channel></rss>"
        )
