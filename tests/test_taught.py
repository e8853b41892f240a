"""What the feed teaches (judge/taught.py): scoring taught pages and settling the lesson."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from spotlight_crawler.extract.feed import FeedEntry, feed_time
from spotlight_crawler.judge.taught import MIN_PAGES, Adopted, Scored, describe, score, settle

NOW = datetime(2026, 12, 6, 6, 0, tzinfo=UTC)
ENTRY = FeedEntry(
    link="https://www.spotlightnepal.com/2024/10/22/x/",
    title="Nepal Signs Power Deal",
    published=feed_time("Tue, 22 Oct 2024 19:54:00 +0545"),
    author="Keshab Poudel",
    description="The deal was signed on Tuesday in Kathmandu.",
)


def page(right: bool, default: bool, witness: str = "printed.date_after:posted on") -> Scored:
    return Scored(right={"published_at": {witness: right}}, default={"published_at": default})


@pytest.mark.parametrize(
    ("name", "value", "right"),
    [
        ("headline", "Nepal Signs Power Deal", True),
        ("headline", "nepal signs power deal", True),
        ("headline", "National", False),
        ("published_at", "Oct. 22, 2024, 7:54 p.m.", True),
        ("published_at", "Oct. 22, 2024, 9:54 p.m.", False),
        ("published_at", "2024-10-22T14:09:00Z", True),
        ("authors", [{"name": "Keshab Poudel", "kind": "person"}], True),
        ("authors", [{"name": "Updated", "kind": "person"}], False),
        ("body", ["The deal was signed on Tuesday in Kathmandu.", "More."], True),
    ],
)
def test_a_witness_is_scored_against_the_feed_item(name, value, right):
    scored = score({name: [("w", value)]}, {name: value}, ENTRY)
    assert scored.right[name] == {"w": right}


def test_a_body_that_opens_with_another_line_is_wrong_where_another_reading_is_right():
    right = ["The deal was signed on Tuesday in Kathmandu."]
    scored = score({"body": [("w", ["National", *right]), ("v", right)]}, {"body": right}, ENTRY)
    assert scored.right["body"] == {"w": False, "v": True}


def test_a_field_the_feed_item_lacks_is_not_scored():
    scored = score({"authors": [("w", [{"name": "A B", "kind": "person"}])]}, {}, FeedEntry(link="x"))
    assert scored.right == {}


def test_a_body_whose_description_no_reading_starts_with_is_not_scored():
    assert "body" not in score({"body": [("w", ["Other text."])]}, {"body": ["Other text."]}, ENTRY).right


def test_a_witness_right_on_every_taught_page_that_beats_the_default_is_adopted():
    lesson = settle({}, [page(True, False)] * MIN_PAGES, NOW)
    assert lesson.adopted["published_at"] == Adopted(
        "printed.date_after:posted on", MIN_PAGES, "2026-12-06T06:00:00+00:00"
    )
    assert lesson.news["published_at"] == (
        "published_at: the site prints it after 'Posted on'; learned from 3 feed stories"
    )


@pytest.mark.parametrize(
    "pages",
    [
        [page(True, False)] * (MIN_PAGES - 1),  # too few taught pages
        [page(True, True)] * MIN_PAGES,  # the default is right: nothing to beat
        [page(True, False)] * MIN_PAGES + [page(False, False)],  # wrong on one page
    ],
)
def test_nothing_is_adopted_without_proof(pages):
    assert settle({}, pages, NOW).adopted == {}


def test_a_remembered_witness_the_pages_agree_with_is_kept_and_its_proof_grows():
    old = Adopted("printed.date_after:posted on", 5, "2026-01-01T00:00:00+00:00")
    lesson = settle({"published_at": old}, [page(True, True)] * 2, NOW)
    assert lesson.adopted["published_at"] == Adopted(old.witness, 7, old.learned_at)
    assert lesson.news == {}


def test_a_remembered_witness_contradicted_is_dropped_and_the_field_learned_again():
    old = Adopted("printed.date_after:posted on", 5, "2026-01-01T00:00:00+00:00")
    redesigned = Scored(right={"published_at": {"printed.date_after:published": True}}, default={"published_at": False})
    lesson = settle({"published_at": old}, [redesigned] * 4, NOW)
    assert lesson.adopted["published_at"].witness == "printed.date_after:published"
    assert lesson.news["published_at"] == (
        "published_at: the site now prints it after 'Published'; learned from 4 feed stories"
    )


def test_a_remembered_witness_contradicted_with_nothing_proven_leaves_the_judge():
    old = Adopted("printed.date_after:posted on", 5, "2026-01-01T00:00:00+00:00")
    lesson = settle({"published_at": old}, [page(False, True)] * 2, NOW)
    assert lesson.adopted == {}
    assert "no longer prints it after 'Posted on' (wrong on 2 of 2 feed stories)" in lesson.news["published_at"]


def test_a_feed_that_lies_proves_nothing_and_the_disagreement_stands():
    lying = [page(False, False)] * 5
    lesson = settle({}, lying, NOW)
    assert lesson.adopted == {} and lesson.unproven == ["published_at"]


def test_the_body_is_never_adopted_and_stands_unproven_only_when_no_reading_agrees():
    read = Scored(right={"body": {"w": True}}, default={"body": False})
    missed = Scored(right={"body": {"w": False}}, default={"body": False})
    proven = settle({}, [read] * MIN_PAGES, NOW)
    assert proven.adopted == {} and proven.unproven == []
    assert settle({}, [missed] * MIN_PAGES, NOW).unproven == ["body"]


@pytest.mark.parametrize(
    ("witness", "words"),
    [
        ("printed.credit_after:reporter", "after 'Reporter'"),
        ("html.h2.entry-title", 'as <h2 class="entry-title">'),
        ("html.title", "in the page's <title>"),
        ("jsonld.datePublished", "in its metadata (jsonld.datePublished)"),
        ("walk.story", "as walk.story"),
    ],
)
def test_a_witness_says_where_it_reads(witness, words):
    assert describe(witness) == words


TAUGHT_STATS = {
    "spotlight/article/pages": 12,
    "spotlight/taught/published_at/witness": "printed.date_after:published",
    "spotlight/taught/published_at/proven": 4,
    "spotlight/taught/published_at/served": 12,
    "spotlight/taught/published_at/news": "published_at: the site now prints it after 'Published'; learned from 4 feed stories",
}


def test_the_summary_says_per_field_the_witness_its_proof_and_its_share_and_what_was_learned():
    from spotlight_crawler.run.lesson import lesson_lines

    assert lesson_lines(TAUGHT_STATS) == [
        "  taught by the feed: published_at after 'Published' (printed.date_after:published): proven on 4 feed "
        "stories, served 12 of 12 article pages",
        "  learned: published_at: the site now prints it after 'Published'; learned from 4 feed stories",
    ]
    assert lesson_lines({"spotlight/article/pages": 3}) == []
