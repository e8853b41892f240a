"""Control characters (C0 but tab and line feed, DEL, C1) out of the record's text."""

from __future__ import annotations

import re

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\t\n]")


def without_controls(text: str, *, multiline: bool) -> str:
    """``text`` without control characters; ``multiline=False`` turns tabs and line feeds into spaces."""
    text = _CONTROLS.sub("", text)
    return text if multiline else _LINE_BREAKS.sub(" ", text)
