"""Magazine issue lines: volume, number, the AD start date and the Bikram Sambat date printed beside it."""

from __future__ import annotations

import contextlib
import re
from datetime import date
from typing import Final, TypedDict

import nepali_datetime

from spotlight_crawler import site
from spotlight_crawler.normalize.dates import to_iso
from spotlight_crawler.site import AD_MONTH, AD_MONTHS, BS_MONTH, BS_MONTHS, DATE_FLAGS


class Issue(TypedDict):
    """A magazine issue, as the record's ``magazine_issue`` carries it."""

    volume: int | None
    number: int | None
    date: str | None  # ISO 8601
    date_bs: str | None
    raw: str
    dates_agree: bool | None


ISSUE_FIELDS: Final = tuple(Issue.__annotations__)  # in the record's order


# One-for-one substitutions: offsets in the folded text are offsets in the original.
_ISSUE_FOLD: Final = str.maketrans(dict.fromkeys("‐‑‒–—―−﹘﹣－", "-"))

# The AD date is read as a run of tokens (Month, Day, Year, Range dash; Separators dropped,
# anything else breaks the run) matched against the orders hand-typed lines use.
_ISSUE_AD_TOKEN_RE: Final = re.compile(
    rf"(?P<M>\b{AD_MONTH})|(?P<Y>(?<!\d)\d{{4}})(?!\d)|(?P<D>(?<!\d)\d{{1,2}})(?:st|nd|rd|th)?(?![\da-z])"
    r"|(?P<R>-|\bto\b)|(?P<S>[\s.,]+)|(?P<X>.)",
    DATE_FLAGS,
)
# The orders hand-typed lines use, in token letters (R?: an optional range dash); M1, D1, Y1 name
# the issue's first day, M2, D2, Y2 its last, each a group of the match.
_ISSUE_AD_ORDERS: Final = tuple(
    re.compile(re.sub(r"(([MDY])[12])", r"(?P<\1>\2)", order.replace(" ", "")))
    for order in (
        "M1 R? D1 Y1? R M2 R? D2 Y2",  # "July 5 - Aug. 18, 2024"
        "M1 R? D1 Y1? R D2 R? M2 Y2",  # "July 5 - 18 Aug. 2024"
        "D1 R? M1 Y1? R M2 R? D2 Y2",  # "5 July - Aug. 18, 2024"
        "D1 R? M1 Y1? R D2 R? M2 Y2",  # "5 July, 2024 - 18 Aug. 2024"
        "M1 R? D1 R D2 Y2",  # "September 3-16, 2010"
        "D1 R D2 R? M2 Y2",  # "3-16 September, 2010"
        "M1 R? D1 Y2",  # "October.04,2024"
        "D1 R? M1 Y2",  # "4 October 2024"
    )
)

# "Ashoj-18. 2081", "Mangshir 03, 2078", "Magh. 25 2075", "Bhadra 18-31, 2067".
_ISSUE_BS_MDY_RE: Final = re.compile(
    rf"\b(?P<mon>{BS_MONTH})[\s.,\-]*(?P<day>\d{{1,2}})(?!\d)"
    rf"(?:\s*(?:-|to)\s*(?:{BS_MONTH}[\s.,\-]*)?\d{{1,2}}(?!\d))?[\s.,\-]*(?P<year>\d{{4}})(?!\d)",
    DATE_FLAGS,
)
# "18 Ashoj 2081", "18 Ashoj, 2081".
_ISSUE_BS_DMY_RE: Final = re.compile(
    rf"(?<![\d.])(?P<day>\d{{1,2}})[\s.\-]*(?P<mon>{BS_MONTH})[\s.,\-]*(?P<year>\d{{4}})(?!\d)",
    DATE_FLAGS,
)
_ISSUE_MAX_LEN: Final = 240  # printed issue lines are under 100 characters
_BS_DAY_RANGE: Final = range(1, 33)  # BS months have 29 to 32 days


def parse_issue(text: object) -> Issue | None:
    """The issue a line such as ``VOL. 18, No. 05, October.04,2024 (Ashoj-18. 2081)`` names
    (prefix ``Published in Magazine Issue:`` and masthead tail optional; without the prefix, a
    volume and a number or date are needed), else None; never raises. ``date``: the printed AD
    start date, else the BS date converted; ``date_bs``: ``YYYY-MM-DD`` as printed;
    ``dates_agree``: whether the BS date converts to the AD one (None unless both are read)."""
    if not isinstance(text, str):
        return None
    folded = text.translate(_ISSUE_FOLD)
    if (span := _issue_span(folded)) is None:
        return None
    start, end, prefixed = span
    segment = folded[start:end]
    volume = site.ISSUE_VOLUME.search(segment)
    number = site.ISSUE_NUMBER.search(segment, volume.end() if volume else 0)
    cursor = max(volume.end() if volume else 0, number.end() if number else 0)
    ad_dates, ad_end = _issue_ad_dates(segment, cursor)
    bs_parts = _issue_bs_date(segment, ad_end)
    bs_date: date | None = None
    with contextlib.suppress(ValueError, OverflowError, KeyError, IndexError):  # a BS date that does not exist
        bs_date = nepali_datetime.date(*bs_parts).to_datetime_date() if bs_parts else None
    # The BS date decides between readings of ambiguous AD text; otherwise the default one.
    ad_date = bs_date if bs_date in ad_dates else next(iter(ad_dates), None)
    # Without the prefix, a volume and more; with it, anything.
    found = (volume is not None, number is not None or ad_date is not None or bs_parts is not None)
    if not (any(found) if prefixed else all(found)):
        return None
    return {
        "volume": int(volume["n"]) if volume else None,
        "number": int(number["n"]) if number else None,
        "date": to_iso(ad_date or bs_date),
        "date_bs": "{:04d}-{:02d}-{:02d}".format(*bs_parts) if bs_parts else None,
        "raw": text[start:end].strip(),
        "dates_agree": (ad_date == bs_date) if ad_date and bs_parts else None,
    }


