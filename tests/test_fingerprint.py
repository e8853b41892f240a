"""Body fingerprints: the same text under other spacing, quotes or case is one text; another
editorial under the same title is another, even on the same subject."""

from __future__ import annotations

import hashlib

import pytest

from spotlight_crawler.identity.fingerprint import DEFAULT_THRESHOLD, NUM_PERM, body_fingerprint, similarity
from tests.texts import EDITORIAL, OTHER_EDITORIAL


@pytest.mark.parametrize(
    ("variant", "at_least", "below"),
    [
        # Refolded: case, curly quotes, spacing and paragraph breaks are no change.
        (EDITORIAL.upper(), 1.0, None),
        (EDITORIAL.replace("'", "\u2019"), 1.0, None),
        (" ".join(EDITORIAL.split()), 1.0, None),
        (EDITORIAL.replace(". ", ".\n\n"), 1.0, None),
        # A repost with an agency credit appended is still the same text.
        (EDITORIAL + " (RSS)", DEFAULT_THRESHOLD, None),
        # Another editorial under the same title, on the same kind of subject.
        (OTHER_EDITORIAL, None, 0.5),
        # Only the first paragraph: a teaser is not the story.
        (EDITORIAL.split("\n\n")[0], None, DEFAULT_THRESHOLD),
    ],
)
def test_similarity_to_the_editorial(variant, at_least, below):
    score = similarity(body_fingerprint(EDITORIAL), body_fingerprint(variant))
    assert score is not None
    if at_least is not None:
        assert score >= at_least
    if below is not None:
        assert score < below


@pytest.mark.parametrize("body", [None, "", "   \n\n ", "— … ’ !", 42, ["a list"]])
def test_no_text_no_fingerprint(body):
    assert body_fingerprint(body) is None


def test_short_text_has_a_fingerprint_equal_only_to_itself():
    assert similarity(body_fingerprint("Agencies"), body_fingerprint("AGENCIES")) == 1.0
    assert similarity(body_fingerprint("Rain likely"), body_fingerprint("Snow likely")) == 0.0


@pytest.mark.parametrize("other", [None, b"", b"\x00" * 7, b"\x00" * (4 * NUM_PERM + 4)])
def test_a_missing_or_malformed_fingerprint_compares_as_unknown(other):
    assert similarity(body_fingerprint(EDITORIAL), other) is None


def test_the_fingerprint_is_fixed_bytes_stable_across_calls():
    first = body_fingerprint(EDITORIAL)
    assert isinstance(first, bytes) and len(first) == 4 * NUM_PERM
    assert body_fingerprint(EDITORIAL) == first


def test_the_fingerprint_of_a_text_is_the_one_earlier_runs_stored():
    """The state keeps fingerprints across runs: a faster computation must give the same bytes."""
    text = (
        "Nepal\u2019s \u201cnew\u201d Budget \u2014 a first look.\n\nThe government tabled a budget of Rs. 1,860 billion"
        " on Wednesday; ministers said the deficit would fall. Caf\u00e9 owners in Thamel, Kathmandu, were not convinced."
    )
    fingerprint = body_fingerprint(text)
    assert fingerprint is not None
    assert hashlib.sha256(fingerprint).hexdigest() == "68f30fc4bb30f99dc30feccb89e2c4faa31adb8f160889a60856fe2310f48158"
