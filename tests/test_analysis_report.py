"""``scrapy report``: the analyst's page, built from a real crawl of the replica and opened in Chromium."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from parsel import Selector
from playwright.sync_api import sync_playwright

from tests.crawl import ROOT, crawl

# Every test runs `scrapy report` (or a crawl) as a subprocess.
pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def report(out: Path, *inputs: Path | str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "scrapy", "report", "-o", str(out), *map(str, inputs)]
    return subprocess.run(cmd, check=False, cwd=ROOT, capture_output=True, text=True, timeout=120)


def counts(html: str) -> dict[str, int]:
    sel = Selector(text=html)
    return {el.attrib["data-count"]: int(el.xpath("string()").get()) for el in sel.css("[data-count]")}


@pytest.mark.browser
def test_report_of_a_replica_crawl_loads_offline_in_chromium_with_its_counts(replica_factory, tmp_path):
    replica = replica_factory(n_articles=45, page_size=10)
    latest = crawl("latest", replica.base_url, tmp_path / "latest", settings={"SPOTLIGHT_STATE": ""})
    international = crawl("international", replica.base_url, tmp_path / "intl", settings={"SPOTLIGHT_STATE": ""})
    assert latest.records and international.records
    page = tmp_path / "report.html"
    done = report(page, tmp_path / "latest", tmp_path / "intl")  # folders: the feeds and the run stats files
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr

    records = latest.records + international.records
    html = page.read_text(encoding="utf-8")
    assert counts(html) == {"records": len(records), "stories": len({r["url"] for r in records})}
    sel = Selector(text=html)
    runs = sel.css("table[data-table=runs] tbody tr")
    assert len(runs) == 2
    by_spider = {row.css("td:nth-child(2)::text").get(): row.css("td::text").getall() for row in runs}
    for result, spider in ((latest, "latest"), (international, "international")):
        row = by_spider[spider]
        assert row[3] == str(result.returncode) == str(result.report["exit_status"])
        assert row[4] == str(len(result.records))
        assert row[5] == str(result.stat("downloader/request_count"))
    sections = {
        row.css("td::text").getall()[0]: int(row.css("td::text").getall()[1])
        for row in sel.css("table[data-table=sections] tbody tr")
    }
    stories = {r["url"]: r for r in records}.values()
    assert sum(sections.values()) == len(stories)
    assert sections["International"] == sum(1 for r in stories if r["section"] == "International")

    requests: list[str] = []
    shot = tmp_path / "report.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1100, "height": 900})
        tab = context.new_page()
        tab.on("request", lambda request: requests.append(request.url))
        context.route("**/*", lambda route: route.continue_() if route.request.url == page.as_uri() else route.abort())
        tab.goto(page.as_uri(), wait_until="load")
        tab.wait_for_load_state("networkidle")
        charts = tab.locator("svg[data-chart]").count()
        shown = {name: int(tab.locator(f"[data-count={name}]").inner_text()) for name in ("records", "stories")}
        drawn = tab.evaluate("[...document.querySelectorAll('svg[data-chart]')].map(s => s.getBBox().width > 0)")
        tab.screenshot(path=str(shot), full_page=True)
        browser.close()
    print(f"report screenshot: {shot}")
    assert requests == [page.as_uri()], "the page asked for something besides itself"
    assert charts == 3 and all(drawn)  # stories per day, by section, by author kind and by listing
    assert shown == {"records": len(records), "stories": len(stories)}
    assert shot.stat().st_size > 10_000


def record(day: date, n: int, **extra: object) -> dict[str, object]:
    return {
        "url": f"https://www.spotlightnepal.com/{day:%Y/%m/%d}/story-{n}/",
        "headline": "From The Editor",
        "section": ["International", "Economy", "Politics"][n % 3],
        "published_at": f"{day.isoformat()}T10:00:00+05:45",
        "authors": [{"name": "Agencies", "kind": "agency"}] if n % 2 else [{"name": "Keshab Poudel", "kind": "person"}],
        "body": "Text.",
        "magazine_issue": None,
        "listing": "latest",
        **extra,
    }


def write_jsonl(path: Path, rows: list[dict[str, object]], tail: str = "") -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + tail, encoding="utf-8")
    return path


def test_a_year_of_records_gives_the_same_page_byte_for_byte_with_its_gaps_stated(tmp_path):
    start = date(2024, 1, 1)
    days = [start + timedelta(days=i) for i in range(366)]
    gaps = {d for d in days if d.day == 13}  # 12 days without a story
    rows = [record(d, i * 3 + k) for i, d in enumerate(days) if d not in gaps for k in range(3)]
    feed = write_jsonl(tmp_path / "year.jsonl", rows)
    first, second = report(tmp_path / "a.html", feed), report(tmp_path / "b.html", feed)
    assert first.returncode == second.returncode == 0, first.stderr
    a, b = (tmp_path / "a.html").read_bytes(), (tmp_path / "b.html").read_bytes()
    assert a == b
    html = a.decode()
    assert counts(html) == {"records": len(rows), "stories": len(rows)}
    assert "12 days of the period without a story" in html
    assert "from 2024-01-01 to 2024-12-31 (366 days)" in html
    # Nothing a browser could fetch: SVG's namespace names are not fetched, nor are the story
    # list's links to the stories' pages (followed only when clicked).
    links = re.findall(r'<a href="([^"]*)">', html)
    assert sorted(links) == sorted(r["url"] for r in rows)
    unlinked = re.sub(r'<a href="[^"]*">', "<a>", html)
    fetched = [u for u in re.findall(r"https?://[^\s\"']+", unlinked) if not u.startswith("http://www.w3.org/")]
    assert fetched == []


GOOD = [record(date(2024, 10, 21), 1), record(date(2024, 10, 22), 2)]


@pytest.mark.parametrize(
    ("name", "content", "kept", "says"),
    [
        (
            "torn.jsonl",
            "".join(json.dumps(r) + "\n" for r in GOOD) + '{"url": "https://www.spotl',
            2,
            "line 3 skipped, torn last line",
        ),
        ("page.jsonl", "<!DOCTYPE html>\n<html><body>Not found</body></html>\n", 0, "not a JSON Lines feed"),
        ("empty.jsonl", "", 0, "empty file"),
        ("binary.jsonl", b"\x89PNG\r\n\x1a\n\x00\xff".decode("latin-1"), 0, "not a JSON Lines feed"),
        (
            "odd.jsonl",
            json.dumps(GOOD[0]) + "\n[1, 2]\n" + json.dumps(GOOD[1]) + "\n",
            2,
            "line 2 skipped, not a JSON record",
        ),
        ("run.stats.json", '{"spider": "latest", "stats": {"item_scr', 0, "not a run stats file"),
        ("other.json", '{"a": 1}', 0, "not a run stats file"),
    ],
)
def test_bad_input_is_skipped_with_a_line_saying_so(tmp_path, name, content, kept, says):
    good = write_jsonl(tmp_path / "good.jsonl", [record(date(2024, 10, 20), 9)])
    bad = tmp_path / name
    bad.write_bytes(content.encode("latin-1") if name.startswith("binary") else content.encode("utf-8"))
    done = report(tmp_path / "r.html", good, bad)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    said = [line for line in done.stderr.splitlines() if line.startswith(f"skipped: {bad}")]
    assert len(said) == 1 and says in said[0]
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert counts(html) == {"records": 1 + kept, "stories": 1 + kept}
    assert says in Selector(text=html).css("ul.skipped").xpath("string()").get()


def test_nothing_readable_is_an_error_not_an_empty_page(tmp_path):
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    done = report(tmp_path / "r.html", tmp_path / "empty.jsonl", tmp_path / "missing-*.jsonl")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "empty file" in done.stderr and "missing-*.jsonl: no such file" in done.stderr
    assert "nothing to report" in done.stderr
    assert not (tmp_path / "r.html").exists()


def test_a_stats_file_adds_its_run_failures_duplicates_and_fields_from_the_listing(tmp_path):
    stats = {
        "item_scraped_count": 2,
        "downloader/request_count": 9,
        "downloader/response_count": 8,
        "downloader/response_status_count/503": 2,
        "spotlight/article/failed/http_503": 1,
        "spotlight/dedup/dropped/same_url": 3,
        "spotlight/dedup/dropped/repost_in_this_run": 1,
        "spotlight/fallback/byline_raw": 2,
        "start_time": "2024-10-22T00:15:00.123456+00:00",
        "elapsed_time_seconds": 83.4,
    }
    run = tmp_path / "logs" / "latest" / "2024-10-22T06-00-00.stats.json"
    run.parent.mkdir(parents=True)
    run.write_text(
        json.dumps(
            {
                "spider": "latest",
                "finish_reason": "finished",
                "exit_status": 3,
                "failures": ["1 article page not fetched"],
                "stats": stats,
            }
        ),
        encoding="utf-8",
    )
    feed = write_jsonl(tmp_path / "latest.jsonl", GOOD)
    done = report(tmp_path / "r.html", feed, str(tmp_path / "logs" / "**" / "*.stats.json"))
    assert done.returncode == 0, done.stderr
    sel = Selector(text=(tmp_path / "r.html").read_text(encoding="utf-8"))
    [row] = sel.css("table[data-table=runs] tbody tr")
    cells = row.css("td::text").getall()
    assert row.attrib["class"] == "bad"
    assert cells[1:7] == ["latest", "finished", "3", "2", "9", "8"]
    assert "article pages not fetched: http_503 1" in cells[7] and "HTTP error statuses: 503 2" in cells[7]
    assert cells[8:10] == ["same_url 3, repost_in_this_run 1", "byline_raw 2"]  # most first; fields from the listing
    assert cells[10:12] == ["2024-10-22 00:15:00 UTC", "0:01:23"]  # when the run started, how long it took
    assert "1 article page not fetched" in sel.xpath("string(//section[h2='Runs'])").get()


def test_a_good_run_is_not_marked(tmp_path):
    run = tmp_path / "good.stats.json"
    run.write_text(json.dumps({"spider": "latest", "exit_status": 0, "stats": {}}), encoding="utf-8")
    done = report(tmp_path / "r.html", write_jsonl(tmp_path / "latest.jsonl", GOOD), run)
    assert done.returncode == 0, done.stderr
    [row] = Selector(text=(tmp_path / "r.html").read_text(encoding="utf-8")).css("table[data-table=runs] tbody tr")
    assert "class" not in row.attrib and row.css("td::text").getall()[3] == "0"


def test_any_text_is_drawn_as_text_never_as_mathtext(tmp_path):
    """A section named like TeX (``$\\foo$`` is no mathtext command) is a label like any other."""
    sections = ["$\\foo$", "Cost $5 or $6", "a_b^c {x}"]
    rows = [record(date(2024, 1, 1 + i), i, section=s) for i, s in enumerate(sections * 2)]
    done = report(tmp_path / "report.html", write_jsonl(tmp_path / "odd.jsonl", rows))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    texts = "".join(Selector(text=html).css("svg text::text").getall())
    for section in sections:
        assert section in texts


def story_rows(html: str) -> list[dict[str, object]]:
    rows = []
    for tr in Selector(text=html).css("table[data-table=stories] tbody tr"):
        cells = tr.css("td")
        rows.append(
            {
                "published": cells[0].xpath("string()").get(),
                "headline": cells[1].xpath("string()").get(),
                "href": cells[1].css("a::attr(href)").get(),
                "section": cells[2].xpath("string()").get(),
                "colour": cells[2].css("span.swatch::attr(data-colour)").get(),
                "authors": cells[3].xpath("string()").get(),
                "missing": cells[4].xpath("string()").get(),
                "marked": tr.attrib.get("class") == "bad",
            }
        )
    return rows


HOSTILE = """<script>alert("x")</script> Tom & Jerry's <b>"Deal"</b>"""


