"""Deterministic content of the replica site, and the truth tests compare against.

Everything here is pure: no I/O, no clock, no global random state. The same
``(n_articles, seed, now)`` always yields the same site, so a failing crawler
test can be reproduced exactly, and the rendering layer (``pages.py``) can be
changed without touching what the tests consider "true".

The text formats follow what the live site is known to print (see
``docs/site.md``): Django ``N j, Y, P`` date-times, ``%b %d, %Y``
listing dates, ``timesince`` ages, hand-typed magazine issue strings with
Bikram Sambat dates, and bylines as printed (``Agencies``, ``NEW SPOTLIGHT
ONLINE``, ``KESHAB POUDEL``...). Each :class:`Article` carries both the raw
printed strings and the normalised truth a crawler is expected to recover.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import nepali_datetime

NPT = ZoneInfo("Asia/Kathmandu")
"""Nepal time (UTC+05:45): every date the site prints is in this zone."""

DEFAULT_NOW = datetime(2024, 10, 22, 14, 40, tzinfo=UTC)
"""The replica's fixed clock (20:25 in Kathmandu), used for ``Date`` headers
and relative ages. Tests get stable output because nothing reads the real clock."""

CANONICAL_ORIGIN = "https://www.spotlightnepal.com"
"""Origin printed in metadata that names the canonical URL (og:url, JSON-LD)."""

IMAGE_RENDITION = ".2e16d0ba.fill-650x500.jpg"
"""Wagtail rendition suffix; the hash depends on the filter spec, so it is shared."""

MASTHEAD = "Publisher and Editor: Keshab Prasad Poudel Online Register Number: DOI 584/074-75"
"""Printed after every issue line; it names the publisher, it is not a byline."""

# Sections: (name as printed, topic slug, weight).
SECTIONS: list[tuple[str, str, float]] = [
    ("International", "international", 0.40),
    ("National", "national", 0.22),
    ("Economy", "economy", 0.18),
    ("Opinion", "opinion", 0.10),
    ("Interview", "interview", 0.06),
    ("Editor's Note", "editors-note", 0.04),
]
SECTION_SLUGS = {name: slug for name, slug, _ in SECTIONS}
SECTION_BY_SLUG = {slug: name for name, slug, _ in SECTIONS}
INTERNATIONAL = "International"

# --------------------------------------------------------------------------
# Text formats
# --------------------------------------------------------------------------

AP_MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
"""Django's ``N`` format (Associated Press month abbreviations)."""

FULL_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
ABBR_MONTHS = [m[:3] for m in FULL_MONTHS]

BS_MONTH_SPELLINGS: dict[int, list[str]] = {
    1: ["Baisakh", "Baishakh"],
    2: ["Jestha", "Jeth"],
    3: ["Ashad", "Asar", "Ashar"],
    4: ["Shrawan", "Sharwan", "Saun"],
    5: ["Bhadra", "Bhadau"],
    6: ["Ashoj", "Asoj", "Ashwin"],
    7: ["Kartik"],
    8: ["Mangsir", "Mangshir", "Marga"],
    9: ["Poush", "Push", "Paush"],
    10: ["Magh"],
    11: ["Falgun", "Phalgun"],
    12: ["Chaitra", "Chait"],
}
"""Nepali month names in the spellings the site uses (1 = Baisakh)."""


def django_time_p(t: time | datetime) -> str:
    """Django's ``P`` format: ``7:54 p.m.``, ``7 a.m.``, ``noon``, ``midnight``."""
    if t.minute == 0 and t.hour == 0:
        return "midnight"
    if t.minute == 0 and t.hour == 12:
        return "noon"
    hour12 = t.hour % 12 or 12
    ampm = "a.m." if t.hour < 12 else "p.m."
    if t.minute == 0:
        return f"{hour12} {ampm}"
    return f"{hour12}:{t.minute:02d} {ampm}"


def django_datetime(dt: datetime) -> str:
    """Django's default ``DATETIME_FORMAT`` ``N j, Y, P`` in Nepal time."""
    local = dt.astimezone(NPT)
    return f"{AP_MONTHS[local.month - 1]} {local.day}, {local.year}, {django_time_p(local)}"


def listing_date(dt: datetime) -> str:
    """Listing/sidebar date ``Oct 22, 2024`` (``%b %d, %Y``, English months)."""
    local = dt.astimezone(NPT)
    return f"{ABBR_MONTHS[local.month - 1]} {local.day:02d}, {local.year}"


_MONTHS_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_TIMESINCE_UNITS = ("year", "month", "week", "day", "hour", "minute")
_TIMESINCE_CHUNKS = (60 * 60 * 24 * 7, 60 * 60 * 24, 60 * 60, 60)


def timesince(d: datetime, now: datetime, nbsp: str = "\xa0") -> str:
    """Django's ``timesince`` (4.x algorithm, depth 2), e.g. ``3 years, 1 month``.

    Django joins number and unit with a non-breaking space (``avoid_wrapping``);
    pass ``nbsp=" "`` for the plain text the archives show. Append " ago" yourself.
    """
    d = d.astimezone(NPT)
    now = now.astimezone(NPT)
    delta = now - d
    since = delta.days * 86400 + delta.seconds
    if since <= 0:
        return f"0{nbsp}minutes"
    total_months = (now.year - d.year) * 12 + (now.month - d.month)
    if d.day > now.day or (d.day == now.day and d.time() > now.time()):
        total_months -= 1
    years, months = divmod(total_months, 12)
    if years or months:
        pivot_year = d.year + years
        pivot_month = d.month + months
        if pivot_month > 12:
            pivot_month -= 12
            pivot_year += 1
        pivot = datetime(
            pivot_year,
            pivot_month,
            min(_MONTHS_DAYS[pivot_month - 1], d.day),
            d.hour,
            d.minute,
            d.second,
            tzinfo=d.tzinfo,
        )
    else:
        pivot = d
    remaining = (now - pivot).total_seconds()
    partials = [years, months]
    for chunk in _TIMESINCE_CHUNKS:
        count = int(remaining // chunk)
        partials.append(count)
        remaining -= chunk * count
    i = next((i for i, v in enumerate(partials) if v), None)
    if i is None:
        return f"0{nbsp}minutes"
    out = []
    while i < len(partials) and len(out) < 2 and partials[i]:
        value, unit = partials[i], _TIMESINCE_UNITS[i]
        out.append(f"{value}{nbsp}{unit}{'' if value == 1 else 's'}")
        i += 1
    return ", ".join(out)


STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "by",
        "with",
        "from",
        "as",
        "its",
        "it",
        "that",
        "this",
        "into",
        "over",
        "after",
    ]
)


