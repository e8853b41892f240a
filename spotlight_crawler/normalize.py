"""Turn the text formats printed by New Spotlight Online into typed values.

Why this module exists: the site's markup is unknown (see docs/site.md), so the
crawler often has nothing better than visible text.  That text follows a few families of
formats, each printed by the site's Django/Wagtail templates or typed by hand:

* article date-times in Django's default ``DATETIME_FORMAT`` (``N j, Y, P``):
  ``Oct. 22, 2024, 7:54 p.m.``, ``March 1, 2021, 7 a.m.``, ``Jan. 5, 2020, noon``;
* listing/sidebar dates (``Oct 22, 2024``, ``Jan 07, 2025``) and Django ``timesince``
  ages (``13\\xa0minutes ago``, ``3\\xa0years, 1\\xa0month ago``);
* ISO 8601 strings from metadata (JSON-LD, ``article:published_time``, ``<time>``);
* bylines (``By NEW SPOTLIGHT ONLINE Jan 07, 2025``, ``By Agencies 13 minutes ago``);
* hand-typed magazine issue lines with an AD date and the same day in Bikram Sambat.

Everything here is a pure function of its arguments (the only clock is the ``now``
argument of :func:`parse_datetime`, read only when the caller leaves it out), none of the
parsers raises on any input, and nothing imports Scrapy, so the functions can be tested
and benchmarked on plain strings.

Date-times are read with precompiled regular expressions first; ``dateparser`` is only a
fallback for short strings the expressions do not know, because it is two orders of
magnitude slower (see benchmarks/bench_normalize.py).
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from collections.abc import Callable
from typing import Any, Final, Literal, TypedDict
from zoneinfo import ZoneInfo

import nepali_datetime

__all__ = [
    "KATHMANDU",
    "Author",
    "Issue",
    "headline_key",
    "parse_byline",
    "parse_datetime",
    "parse_issue",
    "to_iso",
]

KATHMANDU: Final = ZoneInfo("Asia/Kathmandu")
"""The site prints local Nepal time (UTC+05:45); every parsed date-time is in this zone."""

# Patterns that read dates use ASCII semantics: with full Unicode case folding the
# expressions would also accept look-alikes such as the long s or the Kelvin sign,
# which the month tables below could then not look up.
_DATE_FLAGS: Final = re.ASCII | re.IGNORECASE

# ---------------------------------------------------------------------------
# Month names
# ---------------------------------------------------------------------------

_AD_MONTHS: Final[dict[str, int]] = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
"""Gregorian months keyed by their first three letters (all spellings share them)."""

# Full names, the three-letter forms and Django's AP style ("Sept.").
_AD_MONTH: Final = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)

_BS_MONTH_SPELLINGS: Final[dict[int, tuple[str, ...]]] = {
    1: ("baisakh", "baishakh", "baishak", "baisak", "vaisakh", "vaishakh"),
    2: ("jestha", "jeth", "jeshtha", "jyestha", "jyeshtha", "jesth", "jetha"),
    3: ("ashad", "asar", "ashar", "asadh", "ashadh", "aasar", "asaar"),
    4: ("shrawan", "sharwan", "saun", "shravan", "srawan", "sawan", "saawan"),
    5: ("bhadra", "bhadau", "bhadou", "bhado"),
    6: ("ashoj", "asoj", "ashwin", "aswin", "asouj"),
    7: ("kartik", "kartick", "kattik", "kartika", "kaartik"),
    8: ("mangsir", "mangshir", "marga", "mansir", "mangseer", "margashirsha"),
    9: ("poush", "push", "paush", "pous", "pus", "paus"),
    10: ("magh", "maagh"),
    11: ("falgun", "phalgun", "fagun", "phagun"),
    12: ("chaitra", "chait", "chaita", "chaitr"),
}
"""Bikram Sambat months (1 = Baisakh) in the spellings hand-typed issue lines use."""

_BS_MONTHS: Final[dict[str, int]] = {
    spelling: number
    for number, spellings in _BS_MONTH_SPELLINGS.items()
    for spelling in spellings
}

# Longest spellings first, so that "Chaitra" is not read as "Chait" + "ra".
_BS_MONTH: Final = (
    r"(?:"
    + "|".join(sorted(_BS_MONTHS, key=len, reverse=True))
    + r")(?![a-z])\.?"
)

# ---------------------------------------------------------------------------
# Date-time patterns (the fast path of parse_datetime)
# ---------------------------------------------------------------------------

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
    rf"\b(?P<mon>{_AD_MONTH})[\s.\-]*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
    rf"\s*,?\s*(?P<year>\d{{4}})(?!\d){_TIME_TAIL}",
    _DATE_FLAGS,
)
# "22 October 2024", "22nd Oct, 2024 7:54 pm".
_DMY_RE: Final = re.compile(
    rf"(?<![\d.])(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+)?(?P<mon>{_AD_MONTH})"
    rf"\s*,?\s*(?P<year>\d{{4}})(?!\d){_TIME_TAIL}",
    _DATE_FLAGS,
)
# "2024-10-22", "2024-10-22T19:54:00+05:45", "2024-10-22 14:09:00.123Z".
_ISO_RE: Final = re.compile(
    r"(?<![\d\-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<frac>\d+))?)?"
    r"\s*(?P<zone>z|[+-]\d{2}(?::?\d{2})?)?)?(?![\d:])",
    _DATE_FLAGS,
)

_AGE_UNITS: Final[dict[str, str]] = {
    "year": "years",
    "yr": "years",
    "month": "months",
    "mo": "months",
    "week": "weeks",
    "wk": "weeks",
    "day": "days",
    "hour": "hours",
    "hr": "hours",
    "minute": "minutes",
    "min": "minutes",
    "second": "seconds",
    "sec": "seconds",
}
_AGE_UNIT: Final = (
    r"(?:years?|yrs?|months?|mos?|weeks?|wks?|days?|hours?|hrs?|minutes?|mins?"
    r"|seconds?|secs?)(?![a-z])"
)
_AGE_PART: Final = rf"(?:\d{{1,6}}\s*|\ban?\s+){_AGE_UNIT}"
_AGE_MAX_PARTS: Final = 7
"""One part per unit, years to seconds (Django prints two).  The bound keeps the search
linear on long runs of "1 day, 1 day, ..." that never end in "ago"."""
# Django timesince + " ago" ("3 years, 1 month ago", "0 minutes ago"), humanize's
# naturaltime ("an hour ago", "now", "2 days from now"). Without "ago"/"from now" a
# count of days is a duration in prose, not a point in time, so it is not matched.
_AGE_RE: Final = re.compile(
    rf"(?<![\w.])(?P<parts>{_AGE_PART}(?:(?:\s*,\s*|\s+)(?:and\s+)?{_AGE_PART}){{0,{_AGE_MAX_PARTS - 1}}})"
    r"\s+(?P<dir>ago|from\s+now)(?![a-z])"
    r"|\b(?P<now>just\s+now|right\s+now|a\s+moment\s+ago|moments\s+ago)\b",
    _DATE_FLAGS,
)
_AGE_PART_RE: Final = re.compile(
    rf"(?P<count>\d{{1,6}}|\ban?)\s*(?P<unit>{_AGE_UNIT})", _DATE_FLAGS
)
_BARE_NOW: Final = frozenset({"now", "just now", "right now"})

_FALLBACK_MAX_LEN: Final = 80
"""Longest string handed to dateparser: it parses a whole string rather than searching
in it, so longer text (a paragraph, a full meta line) fails there anyway, slowly."""

_FALLBACK_MIN_NUMBERS: Final = 2
"""Numbers a string needs before dateparser is asked: a day, month and year are required
(below), and of those at least the year and the day are written in digits."""
_DIGITS_RE: Final = re.compile(r"\d+", re.ASCII)

_DATEPARSER_LANGUAGES: Final = ["en"]
_DATEPARSER_SETTINGS: Final[dict[str, Any]] = {
    # No "relative-time": ages are read above, calendar-aware, against the caller's
    # `now`; no "timestamp": bare numbers ("1730000000", "2024") must not become dates.
    "PARSERS": ["custom-formats", "absolute-time"],
    # A date needs day, month and year: "5 things", "Oct 2024" or "Tuesday" are not a
    # day we can date anything with, and filling gaps from the clock is a guess.
    "REQUIRE_PARTS": ["day", "month", "year"],
    "TIMEZONE": "Asia/Kathmandu",
    "TO_TIMEZONE": "Asia/Kathmandu",
    "RETURN_AS_TIMEZONE_AWARE": True,
    # Lets a date alone (period "day") be told from a date with a time (period "time").
    "RETURN_TIME_AS_PERIOD": True,
    # US month/day order, as the site's en-us Django prints it.
    "DATE_ORDER": "MDY",
    "PREFER_LOCALE_DATE_ORDER": False,
}

_ZONE_NAMES: Final[dict[str, tzinfo]] = {
    "utc": timezone.utc,
    "gmt": timezone.utc,
    "z": timezone.utc,
    "npt": KATHMANDU,
}

DateLike = date | datetime
_Reader = Callable[[re.Match[str], datetime | None], DateLike | None]


def _collapse(text: str) -> str:
    """Unicode whitespace (Django's non-breaking spaces included) to single spaces."""
    return " ".join(text.split())


# ---------------------------------------------------------------------------
# parse_datetime
# ---------------------------------------------------------------------------


def parse_datetime(text: object, now: datetime | None = None) -> DateLike | None:
    """Read a date, a date-time or an age from ``text``.

    Returns an aware ``datetime`` in :data:`KATHMANDU` when a time of day is printed (or
    for an age: ``now`` minus the age), a ``date`` when only a day is printed
    (``Oct 22, 2024``, ``2024-10-22``), and ``None`` when ``text`` holds no date.
    The text is searched, not matched whole, and the leftmost date wins, so the date at
    the start of a longer line is found (``Oct. 22, 2024, 7:54 p.m. Published in
    Magazine Issue: ...``) and so is an age at the end of a sidebar line; a number
    without a month or an "ago" ("He said 5 things") is no date.  ISO strings with an
    offset are converted to Kathmandu time, naive ones are taken as Kathmandu time.
    Text in none of the known forms, if short, is handed to ``dateparser`` (day, month
    and year required); text in a known form naming an impossible day
    (``Feb. 30, 2024``) gives ``None``.  ``now`` (aware; naive is taken as Kathmandu
    time) defaults to the current time and is only used for ages.  Never raises.
    """
    if not isinstance(text, str):
        return None
    cleaned = _collapse(text)
    if not cleaned:
        return None
    matches = _fast_matches(cleaned)
    if not matches and cleaned.casefold() not in _BARE_NOW:
        return _parse_fallback(cleaned)
    try:
        return _read_fast(cleaned, matches, now)
    except (ValueError, OverflowError):
        return None


def _read_fast(
    text: str, matches: list[tuple[int, int, re.Match[str], _Reader]], now: datetime | None
) -> DateLike | None:
    """The value of the leftmost fast-path match that names a real moment.  When every
    match names an impossible one ("Feb. 30, 2024") the text is still in a known form,
    so the result is None without asking dateparser."""
    if text.casefold() in _BARE_NOW:
        return _reference_now(now)
    for _, _, match, reader in sorted(matches, key=lambda c: (c[0], c[1])):
        try:
            value = reader(match, now)
        except (ValueError, OverflowError):
            value = None
        if value is not None:
            return value
    return None


def _fast_matches(text: str) -> list[tuple[int, int, re.Match[str], _Reader]]:
    """The first match of each fast-path pattern: (start, priority, match, reader).
    Stops early at a match at the very start, which no later pattern can beat."""
    lowered = text.lower()
    found = []
    for priority, (pattern, reader, needles) in enumerate(_FAST_READERS):
        if needles and not any(needle in lowered for needle in needles):
            continue
        match = pattern.search(text)
        if match is not None:
            found.append((match.start(), priority, match, reader))
            if match.start() == 0:
                break
    return found


def _date_span(text: str) -> tuple[int, int] | None:
    """Where the first date, date-time or age in ``text`` is (for stripping it)."""
    spans = [match.span() for _, _, match, _ in _fast_matches(text)]
    return min(spans) if spans else None


def _read_month_day_year(match: re.Match[str], now: datetime | None) -> DateLike | None:
    month = _AD_MONTHS[match["mon"][:3].lower()]
    day_value = date(int(match["year"]), month, int(match["day"]))
    return _attach_time(day_value, match)


def _attach_time(day_value: date, match: re.Match[str]) -> DateLike | None:
    """Combine a day with the optional time groups of ``_TIME``; None if the time is bad."""
    if match["noon"]:
        hour, minute, second = 12, 0, 0
    elif match["midnight"]:
        hour, minute, second = 0, 0, 0
    elif match["h12"]:
        hour12 = int(match["h12"])
        if not 1 <= hour12 <= 12:
            return None
        hour = hour12 % 12 + (12 if match["ampm"].lower() == "p" else 0)
        minute, second = int(match["m12"] or 0), int(match["s12"] or 0)
    elif match["h24"]:
        hour, minute, second = int(match["h24"]), int(match["m24"]), int(match["s24"] or 0)
    else:
        return day_value
    moment = datetime(day_value.year, day_value.month, day_value.day, hour, minute, second)
    return _in_kathmandu(moment, match["zone"])


def _zone(token: str) -> tzinfo:
    """``UTC``/``GMT``/``Z``/``NPT`` or a numeric offset (``+05:45``, ``+0545``, ``+05``)."""
    named = _ZONE_NAMES.get(token.lower())
    if named is not None:
        return named
    digits = token[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"bad UTC offset {token!r}")
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if token.startswith("-") else offset)


