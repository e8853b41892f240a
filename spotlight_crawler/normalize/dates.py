"""Dates, date-times and ages as the site prints them, read into aware values in Nepal time:
its known forms by regular expressions, other short strings by ``dateparser``."""

from __future__ import annotations

import calendar
import contextlib
import re
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, Final
from zoneinfo import ZoneInfo

from spotlight_crawler import site
from spotlight_crawler.site import AD_MONTH, AD_MONTHS, DATE_FLAGS

KATHMANDU: Final = ZoneInfo("Asia/Kathmandu")
"""The site prints local Nepal time (UTC+05:45); every parsed date-time is in this zone."""

# Django's P: "7:54 p.m.", "7 a.m." (minutes dropped when zero), "noon", "midnight";
# tolerated too: "7:54 PM", "7pm", 24-hour "19:54", seconds, and a zone after the time.
_TIME: Final = (
    r"(?:(?:12(?::00)?\s*)?(?P<noon>noon)|(?:12(?::00)?\s*)?(?P<midnight>midnight)"
    r"|(?P<h12>\d{1,2})(?::(?P<m12>\d{2}))?(?::(?P<s12>\d{2}))?\s*"
    r"(?P<ampm>[ap])\.?\s?m(?![a-z])\.?"
    r"|(?P<h24>\d{1,2}):(?P<m24>\d{2})(?::(?P<s24>\d{2}))?(?!\d))"
    r"(?:\s*(?P<zone>utc|gmt|npt|[+-]\d{2}:?\d{2})(?![a-z0-9]))?"
)
_TIME_TAIL: Final = rf"(?:\s*,?\s*(?:at\s+|-\s*)?{_TIME})?"

# "Oct. 22, 2024, 7:54 p.m.", "Jan 07, 2025", "October.04,2024", "Sept 8 2011".
_MDY_RE: Final = re.compile(
    rf"\b(?P<mon>{AD_MONTH})[\s.\-]*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
    rf"\s*,?\s*(?P<year>\d{{4}})(?!\d){_TIME_TAIL}",
    DATE_FLAGS,
)
# "22 October 2024", "22nd Oct, 2024 7:54 pm".
_DMY_RE: Final = re.compile(
    rf"(?<![\d.])(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+)?(?P<mon>{AD_MONTH})"
    rf"\s*,?\s*(?P<year>\d{{4}})(?!\d){_TIME_TAIL}",
    DATE_FLAGS,
)
# "2024-10-22", "2024-10-22T19:54:00+05:45", "2024-10-22 14:09:00.123Z".
_ISO_RE: Final = re.compile(
    r"(?<![\d\-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<frac>\d+))?)?"
    r"\s*(?P<zone>z|[+-]\d{2}(?::?\d{2})?)?)?(?![\d:])",
    DATE_FLAGS,
)

_DATEPARSER_SETTINGS: Final[dict[str, Any]] = {
    "PARSERS": ["custom-formats", "absolute-time"],  # no ages (read against `now`), no bare numbers ("2024")
    "REQUIRE_PARTS": ["day", "month", "year"],  # "Oct 2024" or "Tuesday" date nothing
    "TIMEZONE": "Asia/Kathmandu",
    "TO_TIMEZONE": "Asia/Kathmandu",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "RETURN_TIME_AS_PERIOD": True,  # a date alone (period "day") told from a date-time (period "time")
    "DATE_ORDER": "MDY",  # as the site's en-us Django prints dates
    "PREFER_LOCALE_DATE_ORDER": False,
}

_ZONE_NAMES: Final[dict[str, tzinfo]] = {"utc": UTC, "gmt": UTC, "npt": KATHMANDU}

DateLike = date | datetime
_Reader = Callable[[re.Match[str], datetime | None], DateLike | None]


def parse_datetime(text: object, now: datetime | None = None) -> DateLike | None:
    """The leftmost date, date-time or age in ``text``, or None; never raises.

    An aware ``datetime`` in :data:`KATHMANDU` when a time is printed (an age counts back from
    ``now``, the clock by default; naive times are Kathmandu time), a ``date`` for a day alone.
    Short text in no known form is asked of ``dateparser``."""
    if not isinstance(text, str) or not (cleaned := " ".join(text.split())):  # Unicode spaces (NBSP too)
        return None
    if cleaned.casefold() in site.AGE_NOW:
        with contextlib.suppress(OverflowError):
            return _reference_now(now)
        return None
    matches = _known_forms(cleaned)
    if not matches:
        return _parse_fallback(cleaned)
    for match, reader in matches:
        with contextlib.suppress(ValueError, OverflowError):  # an impossible day or time: the next form
            if (value := reader(match, now)) is not None:
                return value
    return None


