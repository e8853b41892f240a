"""The counts the report shows, from loaded records and runs: pure, no plotting, no HTML.

A story is a URL (the record's canonical URL): the archive reuses one headline for many
distinct stories ("From The Editor", daily weather), so headlines never merge stories.
When several feeds hold one URL, the first record read stands for the story.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from spotlight_crawler.analysis.loading import Loaded, Run
from spotlight_crawler.items import FIELD_NAMES
from spotlight_crawler.run import keys
from spotlight_crawler.run.coverage import present

NO_SECTION = "(no section)"
NO_AUTHOR = "(no author)"
SEVERAL_KINDS = "several kinds"


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
    )
