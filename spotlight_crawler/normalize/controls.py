"""Control characters (C0 but tab and line feed, DEL, C1) out of the record's text."""

_CONTROLS: dict[int, str | None] = dict.fromkeys([*range(0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)])
_ONE_LINE = {**_CONTROLS, ord("\t"): " ", ord("\n"): " "}


def without_controls(text: str, *, multiline: bool) -> str:
    """``text`` without control characters; ``multiline=False`` turns tabs and line feeds into spaces."""
    return text.translate(_CONTROLS if multiline else _ONE_LINE)