def _read_iso(match: re.Match[str], now: datetime | None) -> DateLike | None:
    day_value = date(int(match["year"]), int(match["month"]), int(match["day"]))
    if match["hour"] is None:
        return day_value
    micro = int((match["frac"] or "0")[:6].ljust(6, "0"))
    moment = datetime(
        day_value.year,
        day_value.month,
        day_value.day,
        int(match["hour"]),
        int(match["minute"]),
        int(match["second"] or 0),
        micro,
    )
    return _in_kathmandu(moment, match["zone"])


def _in_kathmandu(moment: datetime, zone_token: str | None) -> datetime:
    """A naive wall-clock time read in the printed zone (Kathmandu if none), in Kathmandu."""
    if not zone_token:
        return moment.replace(tzinfo=KATHMANDU)
    return moment.replace(tzinfo=_zone(zone_token)).astimezone(KATHMANDU)


def _read_age(match: re.Match[str], now: datetime | None) -> datetime | None:
    """``now`` minus a Django timesince age; plus it for the "from now" form."""
    reference = _reference_now(now)
    if match["now"]:
        return reference
    amounts = {"years": 0, "months": 0, "weeks": 0, "days": 0, "hours": 0, "minutes": 0, "seconds": 0}
    for part in _AGE_PART_RE.finditer(match["parts"]):
        count = part["count"].lower()
        unit = part["unit"].lower().rstrip("s") or "s"
        key = _AGE_UNITS.get(unit)
        if key is None:
            return None
        amounts[key] += 1 if count in ("a", "an") else int(count)
    sign = -1 if match["dir"].lower() == "ago" else 1
    return _shift(reference, sign, amounts)


