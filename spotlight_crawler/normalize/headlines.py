"""A headline key: headlines that differ only in case, quotes, dashes or spacing compare equal."""

from __future__ import annotations

import unicodedata
from typing import Final

_QUOTES: Final = "'\"`\u00b4\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033\u00ab\u00bb\u2039\u203a"
_HEADLINE_FOLD: Final = str.maketrans(dict.fromkeys(_QUOTES))
"""Quotes and apostrophes are dropped, so "Nepal's", "Nepal’s" and "Nepals" agree."""


def headline_key(text: object) -> str:
    """NFKC, casefolded, quotes dropped, every run of other characters not a letter, mark or
    digit made one space; stable when computed from a key."""
    if not isinstance(text, str):
        return ""
    casefolded = unicodedata.normalize("NFKC", text).casefold()
    folded = unicodedata.normalize("NFKC", casefolded).translate(_HEADLINE_FOLD)
    kept = (ch if ch.isalnum() or unicodedata.category(ch)[0] == "M" else " " for ch in folded)
    return " ".join("".join(kept).split())
