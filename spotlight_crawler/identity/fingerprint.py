"""A compact fingerprint of a story's text, to tell a repost from another story under one title.

Columns reuse one headline for distinct stories ("From The Editor", daily weather
forecasts), so a headline alone never proves two records are one story. Their bodies do:
a repost carries the same text, another editorial does not. The fingerprint is a MinHash
(``datasketch``) of the body's word 3-shingles after the same folding as headline keys
(NFKC, case-folded, quotes dropped, punctuation and spaces collapsed), so spacing,
curly quotes or a re-flowed paragraph do not count as a change. Its similarity estimates
the Jaccard index of the two shingle sets; 128 permutations put the standard error under
0.03 near the threshold. Stored as 512 bytes, so neither memory nor the state holds bodies.
"""

from __future__ import annotations

import numpy as np
from datasketch import MinHash

from spotlight_crawler.normalize import headline_key

NUM_PERM = 128
SEED = 1  # fixed: fingerprints stored by one run are compared by later ones
SHINGLE_WORDS = 3
# A dropped repost needs at least this similarity; distinct stories on one topic share
# a few phrases (well under 0.3 on the site's columns), a repost shares nearly all.
DEFAULT_THRESHOLD = 0.9

_DTYPE = np.dtype("<u4")  # MinHash values are below 2**32: four bytes each, little-endian
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED)


def shingles(body: str) -> set[bytes]:
    """The word 3-shingles of ``body`` after headline-key folding (a shorter text: itself)."""
    words = headline_key(body).split()
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)}


def body_fingerprint(body: object) -> bytes | None:
    """The fingerprint of a body text, or None when there is no text to compare."""
    if not isinstance(body, str):
        return None
    grams = shingles(body)
    if not grams:
        return None
    # The permutations depend only on NUM_PERM and SEED: drawn once, shared by every fingerprint.
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_TEMPLATE.permutations, scheme=_TEMPLATE.scheme)
    minhash.update_batch(grams)
    return minhash.hashvalues.astype(_DTYPE).tobytes()


def similarity(a: bytes | None, b: bytes | None) -> float | None:
    """Estimated Jaccard similarity of two fingerprints; None when either is missing or malformed."""
    if not a or not b or len(a) != len(b) or len(a) != NUM_PERM * _DTYPE.itemsize:
        return None
    return float(np.count_nonzero(np.frombuffer(a, _DTYPE) == np.frombuffer(b, _DTYPE))) / NUM_PERM