def slugify(text: str) -> str:
    """Django ``slugify`` with stop-words dropped, as the site's slugs show."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value.lower())
    words = [w for w in re.split(r"[-\s]+", value) if w and w not in STOP_WORDS]
    return "-".join(words).strip("-_") or "article"


def headline_key(headline: str) -> str:
    """Normalisation under which a repost's headline equals its original's.

    Case, curly vs straight quotes and runs of whitespace are ignored; nothing
    else is. All articles with ``duplicate_of is None`` have distinct keys,
    except the recurring-title columns (:func:`add_columns`), which share one
    title over distinct stories on purpose.
    """
    h = headline.replace("\u2019", "'").replace("\u2018", "'")
    h = h.replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(h.split()).casefold()


# --------------------------------------------------------------------------
# Magazine issues
# --------------------------------------------------------------------------

_ISSUE_DAYS = 14


def _bs(d: date) -> nepali_datetime.date:
    return nepali_datetime.date.from_datetime_date(d)


def issue_for(d: date) -> dict[str, Any]:
    """The print issue current on AD date ``d``.

    Replica schedule: a volume starts on 1 Shrawan (volume = BS year - 2063),
    issues appear every 14 days from then, numbered from 1. Returns the truth
    dict ``{volume, number, date, date_bs}`` where ``date`` is the issue's
    first day and ``date_bs`` the same day in BS as ``YYYY-MM-DD``.
    """
    bs = _bs(d)
    vol_year = bs.year if bs.month >= 4 else bs.year - 1
    shrawan1 = nepali_datetime.date(vol_year, 4, 1).to_datetime_date()
    k = (d - shrawan1).days // _ISSUE_DAYS
    start = shrawan1 + timedelta(days=_ISSUE_DAYS * k)
    sb = _bs(start)
    return {
        "volume": vol_year - 2063,
        "number": k + 1,
        "date": start,
        "date_bs": f"{sb.year:04d}-{sb.month:02d}-{sb.day:02d}",
    }


def previous_issue(issue: dict[str, Any]) -> dict[str, Any]:
    """The issue before ``issue`` on the replica schedule."""
    return issue_for(issue["date"] - timedelta(days=1))


def _ad_range(start: date, end: date, rng: random.Random, dash: str) -> str:
    """``September 3-16, 2010`` / ``September 24-October 7, 2024`` / across years."""
    if start.year != end.year:
        return (
            f"{FULL_MONTHS[start.month - 1]} {start.day}, {start.year}{dash}"
            f"{FULL_MONTHS[end.month - 1]} {end.day}, {end.year}"
        )
    if start.month != end.month:
        return f"{FULL_MONTHS[start.month - 1]} {start.day}{dash}{FULL_MONTHS[end.month - 1]} {end.day}, {end.year}"
    return f"{FULL_MONTHS[start.month - 1]} {start.day}{dash}{end.day}, {start.year}"


def format_issue(issue: dict[str, Any], rng: random.Random, style: int | None = None) -> str:
    """Print an issue the way the site's editors hand-type it.

    Styles 0-2 copy the sample strings exactly; the others add ranges (within
    and across months, ``-`` or ``–``), missing and doubled spaces/commas and
    stray fragments. The AD and BS dates always denote the issue's first day.
    """
    if style is None:
        style = rng.randrange(ISSUE_STYLES)
    v, n, d = issue["volume"], issue["number"], issue["date"]
    by, bm, bd = (int(x) for x in issue["date_bs"].split("-"))
    bsm = rng.choice(BS_MONTH_SPELLINGS[bm])
    end = d + timedelta(days=_ISSUE_DAYS - 1)
    full, ap, ab = FULL_MONTHS[d.month - 1], AP_MONTHS[d.month - 1], ABBR_MONTHS[d.month - 1]
    if style == 0:
        return f"VOL. {v}, No. {n:02d}, {full}.{d.day:02d},{d.year} ({bsm}-{bd:02d}. {by})"
    if style == 1:
        return f"VOL. {v}, No. {n:02d}, {ap} {d.day}, {d.year} ({bsm} {bd:02d}, {by})"
    if style == 2:
        return f"VOL {v} No.{n:02d}, {full} {d.day:02d}, {d.year} ({bsm}. {bd} {by})"
    if style == 3:
        return f"Vol.: {v} No.-{n:02d} {_ad_range(d, end, rng, '-')} ({bsm} {bd}, {by})"
    if style == 4:
        return f"VOL. {v}, NO. {n}, {_ad_range(d, end, rng, ' – ')} ({bsm} {bd}, {by})"
    if style == 5:
        return f"VOL.{v},No.{n},{ab} {d.day},{d.year}({bsm} {bd},{by})"
    if style == 6:
        return f"VOL. {v},, No. {n:02d} ,  {ap} {d.day}, {d.year}  ({bsm} {bd}, {by})"
    if style == 7:
        return f"Vol. {v}, No. {n} {full} {d.day}, {d.year} ({bsm} {bd}, {by}) (Print Edition)"
    if style == 8:
        return f"VOL. {v}, No. {n:02d}, {_ad_range(d, end, rng, '–')} ({bsm}-{bd:02d}, {by}) Issue"
    return f"VOL {v}, NO {n:02d}, {ap}{d.day:02d}, {d.year},({bsm} {bd:02d} {by})"


ISSUE_STYLES = 10


# --------------------------------------------------------------------------
# Word lists
# --------------------------------------------------------------------------

COUNTRIES = [
    "Ukraine",
    "Russia",
    "China",
    "India",
    "Japan",
    "South Korea",
    "North Korea",
    "Pakistan",
    "Bangladesh",
    "Sri Lanka",
    "Indonesia",
    "Taiwan",
    "Germany",
    "France",
    "Britain",
    "Brazil",
    "Canada",
    "Australia",
    "Afghanistan",
    "Myanmar",
    "Bhutan",
    "Maldives",
    "Sudan",
    "Egypt",
    "Turkey",
    "the Philippines",
    "Thailand",
    "Vietnam",
    "Kenya",
    "Nigeria",
    "Mexico",
    "Argentina",
    "Israel",
    "Lebanon",
    "Iran",
    "Qatar",
]
ORGS = [
    "the UN",
    "WHO",
    "the IMF",
    "the World Bank",
    "the Red Cross",
    "the EU",
    "ASEAN",
    "SAARC",
    "NATO",
    "UNICEF",
    "the WTO",
    "BIMSTEC",
]
OFFICES = [
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Defense Minister",
    "Finance Minister",
    "Foreign Secretary",
    "Army Chief",
    "Opposition Leader",
]
INTL_NOUNS = [
    "ceasefire",
    "trade deal",
    "climate fund",
    "border talks",
    "aid package",
    "missile test",
    "election result",
    "refugee crisis",
    "heat wave",
    "flood relief",
    "peace plan",
    "naval drill",
    "bird flu outbreak",
    "debt relief",
    "energy pact",
    "drone attack",
    "visa rules",
    "tariff hike",
    "security pact",
    "rescue operation",
]
DISASTERS = [
    "floods",
    "landslides",
    "an earthquake",
    "a cyclone",
    "a bus crash",
    "a fire",
    "a ferry accident",
    "heavy rain",
    "a stampede",
    "a mine collapse",
]
NP_PLACES = [
    "Kathmandu",
    "Pokhara",
    "Lalitpur",
    "Bhaktapur",
    "Biratnagar",
    "Birgunj",
    "Lumbini",
    "Chitwan",
    "Dhangadhi",
    "Janakpur",
    "Butwal",
    "Hetauda",
    "Karnali Province",
    "Gandaki Province",
    "Koshi Province",
    "Madhesh Province",
    "Bagmati Province",
    "Sudurpaschim Province",
    "Mustang",
    "Solukhumbu",
]
NP_BODIES = [
    "NEA",
    "Nepal Rastra Bank",
    "the Election Commission",
    "the Supreme Court",
    "the Home Ministry",
    "the Finance Ministry",
    "FNCCI",
    "CAAN",
    "the Investment Board",
    "the Department of Hydrology and Meteorology",
    "Kathmandu Metropolitan City",
    "the National Planning Commission",
]
NP_NOUNS = [
    "transmission line",
    "hydropower project",
    "budget",
    "road expansion",
    "drinking water project",
    "tourism campaign",
    "cooperative fraud probe",
    "monsoon preparedness",
    "vaccination drive",
    "airport upgrade",
    "land reform",
    "school enrollment",
    "export target",
    "remittance inflow",
    "power trade",
    "cement plant",
    "tunnel project",
    "health insurance scheme",
]
BANKS = [
    "Global IME Bank",
    "Nepal Investment Mega Bank",
    "NIC Asia Bank",
    "Nabil Bank",
    "Himalayan Bank",
    "Everest Bank",
    "Prabhu Bank",
    "Sanima Bank",
]
VERBS_3 = [
    "announces",
    "approves",
    "rejects",
    "extends",
    "launches",
    "suspends",
    "completes",
    "signs",
    "expands",
    "reviews",
    "halts",
    "backs",
    "delays",
]
THEMES = [
    "federalism",
    "foreign aid",
    "climate change",
    "the energy transition",
    "remittance dependence",
    "youth migration",
    "the peace process",
    "governance",
    "press freedom",
    "the monsoon",
    "urban planning",
    "public health",
    "the trade deficit",
    "tourism recovery",
    "constitutional amendment",
    "food security",
    "digital literacy",
    "disaster risk",
    "women's representation",
    "labour migration",
    "river diversion",
    "air pollution",
    "local elections",
    "transitional justice",
    "the Himalayan glaciers",
    "vocational education",
    "public debt",
    "startup funding",
    "regional connectivity",
    "cross-border power trade",
]
STRAITS = [
    "Taiwan Strait",
    "Red Sea",
    "South China Sea",
    "Strait of Hormuz",
    "Black Sea",
    "Bay of Bengal",
    "Strait of Malacca",
]
SHOPS = ["Hard Rock Cafe", "Bhat Bhateni", "Daraz", "Sastodeal", "Big Mart", "Salesberry"]
PRODUCTS = ["oranges", "tea", "cardamom", "coffee", "pashmina", "ginger", "honey", "apples"]
ORDINALS = ["first", "second", "third", "largest", "latest", "biggest"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

FIRST_NAMES = [
    "Ram",
    "Sita",
    "Bikash",
    "Anita",
    "Suman",
    "Prakash",
    "Sarita",
    "Deepak",
    "Kamala",
    "Hari",
    "Gita",
    "Rajendra",
    "Bimala",
    "Sanjay",
    "Pooja",
    "Binod",
    "Manisha",
    "Dipendra",
    "Sushila",
    "Narayan",
    "Laxmi",
    "Ramesh",
    "Sunita",
    "Bihari",
    "Nirmala",
    "Tika",
    "Uttam",
    "Yasoda",
]
MIDDLE_NAMES = ["Prasad", "Krishna", "Bahadur", "Kumar", "Raj", "Devi"]
LAST_NAMES = [
    "Sharma",
    "Thapa",
    "Shrestha",
    "Gurung",
    "Adhikari",
    "Koirala",
    "Rai",
    "Tamang",
    "Magar",
    "Bhattarai",
    "Karki",
    "Khadka",
    "Pandey",
    "Joshi",
    "Maharjan",
    "Pradhan",
    "Bista",
    "Dahal",
    "Lama",
    "Ghimire",
    "Subedi",
]

# Printed byline -> truth. Persons are generated separately.
FIXED_BYLINES: dict[str, list[dict[str, str]]] = {
    "Agencies": [{"name": "Agencies", "kind": "agency"}],
    "NEW SPOTLIGHT ONLINE": [{"name": "New Spotlight Online", "kind": "staff"}],
    "A Correspondent": [{"name": "A Correspondent", "kind": "staff"}],
    "RSS": [{"name": "RSS", "kind": "agency"}],
    "Keshab Poudel": [{"name": "Keshab Poudel", "kind": "person"}],
    "KESHAB POUDEL": [{"name": "Keshab Poudel", "kind": "person"}],
}

# Per section: weights over printed bylines; "*person*" = a generated person.
BYLINE_WEIGHTS: dict[str, list[tuple[str, int]]] = {
    "International": [
        ("Agencies", 70),
        ("NEW SPOTLIGHT ONLINE", 14),
        ("RSS", 4),
        ("A Correspondent", 2),
        ("*person*", 10),
    ],
    "National": [
        ("NEW SPOTLIGHT ONLINE", 45),
        ("RSS", 20),
        ("A Correspondent", 15),
        ("Keshab Poudel", 6),
        ("KESHAB POUDEL", 4),
        ("*person*", 10),
    ],
    "Economy": [
        ("NEW SPOTLIGHT ONLINE", 50),
        ("A Correspondent", 25),
        ("Keshab Poudel", 8),
        ("KESHAB POUDEL", 7),
        ("*person*", 10),
    ],
    "Opinion": [("*person*", 80), ("Keshab Poudel", 10), ("KESHAB POUDEL", 10)],
    "Interview": [("A Correspondent", 40), ("NEW SPOTLIGHT ONLINE", 30), ("Keshab Poudel", 15), ("*person*", 15)],
    "Editor's Note": [("Keshab Poudel", 60), ("KESHAB POUDEL", 40)],
}

AGENCY_CREDITS = ["(RSS)", "(Xinhua)", "(AFP)", "(ANI)", "(IANS)"]


# --------------------------------------------------------------------------
# The truth record
# --------------------------------------------------------------------------


@dataclass(eq=False)
class Article:
    """One article and the truth a crawler should extract from its page.

    ``path`` is the canonical path (``/YYYY/MM/DD/<slug>/``); the server also
    serves it without the trailing slash. ``published_at`` is aware, in
    Asia/Kathmandu, minute precision; ``*_raw`` fields are the strings the page
    prints. ``body`` excludes the sign-off line but includes any trailing
    agency credit such as ``(RSS)``. ``duplicate_of`` names the original's path
    for a repost. ``variant`` only picks rendering details (never truth).

    ``body`` is written on first access from ``body_recipe`` (a per-article
    seed), so a 10,000-article site is cheap until pages are actually served.
    Equality compares the JSON form, body included.
    """

    path: str
    headline: str
    section: str
    published_at: datetime
    published_at_raw: str
    listing_date: str
    byline_raw: str
    authors: list[dict[str, str]]
    summary: str | None
    image_path: str
    template: str
    issue_raw: str | None = None
    issue: dict[str, Any] | None = None
    duplicate_of: str | None = None
    variant: int = 0
    body_recipe: tuple | None = field(default=None, repr=False)
    _body: list[str] | None = field(default=None, repr=False)

    @property
    def body(self) -> list[str]:
        """Paragraph texts, without the sign-off line."""
        if self._body is None:
            self._body = _write_body(*self.body_recipe)
        return self._body

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Article):
            return NotImplemented
        return self.to_json() == other.to_json()

    @property
    def slug(self) -> str:
        return self.path.rstrip("/").rsplit("/", 1)[-1]

    @property
    def section_slug(self) -> str:
        return SECTION_SLUGS[self.section]

    @property
    def canonical_url(self) -> str:
        """The URL the live site would print in og:url."""
        return CANONICAL_ORIGIN + self.path

    @property
    def is_international(self) -> bool:
        return self.section == INTERNATIONAL

    def to_json(self) -> dict[str, Any]:
        """JSON-safe dict; datetimes and dates as ISO strings."""
        d = {f.name: getattr(self, f.name) for f in fields(self) if not f.name.startswith(("_", "body_"))}
        d["authors"] = [dict(a) for a in self.authors]
        d["body"] = list(self.body)
        d["published_at"] = self.published_at.isoformat()
        if self.issue is not None:
            d["issue"] = dict(self.issue, date=self.issue["date"].isoformat())
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Article:
        """Inverse of :meth:`to_json` (``from_json(a.to_json()) == a``)."""
        d = dict(d)
        d["_body"] = list(d.pop("body"))
        d["published_at"] = datetime.fromisoformat(d["published_at"]).astimezone(NPT)
        if d.get("issue") is not None:
            d["issue"] = dict(d["issue"], date=date.fromisoformat(d["issue"]["date"]))
        return cls(**d)


def author_slug(name: str) -> str:
    """Slug of an author's listing page, ``/author/<slug>/``."""
    return slugify(name) if name != "A Correspondent" else "a-correspondent"


