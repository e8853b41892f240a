"""Body fingerprints: the same text under other spacing, quotes or case is one text; another
editorial under the same title is another, even on the same subject."""

from __future__ import annotations

import hashlib
import logging

import pytest

from spotlight_crawler.identity.fingerprint import (
    DEFAULT_THRESHOLD,
    SKETCH_SIZE,
    body_fingerprint,
    shingles,
    similarity,
)
from spotlight_crawler.incremental.store import SCHEMA_VERSION, SeenStore
from spotlight_crawler.normalize import headline_key
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


# Missing, torn, not ascending, too long, and a MinHash of the older state format (512 bytes).
@pytest.mark.parametrize(
    "other", [None, b"", b"\x00" * 7, b"\x00" * 16, b"\x01" * (8 * SKETCH_SIZE + 8), b"\x07" * 512]
)
def test_a_missing_or_malformed_fingerprint_compares_as_unknown(other):
    assert similarity(body_fingerprint(EDITORIAL), other) is None


def test_the_fingerprint_is_bounded_and_stable_across_calls():
    first = body_fingerprint(EDITORIAL)
    assert isinstance(first, bytes) and len(first) == 8 * min(SKETCH_SIZE, len(shingles(EDITORIAL)))
    assert body_fingerprint(EDITORIAL) == first
    long_text = " ".join(f"word{n}" for n in range(2000))
    assert len(body_fingerprint(long_text) or b"") == 8 * SKETCH_SIZE


def test_similarity_is_the_jaccard_index_of_the_shingles_when_they_fit_the_sketch():
    a = "one two three four five six"  # 4 shingles
    b = "one two three four five seven"  # 3 of them, and one of its own
    assert similarity(body_fingerprint(a), body_fingerprint(b)) == 3 / 5


def test_the_fingerprint_of_a_text_is_the_one_earlier_runs_stored():
    """The state keeps fingerprints across runs: the same text gives the same bytes in every run."""
    text = (
        "Nepal\u2019s \u201cnew\u201d Budget \u2014 a first look.\n\nThe government tabled a budget of Rs. 1,860 billion"
        " on Wednesday; ministers said the deficit would fall. Caf\u00e9 owners in Thamel, Kathmandu, were not convinced."
    )
    fingerprint = body_fingerprint(text)
    assert fingerprint is not None
    assert hashlib.sha256(fingerprint).hexdigest() == "7cd0bbd27350111feb3407aaab2d6c3d33732ecd15f6c0876f7a8f5434884b28"


def test_a_state_file_with_minhash_fingerprints_is_migrated_keeping_its_stories(tmp_path, caplog):
    """Version 2 stored MinHash fingerprints: after the upgrade its stories are still known by
    URL and headline key, and their old fingerprints are gone (a text not known, never a drop)."""
    path = tmp_path / "state.sqlite3"
    store = SeenStore(path)
    store.add([("https://www.spotlightnepal.com/2010/10/01/from-the-editor-2/", "From The Editor", EDITORIAL)])
    store.db.execute("UPDATE seen SET fingerprint = ?", (b"\x07" * 512,))
    store.db.execute("PRAGMA user_version = 2")
    store.close()

    with caplog.at_level(logging.INFO):
        store = SeenStore(path)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.same_headline(headline_key("FROM THE EDITOR")) == [
        ("https://www.spotlightnepal.com/2010/10/01/from-the-editor-2/", None)
    ]
    assert f"migrated from schema version 2 to {SCHEMA_VERSION}; it knows 1 URLs" in caplog.text
    # A story added after the upgrade has a sketch a later repost is compared with.
    store.add([("https://www.spotlightnepal.com/2010/10/08/from-the-editor-6/", "From The Editor", OTHER_EDITORIAL)])
    (_, old), (_, new) = store.same_headline(headline_key("From The Editor"))
    assert old is None and similarity(new, body_fingerprint(OTHER_EDITORIAL)) == 1.0
    store.close()
