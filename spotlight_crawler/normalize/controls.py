"""Control characters out of the record's text.

ESC, BEL, NUL, DEL and C1 (U+0080-U+009F) are no text a reader sees, but a terminal or a
program acts on them: every one is removed. Tab and line feed stay where a field has lines.
"""

from __future__ import annotations

import re

# C0 but tab and line feed, DEL, and C1.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\t\n]")


def without_controls(text: str, *, multiline: bool) -> str:
    """``text`` without control characters; ``multiline=False`` turns tabs and line feeds into spaces."""
    text = _CONTROLS.sub("", text)
    return text if multiline else _LINE_BREAKS.sub(" ", text)
