"""The report: feeds (JSON Lines) and run stats files read, bad input skipped (one sentence each in
``Loaded.skipped``); one self-contained HTML page, styles and SVG charts inline, no script, the same
bytes for the same input, text drawn as written (no mathtext). A story is a URL, its first record read."""

from __future__ import annotations

import colorsys
import glob
import hashlib
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from html import escape
from pathlib import Path
from typing import Any, NamedTuple

from matplotlib import rc_context
from matplotlib.colors import to_hex
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from spotlight_crawler.items import FIELD_NAMES
from spotlight_crawler.normalize.dates import KATHMANDU
from spotlight_crawler.run import keys
from spotlight_crawler.run.coverage import present
from spotlight_crawler.run.lesson import lesson_rows
from spotlight_crawler.run.summary import failure_kinds
from spotlight_crawler.run.verdict import listed

SUFFIXES = (".jsonl", ".jl", ".ndjson", ".json")


class Run(NamedTuple):
    """One run's stats file (``SPOTLIGHT_REPORT_FILE``): its path and its JSON object (``stats`` a dict)."""

    path: str
    data: dict[str, Any]


@dataclass
class Loaded:
    records: list[dict[str, Any]] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _files(given: str) -> list[Path]:
    """The files ``given`` names: itself, a folder's feeds and stats files (recursively), or a glob's matches."""
    path = Path(given).expanduser()
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(SUFFIXES))
    # A file's own name matches itself. glob.glob, not Path.glob: the pattern may be absolute.
    return [Path(p) for p in sorted(glob.glob(str(path), recursive=True)) if Path(p).is_file()]  # noqa: PTH207


def load(inputs: Iterable[str]) -> Loaded:
    """Everything readable in ``inputs``; a file is a feed unless its name ends in ``.json``."""
    loaded = Loaded()
    paths: dict[Path, None] = {}  # each file once, in the order given
    for given in inputs:
        if not (files := _files(given)):
            loaded.skipped.append(f"{given}: no such file, folder or match")
        paths.update(dict.fromkeys(files))
    for path in paths:
        _load(path, loaded)
    return loaded


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _load(path: Path, loaded: Loaded) -> None:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")  # a binary file is no feed: its lines are not JSON
    except OSError as exc:
        loaded.skipped.append(f"{path}: skipped, cannot be read ({exc.strerror or exc})")
        return
    if not text.strip():
        loaded.skipped.append(f"{path}: skipped, empty file")
    elif path.name.lower().endswith(".json"):
        data = _json(text)
        if isinstance(data, dict) and isinstance(data.get("stats"), dict):
            loaded.runs.append(Run(str(path), data))
        else:
            loaded.skipped.append(f'{path}: skipped, not a run stats file (a JSON object with "stats")')
    else:
        _load_feed(path, text, loaded)