# --------------------------------------------------------------------------
# Generator
# --------------------------------------------------------------------------


class _Writer:
    """Produces headlines, bylines and body text from a ``random.Random``.

    Each text form is a small function so that only the chosen form draws
    random numbers; ``pick`` indexes with ``random()`` because ``choice`` is
    several times slower and 10,000 articles need ~150,000 sentences.
    """

    def __init__(self, rng: random.Random):
        self.rng = rng
        rnd = rng.random
        self.pick = lambda seq: seq[int(rnd() * len(seq))]

    # ---- headlines -------------------------------------------------------
    def headline(self, section: str, published: datetime) -> str:
        r, p = self.rng, self.pick
        poss = lambda c: c.removeprefix("the ") + "'s"  # noqa: E731
        c1, c2 = r.sample(COUNTRIES, 2)
        if section == INTERNATIONAL:
            forms = [
                lambda: "{} {} {} amid {}".format(c1, p(VERBS_3), *r.sample(INTL_NOUNS, 2)),
                lambda: f"{p(ORGS)} warns of {p(INTL_NOUNS)} in {c1}",
                lambda: f"{poss(c1)} {p(OFFICES)} visits {c2} for {p(INTL_NOUNS)}",
                lambda: f"{c1}, {c2} sign {p(INTL_NOUNS)} agreement",
                lambda: f"{r.randint(3, 180)} killed in {p(DISASTERS)} in {c1}",
                lambda: f"{c1} says {p(INTL_NOUNS)} will be ready by {p(FULL_MONTHS)}",
                lambda: f"{c1} releases video purportedly showing {p(INTL_NOUNS)} in {c2}",
                lambda: f"{poss(c1)} attempt to block {p(INTL_NOUNS)} a grave mistake: {c2}",
                lambda: f"{c1} and {c2} vessels jointly sail through {p(STRAITS)}",
                lambda: f"{p(OFFICES)} of {c1} meets {p(OFFICES)} of {c2} on {p(INTL_NOUNS)}",
            ]
        elif section == "National":
            pl = p(NP_PLACES)
            forms = [
                lambda: f"{p(NP_BODIES)} {p(VERBS_3)} {p(NP_NOUNS)} in {pl}",
                lambda: f"Weather forecast: light rain with thunder likely in {pl} and {p(NP_PLACES)}",
                lambda: f"Speaker {p(LAST_NAMES)} informed of {poss(p(LAST_NAMES))} arrest over {p(NP_NOUNS)}",
                lambda: f"Resumption of {p(NP_NOUNS)} in time to solve crisis in {pl}",
                lambda: f"{r.randint(2, 60)} injured as {p(DISASTERS)} hit {pl}",
                lambda: f"PM {p(LAST_NAMES)} directs ministers to speed up {p(NP_NOUNS)} in {pl}",
            ]
        elif section == "Economy":
            forms = [
                lambda: f"{p(BANKS)} and {p(ORGS)} sign agreement on {p(NP_NOUNS)}",
                lambda: f"Special discount at '{p(SHOPS)}' for customers of {p(BANKS)} in {p(NP_PLACES)}",
                lambda: f"NEA exports electricity worth Rs. {r.randint(2, 40)}.{r.randint(0, 99):02d} billion to India",
                lambda: f"{p(NP_NOUNS).capitalize()} in {p(NP_PLACES)} to be put into operation",
                lambda: f"Remittance inflow rises by {r.randint(2, 30)} percent in {p(FULL_MONTHS)}",
                lambda: f"FNCCI president commits to promote {p(PRODUCTS)} of {p(NP_PLACES)}",
            ]
        elif section == "Opinion":
            t = p(THEMES)
            forms = [
                lambda: f"Why {t} matters for {p(NP_PLACES)}",
                lambda: f"{t.capitalize()}: time to rethink {p(THEMES)}",
                lambda: f"The cost of ignoring {t} in {p(NP_PLACES)}",
                lambda: f"Nepal's {p(NP_NOUNS)} and the politics of {t}",
            ]
        elif section == "Interview":
            name = f"{p(FIRST_NAMES)} {p(LAST_NAMES)}"
            forms = [
                lambda: f"\u201c{p(THEMES).capitalize()} is our priority\u201d: {name}",
                lambda: f"'We will complete the {p(NP_NOUNS)} on time': {name}",
                lambda: f"Interview with {name} on {p(THEMES)}",
            ]
        else:  # Editor's Note: the slug may carry another date than the path
            d = (published.astimezone(NPT) - timedelta(days=r.randint(0, 3))).date()
            forms = [
                lambda: f"Notes from the editor {ABBR_MONTHS[d.month - 1]} {d.day}, {d.year}",
                lambda: f"Editor's Note: {p(THEMES)} and {p(THEMES)}",
            ]
        h = p(forms)()
        h = h[0].upper() + h[1:]
        if r.random() < 0.6:  # most of the site's headlines are Title Cased
            h = title_case(h)
        return h

    # ---- bylines ---------------------------------------------------------
    def person(self) -> str:
        r, p = self.rng, self.pick
        if r.random() < 0.3:
            return f"{p(FIRST_NAMES)} {p(MIDDLE_NAMES)} {p(LAST_NAMES)}"
        return f"{p(FIRST_NAMES)} {p(LAST_NAMES)}"

    def byline(self, section: str) -> tuple[str, list[dict[str, str]]]:
        r = self.rng
        names, weights = zip(*BYLINE_WEIGHTS[section], strict=False)
        pick = r.choices(names, weights)[0]
        if pick != "*person*":
            return pick, [dict(a) for a in FIXED_BYLINES[pick]]
        count = r.choices([1, 2, 3], [75, 20, 5])[0]
        people: list[str] = []
        while len(people) < count:
            person = self.person()
            if person not in people:
                people.append(person)
        printed = people[0] if count == 1 else ", ".join(people[:-1]) + " and " + people[-1]
        if r.random() < 0.3:
            printed = printed.upper().replace(" AND ", " and ")
        return printed, [{"name": n, "kind": "person"} for n in people]

    # ---- body --------------------------------------------------------------
    def sentence(self, section: str) -> str:
        r, p = self.rng, self.pick
        intl = section == INTERNATIONAL
        place = lambda: p(COUNTRIES) if intl else p(NP_PLACES)  # noqa: E731
        org = lambda: p(ORGS) if intl else p(NP_BODIES)  # noqa: E731
        noun = lambda: p(INTL_NOUNS) if intl else p(NP_NOUNS)  # noqa: E731
        who = lambda: f"{p(OFFICES)} {p(FIRST_NAMES)} {p(LAST_NAMES)}"  # noqa: E731
        num = lambda: (  # noqa: E731
            f"{r.randint(1, 99)},{r.randint(0, 999):03d}" if r.random() < 0.5 else str(r.randint(2, 900))
        )
        forms = (
            lambda: f"{who()} said the {noun()} would be discussed with {org()} next week.",
            lambda: f"According to {org()}, about {num()} people have been affected by the {noun()} in {place()}.",
            lambda: f"The {noun()} comes amid speculation that {p(COUNTRIES)} may change its position.",
            lambda: f'In a social media post on {p(WEEKDAYS)}, {who()} said the {noun()} was "long overdue."',
            lambda: (
                f"Officials in {place()} said the {noun()} had cost Rs. {r.randint(1, 90)}.{r.randint(0, 99):02d} billion so far."
            ),
            lambda: (lambda o: f"{o[0].upper() + o[1:]} has urged all sides to respond to the issue without delay.")(
                org()
            ),
            lambda: f"The {noun()} is expected to be completed by {p(FULL_MONTHS)} {r.randint(1, 28)}.",
            lambda: f"Experts say the {noun()} will shape {p(THEMES)} for years to come.",
            lambda: f"It's the {p(ORDINALS)} {noun()} in {place()} this year.",
            lambda: f"Local residents told reporters that the {noun()} had not reached their villages yet.",
            lambda: (
                f"{who()} told reporters on {p(WEEKDAYS)} that {num()} households in {place()} would receive support."
            ),
            lambda: f'The decision was welcomed by {org()}, which called it "a step in the right direction."',
        )
        return p(forms)()

    def paragraph(self, section: str) -> str:
        return " ".join([self.sentence(section) for _ in range(1 + int(self.rng.random() * 4))])


