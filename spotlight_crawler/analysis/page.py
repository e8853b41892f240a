"""The report as one self-contained HTML page: styles and charts inline, no script, nothing
fetched when opened (the story list's links are followed only when clicked). The same input
gives the same bytes.

A story is a URL: the archive reuses one headline ("From The Editor") for many stories. When
several feeds hold one URL, the first record read stands for the story.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from html import escape
from typing import Any

from spotlight_crawler.analysis import figures
from spotlight_crawler.analysis.loading import Loaded, Run
from spotlight_crawler.items import FIELD_NAMES
from spotlight_crawler.normalize.dates import KATHMANDU
from spotlight_crawler.run import keys
from spotlight_crawler.run.coverage import present
from spotlight_crawler.run.lesson import lesson_rows
from spotlight_crawler.run.summary import failure_kinds

TITLE = "New Spotlight Online: what the runs collected"
# The fields the story list shows; a story whose record lacks one is marked.
LISTED_FIELDS = ("headline", "published_at", "section", "authors")
TOP = 15  # rows of the most frequent sections and authors
SERIES = 6  # series of a per-day chart; the rest are "other"
Record = dict[str, Any]

CSS = """
body { font: 15px/1.45 "DejaVu Sans", Verdana, sans-serif; color: #222; margin: 0 auto; max-width: 62rem; padding: 1.5rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #ccc; }
p.lead { font-size: 1.15rem; } .muted { color: #666; font-size: .9rem; } ul.skipped li { color: #8a3000; }
svg[data-chart] { width: 100%; height: auto; display: block; margin: .5rem 0 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border-bottom: 1px solid #ddd; padding: .2rem .6rem; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; } tr.bad td { background: #fde2d8; }
span.swatch { display: inline-block; width: .8em; height: .8em; margin-right: .35em; border-radius: 2px; }
@media print { body { max-width: none; padding: 0; font-size: 11pt; } section { break-inside: avoid; } }
"""


class Html(str):
    """Text that is already HTML: a table puts it in as it is (any other cell is escaped)."""


def _cell(value: object) -> str:
    if isinstance(value, Html):
        return f"<td>{value}</td>"
    if isinstance(value, int):
        return f"<td class=n>{value}</td>"
    return f"<td>{escape(str(value))}</td>"


def table(name: str, head: Sequence[str], rows: Iterable[Sequence[object]], bad: Sequence[bool] = ()) -> str:
    """A ``<table data-table=name>``; a row whose ``bad`` is true has class ``bad``."""
    body = "".join(
        f"<tr{' class=bad' if r < len(bad) and bad[r] else ''}>{''.join(map(_cell, row))}</tr>"
        for r, row in enumerate(rows)
    )
    heads = "".join(f"<th>{escape(h)}</th>" for h in head)
    return f'<table data-table="{name}"><thead><tr>{heads}</tr></thead><tbody>{body}</tbody></table>'


def _swatched(name: str) -> Html:
    colour = figures.colour_of(name)
    return Html(f'<span class="swatch" style="background:{colour}" data-colour="{colour}"></span>{escape(name)}')


def _plural(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def published(record: Record) -> datetime | None:
    """``published_at`` as an aware time (Nepal time when it names no offset); None when absent or unreadable."""
    try:
        when = datetime.fromisoformat(record.get("published_at"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=KATHMANDU)


def section_of(record: Record) -> str:
    return _text(record.get("section")) or "(no section)"


def author_names(record: Record) -> list[str]:
    return [name for a in record.get("authors") or [] if isinstance(a, dict) and (name := _text(a.get("name")))]


def author_kind(record: Record) -> str:
    kinds = {str(a.get("kind") or "?") for a in record.get("authors") or [] if isinstance(a, dict)}
    if not kinds:
        return "(no author)"
    return kinds.pop() if len(kinds) == 1 else "several kinds"


def ranked(counts: Counter[Any]) -> list[tuple[Any, int]]:
    """Most frequent first; ties in name order."""
    return sorted(counts.items(), key=lambda pair: (-pair[1], str(pair[0])))


def duration(seconds: object) -> str:
    """A run's length for people: ``1 h 02 min``, ``3 min 05 s``, ``12 s``, ``1.4 s``; "?" when unknown."""
    if not isinstance(seconds, (int, float)) or seconds < 0:
        return "?"
    if seconds < 10:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def started(stats: dict[str, Any]) -> str:
    """The run's ``start_time`` in UTC (Scrapy writes it aware; older stats files wrote it naive, in UTC)."""
    try:
        when = datetime.fromisoformat(stats.get("start_time"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "?"
    return f"{when.astimezone(UTC) if when.tzinfo else when:%Y-%m-%d %H:%M:%S} UTC"


def _stat_sum(runs: Iterable[Run], prefix: str) -> Counter[str]:
    """The runs' counts of every stats key under ``prefix``, by the rest of the key."""
    found: Counter[str] = Counter()
    for run in runs:
        for key, value in run.stats.items():
            if key.startswith(prefix) and isinstance(value, (int, float)) and value:
                found[key[len(prefix) :]] += int(value)
    return found


def lead(records: int, stories: list[Record], days: list[date], runs: int) -> str:
    """The opening sentence: records, distinct stories, the period."""
    word = "distinct story" if len(stories) == 1 else "distinct stories"
    text = (
        f'<strong data-count="records">{records}</strong> {"record" if records == 1 else "records"} of '
        f'<strong data-count="stories">{len(stories)}</strong> {word}'
    )
    if records > len(stories):
        text += f" ({_plural(records - len(stories), 'record')} repeat a story already counted, by URL)"
    if days:
        text += f", published from {days[0]} to {days[-1]} ({_plural(len(days), 'day')})"
    text += "."
    if undated := sum(1 for story in stories if published(story) is None):
        text += f" {_plural(undated, 'story', 'stories')} carry no publication date and are not in the charts by day."
    if runs:
        text += f" {_plural(runs, 'run stats file')} read."
    return f'<p class="lead">{text}</p>'


def per_day(stories: list[Record], days: list[date], key: Callable[[Record], str]) -> dict[str, list[int]]:
    """Stories per day of ``days`` for the most frequent values of ``key``, the rest as "other"."""
    dated = [(when.date(), key(story)) for story in stories if (when := published(story))]
    keep = [name for name, _ in ranked(Counter(name for _, name in dated))[:SERIES]]
    series = {name: [0] * len(days) for name in keep}
    for day, name in dated:
        series.setdefault(name if name in keep else "other", [0] * len(days))[(day - days[0]).days] += 1
    return series


def per_day_section(stories: list[Record], days: list[date]) -> str:
    if not days:
        return "<section><h2>Stories per day</h2><p>No record carries a publication date.</p></section>"
    by_section = per_day(stories, days, section_of)
    empty = sum(1 for i in range(len(days)) if not any(counts[i] for counts in by_section.values()))
    gaps = f"{_plural(empty, 'day')} of the period without a story" if empty else "A story on every day of the period"
    return (
        "<section><h2>Stories per day</h2>"
        + figures.stacked_per_day("per-day-section", "Stories per day, by section", days, by_section)
        + figures.stacked_per_day(
            "per-day-author-kind", "Stories per day, by author kind", days, per_day(stories, days, author_kind)
        )
        + f'<p class="muted">{gaps}.</p></section>'
    )


def sections_and_authors(stories: list[Record]) -> str:
    sections = ranked(Counter(section_of(story) for story in stories))[:TOP]
    authors = Counter(
        (name, str(a.get("kind") or "?"))
        for story in stories
        for a in story.get("authors") or []
        if isinstance(a, dict) and (name := _text(a.get("name")))
    )
    return (
        "<section><h2>Sections and authors</h2>"
        + table("sections", ["section", "stories"], [(_swatched(name), n) for name, n in sections])
        + table("authors", ["author", "kind", "stories"], [(*pair, n) for pair, n in ranked(authors)[:TOP]])
        + "</section>"
    )


def coverage(records: list[Record], runs: list[Run], thresholds: dict[str, float]) -> str:
    """Share of records with each field against the run monitors' minimum, and the fields the
    runs took from listings or the feed (counted in their stats, not written in the records)."""
    rows, below = [], []
    for name in FIELD_NAMES:
        share = sum(present(record.get(name)) for record in records) / max(len(records), 1)
        needed = thresholds.get(name)
        if needed is not None and share + 1e-9 < needed:
            below.append(name)
        rows.append((name, f"{share:.1%}", "" if needed is None else f"{needed:.0%}"))
    parts = [
        "<section><h2>Field coverage</h2>",
        table("coverage", ["field", "records with it", "run monitors' minimum"], rows, [r[0] in below for r in rows]),
    ]
    if below:
        parts.append(f"<p>Below the minimum: {escape(', '.join(below))}.</p>")
    parts.append("<h3>Fields taken from listings or the feed rather than the page</h3>")
    borrowed = _stat_sum(runs, keys.COVERAGE_FROM_LISTING_PREFIX) or _stat_sum(runs, keys.FALLBACK_PREFIX)
    if borrowed:
        parts.append(table("from-listing", ["field", "records"], ranked(borrowed)))
    elif runs:
        parts.append("<p>None: every field came from the article pages.</p>")
    else:
        parts.append('<p class="muted">Counted by the runs: give their stats files to see it.</p>')
    return "".join(parts) + "</section>"


def issues(stories: list[Record]) -> str:
    """The magazine issues named, in date order; one whose BS and AD dates disagree is marked."""
    by_issue: dict[tuple[str, str], list[dict[str, Any]]] = {}  # (volume, number) -> as each story names it
    for story in stories:
        if isinstance(issue := story.get("magazine_issue"), dict):
            by_issue.setdefault((str(issue.get("volume")), str(issue.get("number"))), []).append(issue)
    if not by_issue:
        return "<section><h2>Magazine issues</h2><p>No record names a magazine issue.</p></section>"

    def order(number: tuple[str, str]) -> tuple[str, str, str]:
        return (str(by_issue[number][0].get("date") or ""), number[0].zfill(4), number[1].zfill(4))

    rows, bad = [], []
    for number in sorted(by_issue, key=order):
        named = by_issue[number]
        first = named[0]
        raws = dict.fromkeys(str(issue["raw"]) for issue in named if issue.get("raw"))
        dates = (first.get("date") or "", first.get("date_bs") or "")
        rows.append((first.get("volume"), first.get("number"), *dates, len(named), " | ".join(raws)))
        bad.append(any(issue.get("dates_agree") is False for issue in named))
    disagree = sum(bad)
    said = f"<strong>{_plural(disagree, 'issue')} whose BS and AD dates disagree</strong> (marked)."
    head = ["volume", "number", "date (AD)", "date (BS)", "stories", "as printed"]
    return (
        f"<section><h2>Magazine issues</h2><p>{_plural(len(rows), 'issue')} found; "
        + (said if disagree else "BS and AD dates agree on every one.")
        + "</p>"
        + table("issues", head, rows, bad)
        + "</section>"
    )


def story_list(stories: list[Record]) -> str:
    """Every story, newest first (undated last; ties by URL): date, headline linked to its page,
    section, authors, and the listed fields its record lacks (such a row is marked)."""
    by_url = sorted(stories, key=lambda story: story["url"])
    dated = sorted((s for s in by_url if published(s)), key=published, reverse=True)  # type: ignore[arg-type]
    rows, bad = [], []
    for story in dated + [s for s in by_url if not published(s)]:
        headline = escape(_text(story.get("headline")) or "(no headline)")
        if story["url"].startswith(("https://", "http://")):
            headline = f'<a href="{escape(story["url"])}">{headline}</a>'
        when = str(story["published_at"])[:16].replace("T", " ") if published(story) else None
        section, authors = _text(story.get("section")), author_names(story)
        shown = {"headline": _text(story.get("headline")), "published_at": when, "section": section, "authors": authors}
        missing = [name for name in LISTED_FIELDS if not shown[name]]
        rows.append(
            (
                when or "—",
                Html(headline),
                _swatched(section) if section else "—",
                ", ".join(authors) or "—",
                ", ".join(missing),
            )
        )
        bad.append(bool(missing))
    lacking = sum(bad)
    note = (
        f"{_plural(lacking, 'story', 'stories')} whose record lacks a listed field (marked)."
        if lacking
        else "Every record has a headline, a date, a section and authors."
    )
    return (
        f'<section><h2>Stories, newest first</h2><p class="muted">{note} Each headline links to its page on the site.</p>'
        + table("stories", ["published", "headline", "section", "authors", "missing"], rows, bad)
        + "</section>"
    )


def runs_and_lessons(runs: list[Run]) -> str:
    """Per run: its outcome, requests, failures by kind, duplicates dropped by rule, when it
    started and how long it took; then what the site's feed taught it, field by field."""
    rows = []
    for run in runs:
        data, stats = run.data, run.stats
        status = data.get("exit_status")
        rows.append(
            (
                run.path,
                str(data.get("spider", "?")),
                str(data.get("finish_reason", stats.get("finish_reason", "unknown"))),
                int(status) if isinstance(status, (int, float)) else "",
                int(stats.get("item_scraped_count", 0)),
                int(stats.get("downloader/request_count", 0)),
                int(stats.get("downloader/response_count", 0)),
                "; ".join(failure_kinds(stats)) or "none",
                ", ".join(f"{rule} {n}" for rule, n in sorted(_stat_sum([run], keys.DEDUP_DROPPED_PREFIX).items()))
                or "none",
                started(stats),
                duration(stats.get("elapsed_time_seconds")),
            )
        )
    head = ["stats file", "spider", "finished", "exit status", "records", "requests", "responses"]
    head += ["failures by kind", "duplicates dropped, by rule", "started", "duration"]
    failed = [f"<p>{escape(run.path)}: {escape(str(why))}</p>" for run in runs for why in run.data.get("failures", [])]
    parts = ["<section><h2>Runs</h2>", table("runs", head, rows, [bool(row[3]) for row in rows]), *failed, "</section>"]
    taught = [
        (run.path, t.field, t.witness, t.proven, f"{t.served} of {t.pages} article pages")
        for run in runs
        for t in lesson_rows(run.stats)
    ]
    if taught:
        head = ["stats file", "field", "witness in use", "proven on feed stories", "pages it served"]
        parts += [
            "<section><h2>What the feed teaches</h2><p class=muted>Per run and field, the reading of the page "
            "the site's feed proved right, asked first on every page.</p>",
            table("taught", head, taught),
            "</section>",
        ]
    return "".join(parts)


def build(loaded: Loaded, thresholds: dict[str, float]) -> str:
    """The page of everything ``loaded`` holds, coverage judged against ``thresholds`` (field -> share)."""
    first: dict[str, Record] = {}
    for record in loaded.records:
        first.setdefault(record["url"], record)
    stories = list(first.values())
    dated = sorted(when.date() for story in stories if (when := published(story)))
    days = [dated[0] + timedelta(days=i) for i in range((dated[-1] - dated[0]).days + 1)] if dated else []
    parts = [f"<h1>{escape(TITLE)}</h1>", lead(len(loaded.records), stories, days, len(loaded.runs))]
    if loaded.skipped:
        items = "".join(f"<li>{escape(line)}</li>" for line in loaded.skipped)
        parts.append(
            f'<p>Skipped input ({len(loaded.skipped)}): the counts below leave it out.</p><ul class="skipped">{items}</ul>'
        )
    parts += [
        per_day_section(stories, days),
        sections_and_authors(stories),
        coverage(loaded.records, loaded.runs, thresholds),
        issues(stories),
    ]
    if stories:
        parts.append(story_list(stories))
    if loaded.runs:
        parts.append(runs_and_lessons(loaded.runs))
    if loaded.feeds:
        feeds = "".join(f"<li>{escape(feed)}</li>" for feed in loaded.feeds)
        parts.append(f'<section><h2>Input</h2><ul class="muted">{feeds}</ul></section>')
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(TITLE)}</title><style>{CSS}</style></head>\n<body>\n{body}\n</body></html>\n"
    )
