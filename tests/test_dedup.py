"""The dedup rules record by record: the URL is the identity, a repost needs the same headline
key and the same text, and a record without text can only be dropped by its URL."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from spotlight_crawler.items import ArticleItem
from spotlight_crawler.pipelines.dedup import DedupPipeline
from tests.texts import EDITORIAL, OTHER_EDITORIAL

A, B, C = (f"https://www.spotlightnepal.com/2010/10/0{i}/from-the-editor-{i}/" for i in (2, 6, 9))


def run(records, settings=None):
    crawler = get_crawler(settings_dict={"SPOTLIGHT_STATE": "", **(settings or {})})
    crawler.get_extension = lambda cls: None  # no seen-store: this run only
    pipeline = DedupPipeline.from_crawler(crawler)
    kept = []
    for i, (url, headline, body) in enumerate(records):
        try:
            pipeline.process_item(ArticleItem(url=url, headline=headline, body=body))
            kept.append(i)
        except DropItem:
            pass
    stats = {k.removeprefix("spotlight/dedup/"): v for k, v in crawler.stats.get_stats().items() if "dedup" in k}
    return kept, stats


@pytest.mark.parametrize(
    ("records", "kept", "stats"),
    [
        # One title, other texts: distinct stories.
        (
            [(A, "From The Editor", EDITORIAL), (B, "From The Editor", OTHER_EDITORIAL)],
            [0, 1],
            {"kept_same_headline_other_text": 1},
        ),
        # Same headline key, same text, other URL: a repost.
        (
            [(A, "From The Editor", EDITORIAL), (B, "FROM THE  EDITOR", EDITORIAL.replace("'", "\u2019"))],
            [0],
            {"dropped/repost_in_this_run": 1},
        ),
        # The same URL again, whatever it carries.
        ([(A, "From The Editor", EDITORIAL), (A, "Something else", None)], [0], {"dropped/url_in_this_run": 1}),
        # Without a body a record is never dropped on its headline.
        ([(A, "From The Editor", EDITORIAL), (B, "From The Editor", None)], [0, 1], {"kept_same_headline_no_body": 1}),
        (
            [(A, "From The Editor", None), (B, "From The Editor", None), (C, "From The Editor", EDITORIAL)],
            [0, 1, 2],
            {"kept_same_headline_no_body": 1, "kept_same_headline_unknown_text": 1},
        ),
        # The same text under another title is not a repost (the rule needs both).
        ([(A, "From The Editor", EDITORIAL), (B, "Notes From The Editor", EDITORIAL)], [0, 1], {}),
        ([(A, None, EDITORIAL), (B, None, EDITORIAL)], [0, 1], {}),
        # Among several stories under one title, the repost is matched to the one with its text.
        (
            [
                (A, "From The Editor", OTHER_EDITORIAL),
                (B, "From The Editor", EDITORIAL),
                (C, "From the Editor", EDITORIAL),
            ],
            [0, 1],
            {"kept_same_headline_other_text": 1, "dropped/repost_in_this_run": 1},
        ),
    ],
)
def test_rules(records, kept, stats):
    assert run(records) == (kept, stats)


def test_the_threshold_is_a_setting():
    records = [(A, "From The Editor", EDITORIAL), (B, "From The Editor", EDITORIAL.split("\n\n")[0])]
    assert run(records)[0] == [0, 1]
    assert run(records, {"SPOTLIGHT_REPOST_SIMILARITY": "0.2"})[0] == [0]


@pytest.mark.parametrize("value", ["0", "1.5", "-0.1"])
def test_a_threshold_out_of_range_is_a_clear_error(value):
    with pytest.raises(ValueError, match="SPOTLIGHT_REPOST_SIMILARITY must be in"):
        run([], {"SPOTLIGHT_REPOST_SIMILARITY": value})


def _drops(records):
    """Each record's fate: None when kept, else the drop message (rule, similarity, original)."""
    crawler = get_crawler(settings_dict={"SPOTLIGHT_STATE": ""})
    crawler.get_extension = lambda cls: None
    pipeline = DedupPipeline.from_crawler(crawler)
    fates = []
    for url, headline, body in records:
        try:
            pipeline.process_item(ArticleItem(url=url, headline=headline, body=body))
            fates.append(None)
        except DropItem as drop:
            fates.append(str(drop))
    return fates, crawler.stats.get_stats()


def test_an_exact_copy_is_a_repost_with_similarity_one():
    """Folded to the same words, two bodies are one text: the copy is dropped with similarity 1."""
    copy = EDITORIAL.replace("'", "\u2019").replace(" ", "  ")
    fates, _ = _drops([(A, "From The Editor", EDITORIAL), (B, "FROM THE EDITOR", copy)])
    assert fates == [None, f"repost (in_this_run, similarity 1.00): {B} of {A}"]