def _write_body(section: str, seed: int, lead: str | None, credit: str | None) -> list[str]:
    """Body paragraphs from a per-article seed (see :attr:`Article.body_recipe`)."""
    rng = random.Random(seed)
    w = _Writer(rng)
    body = [w.paragraph(section) for _ in range(rng.randint(3, 8))]
    if lead:
        body[0] = f"{lead} {body[0]}"
    if credit:
        body[-1] = f"{body[-1]} {credit}"
    return body


def title_case(text: str) -> str:
    """Capitalise the first letter of every word, as the site's editors do."""
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))


def _latest_before(t: datetime, hour: int) -> datetime:
    """Latest local ``hour:00`` strictly before ``t`` (for noon/midnight cases)."""
    cand = t.replace(hour=hour, minute=0, second=0, microsecond=0)
    if cand >= t:
        cand -= timedelta(days=1)
    return cand


def _repost_headline(h: str, rng: random.Random) -> str:
    """A headline equal to ``h`` under :func:`headline_key` but not identical."""
    if "'" in h:
        out = h.replace("'", "\u2019")
    elif "\u2019" in h:
        out = h.replace("\u2019", "'")
    else:
        words = h.split(" ")
        i = rng.randrange(1, len(words)) if len(words) > 1 else 0
        out = " ".join([*words[:i], " " + words[i], *words[i + 1 :]]) if i else h + " "
    if rng.random() < 0.5 or out == h:
        # Title Case <-> "headline style" with small words in lower case
        if out == title_case(out):
            words = out.split(" ")
            out = " ".join([words[0]] + [w.lower() if w.lower() in _SMALL_WORDS else w for w in words[1:]])
        else:
            out = title_case(out)
    if out == h:
        out = h.upper()
    return out


