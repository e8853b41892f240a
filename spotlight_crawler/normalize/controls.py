"""Control characters out of the record's text.

A page can carry characters no reader sees but a program acts on: ESC starts a terminal
escape sequence (a headline ``\\x1b]0;...\\x07`` retitles the terminal that prints it, or
hides the rest of the line), BEL rings, NUL ends a C string, C1 characters (U+0080-U+009F,
often mojibake of Windows-1252 punctuation) are controls too. None of them is text, so
every one is removed: C0 (U+0000-U+001F), DEL (U+007F) and C1. Tab and line feed are text
where lines are (a body's paragraphs); in a one-line field (a headline) they become spaces.
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