def _reference_now(now: datetime | None) -> datetime:
    if not isinstance(now, datetime):
        return datetime.now(KATHMANDU).replace(microsecond=0)
    if now.tzinfo is None:
        return now.replace(tzinfo=KATHMANDU)
    return now.astimezone(KATHMANDU)


def _shift(reference: datetime, sign: int, amounts: dict[str, int]) -> datetime:
    """Calendar-aware shift as Django's timesince counts: years and months by the
    calendar on the local date (day clamped to the month's length), the rest as an
    exact duration (done in UTC, so offset changes of the zone's history do not skew it).
    """
    months = sign * (amounts["years"] * 12 + amounts["months"])
    moved = _add_months(reference, months)
    duration = timedelta(
        weeks=amounts["weeks"],
        days=amounts["days"],
        hours=amounts["hours"],
        minutes=amounts["minutes"],
        seconds=amounts["seconds"],
    )
    utc = moved.astimezone(timezone.utc) + sign * duration
    return utc.astimezone(KATHMANDU)


def _add_months(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + (moment.month - 1) + months
    year, month0 = divmod(index, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]  # raises ValueError out of range
    return moment.replace(year=year, month=month0 + 1, day=min(moment.day, last_day))


_FAST_READERS: Final[tuple[tuple[re.Pattern[str], _Reader, tuple[str, ...]], ...]] = (
    (_ISO_RE, _read_iso, ("-",)),
    (_MDY_RE, _read_month_day_year, ()),
    (_DMY_RE, _read_month_day_year, ()),
    (_AGE_RE, _read_age, ("ago", "now")),
)
"""Fast-path patterns, their readers, and substrings (lower case) without one of which
the pattern cannot match, so it is not run; on equal start the earlier pattern wins."""


@functools.cache
def _date_data_parser() -> Any:
    """dateparser's parser with the settings above, imported and built on first use
    (loading dateparser's data takes a good part of a second)."""
    from dateparser.date import DateDataParser

    return DateDataParser(languages=_DATEPARSER_LANGUAGES, settings=_DATEPARSER_SETTINGS)


def _parse_fallback(text: str) -> DateLike | None:
    """dateparser, for short strings with two numbers or more in them."""
    if len(text) > _FALLBACK_MAX_LEN or len(_DIGITS_RE.findall(text)) < _FALLBACK_MIN_NUMBERS:
        return None
    try:
        data = _date_data_parser().get_date_data(text)
        moment = data.date_obj
        if moment is None:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=KATHMANDU)
        moment = moment.astimezone(KATHMANDU)
        if data.period == "time":
            return moment
        return moment.date()
    except Exception:  # a third-party parser: whatever it raises means "not a date"
        return None


