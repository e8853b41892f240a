"""The publication time's judge: the printed date line (``printed.date_line`` or an age,
``printed.age``) read in the page's zone, against the metadata's times (``jsonld.*``, ``meta.*``...)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from spotlight_crawler import site
from spotlight_crawler.judge import Named, Verdict, disagreeing
from spotlight_crawler.normalize import parse_datetime

PRINTED = "printed.date_line"
# A zone after the time: "Z", "+05:45", "-0400", "UTC"/"GMT".
_ZONED = re.compile(r"(?:\d(?:Z|[+-]\d{2}:?\d{2})|\b(?:UTC|GMT))\s*$", re.I)
_QUARTER = timedelta(minutes=15)
_DAY = timedelta(hours=14)  # the widest UTC offset in use
_SAME = timedelta(minutes=1)
_NOW = datetime(2000, 1, 1, tzinfo=UTC)  # any fixed "now": ages are never compared here


def _instant(text: str) -> datetime | None:
    value = parse_datetime(text, now=_NOW)
    return value if isinstance(value, datetime) and _ZONED.search(text.strip()) else None


def judge_published(printed: str | None, structured: Named) -> Verdict[str]:
    """The chosen witness's text: the site's own format (Nepal time) or an age stands; another
    printed time gives way to a zoned metadata instant showing its clock in some zone (a printed
    day, to one on that day); with no printed date, the first zoned instant, else the first metadata value."""
    zoned = [(name, text, moment) for name, text in structured if (moment := _instant(text)) is not None]
    instants = [(name, moment) for name, _, moment in zoned]
    if not printed or _instant(printed) is not None or site.ISO_DATE.match(printed):
        if zoned:
            name, text, _ = zoned[0]
            return Verdict(text, name, disagreeing(instants, _same_time))
        if printed:
            return Verdict(printed, PRINTED)
        return Verdict(structured[0][1], structured[0][0]) if structured else Verdict()
    if site.RELATIVE_AGE.search(printed):
        return Verdict(printed, "printed.age")
    shown = parse_datetime(printed, now=_NOW)  # the printed day or time (Nepal time)
    if shown is not None and not site.DJANGO_DATETIME.match(printed):
        for name, text, moment in zoned:
            if _same_clock(shown, moment):
                return Verdict(text, name, disagreeing(instants, _same_time))
    printed_at = [(PRINTED, shown)] if shown is not None else []
    return Verdict(printed, PRINTED, disagreeing([*printed_at, *instants], _same_time))


def _same_clock(shown: date | datetime, moment: datetime) -> bool:
    """Whether ``moment`` may be what the page printed as ``shown`` in its local time."""
    if not isinstance(shown, datetime):
        return shown == moment.date()
    # A printed clock shows minutes, whatever its zone: the instant's seconds are dropped.
    gap = shown.replace(tzinfo=None) - moment.astimezone(UTC).replace(tzinfo=None, second=0, microsecond=0)
    return abs(gap) <= _DAY and gap % _QUARTER == timedelta(0)


def _same_time(a: date | datetime, b: date | datetime) -> bool:
    """Within a minute of each other; a day alone, the other's day."""
    if isinstance(a, datetime) and isinstance(b, datetime):
        return abs(a - b) <= _SAME
    return (a.date() if isinstance(a, datetime) else a) == (b.date() if isinstance(b, datetime) else b)
