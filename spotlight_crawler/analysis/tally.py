"""The counts the report shows, from loaded records and runs: pure, no plotting, no HTML.

A story is a URL (the record's canonical URL): the archive reuses one headline for many
distinct stories ("From The Editor", daily weather), so headlines never merge stories.
When several feeds hold one URL, the first record read stands for the story.

The story list is every story, newest first (by ``published_at``; stories without a date
last, then by URL), each naming which of the listed fields (``LISTED_FIELDS``) its record
lacks. A run's start time is its stats' ``start_time`` in UTC, its duration Scrapy's
``elapsed_time_seconds``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from spotlight_crawler.analysis.loading import Loaded, Run
from spotlight_crawler.items import FIELD_NAMES
from spotlight_crawler.normalize.dates import KATHMANDU
from spotlight_crawler.run import keys
from spotlight_crawler.run.coverage import present

NO_SECTION = "(no section)"
NO_AUTHOR = "(no author)"
SEVERAL_KINDS = "several kinds"
# The fields the story list shows; a record without one of them is marked.
LISTED_FIELDS = ("headline", "published_at", "section", "authors")


@dataclass
class StoryRow:
    """One story of the list: its fields as the record gives them (None when it lacks one)."""

    url: str
    headline: str | None
    published: str | None  # "YYYY-MM-DD HH:MM", Nepal time as written in the record
    section: str | None
    authors: list[str]
    missing: list[str]


@dataclass
class IssueRow:
    volume: Any
    number: Any
    date: str | None
    date_bs: str | None
    stories: int
    raws: list[str]
    disagree: bool


@dataclass
class RunRow:
    path: str
    spider: str
    finish_reason: str
    exit_status: int | None
    records: int
    requests: int
    responses: int
    failures: list[str]
    duplicates: dict[str, int]
    monitor_failures: list[str]
    started: str = ""  # "YYYY-MM-DD HH:MM:SS UTC", or "" when the stats do not say
    duration: str = ""  # "1 h 02 min", "3 min 05 s", "12 s", "1.4 s"


@dataclass
class Tally:
    records: int
    stories: int
    days: list[date]
    per_day_section: dict[str, list[int]]
    per_day_kind: dict[str, list[int]]
    undated: int
    sections: list[tuple[str, int]]
    authors: list[tuple[str, str, int]]
    coverage: list[tuple[str, float, float | None]]
    from_listing: list[tuple[str, int]]
    issues: list[IssueRow]
    runs: list[RunRow]
    skipped: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    story_list: list[StoryRow] = field(default_factory=list)
    # What the site's feed taught each run: (stats file, field, witness, proven on, share served).
    taught: list[tuple[str, str, str, int, str]] = field(default_factory=list)

    @property
    def disagreeing_issues(self) -> list[IssueRow]:
        return [i for i in self.issues if i.disagree]


def story_day(record: dict[str, Any]) -> date | None:
    """The Nepal-time day of publication: the date part of ``published_at`` as written."""
    value = record.get("published_at")
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def author_kind(record: dict[str, Any]) -> str:
    kinds = sorted({str(a.get("kind") or "?") for a in record.get("authors") or [] if isinstance(a, dict)})
    if not kinds:
        return NO_AUTHOR
    return kinds[0] if len(kinds) == 1 else SEVERAL_KINDS


def section_of(record: dict[str, Any]) -> str:
    section = record.get("section")
    return section.strip() if isinstance(section, str) and section.strip() else NO_SECTION


def published(record: dict[str, Any]) -> datetime | None:
    """``published_at`` as a time (Nepal time when it names no offset); None when absent or unreadable."""
    value = record.get("published_at")
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=KATHMANDU)


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def story_row(record: dict[str, Any]) -> StoryRow:
    names = [
        str(a["name"]).strip()
        for a in record.get("authors") or []
        if isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"].strip()
    ]
    when = published(record)
    row = StoryRow(
        url=record["url"],
        headline=_text(record.get("headline")),
        published=str(record["published_at"])[:16].replace("T", " ") if when else None,
        section=_text(record.get("section")),
        authors=names,
        missing=[],
    )
    shown = {"headline": row.headline, "published_at": row.published, "section": row.section, "authors": names}
    row.missing = [name for name in LISTED_FIELDS if not shown[name]]
    return row


def story_list(stories: list[dict[str, Any]]) -> list[StoryRow]:
    """Every story, newest first; those without a date last; ties by URL."""
    dated = [(when, s) for s in stories if (when := published(s)) is not None]
    undated = [s for s in stories if published(s) is None]
    dated.sort(key=lambda pair: pair[1]["url"])
    dated.sort(key=lambda pair: pair[0], reverse=True)  # stable: equal times keep URL order
    return [story_row(s) for _, s in dated] + [story_row(s) for s in sorted(undated, key=lambda s: s["url"])]


def _started(stats: dict[str, Any]) -> str:
    value = stats.get("start_time")
    if not isinstance(value, str):
        return ""
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return ""
    if when.tzinfo is not None:  # Scrapy's start_time is UTC; older stats files wrote it naive
        when = when.astimezone(UTC)
    return f"{when:%Y-%m-%d %H:%M:%S} UTC"


def duration(seconds: object) -> str:
    """A run's length for people: ``1 h 02 min``, ``3 min 05 s``, ``12 s``, ``1.4 s``; "" when unknown."""
    if not isinstance(seconds, (int, float)) or seconds < 0:
        return ""
    if seconds < 10:
        return f"{seconds:.1f} s"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def _ranked(counter: Counter[Any]) -> list[tuple[Any, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))