# ---------------------------------------------------------------------------
# to_iso
# ---------------------------------------------------------------------------


def to_iso(value: DateLike | None) -> str | None:
    """ISO 8601: ``2024-10-22T19:54:00+05:45`` for a datetime (seconds kept, sub-second
    part dropped, its own offset kept; a naive one is taken as Kathmandu time),
    ``2024-10-22`` for a date, ``None`` for ``None``."""
    if value is None:
        return None
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=KATHMANDU)
        return aware.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"to_iso expects a date or datetime, not {type(value).__name__}")


# ---------------------------------------------------------------------------
# headline_key
# ---------------------------------------------------------------------------

_QUOTES: Final = "'\"`\u00b4\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033\u00ab\u00bb\u2039\u203a"
_HEADLINE_FOLD: Final = str.maketrans({quote: None for quote in _QUOTES})
"""Quotes and apostrophes are dropped, so "Nepal's", "Nepal’s" and "Nepals" agree."""


def headline_key(text: object) -> str:
    """A key under which headlines differing only in case, quotes, dashes, punctuation
    or spacing are equal: NFKC, casefold, quotes dropped, every other run of characters
    that is not a letter, mark or digit (dashes included) made one space."""
    if not isinstance(text, str):
        return ""
    # NFKC again after casefold: casefolding can produce sequences NFKC would change,
    # and the key must be stable when computed from a key.
    casefolded = unicodedata.normalize("NFKC", text).casefold()
    folded = unicodedata.normalize("NFKC", casefolded).translate(_HEADLINE_FOLD)
    kept = "".join(ch if _is_key_char(ch) else " " for ch in folded)
    return " ".join(kept.split())


def _is_key_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


# ---------------------------------------------------------------------------
# parse_byline
# ---------------------------------------------------------------------------


AuthorKind = Literal["staff", "agency", "person"]


class Author(TypedDict):
    name: str
    kind: AuthorKind


STAFF_DESK: Final = "New Spotlight Online"
"""The canonical name of the site's own news desk (``By NEW SPOTLIGHT ONLINE``)."""

_STAFF_DESK_RE: Final = re.compile(
    r"(?:the\s+)?(?:new\s+spotlight(?:\s+online)?|spotlight\s+online|newspotlight(?:\s*online)?)"
    r"(?:\s+(?:team|desk|news\s+desk|staff|news))?",
    re.IGNORECASE,
)

