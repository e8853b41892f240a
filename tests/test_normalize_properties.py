"""Property tests of spotlight_crawler.normalize: no input makes a parser raise, results
have the promised types, and values printed the way the site prints them read back."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import nepali_datetime
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spotlight_crawler.normalize import (
    KATHMANDU,
    headline_key,
    parse_byline,
    parse_datetime,
    parse_issue,
    to_iso,
)

# The month names and the site's date formats, one copy (checked against Django's own in test_replica.py).
from tests.replica.content import ABBR_MONTHS, AP_MONTHS, FULL_MONTHS, NPT, django_datetime, listing_date

NOW = datetime(2024, 10, 22, 20, 7, tzinfo=KATHMANDU)

FAST = settings(
    max_examples=100,
    deadline=None,  # the dateparser fallback loads its data on first use
    database=None,  # leave no example database in the work tree
    suppress_health_check=[HealthCheck.too_slow],
)

# ---------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------

minute_datetimes = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 12, 31, 23, 59)).map(
    lambda moment: moment.replace(second=0, microsecond=0, tzinfo=KATHMANDU)
)

FRAGMENTS = [
    *AP_MONTHS,
    *ABBR_MONTHS,
    "Sep",
    "Sept",
    "September",
    "October.",
    "may",
    "MARCH",
    "Baisakh",
    "Jeth",
    "Asar",
    "Saun",
    "Bhadra",
    "Ashoj",
    "Kartik",
    "Marga",
    "Push",
    "Magh",
    "Phalgun",
    "Chait",
    "a.m.",
    "p.m.",
    "am",
    "PM",
    "noon",
    "midnight",
    "ago",
    "from now",
    "just now",
    "now",
    "minutes",
    "minute",
    "day",
    "days",
    "years",
    "month",
    "week",
    "hour",
    "a",
    "an",
    "and",
    "at",
    "T",
    "Z",
    "+05:45",
    "-",
    "\u2013",
    "\u2014",
    ",",
    ".",
    ":",
    "/",
    "(",
    ")",
    " ",
    "  ",
    "\xa0",
    "VOL.",
    "Vol.:",
    "No.",
    "No.-",
    "NO",
    "By",
    "by",
    "Agencies",
    "NEW SPOTLIGHT ONLINE",
    "A Correspondent",
    "Keshab Poudel",
    "KESHAB POUDEL",
    "(RSS)",
    "Photo:",
    "Publisher and Editor:",
    "Published in Magazine Issue:",
    "Online Register Number:",
    "DOI 584/074-75",
    "He said",
    "things",
    "\u2019",
    "'",
    '"',
    "&",
    "with",
]
number_text = st.integers(min_value=0, max_value=99999).map(str) | st.sampled_from(
    ["0", "00", "07", "12", "13", "24", "29", "30", "31", "32", "59", "60", "99", "2024", "2081", "0000", "9999"]
)
dateish_text = st.lists(st.sampled_from(FRAGMENTS) | number_text, max_size=14).flatmap(
    lambda parts: st.lists(
        st.sampled_from(["", " ", ", ", "-", ".", "\xa0"]), min_size=len(parts), max_size=len(parts)
    ).map(lambda separators: "".join(part + sep for part, sep in zip(parts, separators, strict=False)))
)
any_text = st.text() | dateish_text | st.text(alphabet="0123456789:-+TZ ,.apmAPM/").filter(bool)
now_values = (
    st.none()
    | st.just(NOW)
    | st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(KATHMANDU))
)


# ---------------------------------------------------------------------------
# Nothing raises; results have the right types
# ---------------------------------------------------------------------------


def assert_datetime_result(result: object) -> None:
    assert result is None or isinstance(result, date)
    if isinstance(result, datetime):
        assert result.tzinfo == KATHMANDU
        assert result.utcoffset() is not None


@FAST
@given(text=any_text)
def test_parse_datetime_never_raises(text: str) -> None:
    assert_datetime_result(parse_datetime(text, now=NOW))


@FAST
@given(text=dateish_text, now=now_values)
def test_parse_datetime_never_raises_for_any_now(text: str, now: datetime | None) -> None:
    result = parse_datetime(text, now=now if now is not None else NOW)
    assert_datetime_result(result)


@FAST
@given(value=st.none() | st.integers() | st.floats() | st.binary() | st.lists(st.text(), max_size=2))
def test_parsers_accept_non_strings(value: object) -> None:
    assert parse_datetime(value, now=NOW) is None
    assert parse_byline(value) == []
    assert parse_issue(value) is None
    assert headline_key(value) == ""


@FAST
@given(text=any_text)
def test_parse_byline_never_raises(text: str) -> None:
    authors = parse_byline(text)
    assert isinstance(authors, list)
    for author in authors:
        assert set(author) == {"name", "kind"}
        assert author["kind"] in {"staff", "agency", "person"}
        assert isinstance(author["name"], str) and author["name"].strip() == author["name"] != ""
    assert len({(a["name"], a["kind"]) for a in authors}) == len(authors)


@FAST
@given(text=any_text)
def test_parse_issue_never_raises(text: str) -> None:
    result = parse_issue(text)
    if result is None:
        return
    assert set(result) == {"volume", "number", "date", "date_bs", "raw", "dates_agree"}
    assert result["volume"] is None or isinstance(result["volume"], int)
    assert result["number"] is None or isinstance(result["number"], int)
    assert result["date"] is None or date.fromisoformat(result["date"])
    assert result["date_bs"] is None or len(result["date_bs"]) == 10
    assert isinstance(result["raw"], str)
    assert result["dates_agree"] in (None, True, False)
    if result["dates_agree"] is not None:
        assert result["date"] is not None and result["date_bs"] is not None


@FAST
@given(text=any_text)
def test_headline_key_is_a_stable_string(text: str) -> None:
    key = headline_key(text)
    assert isinstance(key, str)
    assert key == key.strip()
    assert "  " not in key
    assert headline_key(key) == key


@FAST
@given(
    text=st.text(
        alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 '\u2019-\u2013.,:!?\"\u201c\u201d"
    )
)
def test_headline_key_ignores_case_and_quote_style(text: str) -> None:
    assert headline_key(text.upper()) == headline_key(text.lower())
    assert headline_key(text.replace("'", "\u2019")) == headline_key(text)
    assert headline_key(text.replace("-", " \u2013 ")) == headline_key(text)


# ---------------------------------------------------------------------------
# Round trips
# ---------------------------------------------------------------------------


@FAST
@given(moment=minute_datetimes)
def test_django_datetime_round_trip(moment: datetime) -> None:
    text = django_datetime(moment)
    assert parse_datetime(text, now=NOW) == moment, text


@FAST
@given(
    moment=minute_datetimes, noise=st.sampled_from(["", " Published in Magazine Issue: VOL. 18", "\n", " | Economy"])
)
def test_django_datetime_round_trip_with_nbsp_and_noise(moment: datetime, noise: str) -> None:
    text = django_datetime(moment).replace(" ", "\xa0") + noise
    assert parse_datetime(text, now=NOW) == moment, text


@FAST
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_listing_date_round_trip(day: date) -> None:
    result = parse_datetime(listing_date(datetime.combine(day, time(12), tzinfo=NPT)), now=NOW)
    assert type(result) is date
    assert result == day


@FAST
@given(
    moment=st.datetimes(
        min_value=datetime(1971, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.just(KATHMANDU),
        allow_imaginary=False,  # 1986-01-01 00:00-00:14 never happened in Kathmandu
    )
)
def test_iso_round_trip(moment: datetime) -> None:
    moment = moment.replace(microsecond=0)
    assert parse_datetime(to_iso(moment), now=NOW) == moment


@FAST
@given(
    count=st.integers(min_value=0, max_value=5000),
    unit=st.sampled_from(["minute", "hour", "day", "week"]),
    separator=st.sampled_from([" ", "\xa0"]),
)
def test_single_unit_age_is_exact(count: int, unit: str, separator: str) -> None:
    text = f"{count}{separator}{unit}{'' if count == 1 else 's'} ago"
    # An age is elapsed time: subtract it from the instant (in UTC), as Kathmandu's
    # offset was +05:30 before 1986 and wall-clock arithmetic would skip that change.
    expected = (NOW.astimezone(UTC) - timedelta(**{unit + "s": count})).astimezone(KATHMANDU)
    result = parse_datetime(text, now=NOW)
    assert result == expected
    assert result.utcoffset() == expected.utcoffset()


BS_SPELLINGS = {
    1: "Baishakh",
    2: "Jestha",
    3: "Asar",
    4: "Sharwan",
    5: "Bhadra",
    6: "Ashoj",
    7: "Kartik",
    8: "Mangshir",
    9: "Poush",
    10: "Magh",
    11: "Falgun",
    12: "Chaitra",
}
ISSUE_TEMPLATES = [
    "VOL. {vol}, No. {num:02d}, {ad_long}.{ad:%d},{ad:%Y} ({bs_name}-{bs_day:02d}. {bs_year})",
    "VOL. {vol}, No. {num:02d}, {ad_ap} {ad.day}, {ad:%Y} ({bs_name} {bs_day:02d}, {bs_year})",
    "VOL {vol} No.{num:02d}, {ad_long} {ad:%d}, {ad:%Y} ({bs_name}. {bs_day} {bs_year})",
    "Vol.: {vol} No.-{num:02d} {ad_long} {ad.day}-{end.day}, {ad:%Y} ({bs_name} {bs_day}, {bs_year})",
    "Published in Magazine Issue: VOL. {vol}, No. {num:02d}, {ad_long}.{ad:%d},{ad:%Y} "
    "({bs_name}-{bs_day:02d}. {bs_year}) Publisher and Editor: Keshab Prasad Poudel "
    "Online Register Number: DOI 584/074-75",
]


@FAST
@given(
    day=st.dates(min_value=date(2008, 4, 14), max_value=date(2035, 4, 12)),
    number=st.integers(min_value=1, max_value=24),
    template=st.sampled_from(ISSUE_TEMPLATES),
)
def test_issue_round_trip(day: date, number: int, template: str) -> None:
    bs = nepali_datetime.date.from_datetime_date(day)
    volume = bs.year - 2063 - (1 if bs.month < 4 else 0)
    end = day + timedelta(days=13)
    if "{end.day}" in template and end.month != day.month:
        end = day  # a within-month range in this template
    text = template.format(
        vol=volume,
        num=number,
        ad=day,
        end=end,
        ad_long=FULL_MONTHS[day.month - 1],
        ad_ap=AP_MONTHS[day.month - 1],
        bs_name=BS_SPELLINGS[bs.month],
        bs_day=bs.day,
        bs_year=bs.year,
    )
    result = parse_issue(text)
    assert result is not None, text
    assert result["volume"] == volume
    assert result["number"] == number
    assert result["date"] == day.isoformat()
    assert result["date_bs"] == f"{bs.year:04d}-{bs.month:02d}-{bs.day:02d}"
    assert result["dates_agree"] is True
    assert "Publisher" not in result["raw"] and "Published" not in result["raw"]
