"""A fingerprint of a story's text, to tell a repost from another story under one title: the
``SKETCH_SIZE`` smallest 8-byte BLAKE2b digests of its folded word 3-shingles, ascending, joined
(a bottom-k sketch, the same bytes on every host)."""

from __future__ import annotations

import hashlib
import heapq

from spotlight_crawler.normalize import headline_key

SKETCH_SIZE = 128
SHINGLE_WORDS = 3
# Distinct stories on one topic share well under 0.3 on the site's columns; a repost nearly all.
DEFAULT_THRESHOLD = 0.9

_HASH_SIZE = 8  # bytes


def shingles(body: object) -> set[bytes]:
    """The word 3-shingles of ``body`` after headline-key folding (a shorter text: itself; no text: none)."""
    words = headline_key(body).split()
    starts = range(max(1, len(words) - SHINGLE_WORDS + 1)) if words else range(0)
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8") for i in starts}


def body_fingerprint(body: object) -> bytes | None:
    """The fingerprint of a body text, or None when there is no text to compare."""
    hashes = {hashlib.blake2b(gram, digest_size=_HASH_SIZE).digest() for gram in shingles(body)}
    return b"".join(heapq.nsmallest(SKETCH_SIZE, hashes)) or None


def _hashes(fingerprint: bytes | None) -> set[bytes] | None:
    """The hashes of a fingerprint; None when it is missing or not one (e.g. an older format)."""
    if not fingerprint or len(fingerprint) % _HASH_SIZE or len(fingerprint) > SKETCH_SIZE * _HASH_SIZE:
        return None
    values = [fingerprint[i : i + _HASH_SIZE] for i in range(0, len(fingerprint), _HASH_SIZE)]
    return set(values) if values == sorted(set(values)) else None  # a sketch is strictly ascending


def similarity(a: bytes | None, b: bytes | None) -> float | None:
    """Jaccard similarity of the two bodies' shingle sets (estimated past ``SKETCH_SIZE``
    shingles); None when either fingerprint is missing or malformed."""
    first, second = _hashes(a), _hashes(b)
    if first is None or second is None:
        return None
    union = heapq.nsmallest(SKETCH_SIZE, first | second)
    return sum(h in first and h in second for h in union) / len(union)