def _per_day(stories: list[dict[str, Any]], days: list[date], key: Any, top: int) -> dict[str, list[int]]:
    """Stories per day for the ``top`` most frequent values of ``key`` (the rest as "other")."""
    totals = Counter(key(s) for s in stories if story_day(s) is not None)
    keep = [name for name, _ in _ranked(totals)[:top]]
    index = {d: i for i, d in enumerate(days)}
    series = {name: [0] * len(days) for name in keep}
    for story in stories:
        day = story_day(story)
        if day is None:
            continue
        name = key(story)
        if name not in series:
            name = "other"
            series.setdefault(name, [0] * len(days))
        series[name][index[day]] += 1
    return series


def _stat_sum(runs: list[Run], prefix: str) -> dict[str, int]:
    found: Counter[str] = Counter()
    for run in runs:
        for key, value in run.stats.items():
            if key.startswith(prefix) and isinstance(value, (int, float)):
                found[key[len(prefix) :]] += int(value)
    return dict(found)


def _run_row(run: Run) -> RunRow:
    from spotlight_crawler.run.summary import failure_kinds  # reads stats only

    stats = run.stats
    dropped = {k: int(v) for k, v in _stat_sum([run], keys.DEDUP_DROPPED_PREFIX).items() if v}
    return RunRow(
        path=run.path,
        spider=run.spider,
        finish_reason=run.finish_reason,
        exit_status=run.exit_status,
        records=int(stats.get("item_scraped_count", 0)),
        requests=int(stats.get("downloader/request_count", 0)),
        responses=int(stats.get("downloader/response_count", 0)),
        failures=failure_kinds(stats),
        duplicates=dict(sorted(dropped.items())),
        monitor_failures=run.failures,
        started=_started(stats),
        duration=duration(stats.get("elapsed_time_seconds")),
    )


def tally(loaded: Loaded, thresholds: dict[str, float] | None = None, top: int = 6) -> Tally:
    thresholds = thresholds or {}
    stories_by_url: dict[str, dict[str, Any]] = {}
    for record in loaded.records:
        stories_by_url.setdefault(record["url"], record)
    stories = list(stories_by_url.values())
    dated = [d for d in map(story_day, stories) if d is not None]
    days: list[date] = []
    if dated:
        first, last = min(dated), max(dated)
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]

    authors: Counter[tuple[str, str]] = Counter()
    for story in stories:
        for author in story.get("authors") or []:
            if isinstance(author, dict) and author.get("name"):
                authors[(str(author["name"]), str(author.get("kind") or "?"))] += 1

    n = len(loaded.records)
    coverage = [
        (name, (sum(present(r.get(name)) for r in loaded.records) / n) if n else 0.0, thresholds.get(name))
        for name in FIELD_NAMES
    ]
    # Counted by the runs on the records they wrote; the records themselves do not say it.
    borrowed = _stat_sum(loaded.runs, keys.COVERAGE_FROM_LISTING_PREFIX) or _stat_sum(loaded.runs, keys.FALLBACK_PREFIX)

    issues: dict[tuple[str, str], IssueRow] = {}
    for story in stories:
        issue = story.get("magazine_issue")
        if not isinstance(issue, dict):
            continue
        key = (str(issue.get("volume")), str(issue.get("number")))
        row = issues.setdefault(
            key,
            IssueRow(issue.get("volume"), issue.get("number"), issue.get("date"), issue.get("date_bs"), 0, [], False),
        )
        row.stories += 1
        raw = str(issue.get("raw") or "")
        if raw and raw not in row.raws:
            row.raws.append(raw)
        row.disagree = row.disagree or issue.get("dates_agree") is False

    def issue_order(row: IssueRow) -> tuple[str, str, str]:
        return (str(row.date or ""), str(row.volume).zfill(4), str(row.number).zfill(4))

    return Tally(
        records=n,
        stories=len(stories),
        days=days,
        per_day_section=_per_day(stories, days, section_of, top),
        per_day_kind=_per_day(stories, days, author_kind, top),
        undated=len(stories) - len(dated),
        sections=_ranked(Counter(section_of(s) for s in stories)),
        authors=[(name, kind, count) for (name, kind), count in _ranked(authors)],
        coverage=coverage,
        from_listing=_ranked(Counter({k: v for k, v in borrowed.items() if v})),
        issues=sorted(issues.values(), key=issue_order),
        runs=[_run_row(run) for run in loaded.runs],
        skipped=list(loaded.skipped),
        feeds=list(loaded.feeds),
        story_list=story_list(stories),
        taught=_taught(loaded.runs),
    )


def _taught(runs: list[Run]) -> list[tuple[str, str, str, int, str]]:
    from spotlight_crawler.run.lesson import lesson_rows  # reads stats only

    return [
        (run.path, t.field, t.witness, t.proven, f"{t.served} of {t.pages} article pages")
        for run in runs
        for t in lesson_rows(run.stats)
    ]