def _known_forms(text: str) -> list[tuple[re.Match[str], _Reader]]:
    """The first match of each known form, leftmost first (of one start, the earlier form)."""
    found = [(match, reader) for pattern, reader in _READERS if (match := pattern.search(text)) is not None]
    return sorted(found, key=lambda found: found[0].start())


def date_span(text: str) -> tuple[int, int] | None:
    """Where the first date, date-time or age in ``text`` is (for stripping it)."""
    spans = [match.span() for match, _ in _known_forms(text)]
    return min(spans) if spans else None


def _read_month_day_year(match: re.Match[str], now: datetime | None) -> DateLike | None:
    """The day, with the time ``_TIME`` read after it if any; None if that time is bad."""
    day = date(int(match["year"]), AD_MONTHS[match["mon"][:3].lower()], int(match["day"]))
    if match["noon"] or match["midnight"]:
        hour, minute, second = 12 if match["noon"] else 0, 0, 0
    elif match["h12"]:
        hour12 = int(match["h12"])
        if not 1 <= hour12 <= 12:
            return None
        hour = hour12 % 12 + (12 if match["ampm"].lower() == "p" else 0)
        minute, second = int(match["m12"] or 0), int(match["s12"] or 0)
    elif match["h24"]:
        hour, minute, second = int(match["h24"]), int(match["m24"]), int(match["s24"] or 0)
    else:
        return day
    moment = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=KATHMANDU)
    if zone := match["zone"]:  # UTC, NPT, +05:45...
        moment = moment.replace(tzinfo=_ZONE_NAMES.get(zone.lower()) or datetime.strptime(zone, "%z").tzinfo)
    return moment.astimezone(KATHMANDU)


def _read_iso(match: re.Match[str], now: datetime | None) -> DateLike | None:
    day = match[0][:10]
    if match["hour"] is None:
        return date.fromisoformat(day)
    clock = "".join(match[0][11:].split()).upper()  # "19:54:00 +05:45" -> "19:54:00+05:45"
    return _kathmandu(datetime.fromisoformat(f"{day}T{clock}"))


def _kathmandu(moment: datetime) -> datetime:
    """``moment`` in Kathmandu time; a naive one is Kathmandu time."""
    return moment.replace(tzinfo=KATHMANDU) if moment.tzinfo is None else moment.astimezone(KATHMANDU)


def _read_age(match: re.Match[str], now: datetime | None) -> datetime | None:
    """``now`` minus a Django timesince age (plus it for the "from now" form), counted as Django
    does: years and months by the calendar (day clamped), the rest as an exact duration in UTC."""
    reference = _reference_now(now)
    if match["now"]:
        return reference
    amounts: Counter[str] = Counter()
    for part in site.AGE_PART.finditer(match["parts"]):
        count = part["count"].lower()
        amounts[site.AGE_UNITS[part["unit"].lower().rstrip("s")]] += 1 if count in ("a", "an") else int(count)
    sign = -1 if match["dir"].lower() == "ago" else 1
    moved = _add_months(reference, sign * (amounts.pop("years", 0) * 12 + amounts.pop("months", 0)))
    return (moved.astimezone(UTC) + sign * timedelta(**amounts)).astimezone(KATHMANDU)


def _reference_now(now: datetime | None) -> datetime:
    return _kathmandu(now) if isinstance(now, datetime) else datetime.now(KATHMANDU).replace(microsecond=0)


def _add_months(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + (moment.month - 1) + months
    year, month0 = divmod(index, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]  # raises ValueError out of range
    return moment.replace(year=year, month=month0 + 1, day=min(moment.day, last_day))


_READERS: Final[tuple[tuple[re.Pattern[str], _Reader], ...]] = (
    (_ISO_RE, _read_iso),
    (_MDY_RE, _read_month_day_year),
    (_DMY_RE, _read_month_day_year),
    (site.AGE_PHRASE, _read_age),
)


def _parse_fallback(text: str) -> DateLike | None:
    """dateparser, for a whole short string (80 characters at most) with two numbers or more in
    it, such as the day and the year."""
    if len(text) > 80 or len(re.findall(r"\d+", text, re.ASCII)) < 2:
        return None
    from dateparser.date import DateDataParser  # on first use: most runs never need it

    try:
        data = DateDataParser(languages=["en"], settings=_DATEPARSER_SETTINGS).get_date_data(text)
    except Exception:  # a third-party parser: whatever it raises means "not a date"
        return None
    if data.date_obj is None:
        return None
    moment = _kathmandu(data.date_obj)
    return moment if data.period == "time" else moment.date()


def to_iso(value: DateLike | None) -> str | None:
    """ISO 8601: ``2024-10-22T19:54:00+05:45`` for a datetime (to the second, its own offset,
    naive as Kathmandu time), ``2024-10-22`` for a date, ``None`` for ``None``."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=KATHMANDU)
        return aware.isoformat(timespec="seconds")
    return value.isoformat() if value is not None else None
