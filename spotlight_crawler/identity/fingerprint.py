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

import struct
from functools import cache
from typing import Any

from spotlight_crawler.normalize import headline_key

NUM_PERM = 128
SEED = 1  # fixed: fingerprints stored by one run are compared by later ones
SHINGLE_WORDS = 3
# A dropped repost needs at least this similarity; distinct stories on one topic share
# a few phrases (well under 0.3 on the site's columns), a repost shares nearly all.
DEFAULT_THRESHOLD = 0.9

# MinHash values are below 2**32: four bytes each, little-endian.
_VALUES = struct.Struct(f"<{NUM_PERM}I")


@cache
def _minhash() -> tuple[Any, Any, Any]:
    """datasketch's ``MinHash``, numpy's ``uint32`` little-endian and a template whose
    permutations every fingerprint shares (they depend only on NUM_PERM and SEED), made on
    first use: datasketch pulls in numpy (and, through its package ``__init__``, scipy, which
    ``compat.datasketch_minhash`` leaves out), which a run writing no record never needs."""
    import numpy as np

    from spotlight_crawler.compat import datasketch_minhash

    MinHash = datasketch_minhash()  # the library's class, under its own name

    return MinHash, np.dtype("<u4"), MinHash(num_perm=NUM_PERM, seed=SEED)


def fold_words(body: object) -> list[str]:
    """The words of ``body`` after headline-key folding, the fingerprint's whole input: two
    bodies with the same words have the same fingerprint."""
    return headline_key(body).split() if isinstance(body, str) else []


def shingles(body: str) -> set[bytes]:
    """The word 3-shingles of ``body`` after headline-key folding (a shorter text: itself)."""
    words = fold_words(body)
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
    minhash_class, dtype, template = _minhash()
    minhash = minhash_class(num_perm=NUM_PERM, seed=SEED, permutations=template.permutations, scheme=template.scheme)
    minhash.update_batch(grams)
    return bytes(minhash.hashvalues.astype(dtype).tobytes())


def similarity(a: bytes | None, b: bytes | None) -> float | None:
    """Estimated Jaccard similarity of two fingerprints; None when either is missing or malformed."""
    if not a or not b or len(a) != len(b) or len(a) != _VALUES.size:
        return None
    return sum(x == y for x, y in zip(_VALUES.unpack(a), _VALUES.unpack(b), strict=True)) / NUM_PERM