def test_the_report_lists_the_stories_newest_first_linked_escaped_and_marked(tmp_path):
    day = date(2024, 10, 22)
    rows = [
        record(day, 1, headline=HOSTILE),  # Economy, Agencies
        record(day + timedelta(days=1), 2, authors=[]),  # Politics, nobody
        record(day, 3, published_at=None),  # International, no date
        record(day - timedelta(days=1), 4, section=None),
        record(day, 1, headline="The same URL again, from a second feed"),
    ]
    done = report(
        tmp_path / "r.html", write_jsonl(tmp_path / "a.jsonl", rows[:4]), write_jsonl(tmp_path / "b.jsonl", rows[4:])
    )
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    listed = story_rows(html)
    assert [r["href"] for r in listed] == [rows[i]["url"] for i in (1, 0, 3, 2)]  # newest first, undated last
    assert listed[1]["headline"] == HOSTILE  # shown as written, not as markup
    assert [(r["published"], r["section"], r["authors"], r["missing"], r["marked"]) for r in listed] == [
        ("2024-10-23 10:00", "Politics", "—", "authors", True),
        ("2024-10-22 10:00", "Economy", "Agencies", "", False),
        ("2024-10-21 10:00", "—", "Keshab Poudel", "section", True),
        ("—", "International", "Agencies", "published_at", True),
    ]
    assert "3 stories whose record lacks a listed field (marked)" in html


