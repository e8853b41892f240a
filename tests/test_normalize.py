"""Table-driven tests of spotlight_crawler.normalize on the strings the site prints.

The strings come from docs/site.md and the real page texts in tests/fixtures/ (quoted verbatim,
including the non-breaking spaces Django puts in ages).  No test reads the clock: ages
are resolved against NOW, the moment the sample article page was captured.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import nepali_datetime
import pytest

from spotlight_crawler.normalize import (
    KATHMANDU,
    credit_authors,
    headline_key,
    parse_byline,
    parse_datetime,
    parse_issue,
    to_iso,
)
from tests.replica.content import BS_MONTH_SPELLINGS, FULL_MONTHS  # the spellings docs/site.md lists, one table

NOW = datetime(2024, 10, 22, 20, 7, tzinfo=KATHMANDU)
"""When the sample article (published Oct. 22, 2024, 7:54 p.m.) was captured: its
sidebar shows a story of the same day as "13 minutes ago"."""

NBSP = "\xa0"
MASTHEAD = "Publisher and Editor: Keshab Prasad Poudel Online Register Number: DOI 584/074-75"


def ktm(*args: int) -> datetime:
    return datetime(*args, tzinfo=KATHMANDU)


# ---------------------------------------------------------------------------
# parse_datetime: date-times
# ---------------------------------------------------------------------------

SITE_DATETIMES = [
    ("Oct. 22, 2024, 7:54 p.m.", ktm(2024, 10, 22, 19, 54)),
    ("Sept. 8, 2011, 5:45 p.m.", ktm(2011, 9, 8, 17, 45)),
    ("March 1, 2021, 7:25 a.m.", ktm(2021, 3, 1, 7, 25)),
]

# Django's P: minutes left off when zero, "noon", "midnight", 12-hour clock.
DJANGO_P_FORMS = [
    ("Oct. 22, 2024, 7 a.m.", ktm(2024, 10, 22, 7, 0)),
    ("Oct. 22, 2024, 7 p.m.", ktm(2024, 10, 22, 19, 0)),
    ("Oct. 22, 2024, noon", ktm(2024, 10, 22, 12, 0)),
    ("Oct. 22, 2024, midnight", ktm(2024, 10, 22, 0, 0)),
    ("Oct. 22, 2024, 12:30 p.m.", ktm(2024, 10, 22, 12, 30)),
    ("Oct. 22, 2024, 12:05 a.m.", ktm(2024, 10, 22, 0, 5)),
    ("Oct. 22, 2024, 1 a.m.", ktm(2024, 10, 22, 1, 0)),
    ("Oct. 22, 2024, 11:59 p.m.", ktm(2024, 10, 22, 23, 59)),
]

# Django's N (AP style) for every month.
AP_MONTHS = [
    ("Jan. 5, 2025, 9:10 a.m.", ktm(2025, 1, 5, 9, 10)),
    ("Feb. 29, 2024, 9:10 a.m.", ktm(2024, 2, 29, 9, 10)),
    ("March 5, 2025, 9:10 a.m.", ktm(2025, 3, 5, 9, 10)),
    ("April 5, 2025, 9:10 a.m.", ktm(2025, 4, 5, 9, 10)),
    ("May 5, 2025, 9:10 a.m.", ktm(2025, 5, 5, 9, 10)),
    ("June 5, 2025, 9:10 a.m.", ktm(2025, 6, 5, 9, 10)),
    ("July 5, 2025, 9:10 a.m.", ktm(2025, 7, 5, 9, 10)),
    ("Aug. 5, 2025, 9:10 a.m.", ktm(2025, 8, 5, 9, 10)),
    ("Sept. 5, 2025, 9:10 a.m.", ktm(2025, 9, 5, 9, 10)),
    ("Oct. 5, 2025, 9:10 a.m.", ktm(2025, 10, 5, 9, 10)),
    ("Nov. 5, 2025, 9:10 a.m.", ktm(2025, 11, 5, 9, 10)),
    ("Dec. 5, 2025, 9:10 a.m.", ktm(2025, 12, 5, 9, 10)),
]

# The same family typed or rendered less strictly.
TOLERATED_DATETIMES = [
    ("Sep. 8, 2011, 5:45 p.m.", ktm(2011, 9, 8, 17, 45)),
    ("Sept 8, 2011, 5:45 p.m.", ktm(2011, 9, 8, 17, 45)),
    ("Sep 8, 2011, 5:45 pm", ktm(2011, 9, 8, 17, 45)),
    ("September 8, 2011, 5:45 PM", ktm(2011, 9, 8, 17, 45)),
    ("Oct 22, 2024 7:54 p.m.", ktm(2024, 10, 22, 19, 54)),
    ("Oct.  22 ,  2024 ,   7:54  p.m.", ktm(2024, 10, 22, 19, 54)),
    ("Oct.\xa022,\xa02024,\xa07:54\xa0p.m.", ktm(2024, 10, 22, 19, 54)),
    ("OCT. 22, 2024, 7:54 P.M.", ktm(2024, 10, 22, 19, 54)),
    ("Oct. 22, 2024, 7:54p.m.", ktm(2024, 10, 22, 19, 54)),
    ("Oct. 22, 2024 at 7:54 pm", ktm(2024, 10, 22, 19, 54)),
    ("Oct. 22, 2024, 19:54", ktm(2024, 10, 22, 19, 54)),
    ("Oct. 22, 2024, 7:54 p.m. UTC", ktm(2024, 10, 23, 1, 39)),
    ("22 October 2024, 7:54 p.m.", ktm(2024, 10, 22, 19, 54)),
    ("Tuesday, 22nd of October, 2024 19:54", ktm(2024, 10, 22, 19, 54)),
]

# Metadata: offsets are converted to Kathmandu, naive values are Kathmandu time.
ISO_DATETIMES = [
    ("2024-10-22T19:54:00+05:45", ktm(2024, 10, 22, 19, 54)),
    ("2024-10-22T14:09:00+00:00", ktm(2024, 10, 22, 19, 54)),
    ("2024-10-22T14:09:00Z", ktm(2024, 10, 22, 19, 54)),
    ("2024-10-22T10:09:00-04:00", ktm(2024, 10, 22, 19, 54)),
    ("2024-10-22T19:54:00+0545", ktm(2024, 10, 22, 19, 54)),
    ("2024-10-22T19:54:00", ktm(2024, 10, 22, 19, 54)),
    ("2024-10-22 19:54", ktm(2024, 10, 22, 19, 54)),
    ("2024-10-22T19:54:07.123456+05:45", datetime(2024, 10, 22, 19, 54, 7, 123456, KATHMANDU)),
]

# A date-time at the start of a longer line (the article meta line with its issue).
NOISY_DATETIMES = [
    (
        "Oct. 22, 2024, 7:54 p.m. Published in Magazine Issue: VOL. 18, No. 05, "
        f"October.04,2024 (Ashoj-18. 2081) {MASTHEAD}",
        ktm(2024, 10, 22, 19, 54),
    ),
    ("  Oct. 22, 2024, 7:54 p.m.\n", ktm(2024, 10, 22, 19, 54)),
    ("Posted on: Sept. 8, 2011, 5:45 p.m. | Economy", ktm(2011, 9, 8, 17, 45)),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    SITE_DATETIMES + DJANGO_P_FORMS + AP_MONTHS + TOLERATED_DATETIMES + ISO_DATETIMES + NOISY_DATETIMES,
)
def test_parse_datetime_reads_date_times(text: str, expected: datetime) -> None:
    result = parse_datetime(text, now=NOW)
    assert isinstance(result, datetime)
    assert result == expected
    assert result.tzinfo == KATHMANDU


def test_parse_datetime_keeps_the_placeholder_time_of_2010_2011_articles() -> None:
    # Every 2010-2011 article reads 5:45 p.m. (UTC noon); the parser reports what is
    # printed, the caller decides what to trust.
    assert parse_datetime("Sept. 8, 2011, 5:45 p.m.", now=NOW) == datetime(2011, 9, 8, 12, 0, tzinfo=UTC)


# ---------------------------------------------------------------------------
# parse_datetime: dates alone
# ---------------------------------------------------------------------------

DATES = [
    # Listing and sidebar dates of the samples.
    ("Oct 22, 2024", date(2024, 10, 22)),
    ("Oct 21, 2024", date(2024, 10, 21)),
    ("Oct 20, 2024", date(2024, 10, 20)),
    ("Oct 19, 2024", date(2024, 10, 19)),
    ("Jan 07, 2025", date(2025, 1, 7)),
    ("Dec 31, 2024", date(2024, 12, 31)),
    ("Dec 29, 2024", date(2024, 12, 29)),
    # Same family.
    ("October 4, 2024", date(2024, 10, 4)),
    ("October.04,2024", date(2024, 10, 4)),
    ("Sep 08, 2011", date(2011, 9, 8)),
    ("Sept. 8, 2011", date(2011, 9, 8)),
    ("sept 8 2011", date(2011, 9, 8)),
    ("4 October 2024", date(2024, 10, 4)),
    ("4th Oct, 2024", date(2024, 10, 4)),
    ("2024-10-22", date(2024, 10, 22)),
    # Not known to the fast path: read by the dateparser fallback.
    ("2024/10/22", date(2024, 10, 22)),
    ("22.10.2024", date(2024, 10, 22)),
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_parse_datetime_returns_a_date_for_a_day_alone(text: str, expected: date) -> None:
    result = parse_datetime(text, now=NOW)
    assert type(result) is date
    assert result == expected


# ---------------------------------------------------------------------------
# parse_datetime: ages
# ---------------------------------------------------------------------------

AGES = [
    # The sample's sidebar ("More on International"), as Django prints them.
    (f"13{NBSP}minutes ago", NOW - timedelta(minutes=13)),
    (f"1{NBSP}day ago", NOW - timedelta(days=1)),
    (f"2{NBSP}days ago", NOW - timedelta(days=2)),
    (f"3{NBSP}days ago", NOW - timedelta(days=3)),
    # docs/site.md's examples and the rest of Django's timesince family.
    ("13 minutes ago", NOW - timedelta(minutes=13)),
    ("1 day ago", NOW - timedelta(days=1)),
    ("2 days ago", NOW - timedelta(days=2)),
    (f"3{NBSP}years, 1{NBSP}month ago", ktm(2021, 9, 22, 20, 7)),
    ("3 years, 1 month ago", ktm(2021, 9, 22, 20, 7)),
    ("1 week, 2 days ago", NOW - timedelta(days=9)),
    (f"2{NBSP}hours, 5{NBSP}minutes ago", NOW - timedelta(hours=2, minutes=5)),
    (f"0{NBSP}minutes ago", NOW),
    ("1 month ago", ktm(2024, 9, 22, 20, 7)),
    ("11 months, 4 weeks ago", ktm(2023, 10, 25, 20, 7)),
    ("1 year ago", ktm(2023, 10, 22, 20, 7)),
    # humanize's naturaltime.
    ("just now", NOW),
    ("now", NOW),
    ("a minute ago", NOW - timedelta(minutes=1)),
    ("an hour ago", NOW - timedelta(hours=1)),
    ("30 seconds ago", NOW - timedelta(seconds=30)),
    ("2 days from now", NOW + timedelta(days=2)),
    ("3 years and 1 month ago", ktm(2021, 9, 22, 20, 7)),
]


@pytest.mark.parametrize(("text", "expected"), AGES)
def test_parse_datetime_resolves_ages_against_now(text: str, expected: datetime) -> None:
    result = parse_datetime(text, now=NOW)
    assert isinstance(result, datetime)
    assert result == expected
    assert result.tzinfo == KATHMANDU


CALENDAR_AGES = [
    # Months and years are counted on the calendar, the day clamped to the month.
    (ktm(2024, 3, 31, 10, 0), "1 month ago", ktm(2024, 2, 29, 10, 0)),
    (ktm(2023, 3, 31, 10, 0), "1 month ago", ktm(2023, 2, 28, 10, 0)),
    (ktm(2024, 2, 29, 10, 0), "1 year ago", ktm(2023, 2, 28, 10, 0)),
    (ktm(2024, 1, 15, 10, 0), "2 months ago", ktm(2023, 11, 15, 10, 0)),
    (ktm(2024, 5, 31, 10, 0), "1 year, 3 months ago", ktm(2023, 2, 28, 10, 0)),
    (ktm(2024, 3, 31, 10, 0), "1 month, 1 day ago", ktm(2024, 2, 28, 10, 0)),
]


@pytest.mark.parametrize(("now", "text", "expected"), CALENDAR_AGES)
def test_parse_datetime_counts_months_on_the_calendar(now: datetime, text: str, expected: datetime) -> None:
    assert parse_datetime(text, now=now) == expected


@pytest.mark.parametrize(
    "now",
    [
        NOW,
        NOW.astimezone(UTC),
        NOW.replace(tzinfo=None),  # naive: taken as Kathmandu time
    ],
)
def test_parse_datetime_accepts_now_in_any_zone(now: datetime) -> None:
    result = parse_datetime("13 minutes ago", now=now)
    assert result == ktm(2024, 10, 22, 19, 54)
    assert result.tzinfo == KATHMANDU


def test_parse_datetime_ignores_now_for_absolute_dates() -> None:
    assert parse_datetime("Oct. 22, 2024, 7:54 p.m.", now=NOW + timedelta(days=900)) == ktm(2024, 10, 22, 19, 54)


# Whole sidebar/listing lines of the samples: "<headline> By <byline> <date or age>".
SAMPLE_LINES = [
    (
        "Indian Airlines And IndiGo Flight Received Bomb Threats By Agencies 13\xa0minutes ago",
        NOW - timedelta(minutes=13),
    ),
    (
        "US, Canadian Naval Vessels Jointly Sail Through Taiwan Strait By Agencies 1\xa0day ago",
        NOW - timedelta(days=1),
    ),
    (
        "Prabowo sworn in as Indonesia's new president By Agencies 2\xa0days ago",
        NOW - timedelta(days=2),
    ),
    (
        "Hezbollah's Attempt To Assassinate Him A Grave Mistake: Israeli PM Netanyahu By Agencies 2\xa0days ago",
        NOW - timedelta(days=2),
    ),
    (
        "British Foreign Secretary Makes Fist Visit To China Since Labor Government Formed By Agencies 3\xa0days ago",
        NOW - timedelta(days=3),
    ),
    (
        "North Korea Says Discovered Remains Of Drone Come From South Korea By Agencies 3\xa0days ago",
        NOW - timedelta(days=3),
    ),
    (
        "Khimti-Lamosanghu transmission line is being put into operation using the ERS tower "
        "By NEW SPOTLIGHT ONLINE Oct 22, 2024",
        date(2024, 10, 22),
    ),
    (
        "Weather Forecast: Light Rain With Thunder Is Likely In One Or Two Places Of Hilly Regions "
        "Karnali And Gandaki Provinces By NEW SPOTLIGHT ONLINE Oct 22, 2024",
        date(2024, 10, 22),
    ),
    (
        "Special Discount At 'Hard Rock Cafe' For Customers Of Nepal Investment Mega Bank Limited "
        "(NIMBL) By NEW SPOTLIGHT ONLINE Oct 21, 2024",
        date(2024, 10, 21),
    ),
    (
        "Resumption Of Melamchi Water Supply In Time Solve Water Crisis In Kathmandu "
        "By NEW SPOTLIGHT ONLINE Oct 21, 2024",
        date(2024, 10, 21),
    ),
    ("By NEW SPOTLIGHT ONLINE Jan 07, 2025", date(2025, 1, 7)),
    ("By A Correspondent Dec 31, 2024", date(2024, 12, 31)),
    ("By A Correspondent Dec 29, 2024", date(2024, 12, 29)),
]


@pytest.mark.parametrize(("text", "expected"), SAMPLE_LINES)
def test_parse_datetime_finds_the_date_of_a_sample_line(text: str, expected: date) -> None:
    result = parse_datetime(text, now=NOW)
    assert type(result) is type(expected)
    assert result == expected


NOT_DATES = [
    "He said 5 things",
    "",
    "   ",
    "\xa0",
    "Agencies",
    "Keshab Poudel",
    "VOL. 18",
    "5 days",
    "2024",
    "Oct 2024",
    "October",
    "Feb. 30, 2024",
    "Oct. 22, 2024, 25:61",
    "584/074-75",
    "Ukraine has released a video purportedly showing North Korean soldiers at a training center in Russia.",
    "about 11,000 North Korean infantry troops",
    "1730000000",
    "Tuesday",
    "More on International",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_parse_datetime_returns_none_for_text_without_a_date(text: str) -> None:
    assert parse_datetime(text, now=NOW) is None


@pytest.mark.parametrize("value", [None, 5, 3.5, b"Oct 22, 2024", ["Oct 22, 2024"], object()])
def test_parse_datetime_returns_none_for_non_strings(value: object) -> None:
    assert parse_datetime(value, now=NOW) is None


# ---------------------------------------------------------------------------
# to_iso
# ---------------------------------------------------------------------------

TO_ISO = [
    (ktm(2024, 10, 22, 19, 54), "2024-10-22T19:54:00+05:45"),
    (ktm(2024, 10, 22, 19, 54, 7), "2024-10-22T19:54:07+05:45"),
    (datetime(2024, 10, 22, 19, 54, 7, 999999, KATHMANDU), "2024-10-22T19:54:07+05:45"),
    (datetime(2024, 10, 22, 14, 9, tzinfo=UTC), "2024-10-22T14:09:00+00:00"),
    (datetime(2024, 10, 22, 19, 54), "2024-10-22T19:54:00+05:45"),
    (date(2024, 10, 22), "2024-10-22"),
    (None, None),
]


@pytest.mark.parametrize(("value", "expected"), TO_ISO)
def test_to_iso(value: date | None, expected: str | None) -> None:
    assert to_iso(value) == expected


@pytest.mark.parametrize("text", ["Oct. 22, 2024, 7:54 p.m.", "2024-10-22T14:09:00Z", "Oct 22, 2024", "13 minutes ago"])
def test_to_iso_of_a_parsed_value_parses_back(text: str) -> None:
    value = parse_datetime(text, now=NOW)
    assert parse_datetime(to_iso(value), now=NOW) == value


# ---------------------------------------------------------------------------
# headline_key
# ---------------------------------------------------------------------------

SAME_HEADLINES = [
    (
        "Special Discount At 'Hard Rock Cafe' For Customers Of Nepal Investment Mega Bank Limited (NIMBL)",
        "Special Discount At \u2018Hard Rock Cafe\u2019 For Customers Of Nepal Investment Mega Bank Limited (NIMBL)",
    ),
    (
        "Prabowo sworn in as Indonesia's new president",
        "PRABOWO SWORN IN AS INDONESIA\u2019S NEW PRESIDENT",
    ),
    (
        "Hezbollah's Attempt To Assassinate Him A Grave Mistake: Israeli PM Netanyahu",
        "  Hezbollah\u2019s attempt to assassinate him a grave mistake \u2014 Israeli PM Netanyahu ",
    ),
    (
        "Khimti-Lamosanghu transmission line is being put into operation using the ERS tower",
        "Khimti\u2013Lamosanghu  transmission\xa0line is being put into operation using the ERS tower.",
    ),
    ('Ministers Call It "Cannon Fodder"', "Ministers call it \u201ccannon fodder\u201d"),
    ("\uff2e\uff45\uff50\uff41\uff4c Budget", "Nepal budget"),  # full-width letters (NFKC)
]


@pytest.mark.parametrize(("first", "second"), SAME_HEADLINES)
def test_headline_key_folds_case_quotes_dashes_and_spacing(first: str, second: str) -> None:
    assert headline_key(first) == headline_key(second)


def test_headline_key_value() -> None:
    assert headline_key("Special Discount At \u2018Hard Rock Cafe\u2019 \u2014 NIMBL!") == (
        "special discount at hard rock cafe nimbl"
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Speaker Ghimire Informed Of Lamichhane's Arrest", "Speaker Ghimire Informed Of Lamichhane's Release"),
        ("Upper Tamakoshi 456 MW", "Upper Tamakoshi 465 MW"),
    ],
)
def test_headline_key_keeps_different_headlines_apart(first: str, second: str) -> None:
    assert headline_key(first) != headline_key(second)


@pytest.mark.parametrize("value", ["", "  \u2014 ' ", None, 7])
def test_headline_key_of_nothing_is_empty(value: object) -> None:
    assert headline_key(value) == ""


# ---------------------------------------------------------------------------
# parse_byline
# ---------------------------------------------------------------------------

STAFF_DESK = {"name": "New Spotlight Online", "kind": "staff"}
AGENCIES = {"name": "Agencies", "kind": "agency"}


def person(name: str) -> dict[str, str]:
    return {"name": name, "kind": "person"}


def agency(name: str) -> dict[str, str]:
    return {"name": name, "kind": "agency"}


def staff(name: str) -> dict[str, str]:
    return {"name": name, "kind": "staff"}


BYLINES = [
    # Meta lines of the samples.
    ("By NEW SPOTLIGHT ONLINE Jan 07, 2025", [STAFF_DESK]),
    ("By A Correspondent Dec 31, 2024", [staff("A Correspondent")]),
    ("By A Correspondent Dec 29, 2024", [staff("A Correspondent")]),
    ("By Agencies 13\xa0minutes ago", [AGENCIES]),
    ("By Agencies 13 minutes ago", [AGENCIES]),
    ("By Agencies 3\xa0days ago", [AGENCIES]),
    (
        "Indian Airlines And IndiGo Flight Received Bomb Threats By Agencies 13\xa0minutes ago",
        [AGENCIES],
    ),
    (
        "Special Discount At 'Hard Rock Cafe' For Customers Of Nepal Investment Mega Bank Limited "
        "(NIMBL) By NEW SPOTLIGHT ONLINE Oct 21, 2024",
        [STAFF_DESK],
    ),
    (
        "Global IME Bank and Austria's University of Innsbruck signed a Cooperation Agreement To "
        "Promote Building Energy Efficiency in Nepal (BEEN) Project By NEW SPOTLIGHT ONLINE Oct 21, 2024",
        [STAFF_DESK],
    ),
    # Sign-offs (no "By").
    ("Agencies", [AGENCIES]),
    ("NEW SPOTLIGHT ONLINE", [STAFF_DESK]),
    ("Keshab Poudel", [person("Keshab Poudel")]),
    # The staff desk in other spellings.
    ("By New Spotlight Online", [STAFF_DESK]),
    ("new spotlight online", [STAFF_DESK]),
    ("By New Spotlight", [STAFF_DESK]),
    ("By Spotlight Online", [STAFF_DESK]),
    ("By NEW SPOTLIGHT", [STAFF_DESK]),
    # Unnamed staff.
    ("By A Correspondent", [staff("A Correspondent")]),
    ("By Our Correspondent", [staff("Our Correspondent")]),
    ("Special Correspondent", [staff("Special Correspondent")]),
    ("By STAFF REPORTER", [staff("Staff Reporter")]),
    # Agencies, canonical spellings.
    ("By Agency", [AGENCIES]),
    ("By agencies.", [AGENCIES]),
    ("By RSS", [agency("RSS")]),
    ("(RSS)", [agency("RSS")]),
    ("By Reuters", [agency("Reuters")]),
    ("By REUTERS", [agency("Reuters")]),
    ("By Xinhua", [agency("Xinhua")]),
    ("By AFP", [agency("AFP")]),
    ("By A.F.P.", [agency("AFP")]),
    ("By ANI", [agency("ANI")]),
    ("By IANS", [agency("IANS")]),
    ("By PTI", [agency("PTI")]),
    ("By Press Trust of India", [agency("PTI")]),
    ("By AP", [agency("AP")]),
    ("By The Associated Press", [agency("AP")]),
    ("By BBC", [agency("BBC")]),
    ("By Kyodo", [agency("Kyodo")]),
    ("By Yonhap", [agency("Yonhap")]),
    ("By TASS", [agency("TASS")]),
    ("By EFE", [agency("EFE")]),
    ("By UNB", [agency("UNB")]),
    ("By Bernama", [agency("Bernama")]),
    ("By AFP/Reuters", [agency("AFP"), agency("Reuters")]),
    # People.
    ("By Keshab Poudel", [person("Keshab Poudel")]),
    ("By KESHAB POUDEL", [person("Keshab Poudel")]),
    ("by Keshab Prasad Poudel", [person("Keshab Prasad Poudel")]),
    ("By: Keshab Poudel.", [person("Keshab Poudel")]),
    ("By Keshab Poudel Oct 22, 2024", [person("Keshab Poudel")]),
    ("By Kul Man Ghising 2\xa0days ago", [person("Kul Man Ghising")]),
    ("By Dr. Hari Bansha Acharya", [person("Dr. Hari Bansha Acharya")]),
    ("By K.P. SHARMA OLI", [person("K.P. Sharma Oli")]),
    ("By Bijay Lal Shrestha-Pradhan", [person("Bijay Lal Shrestha-Pradhan")]),
    # Several authors.
    (
        "By Keshab Poudel and Ramesh Kumar Sharma",
        [person("Keshab Poudel"), person("Ramesh Kumar Sharma")],
    ),
    ("By Keshab Poudel, Ramesh Kumar Sharma", [person("Keshab Poudel"), person("Ramesh Kumar Sharma")]),
    ("By Keshab Poudel & Ramesh Kumar Sharma", [person("Keshab Poudel"), person("Ramesh Kumar Sharma")]),
    ("By KESHAB POUDEL AND RAMESH SHARMA", [person("Keshab Poudel"), person("Ramesh Sharma")]),
    ("By Keshab Poudel with Ramesh Sharma", [person("Keshab Poudel"), person("Ramesh Sharma")]),
    ("By Keshab Poudel with inputs from agencies", [person("Keshab Poudel"), AGENCIES]),
    ("By Agencies and RSS", [AGENCIES, agency("RSS")]),
    ("By Keshab Poudel (RSS)", [person("Keshab Poudel"), agency("RSS")]),
    ("By Keshab Poudel and Keshab Poudel", [person("Keshab Poudel")]),
]


@pytest.mark.parametrize(("text", "expected"), BYLINES)
def test_parse_byline(text: str, expected: list[dict[str, str]]) -> None:
    assert parse_byline(text) == expected


NOT_BYLINES = [
    "Publisher and Editor: Keshab Prasad Poudel",
    MASTHEAD,
    "Online Register Number: DOI 584/074-75",
    "Photo: Keshab Poudel",
    "Photo: RSS",
    "Photo by Keshab Poudel",
    "Photos: Courtesy of NEA",
    "",
    "   ",
    "By",
    "By ",
    "!!!",
    "He said 5 things",
    "Oct 22, 2024",
    "By 13\xa0minutes ago",
    "More on International",
    "Ukraine has released a video purportedly showing North Korean soldiers at a training center in Russia.",
    f"VOL. 18, No. 05, October.04,2024 (Ashoj-18. 2081) {MASTHEAD}",
]


@pytest.mark.parametrize("text", NOT_BYLINES)
def test_parse_byline_returns_nothing_for_text_that_is_not_a_byline(text: str) -> None:
    assert parse_byline(text) == []


@pytest.mark.parametrize("value", [None, 5, b"By Agencies", ["By Agencies"]])
def test_parse_byline_returns_nothing_for_non_strings(value: object) -> None:
    assert parse_byline(value) == []


def test_parse_byline_agency_credit_at_the_end_of_body_text() -> None:
    text = "He urged the US and European nations to respond to the issue without delay. (RSS)"
    assert parse_byline(text) == [agency("RSS")]


@pytest.mark.parametrize(
    ("credit", "expected"),
    [
        ("Kathmandu Desk", [staff("Kathmandu Desk")]),
        ("Newsroom", [staff("Newsroom")]),
        ("Example News", [staff("Example News")]),
        ("Deskin Rai", [person("Deskin Rai")]),
        ("Keshab Poudel", [person("Keshab Poudel")]),
    ],
)
def test_a_structured_credit_naming_a_desk_or_the_publisher_is_staff(credit: str, expected: list) -> None:
    assert credit_authors(credit, publisher="Example News") == expected


# ---------------------------------------------------------------------------
# parse_issue
# ---------------------------------------------------------------------------


def issue(
    volume: int | None,
    number: int | None,
    day: date | None,
    date_bs: str | None,
    raw: str,
    agree: bool | None = True,
) -> dict[str, object]:
    return {
        "volume": volume,
        "number": number,
        "date": day.isoformat() if day else None,
        "date_bs": date_bs,
        "raw": raw,
        "dates_agree": agree,
    }


SITE_ISSUES = [
    # The four forms docs/site.md lists.
    (
        "VOL. 18, No. 05, October.04,2024 (Ashoj-18. 2081)",
        issue(18, 5, date(2024, 10, 4), "2081-06-18", "VOL. 18, No. 05, October.04,2024 (Ashoj-18. 2081)"),
    ),
    (
        "VOL. 15, No. 08, Nov. 19, 2021 (Mangshir 03, 2078)",
        issue(15, 8, date(2021, 11, 19), "2078-08-03", "VOL. 15, No. 08, Nov. 19, 2021 (Mangshir 03, 2078)"),
    ),
    (
        "VOL 12 No.13, February 08, 2019 (Magh. 25 2075)",
        issue(12, 13, date(2019, 2, 8), "2075-10-25", "VOL 12 No.13, February 08, 2019 (Magh. 25 2075)"),
    ),
    (
        "Vol.: 4 No.-07 September 3-16, 2010 (Bhadra 18, 2067)",
        issue(4, 7, date(2010, 9, 3), "2067-05-18", "Vol.: 4 No.-07 September 3-16, 2010 (Bhadra 18, 2067)"),
    ),
    # "Latest Magazine" lines of the sample article, with the masthead run into them.
    (
        f"VOL. 18, No. 05, October.04,2024 (Ashoj-18. 2081) {MASTHEAD}",
        issue(18, 5, date(2024, 10, 4), "2081-06-18", "VOL. 18, No. 05, October.04,2024 (Ashoj-18. 2081)"),
    ),
    (
        f"VOL. 18, No. 04, September.13,2024 (Bhadra-28. 2081) {MASTHEAD}",
        issue(18, 4, date(2024, 9, 13), "2081-05-28", "VOL. 18, No. 04, September.13,2024 (Bhadra-28. 2081)"),
    ),
    (
        f"VOL. 18, No. 03, August.23,2024 (Bhadra-07. 2081) {MASTHEAD}",
        issue(18, 3, date(2024, 8, 23), "2081-05-07", "VOL. 18, No. 03, August.23,2024 (Bhadra-07. 2081)"),
    ),
    (
        f"VOL. 18, No. 02, August.09,2024 (Sharwan-25. 2081) {MASTHEAD}",
        issue(18, 2, date(2024, 8, 9), "2081-04-25", "VOL. 18, No. 02, August.09,2024 (Sharwan-25. 2081)"),
    ),
    # With the prefix, alone and inside the article's date line.
    (
        "Published in Magazine Issue: VOL. 18, No. 05, October.04,2024 (Ashoj-18. 2081)",
        issue(18, 5, date(2024, 10, 4), "2081-06-18", "VOL. 18, No. 05, October.04,2024 (Ashoj-18. 2081)"),
    ),
    (
        "Oct. 22, 2024, 7:54 p.m. Published in Magazine Issue: VOL. 18, No. 05, "
        f"October.04,2024 (Ashoj-18. 2081) {MASTHEAD}",
        issue(18, 5, date(2024, 10, 4), "2081-06-18", "VOL. 18, No. 05, October.04,2024 (Ashoj-18. 2081)"),
    ),
    (
        "Published in Magazine Issue:VOL. 18, No. 05, October.04,2024 (Ashoj-18. 2081)Publisher and "
        "Editor: Keshab Prasad Poudel",
        issue(18, 5, date(2024, 10, 4), "2081-06-18", "VOL. 18, No. 05, October.04,2024 (Ashoj-18. 2081)"),
    ),
]

ISSUE_VARIANTS = [
    # Ranges across months, "-" or en dash, the start year printed or implied.
    (
        "Vol. 4, No. 06, Aug. 27-Sept. 9, 2010 (Bhadra 11, 2067)",
        issue(4, 6, date(2010, 8, 27), "2067-05-11", "Vol. 4, No. 06, Aug. 27-Sept. 9, 2010 (Bhadra 11, 2067)"),
    ),
    (
        "Vol. 4, No. 06, Aug. 27\u2013Sept. 9, 2010 (Bhadra 11, 2067)",
        issue(4, 6, date(2010, 8, 27), "2067-05-11", "Vol. 4, No. 06, Aug. 27\u2013Sept. 9, 2010 (Bhadra 11, 2067)"),
    ),
    (
        "VOL. 13, No. 11, December 27, 2019-January 9, 2020 (Poush 11, 2076)",
        issue(
            13,
            11,
            date(2019, 12, 27),
            "2076-09-11",
            "VOL. 13, No. 11, December 27, 2019-January 9, 2020 (Poush 11, 2076)",
        ),
    ),
    (
        "VOL. 13, No. 11, December 27, 2019 \u2013 January 9, 2020 (Poush 11, 2076)",
        issue(
            13,
            11,
            date(2019, 12, 27),
            "2076-09-11",
            "VOL. 13, No. 11, December 27, 2019 \u2013 January 9, 2020 (Poush 11, 2076)",
        ),
    ),
    (
        "VOL. 13, No. 11, Dec. 27-Jan. 9, 2020 (Poush 11, 2076)",
        issue(13, 11, date(2019, 12, 27), "2076-09-11", "VOL. 13, No. 11, Dec. 27-Jan. 9, 2020 (Poush 11, 2076)"),
    ),
    (
        "VOL. 4, No. 6, 27 Aug.-9 Sept. 2010 (Bhadra 11, 2067)",
        issue(4, 6, date(2010, 8, 27), "2067-05-11", "VOL. 4, No. 6, 27 Aug.-9 Sept. 2010 (Bhadra 11, 2067)"),
    ),
    # Across months in every order of month and day on either side; across years too.
    *(
        (
            f"VOL. 13, No. 03, {printed} (Sharwan 03, 2076)",
            issue(13, 3, date(2019, 7, 19), "2076-04-03", f"VOL. 13, No. 03, {printed} (Sharwan 03, 2076)"),
        )
        for printed in (
            "July 19 \u2013 Aug. 01, 2019",
            "July 19 \u201301 Aug., 2019",
            "July 19-01 Aug., 2019",
            "19 July - 1 August 2019",
            "19 July \u2013 Aug 1, 2019",
            "July 19, 2019 \u2013 01 Aug., 2019",
            "19th July to 1st August, 2019",
        )
    ),
    *(
        (
            f"VOL. 13, No. 11, {printed} (Poush 11, 2076)",
            issue(13, 11, date(2019, 12, 27), "2076-09-11", f"VOL. 13, No. 11, {printed} (Poush 11, 2076)"),
        )
        for printed in (
            "Dec 27 \u201309 Jan., 2020",
            "27 Dec - 9 January 2020",
            "27 Dec. \u2013 Jan 9, 2020",
            "27 December 2019 - 9 January 2020",
            "Dec 27, 2019 \u201309 Jan., 2020",
            "27-09 Jan. 2020",
        )
    ),
    # AD text read two ways ("July" stray before "5-18 Aug." or the range "July 5 - Aug. 18"):
    # the BS date decides; one that settles nothing keeps the default reading, reported.
    (
        "VOL. 13, No. 04, July 5 \u201318 Aug., 2019 (Sharwan 20, 2076)",
        issue(13, 4, date(2019, 8, 5), "2076-04-20", "VOL. 13, No. 04, July 5 \u201318 Aug., 2019 (Sharwan 20, 2076)"),
    ),
    (
        "VOL. 13, No. 04, July 5 \u201318 Aug., 2019 (Ashad 20, 2076)",
        issue(13, 4, date(2019, 7, 5), "2076-03-20", "VOL. 13, No. 04, July 5 \u201318 Aug., 2019 (Ashad 20, 2076)"),
    ),
    (
        "VOL. 13, No. 04, July 5 \u201318 Aug., 2019 (Sharwan 25, 2076)",
        issue(
            13,
            4,
            date(2019, 7, 5),
            "2076-04-25",
            "VOL. 13, No. 04, July 5 \u201318 Aug., 2019 (Sharwan 25, 2076)",
            False,
        ),
    ),
    (
        "VOL. 13, No. 04, July 5 \u201318 Aug., 2019",
        issue(13, 4, date(2019, 7, 5), None, "VOL. 13, No. 04, July 5 \u201318 Aug., 2019", None),
    ),
    # Spacing, commas and markers.
    (
        "VOL.18,NO.05,October 04, 2024(Ashoj 18,2081)",
        issue(18, 5, date(2024, 10, 4), "2081-06-18", "VOL.18,NO.05,October 04, 2024(Ashoj 18,2081)"),
    ),
    (
        "Vol 18 No 5 Oct 4 2024 (Ashoj 18 2081)",
        issue(18, 5, date(2024, 10, 4), "2081-06-18", "Vol 18 No 5 Oct 4 2024 (Ashoj 18 2081)"),
    ),
    (
        "VOL. 13 , No. 11 ,, December  27, 2019 (POUSH. 11, 2076)",
        issue(13, 11, date(2019, 12, 27), "2076-09-11", "VOL. 13 , No. 11 ,, December  27, 2019 (POUSH. 11, 2076)"),
    ),
    (
        "VOL. 18, No. 05, 4 October 2024 (18 Ashoj 2081)",
        issue(18, 5, date(2024, 10, 4), "2081-06-18", "VOL. 18, No. 05, 4 October 2024 (18 Ashoj 2081)"),
    ),
    # Two sidebar lines run together: the first issue only.
    (
        "VOL. 18, No. 05, October.04,2024 (Ashoj-18. 2081) VOL. 18, No. 04, September.13,2024 (Bhadra-28. 2081)",
        issue(18, 5, date(2024, 10, 4), "2081-06-18", "VOL. 18, No. 05, October.04,2024 (Ashoj-18. 2081)"),
    ),
    # Parts missing: the BS date gives the day; without a BS date nothing to compare.
    (
        "Published in Magazine Issue: VOL. 18, No. 01 (Saun 1, 2081)",
        issue(18, 1, date(2024, 7, 16), "2081-04-01", "VOL. 18, No. 01 (Saun 1, 2081)", None),
    ),
    (
        "VOL. 18, No. 05, October.04,2024",
        issue(18, 5, date(2024, 10, 4), None, "VOL. 18, No. 05, October.04,2024", None),
    ),
    (
        "Published in Magazine Issue: October 4, 2024",
        issue(None, None, date(2024, 10, 4), None, "October 4, 2024", None),
    ),
    # Disagreeing dates are reported, not fixed.
    (
        "VOL. 18, No. 05, October.04,2024 (Ashoj-19. 2081)",
        issue(18, 5, date(2024, 10, 4), "2081-06-19", "VOL. 18, No. 05, October.04,2024 (Ashoj-19. 2081)", False),
    ),
    (
        "VOL. 18, No. 05, October.04,2024 (Kartik-18. 2081)",
        issue(18, 5, date(2024, 10, 4), "2081-07-18", "VOL. 18, No. 05, October.04,2024 (Kartik-18. 2081)", False),
    ),
    (
        "VOL. 18, No. 05, October.04,2024 (Ashoj-32. 2081)",  # Ashoj 2081 has 31 days
        issue(18, 5, date(2024, 10, 4), "2081-06-32", "VOL. 18, No. 05, October.04,2024 (Ashoj-32. 2081)", False),
    ),
]


@pytest.mark.parametrize(("text", "expected"), SITE_ISSUES + ISSUE_VARIANTS)
def test_parse_issue(text: str, expected: dict[str, object]) -> None:
    assert parse_issue(text) == expected


BS_YEAR = 2081


def bs_month_cases() -> list[tuple[int, str, str]]:
    cases = []
    for month, spellings in BS_MONTH_SPELLINGS.items():
        for spelling in spellings:
            for styled in (spelling, spelling.upper(), spelling.lower(), spelling + "."):
                cases.append((month, styled, f"{month:02d}-{styled}"))
    return cases


@pytest.mark.parametrize(
    ("month", "spelling"),
    [case[:2] for case in bs_month_cases()],
    ids=[case[2] for case in bs_month_cases()],
)
def test_parse_issue_reads_every_bs_month_spelling(month: int, spelling: str) -> None:
    ad = nepali_datetime.date(BS_YEAR, month, 1).to_datetime_date()
    volume = BS_YEAR - 2063 - (1 if month < 4 else 0)  # the volume rolls over in Shrawan
    text = f"VOL. {volume}, No. 01, {FULL_MONTHS[ad.month - 1]} {ad.day:02d}, {ad.year} ({spelling} 01, {BS_YEAR})"
    result = parse_issue(text)
    assert result is not None
    assert result["date"] == ad.isoformat()
    assert result["date_bs"] == f"{BS_YEAR}-{month:02d}-01"
    assert result["dates_agree"] is True
    assert result["volume"] == volume


@pytest.mark.parametrize("month", sorted(BS_MONTH_SPELLINGS))
def test_parse_issue_converts_a_bs_date_printed_alone(month: int) -> None:
    spelling = BS_MONTH_SPELLINGS[month][-1]
    result = parse_issue(f"Published in Magazine Issue: VOL. 18, No. 01 ({spelling}-01. {BS_YEAR})")
    assert result is not None
    assert result["date"] == nepali_datetime.date(BS_YEAR, month, 1).to_datetime_date().isoformat()
    assert result["dates_agree"] is None


def test_sample_issue_dates_agree_with_nepali_datetime() -> None:
    # The printed pairs of the samples are the same day: this checks the month numbering.
    pairs = [
        ((2081, 6, 18), date(2024, 10, 4)),
        ((2081, 5, 28), date(2024, 9, 13)),
        ((2081, 5, 7), date(2024, 8, 23)),
        ((2081, 4, 25), date(2024, 8, 9)),
        ((2078, 8, 3), date(2021, 11, 19)),
        ((2075, 10, 25), date(2019, 2, 8)),
        ((2067, 5, 18), date(2010, 9, 3)),
    ]
    for bs, ad in pairs:
        assert nepali_datetime.date(*bs).to_datetime_date() == ad


NOT_ISSUES = [
    "",
    "hello",
    "vol 3 of the book",
    "No. 5 on the list",
    "Oct. 22, 2024, 7:54 p.m.",
    "Publisher and Editor: Keshab Prasad Poudel Online Register Number: DOI 584/074-75",
    "Latest Magazine",
    "VOL.",
]


@pytest.mark.parametrize("text", NOT_ISSUES)
def test_parse_issue_returns_none_for_text_that_is_not_an_issue(text: str) -> None:
    assert parse_issue(text) is None


@pytest.mark.parametrize("value", [None, 18, b"VOL. 18, No. 05"])
def test_parse_issue_returns_none_for_non_strings(value: object) -> None:
    assert parse_issue(value) is None


@pytest.mark.parametrize(
    "byline", ["Keshab Poudel", "By Agencies", "Keshab Poudel and Ram Sharma", "x" * 500 + " By RSS"]
)
def test_a_byline_read_twice_gives_the_same_authors_and_a_changed_answer_changes_no_later_one(byline):
    first = parse_byline(byline)
    expected = [dict(author) for author in first]
    for author in first:
        author["name"] = "changed"
    first.append({"name": "added", "kind": "person"})
    assert parse_byline(byline) == expected


def test_an_issue_read_twice_is_the_same_and_a_changed_answer_changes_no_later_one():
    line = "VOL. 18, No. 05, October.04,2024 (Ashoj-18. 2081)"
    first = parse_issue(line)
    assert first is not None
    expected = dict(first)
    first["volume"] = 99
    assert parse_issue(line) == expected