_STAFF_ROLES: Final[dict[str, str]] = {
    key: key.title()
    for key in (
        "a correspondent",
        "our correspondent",
        "special correspondent",
        "staff correspondent",
        "correspondent",
        "staff reporter",
        "a staff reporter",
        "our staff reporter",
        "our reporter",
        "a reporter",
        "staff writer",
        "news desk",
        "editorial desk",
        "web desk",
        "online desk",
    )
}
"""Unnamed staff credits, keyed casefolded; the value is the canonical spelling."""

_AGENCIES: Final[dict[str, str]] = {
    "agencies": "Agencies",
    "agency": "Agencies",
    "agency inputs": "Agencies",
    "agency input": "Agencies",
    "news agencies": "Agencies",
    "wire services": "Agencies",
    "rss": "RSS",
    "rastriya samachar samiti": "RSS",
    "rashtriya samachar samiti": "RSS",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "xinhua": "Xinhua",
    "xinhua news agency": "Xinhua",
    "ani": "ANI",
    "asian news international": "ANI",
    "ians": "IANS",
    "indo-asian news service": "IANS",
    "pti": "PTI",
    "press trust of india": "PTI",
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "bbc": "BBC",
    "bbc news": "BBC",
    "kyodo": "Kyodo",
    "kyodo news": "Kyodo",
    "yonhap": "Yonhap",
    "yonhap news agency": "Yonhap",
    "tass": "TASS",
    "efe": "EFE",
    "unb": "UNB",
    "bernama": "Bernama",
    "dpa": "DPA",
    "upi": "UPI",
    "anadolu": "Anadolu",
    "anadolu agency": "Anadolu",
    "bss": "BSS",
    "sputnik": "Sputnik",
    "cgtn": "CGTN",
    "voa": "VOA",
    "ips": "IPS",
    "inter press service": "IPS",
}
"""Wire services and "Agencies", keyed casefolded without dots; values are canonical."""

_NOT_A_BYLINE_RE: Final = re.compile(
    r"\bpublisher\b|\beditor\s*:|\bregister(?:ed)?\s+(?:number|no)\b|\bmagazine\s+issue\b"
    r"|\b(?:photos?|pictures?|images?|file\s+photo|graphics?)\s*(?::|-|\bby\b|\bcourtesy\b|\bcredits?\b)"
    r"|^\s*(?:photos?|courtesy|credits?)\b",
    re.IGNORECASE,
)
"""Masthead and photo-credit text, which names people who are not authors."""

_BY_PREFIX_RE: Final = re.compile(
    r"^(?:(?:written|reported|compiled|edited|story|text|report)\s+)?by\b\s*[:\-]?\s*",
    re.IGNORECASE,
)
# " By " inside a sidebar line ("<headline> By <byline> <age>"); case-sensitive, as the
# site prints it, so that a lowercase "by" in a sentence is not taken for one.
_INNER_BY_RE: Final = re.compile(r"(?:^|\s)(?:By|BY)\s*:?\s+")
_PAREN_RE: Final = re.compile(r"\(([^()]{0,60})\)")
_TRAILING_PAREN_RE: Final = re.compile(r"\(([^()]{1,60})\)[\s.]*$")
_BYLINE_MAX_LEN: Final = 200
"""Longer text left after "By" and the date is prose, not a list of authors."""
_SPLIT_RE: Final = re.compile(r"\s*(?:[,;/&+|]|\band\b|\bwith\b)\s*", re.IGNORECASE)
_CREDIT_LEAD_RE: Final = re.compile(
    r"^(?:(?:additional\s+)?(?:inputs?|reporting|reports?|information)\s+(?:from|by)\s+)",
    re.IGNORECASE,
)
_EDGE_PUNCT: Final = " \t.,;:|-\u2013\u2014()[]\"'\u2018\u2019\u201c\u201d*_"

_PERSON_MIN_WORDS: Final = 2
"""Nepali bylines carry given and family name; one capitalised word is more often a
place or a stray heading than a person, so it is not accepted as one."""
_PERSON_MAX_WORDS: Final = 6
"""Longer runs of capitalised words are headlines, not names."""
_NAME_PARTICLES: Final = frozenset({"de", "da", "di", "du", "del", "der", "van", "von", "bin", "binti", "al", "el", "la", "le", "of"})
_NOT_NAME_WORDS: Final = frozenset(
    {"photo", "photos", "editor", "publisher", "online", "magazine", "issue", "vol",
     "published", "register", "number", "ago", "minutes", "days", "hours", "the", "a", "an"}
)
_NAME_WORD_RE: Final = re.compile(r"[^\W\d_](?:[^\W\d_]|[.'\u2019\-])*")