def test_a_section_keeps_its_colour_from_one_report_to_the_next(tmp_path):
    day = date(2024, 10, 22)
    few = [record(day, 0), record(day, 1)]  # International, Economy
    many = [
        record(day + timedelta(days=i), n, section=s)
        for i, (n, s) in enumerate(
            [
                (10, "Politics"),
                (11, "Interview"),
                (12, "International"),
                (13, "Politics"),
                (14, "Opinion"),
                (15, "Economy"),
            ]
        )
    ]
    colours = []
    for name, rows in (("few", few), ("many", many)):
        done = report(tmp_path / f"{name}.html", write_jsonl(tmp_path / f"{name}.jsonl", rows))
        assert done.returncode == 0, done.stderr
        html = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
        by_section = {r["section"]: r["colour"] for r in story_rows(html)}
        sel = Selector(text=html)
        table = {
            row.xpath("string(td[1])").get(): row.css("span.swatch::attr(data-colour)").get()
            for row in sel.css("table[data-table=sections] tbody tr")
        }
        assert table == by_section
        chart = sel.css("svg[data-chart=per-day-section]").get()
        assert all(f"fill: {colour}" in chart for colour in by_section.values())
        colours.append(by_section)
    few_colours, many_colours = colours
    assert {s: many_colours[s] for s in few_colours} == few_colours
    assert len(set(many_colours.values())) == len(many_colours)  # these six sections tell apart
