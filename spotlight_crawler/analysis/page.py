"""The report as one self-contained HTML page: styles and charts inline, no script.

Opened offline it asks nothing of any network (the only addresses on it are the story
list's links to the stories' pages, followed only when clicked); printed, each section
stays on one page where it fits. Deterministic: nothing on it depends on the time it was
built. A section has the same colour in every report (``figures.colour_of``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from spotlight_crawler.analysis import figures
from spotlight_crawler.analysis.tally import StoryRow, Tally

TOP_AUTHORS = 15
TOP_SECTIONS = 15

CSS = """
body { font: 15px/1.45 "DejaVu Sans", Verdana, sans-serif; color: #222; margin: 0 auto; max-width: 62rem; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .4rem; } h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #ccc; }
p.lead { font-size: 1.15rem; } .muted { color: #666; font-size: .9rem; }
svg[data-chart] { width: 100%; height: auto; display: block; margin: .5rem 0 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border-bottom: 1px solid #ddd; padding: .2rem .6rem; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.bad td { background: #fde2d8; } .cols { display: flex; gap: 2rem; flex-wrap: wrap; }
ul.skipped li { color: #8a3000; }
span.swatch { display: inline-block; width: .8em; height: .8em; margin-right: .35em; border-radius: 2px; vertical-align: -.05em; }
table[data-table=stories] td.when, td.section { white-space: nowrap; font-variant-numeric: tabular-nums; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  section { break-inside: avoid; } h2 { break-after: avoid; }
}
"""


def _table(
    head: Sequence[str],
    rows: Iterable[Sequence[Any]],
    numeric: set[int] | None = None,
    bad: Sequence[bool] | None = None,
    name: str = "",
) -> str:
    numeric = numeric or set()
    cells = "".join(f"<th{' class=n' if i in numeric else ''}>{escape(h)}</th>" for i, h in enumerate(head))
    body = []
    for r, row in enumerate(rows):
        cls = ' class="bad"' if bad and bad[r] else ""
        tds = "".join(f"<td{' class=n' if i in numeric else ''}>{escape(str(v))}</td>" for i, v in enumerate(row))
        body.append(f"<tr{cls}>{tds}</tr>")
    data = f' data-table="{escape(name)}"' if name else ""
    return f"<table{data}><thead><tr>{cells}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _swatch(name: str) -> str:
    colour = figures.colour_of(name)
    return f'<span class="swatch" style="background:{colour}" data-colour="{colour}"></span>'


def _link(url: str, text: str) -> str:
    """``text`` linked to ``url``; a URL that is not http(s) is shown, never linked."""
    if not url.startswith(("https://", "http://")):
        return escape(text)
    return f'<a href="{escape(url, quote=True)}">{escape(text)}</a>'


def story_table(rows: Sequence[StoryRow]) -> str:
    """Every story, newest first: date, headline linked to its page, section, authors; a row
    whose record lacks a listed field is marked (class ``bad``) and names what it lacks."""
    body = []
    for row in rows:
        headline = _link(row.url, row.headline or "(no headline)")
        section = f"{_swatch(row.section)}{escape(row.section)}" if row.section else "&#8212;"
        authors = escape(", ".join(row.authors)) if row.authors else "&#8212;"
        missing = escape(", ".join(row.missing))
        marked = ' class="bad"' if row.missing else ""
        body.append(
            f"<tr{marked}><td class=when>{escape(row.published or '—')}</td><td>{headline}</td>"
            f"<td class=section>{section}</td><td>{authors}</td><td>{missing}</td></tr>"
        )
    head = "".join(f"<th>{h}</th>" for h in ("published", "headline", "section", "authors", "missing"))
    return f'<table data-table="stories"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _section_table(rows: Sequence[tuple[str, int]]) -> str:
    cells = "".join(f"<tr><td>{_swatch(name)}{escape(name)}</td><td class=n>{count}</td></tr>" for name, count in rows)
    return (
        '<table data-table="sections"><thead><tr><th>section</th><th class=n>stories</th></tr></thead>'
        f"<tbody>{cells}</tbody></table>"
    )


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _count(n: int, what: str, one: str, many: str | None = None) -> str:
    word = one if n == 1 else (many or one + "s")
    return f'<strong data-count="{what}">{n}</strong> {word}'


def lead(t: Tally) -> str:
    """The opening sentence: records, distinct stories, the period."""
    text = f"{_count(t.records, 'records', 'record')} of {_count(t.stories, 'stories', 'distinct story', 'distinct stories')}"
    if t.records > t.stories:
        text += f" ({_plural(t.records - t.stories, 'record')} repeat a story already counted, by URL)"
    if t.days:
        text += f", published from {t.days[0].isoformat()} to {t.days[-1].isoformat()} ({_plural(len(t.days), 'day')})"
    text += "."
    if t.undated:
        text += f" {_plural(t.undated, 'story', 'stories')} carry no publication date and are not in the charts by day."
    if t.runs:
        text += f" {_plural(len(t.runs), 'run stats file')} read."
    return f'<p class="lead">{text}</p>'


def build(t: Tally, title: str = "New Spotlight Online: what the runs collected") -> str:
    parts = [f"<h1>{escape(title)}</h1>", lead(t)]
    if t.skipped:
        items = "".join(f"<li>{escape(s)}</li>" for s in t.skipped)
        parts.append(
            f'<p>Skipped input ({len(t.skipped)}): the counts below leave it out.</p><ul class="skipped" '
            f'data-skipped="{len(t.skipped)}">{items}</ul>'
        )

    section = ["<section><h2>Stories per day</h2>"]
    if t.days:
        section.append(
            figures.stacked_per_day("per-day-section", "Stories per day, by section", t.days, t.per_day_section)
        )
        section.append(
            figures.stacked_per_day("per-day-author-kind", "Stories per day, by author kind", t.days, t.per_day_kind)
        )
        empty = sum(1 for i in range(len(t.days)) if not any(s[i] for s in t.per_day_section.values()))
        gaps = (
            f"{_plural(empty, 'day')} of the period without a story" if empty else "A story on every day of the period"
        )
        section.append(f'<p class="muted">{gaps}.</p>')
    else:
        section.append("<p>No record carries a publication date.</p>")
    parts.append("".join(section) + "</section>")

    sections = t.sections[:TOP_SECTIONS]
    authors = t.authors[:TOP_AUTHORS]
    parts.append(
        "<section><h2>Sections and authors</h2>"
        + (figures.ranked_bars("sections", "Stories by section", sections, "stories") if sections else "")
        + '<div class="cols"><div><h3>Most frequent sections</h3>'
        + _section_table(sections)
        + "</div><div><h3>Most frequent authors</h3>"
        + _table(["author", "kind", "stories"], authors, {2}, name="authors")
        + "</div></div></section>"
    )

    below = [name for name, share, needed in t.coverage if needed is not None and share + 1e-9 < needed]
    cov = [
        "<section><h2>Field coverage</h2>",
        figures.coverage_bars("coverage", "Share of records with each field", t.coverage) if t.records else "",
        _table(
            ["field", "records with it", "run monitors' minimum"],
            [(n, f"{s:.1%}", "" if m is None else f"{m:.0%}") for n, s, m in t.coverage],
            {1, 2},
            bad=[m is not None and s + 1e-9 < m for _, s, m in t.coverage],
            name="coverage",
        ),
    ]
    if below:
        cov.append(f"<p>Below the minimum: {escape(', '.join(below))}.</p>")
    cov.append("<h3>Fields taken from listings or the feed rather than the page</h3>")
    if t.from_listing:
        cov.append(_table(["field", "records"], t.from_listing, {1}, name="from-listing"))
    elif t.runs:
        cov.append("<p>None: every field came from the article pages.</p>")
    else:
        cov.append(
            '<p class="muted">Counted by the runs, not written in the records: give the run stats files '
            "(logs/&lt;spider&gt;/*.stats.json) to see it.</p>"
        )
    parts.append("".join(cov) + "</section>")

    iss = ["<section><h2>Magazine issues</h2>"]
    if t.issues:
        wrong = t.disagreeing_issues
        iss.append(
            f"<p>{_plural(len(t.issues), 'issue')} found; "
            + (
                f"<strong>{_plural(len(wrong), 'issue')} whose BS and AD dates disagree</strong> (marked)."
                if wrong
                else "BS and AD dates agree on every one."
            )
            + "</p>"
        )
        iss.append(
            _table(
                ["volume", "number", "date (AD)", "date (BS)", "stories", "as printed"],
                [(i.volume, i.number, i.date or "", i.date_bs or "", i.stories, " | ".join(i.raws)) for i in t.issues],
                {0, 1, 4},
                bad=[i.disagree for i in t.issues],
                name="issues",
            )
        )
    else:
        iss.append("<p>No record names a magazine issue.</p>")
    parts.append("".join(iss) + "</section>")

    if t.story_list:
        lacking = sum(1 for row in t.story_list if row.missing)
        note = (
            f"{_plural(lacking, 'story', 'stories')} whose record lacks a listed field (marked)."
            if lacking
            else "Every record has a headline, a date, a section and authors."
        )
        parts.append(
            "<section><h2>Stories, newest first</h2>"
            f'<p class="muted">{note} Each headline links to its page on the site.</p>'
            + story_table(t.story_list)
            + "</section>"
        )

    if t.runs:
        rows = [
            (
                r.path,
                r.spider,
                r.finish_reason,
                "" if r.exit_status is None else r.exit_status,
                r.records,
                r.requests,
                r.responses,
                "; ".join(r.failures) or "none",
                ", ".join(f"{k} {v}" for k, v in r.duplicates.items()) or "none",
                r.started or "?",
                r.duration or "?",
            )
            for r in t.runs
        ]
        parts.append(
            "<section><h2>Runs</h2>"
            + _table(
                [
                    "stats file",
                    "spider",
                    "finished",
                    "exit status",
                    "records",
                    "requests",
                    "responses",
                    "failures by kind",
                    "duplicates dropped, by rule",
                    "started",
                    "duration",
                ],
                rows,
                {3, 4, 5, 6},
                bad=[bool(r.exit_status) for r in t.runs],
                name="runs",
            )
            + "".join(f"<p>{escape(r.path)}: {escape(why)}</p>" for r in t.runs for why in r.monitor_failures)
            + "</section>"
        )

    if t.taught:
        parts.append(
            "<section><h2>What the feed teaches</h2>"
            '<p class="muted">Per run and field, the reading of the page the site\'s feed proved right, '
            "asked first on every page.</p>"
            + _table(
                ["stats file", "field", "witness in use", "proven on feed stories", "pages it served"],
                t.taught,
                {3},
                name="taught",
            )
            + "</section>"
        )

    if t.feeds:
        parts.append(
            '<section><h2>Input</h2><ul class="muted">'
            + "".join(f"<li>{escape(f)}</li>" for f in t.feeds)
            + "</ul></section>"
        )
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head>\n<body>\n{body}\n</body></html>\n"
    )