def parse_byline(text: object) -> list[Author]:
    """The authors credited by a byline, sign-off or meta line, as
    ``[{"name": ..., "kind": "staff" | "agency" | "person"}, ...]``.

    Accepts ``Keshab Poudel``, ``By Agencies``, ``By NEW SPOTLIGHT ONLINE Jan 07, 2025``,
    ``<headline> By Agencies 13 minutes ago``, ``A and B``, ``(RSS)``.  Masthead text,
    photo credits, empty strings and anything that does not read as a byline give ``[]``.
    Never raises.
    """
    if not isinstance(text, str):
        return []
    cleaned = _collapse(unicodedata.normalize("NFKC", text))
    if not cleaned or _NOT_A_BYLINE_RE.search(cleaned):
        return []
    cleaned, agency_credit = _split_agency_credit(cleaned)
    credit = _PAREN_RE.sub(" ", _strip_date(_byline_part(cleaned)))
    authors: list[Author] = []
    if len(credit) <= _BYLINE_MAX_LEN:
        for part in _SPLIT_RE.split(credit):
            author = _classify(_CREDIT_LEAD_RE.sub("", part.strip(_EDGE_PUNCT)).strip(_EDGE_PUNCT))
            if author is not None:
                authors.append(author)
    return _unique(authors + agency_credit)


def _split_agency_credit(text: str) -> tuple[str, list[Author]]:
    """A closing agency credit such as ``... without delay. (RSS)``, and the text before
    it.  Only a closing one: "(AP)" inside a sentence is more often an abbreviation."""
    match = _TRAILING_PAREN_RE.search(text)
    if match is None:
        return text, []
    found = _classify(match.group(1).strip(_EDGE_PUNCT))
    if found is None or found["kind"] != "agency":
        return text, []
    return text[: match.start()], [found]


def _byline_part(text: str) -> str:
    """The text after a leading ``By`` or, in a sidebar line, after the last ``By``."""
    prefixed = _BY_PREFIX_RE.match(text)
    if prefixed is not None:
        return text[prefixed.end():]
    inner = list(_INNER_BY_RE.finditer(text))
    return text[inner[-1].end():] if inner else text


def _strip_date(text: str) -> str:
    """Cut a byline at its date or age (``Jan 07, 2025``, ``13 minutes ago``)."""
    span = _date_span(text)
    return text[: span[0]] if span is not None else text


def _classify(part: str) -> Author | None:
    if not part:
        return None
    key = " ".join(part.casefold().split())
    bare = key[4:] if key.startswith("the ") else key
    if _STAFF_DESK_RE.fullmatch(key):
        return {"name": STAFF_DESK, "kind": "staff"}
    if key in _STAFF_ROLES:
        return {"name": _STAFF_ROLES[key], "kind": "staff"}
    for candidate in (key, bare, key.replace(".", ""), bare.replace(".", "")):
        if candidate in _AGENCIES:
            return {"name": _AGENCIES[candidate], "kind": "agency"}
    name = _person_name(part)
    return {"name": name, "kind": "person"} if name is not None else None


def _person_name(part: str) -> str | None:
    """The name as printed (ALL CAPS made title case), or None if it is not a name."""
    words = part.split()
    if not _PERSON_MIN_WORDS <= len(words) <= _PERSON_MAX_WORDS:
        return None
    for word in words:
        lowered = word.casefold()
        if not _NAME_WORD_RE.fullmatch(word) or lowered.strip(".") in _NOT_NAME_WORDS:
            return None
        if not word[0].isupper() and lowered not in _NAME_PARTICLES:
            return None
    if all(lowered in _NAME_PARTICLES for lowered in (w.casefold() for w in words)):
        return None
    name = " ".join(words)
    return _title_case(name) if name.isupper() else name


def _title_case(name: str) -> str:
    """``KESHAB POUDEL`` -> ``Keshab Poudel``; ``O'BRIEN`` -> ``O'Brien``."""
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), name.lower())


def _unique(authors: list[Author]) -> list[Author]:
    seen: set[tuple[str, str]] = set()
    unique: list[Author] = []
    for author in authors:
        key = (author["name"], author["kind"])
        if key not in seen:
            seen.add(key)
            unique.append(author)
    return unique


# ---------------------------------------------------------------------------
# parse_issue
# ---------------------------------------------------------------------------


class Issue(TypedDict):
    volume: int | None
    number: int | None
    date: date | None
    date_bs: str | None
    raw: str
    dates_agree: bool | None


