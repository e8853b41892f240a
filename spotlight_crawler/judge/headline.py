"""The headline's judge: the headline most of the page's witnesses give.

Witnesses: the printed headline (``printed.headline``: ``itemprop=headline``, the article's
``<h1>``, the page's ``<h1>``), the structured ones (``jsonld.headline``,
``microdata.headline``, ``meta.og:title``, ``meta.twitter:title``), then the ``<title>``
(``html.title``) and weaker printed guesses, each with HTML entities read and the site's name
after a separator removed before the judge sees it.

A page's metadata may carry a headline written for search engines or for social media, and
its template may print a shortened one; the judge takes the headline most witnesses give
(the same words, spacing, case and quote marks aside), and among equals the most trusted:
the printed one first. A printed headline that is only the site's own name is no witness.
The ``<title>`` and the weaker guesses count only when nothing better gives a headline.
"""

from __future__ import annotations

from spotlight_crawler.judge import Verdict, disagreeing

Named = list[tuple[str, str]]

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def _key(text: str) -> str:
    return " ".join(text.translate(_QUOTES).split()).casefold()


def same_headline(a: str, b: str) -> bool:
    """Whether two witnesses give the same headline (spacing, case and quote marks aside)."""
    return _key(a) == _key(b)


def judge_headline(
    printed: Named, structured: Named, fallback: Named | None = None, site_name: str | None = None
) -> Verdict[str]:
    """The story's headline from its witnesses, each list in order of trust."""
    own = _key(site_name) if site_name else None
    voters = [(name, text) for name, text in (*printed, *structured) if text and _key(text) != own]
    if not voters:
        voters = [(name, text) for name, text in fallback or () if text]
        if not voters:
            return Verdict()
    votes: dict[str, list[tuple[str, str]]] = {}
    for name, text in voters:
        votes.setdefault(_key(text), []).append((name, text))
    # Most witnesses first; among equals, the group of the most trusted witness (dicts keep order).
    group = max(votes.values(), key=len)
    spellings = [text for _, text in group]
    text = max(spellings, key=spellings.count)  # the commonest spelling, the most trusted first
    name = next(n for n, t in group if t == text)
    return Verdict(text, name, disagreeing(voters, lambda a, b: _key(a) == _key(b)))
