"""What a crawl of the replica should write, and the check that it did.

Shared by every end-to-end test: the replica (tests/replica/content.py) knows each article's
truth; these helpers turn it into the stories a user should get and compare records with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from tests.replica.content import Article, SiteData

# Crawl settings of a run without the seen-store: every story of the listing is written.
NO_STATE = {"SPOTLIGHT_STATE": ""}


def ws(text: str | None) -> str:
    """Whitespace collapsed, as the extraction prints text."""
    return re.sub(r"\s+", " ", text or "").strip()


def story_of(art: Article) -> str:
    """The story an article is: its own path, or its original's for a repost."""
    return art.duplicate_of or art.path


def expected(articles: Iterable[Article]) -> dict[str, Article]:
    """The stories a user should get: every article once; a repost and its original are one story."""
    stories: dict[str, Article] = {}
    for art in articles:
        stories.setdefault(story_of(art), art)
    return {a.canonical_url: a for a in stories.values()}


def reachable(articles: Iterable[Article], *unreachable: Article) -> dict[str, Article]:
    """The stories a user should get when ``unreachable`` articles cannot be fetched."""
    gone = {a.path for a in unreachable}
    return expected([a for a in articles if a.path not in gone])


def originals(articles: list[Article], n: int) -> list[Article]:
    """``n`` articles that are neither reposts nor reposted, so each is a story of its own."""
    reposted = {a.duplicate_of for a in articles if a.duplicate_of}
    return [a for a in articles if a.duplicate_of is None and a.path not in reposted][:n]


def assert_matches_truth(
    records: list[dict[str, Any]], truth: Mapping[str, Article], site: SiteData | None = None
) -> None:
    """One record per story of ``truth`` (a repost may stand for its original), fields right."""
    by_url = {r["url"]: r for r in records}
    assert len(by_url) == len(records), "a story was emitted twice"
    arts: dict[str, Article] = {}
    for url in by_url:
        art = site.lookup(url.removeprefix("https://www.spotlightnepal.com")) if site else truth.get(url)
        assert art is not None, f"unexpected record {url}"
        arts[url] = art
    stories = sorted(story_of(a) for a in arts.values())
    assert len(stories) == len(set(stories)), "a story and its repost were both emitted"
    assert set(stories) == {story_of(a) for a in truth.values()}
    for url, art in arts.items():
        rec = by_url[url]
        assert rec["headline"] == ws(art.headline), url
        assert rec["published_at_raw"] == art.published_at_raw, url
        assert rec["body"] == "\n\n".join(ws(p) for p in art.body), url
        assert rec["byline_raw"] == art.byline_raw, url
        assert rec["authors"] == art.authors, url
        assert rec["summary"] == (ws(art.summary) if art.summary else None), url
        assert rec["section"] == art.section, url
        assert rec["image_url"] == "https://www.spotlightnepal.com" + art.image_path, url
        assert rec["published_at"] == art.published_at.isoformat(), url
        if art.issue:
            issue = rec["magazine_issue"]
            assert issue["raw"] == ws(art.issue_raw), url
            assert (issue["volume"], issue["number"]) == (art.issue["volume"], art.issue["number"]), url
            assert issue["date"] == art.issue["date"].isoformat() and issue["date_bs"] == art.issue["date_bs"], url
            assert issue["dates_agree"] is True
        else:
            assert rec["magazine_issue"] is None, url