# One-for-one character substitutions, so that offsets found in the folded text are
# offsets in the original too (`raw` is cut from the original).
_ISSUE_FOLD: Final = str.maketrans(
    {dash: "-" for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"}
)

_ISSUE_PREFIX_RE: Final = re.compile(
    r"published\s+in\s+(?:the\s+)?magazine\s+issue\s*:?", re.IGNORECASE
)
_ISSUE_TAIL_RE: Final = re.compile(
    r"\bpublisher\b|\beditor\s*:|\b(?:online\s+)?register(?:ed)?\s+(?:number|no)\b|\bDOI\b",
    re.IGNORECASE,
)
_VOLUME_RE: Final = re.compile(r"\bvol(?:ume)?(?![a-z])[\s.:\-#]*(?P<n>\d{1,3})(?!\d)", _DATE_FLAGS)
_NUMBER_RE: Final = re.compile(
    r"\b(?:no|nos|number|issue)(?![a-z])[\s.:\-#]*(?P<n>\d{1,3})(?!\d)", _DATE_FLAGS
)
_NEXT_VOLUME_RE: Final = re.compile(r"\bvol(?:ume)?(?![a-z])", _DATE_FLAGS)
_RANGE_DASH: Final = r"\s*(?:-|to)\s*"

# The AD date of an issue line is read as a run of tokens (month, day, year, dash) and the
# run is matched against the orders hand-typed lines use, on either side of a range: month
# before day ("July 19"), day before month ("01 Aug."), or one side each ("July 19 -01 Aug.,
# 2019"). Separators between tokens (spaces, dots, commas) are dropped; anything else breaks
# the run, so a date is never joined across the parenthesised BS date.
_ISSUE_AD_TOKEN_RE: Final = re.compile(
    rf"(?P<M>\b{_AD_MONTH})|(?P<Y>(?<!\d)\d{{4}})(?!\d)|(?P<D>(?<!\d)\d{{1,2}})(?:st|nd|rd|th)?(?![\da-z])"
    r"|(?P<R>-|\bto\b)|(?P<S>[\s.,]+)|(?P<X>.)",
    _DATE_FLAGS,
)
_MD: Final = "(?P<m{n}>M)R?(?P<d{n}>D)"
_DM: Final = "(?P<d{n}>D)R?(?P<m{n}>M)"
# Orders of an issue date over token kinds, one letter each. Group suffix 1 is the issue's
# first day, 2 its last; a side without a month shares the other side's month.
_ISSUE_AD_ORDERS: Final = tuple(
    re.compile(order)
    for order in (
        *(
            first.format(n=1) + "(?P<y1>Y)?R" + second.format(n=2) + "(?P<y2>Y)"
            for first in (_MD, _DM)
            for second in (_MD, _DM)
        ),
        _MD.format(n=1) + "R(?P<d2>D)(?P<y2>Y)",  # "September 3-16, 2010"
        "(?P<d1>D)R" + _DM.format(n=2) + "(?P<y2>Y)",  # "3-16 September, 2010"
        _MD.format(n=1) + "(?P<y2>Y)",  # "October.04,2024"
        _DM.format(n=1) + "(?P<y2>Y)",  # "4 October 2024"
    )
)


@dataclass(frozen=True, slots=True)
class _AdReading:
    """One way to read the AD date: its first day, its token span, and where its end side starts."""

    start: date
    first: int
    last: int
    second_side: int
    end: int  # offset in the segment just after the date


# "Ashoj-18. 2081", "Mangshir 03, 2078", "Magh. 25 2075", "Bhadra 18-31, 2067".
_ISSUE_BS_MDY_RE: Final = re.compile(
    rf"\b(?P<mon>{_BS_MONTH})[\s.,\-]*(?P<day>\d{{1,2}})(?!\d)"
    rf"(?:{_RANGE_DASH}(?:{_BS_MONTH}[\s.,\-]*)?\d{{1,2}}(?!\d))?[\s.,\-]*(?P<year>\d{{4}})(?!\d)",
    _DATE_FLAGS,
)
# "18 Ashoj 2081", "18 Ashoj, 2081".
_ISSUE_BS_DMY_RE: Final = re.compile(
    rf"(?<![\d.])(?P<day>\d{{1,2}})[\s.\-]*(?P<mon>{_BS_MONTH})[\s.,\-]*(?P<year>\d{{4}})(?!\d)",
    _DATE_FLAGS,
)
_ISSUE_MAX_LEN: Final = 240
"""Longest issue text read after its start: printed issue lines are under 100
characters, and a bound keeps the patterns' backtracking cheap on junk."""
_BS_DAY_RANGE: Final = range(1, 33)  # BS months have 29 to 32 days


def parse_issue(text: object) -> Issue | None:
    """Read a magazine issue line such as
    ``VOL. 18, No. 05, October.04,2024 (Ashoj-18. 2081)``, with or without the
    ``Published in Magazine Issue:`` prefix and any masthead/register tail.

    Returns ``{"volume", "number", "date", "date_bs", "raw", "dates_agree"}``, where
    ``date`` is the first day of the issue period (the printed AD start date; if no AD
    date is readable, the printed BS date converted), ``date_bs`` the printed BS date as
    ``YYYY-MM-DD``, ``raw`` the issue text as printed, and ``dates_agree`` whether the
    printed BS date converts to the printed AD start date (``None`` unless both are
    printed and readable; ``False`` for a BS date that does not exist).  A part that is
    not printed is ``None``.  Returns ``None`` for text that is not an issue: without
    the prefix it needs a volume and one of number or date.  Never raises.
    """
    if not isinstance(text, str):
        return None
    try:
        return _parse_issue(text)
    except (ValueError, OverflowError):
        return None


def _parse_issue(text: str) -> Issue | None:
    folded = text.translate(_ISSUE_FOLD)
    span = _issue_span(folded)
    if span is None:
        return None
    start, end, prefixed = span
    segment = folded[start:end]
    volume = _VOLUME_RE.search(segment)
    number = _NUMBER_RE.search(segment, volume.end() if volume else 0)
    cursor = max(volume.end() if volume else 0, number.end() if number else 0)
    readings = _issue_ad_readings(segment, cursor)
    bs_parts = _issue_bs_date(segment, readings[0].end if readings else cursor)
    bs_date = _bs_to_ad(bs_parts) if bs_parts else None
    # The BS date decides between readings of ambiguous AD text; otherwise the default one.
    ad_date = next((r.start for r in readings if r.start == bs_date), readings[0].start) if readings else None
    if not prefixed and (volume is None or (number is None and ad_date is None and bs_parts is None)):
        return None
    if volume is None and number is None and ad_date is None and bs_parts is None:
        return None
    return {
        "volume": int(volume["n"]) if volume else None,
        "number": int(number["n"]) if number else None,
        "date": ad_date or bs_date,
        "date_bs": "{:04d}-{:02d}-{:02d}".format(*bs_parts) if bs_parts else None,
        "raw": text[start:end].strip(),
        "dates_agree": (ad_date == bs_date) if ad_date and bs_parts else None,
    }


def _issue_span(folded: str) -> tuple[int, int, bool] | None:
    """Start and end of the issue text, and whether the prefix was printed."""
    prefix = _ISSUE_PREFIX_RE.search(folded)
    if prefix is not None:
        start = prefix.end()
    else:
        first_volume = _VOLUME_RE.search(folded)
        if first_volume is None:
            return None
        start = first_volume.start()
    end = min(len(folded), start + _ISSUE_MAX_LEN)
    tail = _ISSUE_TAIL_RE.search(folded, start, end)
    if tail is not None:
        end = tail.start()
    volume = _NEXT_VOLUME_RE.search(folded, start, end)
    if volume is not None:
        following = _NEXT_VOLUME_RE.search(folded, volume.end(), end)
        if following is not None:
            end = following.start()  # a second issue line run into this one
    return start, end, prefix is not None


def _issue_ad_readings(segment: str, cursor: int) -> list[_AdReading]:
    """Every reading of the first AD date after ``cursor``: the default one first (leftmost,
    then longest), then the other readings of the same words (``July 5 - 18 Aug.`` is
    ``July 5 - Aug. 18`` or, with ``July`` stray, ``Aug. 5-18``)."""
    kinds: list[str] = []
    values: list[str] = []
    ends: list[int] = []
    for token in _ISSUE_AD_TOKEN_RE.finditer(segment, cursor):
        kind = token.lastgroup or "X"
        if kind != "S":
            kinds.append(kind)
            values.append(token.group(kind))
            ends.append(token.end())
    letters = "".join(kinds)
    for first, kind in enumerate(letters):
        if kind not in "MD":
            continue
        found = _readings_at(letters, values, ends, first)
        if found:
            default = max(found, key=lambda r: r.last)  # max keeps the first of equals
            others = [r for r in found if r is not default]
            for alt in range(first + 1, default.second_side):
                others.extend(_readings_at(letters, values, ends, alt))
            return [default, *others]
    return []


def _readings_at(letters: str, values: list[str], ends: list[int], first: int) -> list[_AdReading]:
    """The readings of the token run that start at token ``first``, in order of ``_ISSUE_AD_ORDERS``."""
    out = []
    for order in _ISSUE_AD_ORDERS:
        match = order.match(letters, first)
        if match is None or (day := _reading_start(match, values)) is None:
            continue
        groups = match.groupdict()
        second = min((match.start(g) for g in ("m2", "d2") if groups.get(g) is not None), default=match.end())
        out.append(_AdReading(day, first, match.end(), second, ends[match.end() - 1]))
    return out


def _reading_start(match: re.Match[str], values: list[str]) -> date | None:
    """First day of a single day or a range. A side without a month shares the other side's;
    when both days share one month and the first is the larger ("19-01 Aug."), the range
    starts in the month before. The start year is printed, or is the end year, or the year
    before when the range crosses into January."""
    groups = match.groupdict()

    def value(name: str) -> str | None:
        return values[match.start(name)] if groups.get(name) is not None else None

    mon1, mon2 = value("m1"), value("m2")
    d1, d2 = int(value("d1") or 0), value("d2")
    last_month = _AD_MONTHS[(mon2 or mon1 or "")[:3].lower()]
    if mon1 is not None:
        first_month = _AD_MONTHS[mon1[:3].lower()]
    elif d2 is not None and d1 > int(d2):
        first_month = 12 if last_month == 1 else last_month - 1
    else:
        first_month = last_month
    y1 = value("y1")
    year = int(y1) if y1 else int(value("y2") or 0) - (1 if first_month > last_month else 0)
    try:
        return date(year, first_month, d1)
    except ValueError:
        return None


def _issue_bs_date(segment: str, cursor: int) -> tuple[int, int, int] | None:
    """The printed BS date as (year, month, day), leftmost form first."""
    matches = [
        match
        for pattern in (_ISSUE_BS_MDY_RE, _ISSUE_BS_DMY_RE)
        if (match := pattern.search(segment, cursor)) is not None
    ]
    for match in sorted(matches, key=lambda m: m.start()):
        month = _BS_MONTHS.get(match["mon"].rstrip(".").lower())
        day = int(match["day"])
        if month is not None and day in _BS_DAY_RANGE:
            return int(match["year"]), month, day
    return None


def _bs_to_ad(parts: tuple[int, int, int]) -> date | None:
    """The Gregorian date of a BS date; None if that BS date does not exist."""
    try:
        return nepali_datetime.date(*parts).to_datetime_date()
    except (ValueError, OverflowError, KeyError, IndexError):
        return None