def _load_feed(path: Path, text: str, loaded: Loaded) -> None:
    records: list[dict[str, Any]] = []
    bad: list[str] = []
    numbered = [(number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    for number, line in numbered:
        record = _json(line)
        if isinstance(record, dict) and isinstance(record.get("url"), str):
            records.append(record)
        elif number == numbered[-1][0] and not text.endswith("\n"):
            bad.append(f"{path}: line {number} skipped, torn last line (the file ends mid-record)")
        else:
            bad.append(f"{path}: line {number} skipped, not a JSON record with a url")
    if not records:
        loaded.skipped.append(f"{path}: skipped, not a JSON Lines feed of records (no line is a record)")
        return
    loaded.records += records
    loaded.skipped += bad


TITLE = "New Spotlight Online: what the runs collected"
TOP = 15  # rows of the most frequent sections and authors
SERIES = 6  # series of a per-day chart; the rest are "other"
Record = dict[str, Any]
EARLIEST = datetime.min.replace(tzinfo=UTC)

CSS = """
body { font: 15px/1.45 "DejaVu Sans", Verdana, sans-serif; color: #222; margin: 0 auto; max-width: 62rem; padding: 1.5rem; }
h2 { margin: 2rem 0 .5rem; border-bottom: 1px solid #ccc; } .muted { color: #666; } ul.skipped li { color: #8a3000; }
svg[data-chart] { width: 100%; height: auto; display: block; margin: .5rem 0 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border-bottom: 1px solid #ddd; padding: .2rem .6rem; text-align: left; vertical-align: top; }
tr.bad td { background: #fde2d8; }
span.swatch { display: inline-block; width: .8em; height: .8em; margin-right: .35em; border-radius: 2px; }
@media print { body { max-width: none; padding: 0; font-size: 11pt; } section { break-inside: avoid; } }
"""


STYLE: dict[Any, Any] = {  # rc keys are typed as literals in matplotlib's stubs
    "svg.hashsalt": "spotlight-report",
    "svg.fonttype": "none",
    "text.parse_math": False,
    "font.family": "DejaVu Sans",
    "date.converter": "concise",
}


def colour_of(name: str) -> str:
    """A series' colour from its name alone, the same in every report (hue and lightness from a
    hash of the name); "other" and names in parentheses ("(no section)") are greys."""
    if name == "other":
        return "#999999"
    if name.startswith("("):
        return "#cccccc"
    digest = hashlib.sha1(name.encode("utf-8"), usedforsecurity=False).digest()
    hue = int.from_bytes(digest[:4], "big") % 360
    lightness = (0.32, 0.45, 0.58)[digest[5] % 3]
    return to_hex(colorsys.hls_to_rgb(hue / 360, lightness, 0.6))


def per_day_chart(by: str, stories: list[Record], days: list[date], key: Callable[[Record], str]) -> str:
    """``<svg data-chart="per-day-<by>">``: stories on each of ``days``, stacked by the most frequent
    values of ``key`` (the rest as "other"); a day with none is a gap."""
    title, name = f"Stories per day, by {by}", "per-day-" + by.replace(" ", "-")
    dated = [(when.date(), key(story)) for story in stories if (when := published(story))]
    keep = [label for label, _ in Counter(label for _, label in dated).most_common(SERIES)]
    series = {label: [0] * len(days) for label in keep}
    for day, label in dated:
        series.setdefault(label if label in keep else "other", [0] * len(days))[(day - days[0]).days] += 1
    with rc_context(STYLE):
        fig = Figure(figsize=(9, 2.8))
        ax = fig.subplots()
        x = date2num(days)
        bottom = [0] * len(days)
        for label, counts in series.items():
            ax.bar(x, counts, width=0.9, bottom=bottom, label=label, color=colour_of(label), linewidth=0)
            bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
        ax.xaxis_date()  # ticks and labels by rc "date.converter"
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set(xlim=(x[0] - 1, x[-1] + 1), ylabel="stories")
        ax.set_title(title, loc="left")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # no XML declaration or DOCTYPE inside HTML
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)  # RDF, with addresses
    return svg.replace("<svg", f'<svg data-chart="{name}" role="img" aria-label="{escape(title)}"', 1)


class Html(str):
    """Text that is already HTML: a table puts it in as it is (any other cell is escaped)."""


def table(name: str, head: Sequence[str], rows: Iterable[Sequence[object]], bad: Sequence[bool] = ()) -> str:
    """A ``<table data-table=name>``; a row whose ``bad`` is true has class ``bad``."""
    body = ""
    for r, row in enumerate(rows):
        cells = "".join(f"<td>{value if isinstance(value, Html) else escape(str(value))}</td>" for value in row)
        body += f"<tr{' class=bad' if r < len(bad) and bad[r] else ''}>{cells}</tr>"
    heads = "".join(f"<th>{escape(h)}</th>" for h in head)
    return f'<table data-table="{name}"><thead><tr>{heads}</tr></thead><tbody>{body}</tbody></table>'


def section(title: str, *parts: str) -> str:
    return f"<section><h2>{title}</h2>{''.join(parts)}</section>"


def _swatched(name: str) -> Html:
    colour = colour_of(name)
    return Html(f'<span class="swatch" style="background:{colour}" data-colour="{colour}"></span>{escape(name)}')


def _plural(n: int, one: str, many: str = "", count: str = "") -> str:
    """``n`` and the noun that goes with it; ``n`` in ``<strong data-count=count>`` when ``count`` is given."""
    shown = f'<strong data-count="{count}">{n}</strong>' if count else str(n)
    return f"{shown} {one if n == 1 else (many or one + 's')}"


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _time(value: object, naive: tzinfo) -> datetime | None:
    """An ISO 8601 time, aware (in ``naive``'s zone when it names no offset); None when unreadable."""
    try:
        when = datetime.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=naive)