_SMALL_WORDS = frozenset(
    ["a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by", "with", "from", "as", "amid"]
)


class SiteData:
    """All articles of the replica (newest first) plus the replica clock.

    Lists per section are cached and rebuilt when :meth:`publish` adds
    articles, so listings stay cheap with 10,000 articles.
    """

    def __init__(self, seed: int, now: datetime, rng: random.Random):
        self.seed = seed
        self.now = now
        self.articles: list[Article] = []
        self.by_path: dict[str, Article] = {}
        self._rng = rng
        self._writer = _Writer(rng)
        self._slug_counts: dict[str, int] = {}
        self._keys: set[str] = set()
        self._cache: dict[Any, Any] = {}

    # ---- queries -----------------------------------------------------------
    def latest(self) -> list[Article]:
        """All articles, newest first (the "Latest" listing)."""
        return self.articles

    def section(self, name: str) -> list[Article]:
        """Articles of one section, newest first."""
        key = ("section", name)
        if key not in self._cache:
            self._cache[key] = [a for a in self.articles if a.section == name]
        return self._cache[key]

    def international(self) -> list[Article]:
        """The International section, newest first: the crawler's target."""
        return self.section(INTERNATIONAL)

    def magazine(self) -> list[Article]:
        """Articles that belong to a print issue, newest first."""
        if "magazine" not in self._cache:
            self._cache["magazine"] = [a for a in self.articles if a.issue is not None]
        return self._cache["magazine"]

    def by_author(self, slug: str) -> list[Article]:
        """Articles credited to the author with listing slug ``slug``."""
        if "authors" not in self._cache:
            idx: dict[str, list[Article]] = {}
            for a in self.articles:
                for au in a.authors:
                    idx.setdefault(author_slug(au["name"]), []).append(a)
            self._cache["authors"] = idx
        return self._cache["authors"].get(slug, [])

    def lookup(self, path: str) -> Article | None:
        """Article at ``path``, with or without the trailing slash."""
        return self.by_path.get(path if path.endswith("/") else path + "/")

    def latest_issues(self, n: int = 4) -> list[dict[str, Any]]:
        """The ``n`` newest print issues on the schedule, as truth dicts."""
        issue = issue_for(self.now.astimezone(NPT).date())
        out = [issue]
        while len(out) < n:
            out.append(previous_issue(out[-1]))
        return out

    def truth(self) -> dict[str, Any]:
        """Everything tests may compare against, JSON-safe."""
        return {
            "now": self.now.isoformat(),
            "seed": self.seed,
            "articles": [a.to_json() for a in self.articles],
        }

    # ---- mutation ------------------------------------------------------------
    def publish(self, k: int = 1, section: str | None = None) -> list[Article]:
        """Add ``k`` articles newer than all others; advance the clock.

        The clock moves 1 hour per call (more if ``k`` > 58, so that every new
        article still gets its own minute). New articles fall strictly between
        the old and the new ``now``. ``section`` forces their section (e.g.
        ``"International"`` for incremental-crawl tests). Returns them newest first.
        """
        if k < 0:
            raise ValueError("k must be >= 0")
        if section is not None and section not in SECTION_SLUGS:
            raise ValueError(f"unknown section {section!r}; known: {list(SECTION_SLUGS)}")
        hours = max(1, -(-k // 58))
        old_now = self.now
        self.now = old_now + timedelta(hours=hours)
        slots = hours * 60 - 2
        start = old_now.astimezone(NPT).replace(second=0, microsecond=0) + timedelta(minutes=1)
        minutes = sorted(self._rng.sample(range(slots), k))
        new = [self._build(start + timedelta(minutes=m), section=section) for m in minutes]
        new.reverse()
        self.articles[:0] = new
        self._cache.clear()
        return new

    def publish_column(self, title: str = "From The Editor") -> Article:
        """Add one new story under a recurring ``title`` (a column), newer than all others.

        Its text is its own; the clock moves one hour, as with :meth:`publish`.
        """
        return self._publish_one(lambda t, rng: self._build_column(title, t, rng))

    def publish_repost(self, original: Article) -> Article:
        """Add ``original`` again under a new URL (same text, headline differing only in case)."""
        return self._publish_one(lambda t, rng: self._build_repost_of(original, t, rng))

    def _publish_one(self, build: Callable[[datetime, random.Random], Article]) -> Article:
        old_now = self.now
        self.now = old_now + timedelta(hours=1)
        rng = random.Random(f"column-{self.seed}-{len(self.articles)}")  # leaves the site's stream alone
        art = build(old_now.astimezone(NPT).replace(second=0, microsecond=0) + timedelta(minutes=30), rng)
        self.articles.insert(0, art)
        self._cache.clear()
        return art

    # ---- building --------------------------------------------------------------
    def _column_path(self, title: str, published: datetime) -> str:
        d = published.astimezone(NPT)
        if title == EDITOR_NOTES:  # the slug carries the day before: /2019/01/12/notes-editor-jan-11/
            day = d - timedelta(days=1)
            base = (
                f"/{d.year:04d}/{d.month:02d}/{d.day:02d}/notes-editor-{ABBR_MONTHS[day.month - 1].lower()}-{day.day}"
            )
            path, n = f"{base}/", 1
            while path in self.by_path:
                n += 1
                path = f"{base}-{n}/"
            return path
        if title == EDITOR_COLUMN:
            known = [
                int(a.slug.rsplit("-", 1)[1])
                for a in self.articles
                if a.slug.startswith("from-the-editor-") and a.slug.rsplit("-", 1)[1].isdigit()
            ]
            used = len([a for a in self.articles if a.headline == EDITOR_COLUMN])
            slug = (
                EDITOR_COLUMN_SLUGS[used]
                if used < len(EDITOR_COLUMN_SLUGS)
                else f"from-the-editor-{max(known, default=24) + 1}"
            )
            return f"/{d.year:04d}/{d.month:02d}/{d.day:02d}/{slug}/"
        return self._assign_path(title, published)

    def _build_column(self, title: str, published: datetime, rng: random.Random) -> Article:
        section, byline = _COLUMN_SECTIONS.get(title, "Editor's Note"), _COLUMN_BYLINES.get(title, "Keshab Poudel")
        published = published.astimezone(NPT).replace(second=0, microsecond=0)
        art = Article(
            path=self._column_path(title, published),
            headline=title,
            section=section,
            published_at=published,
            published_at_raw=django_datetime(published),
            listing_date=listing_date(published),
            byline_raw=byline,
            authors=[dict(a) for a in FIXED_BYLINES[byline]],
            summary=None,
            image_path=f"/media/images/{slugify(title).replace('-', '_')[:40]}{IMAGE_RENDITION}",
            template=rng.choice("abc"),
            variant=rng.randrange(1000),
            body_recipe=(section, rng.getrandbits(48), None, None),
        )
        self.by_path[art.path] = art
        return art

    def _build_repost_of(self, original: Article, published: datetime, rng: random.Random) -> Article:
        published = published.astimezone(NPT).replace(second=0, microsecond=0)
        headline = _repost_headline(original.headline, rng)
        art = Article(
            path=self._assign_path(headline, published)
            if original.headline != EDITOR_COLUMN
            else self._column_path(EDITOR_COLUMN, published),
            headline=headline,
            section=original.section,
            published_at=published,
            published_at_raw=django_datetime(published),
            listing_date=listing_date(published),
            byline_raw=original.byline_raw,
            authors=[dict(a) for a in original.authors],
            summary=original.summary,
            image_path=original.image_path,
            template=rng.choice("abc"),
            issue_raw=original.issue_raw,
            issue=dict(original.issue) if original.issue else None,
            duplicate_of=original.path,
            variant=rng.randrange(1000),
            body_recipe=original.body_recipe,
            _body=original._body and list(original._body),
        )
        self.by_path[art.path] = art
        return art

    def _pick_section(self) -> str:
        names = [s[0] for s in SECTIONS]
        weights = [s[2] for s in SECTIONS]
        return self._rng.choices(names, weights)[0]

    def _assign_path(self, headline: str, published: datetime) -> str:
        slug = slugify(headline)
        count = self._slug_counts.get(slug, 0) + 1
        self._slug_counts[slug] = count
        if count > 1:
            slug = f"{slug}-{count}"
        d = published.astimezone(NPT)
        return f"/{d.year:04d}/{d.month:02d}/{d.day:02d}/{slug}/"

    def _make_issue(self, published: datetime) -> tuple[str, dict[str, Any]]:
        """Issue of a magazine article: the one current a few days before."""
        d = published.astimezone(NPT).date() - timedelta(days=self._rng.randint(0, 40))
        issue = issue_for(d)
        return format_issue(issue, self._rng), issue

    def _build(self, published: datetime, section: str | None = None) -> Article:
        r, w = self._rng, self._writer
        section = section or self._pick_section()
        for _ in range(200):
            headline = w.headline(section, published)
            if headline_key(headline) not in self._keys:
                break
        else:  # pragma: no cover - word lists are large enough
            headline = f"{headline} ({len(self.articles)})"
        self._keys.add(headline_key(headline))
        byline, authors = w.byline(section)
        summary = w.sentence(section) if r.random() < 0.7 else None
        # the standfirst is often repeated as the body's first sentence
        lead = summary if summary and r.random() < 0.5 else None
        credit = r.choice(AGENCY_CREDITS) if r.random() < 0.15 else None
        recipe = (section, r.getrandbits(48), lead, credit)
        issue_raw = issue = None
        if r.random() < 0.25:
            issue_raw, issue = self._make_issue(published)
        image = f"/media/images/{slugify(headline).replace('-', '_')[:40]}{IMAGE_RENDITION}"
        art = Article(
            path=self._assign_path(headline, published),
            headline=headline,
            section=section,
            published_at=published.astimezone(NPT),
            published_at_raw=django_datetime(published),
            listing_date=listing_date(published),
            byline_raw=byline,
            authors=authors,
            summary=summary,
            image_path=image,
            template=r.choice("abc"),
            issue_raw=issue_raw,
            issue=issue,
            variant=r.randrange(1000),
            body_recipe=recipe,
        )
        self.by_path[art.path] = art
        return art

    def _build_repost(self, published: datetime, original: Article) -> Article:
        headline = _repost_headline(original.headline, self._rng)
        art = Article(
            path=self._assign_path(headline, published),
            headline=headline,
            section=original.section,
            published_at=published.astimezone(NPT),
            published_at_raw=django_datetime(published),
            listing_date=listing_date(published),
            byline_raw=original.byline_raw,
            authors=[dict(a) for a in original.authors],
            summary=original.summary,
            image_path=original.image_path,
            template=self._rng.choice("abc"),
            issue_raw=original.issue_raw,
            issue=dict(original.issue) if original.issue else None,
            duplicate_of=original.path,
            variant=self._rng.randrange(1000),
            body_recipe=original.body_recipe,
            _body=original._body and list(original._body),
        )
        self.by_path[art.path] = art
        return art


def _timeline(n: int, now: datetime, rng: random.Random) -> list[datetime]:
    """``n`` publication times, newest first, strictly decreasing, in NPT.

    Gaps are irregular (40 minutes to 9 hours). Some slots are snapped on
    purpose so the Django ``P`` edge cases appear: on the hour (``7 a.m.``),
    ``noon`` and ``midnight``.
    """
    out: list[datetime] = []
    t = now.astimezone(NPT).replace(second=0, microsecond=0)
    t -= timedelta(minutes=rng.randint(5, 40))
    for i in range(n):
        if i:
            t = out[-1] - timedelta(minutes=rng.randint(40, 540))
            if i % 6 == 2:
                t = t.replace(minute=0)
            elif i % 9 == 4:
                t = _latest_before(out[-1], 12)
            elif i % 10 == 7:
                t = _latest_before(out[-1], 0)
        out.append(t)
    return out


def generate_site(n_articles: int = 40, seed: int = 0, now: datetime = DEFAULT_NOW, columns: bool = False) -> SiteData:
    """Build the replica's content deterministically.

    Articles are built oldest first so that slug suffixes (``-2``) go to the
    later of two equal titles, then stored newest first. Reposts (``duplicate_of``)
    copy an older International article under a new URL with a headline that
    differs only in case, quotes or spacing. The newest International articles
    are adjusted so every template, and a magazine article in every template,
    shows up on the first listing page.

    ``columns`` adds the recurring-title columns (see :func:`add_columns`) after
    everything else, from their own random stream: the rest of the site, and
    what :meth:`SiteData.publish` adds later, are the same with or without them.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    rng = random.Random(seed)
    site = SiteData(seed, now, rng)
    times = _timeline(n_articles, now, rng)

    if n_articles < 6:
        n_reposts = 0
    elif n_articles < 20:
        n_reposts = 1
    else:
        n_reposts = max(2, n_articles // 200)
    repost_slots = set(rng.sample(range(max(1, n_articles - 5)), n_reposts)) if n_reposts else set()

    built: list[Article] = []  # oldest first
    for i in range(n_articles - 1, -1, -1):
        published = times[i]
        art = None
        if i in repost_slots:
            reposted = {a.duplicate_of for a in built if a.duplicate_of}
            recent = [
                a for a in built[-40:] if a.is_international and a.duplicate_of is None and a.path not in reposted
            ]
            if recent:
                art = site._build_repost(published, rng.choice(recent))
        if art is None:
            art = site._build(published)
        built.append(art)
    site.articles = built[::-1]

    intl = site.international()
    for a, t in zip(intl[:3], rng.sample("abc", 3), strict=False):
        a.template = t
    reposted = {a.duplicate_of for a in built if a.duplicate_of}
    plain = [a for a in intl[3:] if a.duplicate_of is None and a.path not in reposted]
    for a, t in zip(plain[:3], rng.sample("abc", 3), strict=False):
        a.template = t
        if a.issue is None:
            a.issue_raw, a.issue = site._make_issue(a.published_at)
    if columns:
        add_columns(site)
    site._cache.clear()
    return site


# --------------------------------------------------------------------------
# Columns: one title over many distinct stories
# --------------------------------------------------------------------------

EDITOR_COLUMN = "From The Editor"
EDITOR_NOTES = "Notes From The Editor"
WEATHER_FORECAST = "Weather Forecast: Light To Moderate Rain Likely In Koshi And Madhesh"
# The archive's suffixes for "From The Editor" (2010-2011); later ones continue from the last.
EDITOR_COLUMN_SLUGS = ("from-the-editor-2", "from-the-editor-6", "from-the-editor-19", "from-the-editor-24")
_COLUMN_SECTIONS = {EDITOR_COLUMN: "Editor's Note", EDITOR_NOTES: "Editor's Note", WEATHER_FORECAST: "National"}
_COLUMN_BYLINES = {
    EDITOR_COLUMN: "Keshab Poudel",
    EDITOR_NOTES: "Keshab Poudel",
    WEATHER_FORECAST: "NEW SPOTLIGHT ONLINE",
}


def add_columns(site: SiteData) -> None:
    """Recurring titles: distinct stories under one headline, plus one true repost.

    Four "From The Editor" editorials (slugs ``from-the-editor-2/-6/-19/-24``),
    three "Notes From The Editor" (one per issue, slugs such as
    ``notes-editor-jan-11`` carrying the day before the path's date) and three
    word-for-word equal "Weather Forecast: ..." headlines on different days, each
    with its own text; and one repost: an editorial again under another URL, same
    text, headline differing only in case. They take slots between the site's
    articles, so they spread over the listing pages; their random numbers come from
    their own stream (seeded by the site's seed).
    """
    rng = random.Random(f"columns-{site.seed}")
    arts = site.articles  # newest first
    gaps = [(arts[i + 1].published_at, arts[i].published_at) for i in range(len(arts) - 1)]
    titles = [EDITOR_COLUMN] * 4 + [EDITOR_NOTES] * 3 + [WEATHER_FORECAST] * 3
    chosen = sorted(rng.sample(range(len(gaps)), min(len(gaps), len(titles) + 1)), reverse=True)  # oldest first
    editorials: list[Article] = []
    for title, gap in zip(titles, chosen, strict=False):
        older, newer = gaps[gap]
        art = site._build_column(title, older + (newer - older) / 2, rng)
        if title == EDITOR_COLUMN:
            editorials.append(art)
        arts.append(art)
    if len(chosen) > len(titles) and editorials:
        older, newer = gaps[chosen[-1]]
        arts.append(site._build_repost_of(rng.choice(editorials), older + (newer - older) / 2, rng))
    arts.sort(key=lambda a: a.published_at, reverse=True)
    site._cache.clear()
