"""The headline's judge: the headline most of the page's witnesses give."""

from __future__ import annotations

from collections import Counter

from spotlight_crawler.judge import Named, Verdict, disagreeing
from spotlight_crawler.normalize import headline_key


def same_headline(a: str, b: str) -> bool:
    """Whether two witnesses give the same headline (spacing, case, quotes and punctuation aside)."""
    return headline_key(a) == headline_key(b)


def judge_headline(
    printed: Named, structured: Named, fallback: Named | None = None, site_name: str | None = None
) -> Verdict[str]:
    """The story's headline from its witnesses, each list in order of trust: the one most of
    ``printed`` and ``structured`` give (:func:`same_headline`; among equals the most trusted),
    ``fallback`` only when they give none; the site's name alone is no headline."""
    own = headline_key(site_name) if site_name else None
    voters = [(name, text) for name, text in (*printed, *structured) if text and headline_key(text) != own]
    voters = voters or [(name, text) for name, text in fallback or () if text and headline_key(text) != own]
    if not voters:
        return Verdict()
    # Most witnesses first; among equals, the most trusted (a Counter keeps the order met).
    best = Counter(headline_key(text) for _, text in voters).most_common(1)[0][0]
    group = [(name, text) for name, text in voters if headline_key(text) == best]
    text = Counter(text for _, text in group).most_common(1)[0][0]  # the commonest spelling
    name = next(n for n, t in group if t == text)
    return Verdict(text, name, disagreeing(voters, same_headline))