def _issue_span(folded: str) -> tuple[int, int, bool] | None:
    """Start and end of the issue text, and whether the prefix was printed."""
    prefix = site.ISSUE_PREFIX.search(folded)
    if (first := prefix or site.ISSUE_VOLUME.search(folded)) is None:
        return None
    start = prefix.end() if prefix else first.start()
    end = min(len(folded), start + _ISSUE_MAX_LEN)
    if tail := site.ISSUE_TAIL.search(folded, start, end):
        end = tail.start()
    volumes = list(site.ISSUE_VOLUME_WORD.finditer(folded, start, end))
    if len(volumes) > 1:
        end = volumes[1].start()  # a second issue line run into this one
    return start, end, prefix is not None


def _issue_ad_dates(segment: str, cursor: int) -> tuple[list[date], int]:
    """The first day of each reading of the first AD date after ``cursor``: the default one first
    (leftmost, then longest), then the other readings of the same words (``July 5 - 18 Aug.`` is
    ``July 5 - Aug. 18`` or, with ``July`` stray, ``Aug. 5-18``); and the offset just after the
    default reading (else ``cursor``)."""
    tokens = [token for token in _ISSUE_AD_TOKEN_RE.finditer(segment, cursor) if token.lastgroup != "S"]
    letters = "".join(token.lastgroup or "X" for token in tokens)
    for first, kind in enumerate(letters):
        if kind in "MD" and (found := _readings_at(letters, tokens, first)):
            day, default = max(found, key=lambda reading: reading[1].end())  # max keeps the first of equals
            others = [reading for reading in found if reading[1] is not default]
            sides = [default.start(g) for g in ("M2", "D2") if default.groupdict().get(g) is not None]
            for alt in range(first + 1, min(sides, default=default.end())):  # up to the end side
                others.extend(_readings_at(letters, tokens, alt))
            return [day, *(other for other, _ in others)], tokens[default.end() - 1].end()
    return [], cursor


def _readings_at(letters: str, tokens: list[re.Match[str]], first: int) -> list[tuple[date, re.Match[str]]]:
    """(first day, match) of each reading of the token run at token ``first``, in order of ``_ISSUE_AD_ORDERS``."""
    matches = filter(None, (order.match(letters, first) for order in _ISSUE_AD_ORDERS))
    return [(day, match) for match in matches if (day := _reading_start(match, tokens))]


def _reading_start(match: re.Match[str], tokens: list[re.Match[str]]) -> date | None:
    """First day of a single day or a range. A side without a month shares the other side's;
    when both days share one month and the first is the larger ("19-01 Aug."), the range
    starts in the month before. The start year is printed, or is the end year, or the year
    before when the range crosses into January."""
    # The text of each token the order matched, by its group (every order has D1 and Y2).
    text = {name: tokens[match.start(name)][letter] for name, letter in match.groupdict().items() if letter}
    mon1, mon2 = text.get("M1"), text.get("M2")
    d1, d2 = int(text["D1"]), text.get("D2")
    last_month = AD_MONTHS[(mon2 or mon1 or "")[:3].lower()]
    if mon1 is not None:
        first_month = AD_MONTHS[mon1[:3].lower()]
    elif d2 is not None and d1 > int(d2):
        first_month = 12 if last_month == 1 else last_month - 1
    else:
        first_month = last_month
    year = int(text["Y1"]) if "Y1" in text else int(text["Y2"]) - (1 if first_month > last_month else 0)
    try:
        return date(year, first_month, d1)
    except ValueError:
        return None


def _issue_bs_date(segment: str, cursor: int) -> tuple[int, int, int] | None:
    """The printed BS date as (year, month, day), leftmost form first."""
    firsts = (pattern.search(segment, cursor) for pattern in (_ISSUE_BS_MDY_RE, _ISSUE_BS_DMY_RE))
    for match in sorted(filter(None, firsts), key=lambda m: m.start()):
        month = BS_MONTHS.get(match["mon"].rstrip(".").lower())
        day = int(match["day"])
        if month is not None and day in _BS_DAY_RANGE:
            return int(match["year"]), month, day
    return None