def published(record: Record) -> datetime | None:
    return _time(record.get("published_at"), KATHMANDU)


def section_of(record: Record) -> str:
    return _text(record.get("section")) or "(no section)"


def authors_of(record: Record) -> list[tuple[str, str]]:
    """(name, kind) of each named author."""
    return [
        (name, str(author.get("kind") or "?"))
        for author in record.get("authors") or []
        if isinstance(author, dict) and (name := _text(author.get("name")))
    ]


def author_kind(record: Record) -> str:
    kinds = {kind for _, kind in authors_of(record)}
    if not kinds:
        return "(no author)"
    return kinds.pop() if len(kinds) == 1 else "several kinds"


def lead(records: int, stories: list[Record], days: list[date]) -> str:
    """The opening sentence: records, distinct stories, the period."""
    text = _plural(records, "record", count="records") + " of "
    text += _plural(len(stories), "distinct story", "distinct stories", count="stories")
    if days:
        text += f", published from {days[0]} to {days[-1]} ({_plural(len(days), 'day')})"
    return f'<p class="lead">{text}.</p>'


def stories_per_day(stories: list[Record], days: list[date]) -> str:
    if not days:
        return section("Stories per day", "<p>No record carries a publication date.</p>")
    empty = len(days) - len({when.date() for story in stories if (when := published(story))})
    charts = [
        per_day_chart("section", stories, days, section_of),
        per_day_chart("author kind", stories, days, author_kind),
        per_day_chart("listing", stories, days, lambda story: _text(story.get("listing")) or "(no listing)"),
    ]
    return section(
        "Stories per day", *charts, f'<p class="muted">{_plural(empty, "day")} of the period without a story.</p>'
    )


def sections_and_authors(stories: list[Record]) -> str:
    sections = Counter(section_of(story) for story in stories).most_common(TOP)
    authors = Counter(author for story in stories for author in authors_of(story)).most_common(TOP)
    return section(
        "Sections and authors",
        table("sections", ["section", "stories"], [(_swatched(name), n) for name, n in sections]),
        table("authors", ["author", "kind", "stories"], [(name, kind, n) for (name, kind), n in authors]),
    )


def coverage(records: list[Record], thresholds: dict[str, float]) -> str:
    """Share of records with each field against the run monitors' minimum (a field below it is marked)."""
    rows, below = [], []
    for name in FIELD_NAMES:
        share = sum(present(record.get(name)) for record in records) / max(len(records), 1)
        needed = thresholds.get(name)
        rows.append((name, f"{share:.1%}", "" if needed is None else f"{needed:.0%}"))
        below.append(needed is not None and share + 1e-9 < needed)
    return section(
        "Field coverage", table("coverage", ["field", "records with it", "run monitors' minimum"], rows, below)
    )


def story_list(stories: list[Record]) -> str:
    """Every story, newest first (undated last; ties by URL): date, headline linked to its page,
    section, authors, and which of those its record lacks (such a row is marked)."""
    by_url = sorted(stories, key=lambda story: story["url"])
    rows, bad = [], []
    for story in sorted(by_url, key=lambda story: published(story) or EARLIEST, reverse=True):  # stable: ties by URL
        when = str(story["published_at"])[:16].replace("T", " ") if published(story) else None
        headline, section_name = _text(story.get("headline")), _text(story.get("section"))
        authors = ", ".join(name for name, _ in authors_of(story))
        shown = {"headline": headline, "published_at": when, "section": section_name, "authors": authors}
        missing = [field for field, value in shown.items() if not value]
        link = escape(headline or "(no headline)")
        if story["url"].startswith(("https://", "http://")):
            link = f'<a href="{escape(story["url"])}">{link}</a>'
        swatched = _swatched(section_name) if section_name else "—"
        rows.append((when or "—", Html(link), swatched, authors or "—", ", ".join(missing)))
        bad.append(bool(missing))
    return section(
        "Stories, newest first",
        f'<p class="muted">{_plural(sum(bad), "story", "stories")} whose record lacks a listed field (marked).</p>',
        table("stories", ["published", "headline", "section", "authors", "missing"], rows, bad),
    )


