"""Throughput of normalize.parse_datetime against plain dateparser.parse.

Builds N mixed strings of the forms the site prints (Django date-times, listing dates,
timesince ages, sidebar and meta lines, ISO metadata) plus some odd forms and non-dates,
times parse_datetime over all of them, then dateparser.parse(s, languages=["en"]) over
the same strings in the same run.  dateparser is slow, so by default it runs over an
evenly spaced sample of the strings and its time for all N is extrapolated from the
sample's rate (printed as such); --dateparser-sample 0 runs it over all N.  Rates are
strings per CPU second of this process, so other load on the machine does not skew
the ratio; wall time is printed beside them.

    python benchmarks/bench_normalize.py [--n 100000] [--dateparser-sample 5000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import dateparser

from spotlight_crawler.normalize import KATHMANDU, parse_datetime
from tests.replica.content import FULL_MONTHS, django_datetime, listing_date

NOW = datetime(2024, 10, 22, 20, 7, tzinfo=KATHMANDU)
HEADLINES = [
    "Indian Airlines And IndiGo Flight Received Bomb Threats",
    "US, Canadian Naval Vessels Jointly Sail Through Taiwan Strait",
    "Prabowo sworn in as Indonesia's new president",
    "Resumption Of Melamchi Water Supply In Time Solve Water Crisis In Kathmandu",
]
ISSUE_TAIL = (
    " Published in Magazine Issue: VOL. 18, No. 05, October.04,2024 (Ashoj-18. 2081) "
    "Publisher and Editor: Keshab Prasad Poudel Online Register Number: DOI 584/074-75"
)
ODD_FORMS = [
    "22 October 2024",
    "Tuesday, 22nd of October, 2024 19:54",
    "22/10/2024",
    "2024/10/22",
    "22.10.2024",
    "October 22 2024 at 7pm",
    "He said 5 things",
    "More on International",
    "Agencies",
    "",
    "Feb. 30, 2024",
    "about 11,000 North Korean infantry troops",
]

# Share of each kind of string (weights, summing to 100).
MIX = {
    "django": 35,
    "django+issue": 10,
    "listing": 20,
    "age": 15,
    "sidebar": 5,
    "iso": 5,
    "odd": 10,
}


def random_moment(rng: random.Random) -> datetime:
    start = datetime(2008, 1, 1, tzinfo=KATHMANDU)
    return start + timedelta(minutes=rng.randrange(17 * 365 * 24 * 60))


def age(rng: random.Random) -> str:
    units = ["year", "month", "week", "day", "hour", "minute"]
    first = rng.randrange(len(units))
    parts = [(rng.randint(1, 11), units[first])]
    if first + 1 < len(units) and rng.random() < 0.5:
        parts.append((rng.randint(1, 3), units[first + 1]))
    text = ", ".join(f"{n}\xa0{unit}{'' if n == 1 else 's'}" for n, unit in parts)
    return f"{text} ago"


def make_string(kind: str, rng: random.Random) -> str:
    moment = random_moment(rng)
    if kind == "django":
        return django_datetime(moment)
    if kind == "django+issue":
        return django_datetime(moment) + ISSUE_TAIL
    if kind == "listing":
        return listing_date(moment)
    if kind == "age":
        return age(rng)
    if kind == "sidebar":
        if rng.random() < 0.5:
            return f"{rng.choice(HEADLINES)} By Agencies {age(rng)}"
        return f"{rng.choice(HEADLINES)} By NEW SPOTLIGHT ONLINE {listing_date(moment)}"
    if kind == "iso":
        return moment.isoformat()
    return (
        rng.choice(ODD_FORMS) if rng.random() < 0.7 else f"{moment.day} {FULL_MONTHS[moment.month - 1]} {moment.year}"
    )


def build_strings(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    kinds = rng.choices(list(MIX), weights=list(MIX.values()), k=n)
    return [make_string(kind, rng) for kind in kinds]


def timed(function: Callable[[str], object], strings: Sequence[str]) -> tuple[float, float, int]:
    """CPU seconds and wall seconds taken over all strings, and how many gave a value.
    Rates use CPU time, which other load on the machine does not inflate."""
    found = 0
    wall_start, cpu_start = time.perf_counter(), time.process_time()
    for text in strings:
        if function(text) is not None:
            found += 1
    return time.process_time() - cpu_start, time.perf_counter() - wall_start, found


def report(label: str, count: int, cpu: float, wall: float, found: int) -> float:
    rate = count / cpu
    print(
        f"  {label:<16}: {count:>9,} strings in {cpu:8.2f} s CPU ({wall:8.2f} s wall) = "
        f"{rate:>10,.0f} strings/s  (a value for {found / count:.1%})"
    )
    return rate


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="number of strings (default 100000)")
    parser.add_argument(
        "--dateparser-sample",
        type=int,
        default=5_000,
        help="strings given to dateparser.parse, evenly spaced; 0 = all (default 5000)",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    strings = build_strings(args.n, args.seed)
    sample_size = args.n if args.dateparser_sample <= 0 else min(args.dateparser_sample, args.n)
    step = max(1, args.n // sample_size)
    sample = strings[::step][:sample_size]

    def ours(text: str) -> object:
        return parse_datetime(text, now=NOW)

    def theirs(text: str) -> object:
        return dateparser.parse(text, languages=["en"])

    # Warm-up outside the timings: dateparser loads its language data on first use,
    # and parse_datetime builds its dateparser fallback on first use.
    for text in ODD_FORMS + strings[:50]:
        ours(text)
        theirs(text)

    print(f"strings: {args.n:,} (mix in %: {', '.join(f'{k} {v}' for k, v in MIX.items())}; seed {args.seed})")
    print("all strings:")
    ours_rate = report("parse_datetime", args.n, *timed(ours, strings))
    label = "all strings" if len(sample) == args.n else f"sample of {len(sample):,} (every {step}th string)"
    print(f"{label}:")
    theirs_rate = report("dateparser.parse", len(sample), *timed(theirs, sample))
    ours_sample_rate = report("parse_datetime", len(sample), *timed(ours, sample))
    if len(sample) != args.n:
        print(
            f"  extrapolated: dateparser.parse over all {args.n:,} strings would take "
            f"~{args.n / theirs_rate:,.0f} s CPU (from the sample's rate; not measured)"
        )
    print(f"ratio parse_datetime / dateparser.parse, same strings: {ours_sample_rate / theirs_rate:,.1f}x")
    print(f"ratio parse_datetime (all) / dateparser.parse (sample): {ours_rate / theirs_rate:,.1f}x")


if __name__ == "__main__":
    main()