def runs_table(runs: list[Run]) -> str:
    """Per run: its outcome, requests, failures by kind, duplicates dropped by rule, fields taken
    from the listing, when it started (UTC) and how long it took."""
    rows = []
    for run in runs:
        stats, status = run.data["stats"], run.data.get("exit_status")
        start, elapsed = _time(stats.get("start_time"), UTC), stats.get("elapsed_time_seconds")
        row = {
            "stats file": run.path,
            "spider": str(run.data.get("spider", "?")),
            "finished": str(run.data.get("finish_reason", stats.get("finish_reason", "unknown"))),
            "exit status": int(status) if isinstance(status, (int, float)) else "",
            "records": int(stats.get("item_scraped_count", 0)),
            "requests": int(stats.get("downloader/request_count", 0)),
            "responses": int(stats.get("downloader/response_count", 0)),
            "failures by kind": "; ".join(failure_kinds(stats)) or "none",
            "duplicates dropped, by rule": listed(keys.counts(stats, keys.DEDUP_DROPPED_PREFIX)) or "none",
            "fields taken from the listing": listed(keys.counts(stats, keys.FALLBACK_PREFIX)) or "none",
            "started": f"{start.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC" if start else "?",
            "duration": str(timedelta(seconds=round(elapsed))) if isinstance(elapsed, (int, float)) else "?",
        }
        rows.append(row)
    failed = [f"<p>{escape(run.path)}: {escape(str(why))}</p>" for run in runs for why in run.data.get("failures", [])]
    cells = [list(row.values()) for row in rows]
    return section("Runs", table("runs", list(rows[0]), cells, [bool(row["exit status"]) for row in rows]), *failed)


def lessons(runs: list[Run]) -> str:
    """What the site's feed taught each run, field by field ("" when it taught none)."""
    taught = [
        (run.path, t.field, t.witness, t.proven, f"{t.served} of {t.pages} article pages")
        for run in runs
        for t in lesson_rows(run.data["stats"])
    ]
    if not taught:
        return ""
    return section(
        "What the feed teaches",
        '<p class="muted">Per run and field, the reading the feed proved right, asked first on every page.</p>',
        table("taught", ["stats file", "field", "witness in use", "proven on feed stories", "pages it served"], taught),
    )


def build(loaded: Loaded, thresholds: dict[str, float]) -> str:
    """The page of everything ``loaded`` holds, coverage judged against ``thresholds`` (field -> share)."""
    first: dict[str, Record] = {}
    for record in loaded.records:
        first.setdefault(record["url"], record)
    stories = list(first.values())
    dated = sorted(when.date() for story in stories if (when := published(story)))
    days = [dated[0] + timedelta(days=i) for i in range((dated[-1] - dated[0]).days + 1)] if dated else []
    parts = [f"<h1>{escape(TITLE)}</h1>", lead(len(loaded.records), stories, days)]
    if loaded.skipped:
        items = "".join(f"<li>{escape(line)}</li>" for line in loaded.skipped)
        parts.append(f"<p>Skipped input ({len(loaded.skipped)}): the counts below leave it out.</p>")
        parts.append(f'<ul class="skipped">{items}</ul>')
    parts += [
        stories_per_day(stories, days),
        sections_and_authors(stories),
        coverage(loaded.records, thresholds),
        story_list(stories) if stories else "",
        runs_table(loaded.runs) if loaded.runs else "",
        lessons(loaded.runs),
    ]
    body = "\n".join(part for part in parts if part)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(TITLE)}</title><style>{CSS}</style></head>\n<body>\n{body}\n</body></html>\n"
    )
