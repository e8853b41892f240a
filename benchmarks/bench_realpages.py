"""Article extraction on real pages nobody here wrote: the English-language test pages of
flairNLP/fundus, scored field by field for the project, trafilatura and newspaper4k in one run.

    python benchmarks/bench_realpages.py --fundus /path/to/fundus [--rounds 1] [--pages]

fundus keeps, for each publisher it parses, real article pages
(``tests/resources/parser/test_data/<country>/<Publisher>_<date>.html.gz``, their URL and
crawl time in ``meta.info`` beside them) and the values its reviewed parser gives
(``<Publisher>.json``, one entry per parser version, the versions in the pages' date order).
The pages are read from a checkout the user names; none is copied here.

English pages: those of publishers with an English source (``languages`` of the source, else
the country's ``default_language``, read from ``src/fundus/publishers/<country>/__init__.py``),
unless the page's ``<html lang>`` names another language.

Each extractor gets the decoded HTML and the page URL:

- project: ``extract_record(html, url, served)``, the pure page-to-record function the spiders
  use, with the page's crawl time as the time it was served;
- trafilatura: ``bare_extraction(html, url=url, with_metadata=True)``, its date asked with the
  time of day (``outputformat`` with hours and minutes; a bare midnight counts as a date only);
- newspaper4k: ``Article(url, fetch_images=False)``, ``download(input_html=html)``, ``parse()``.

Scores, each over the pages whose expected value has the field:

- title exact: the title equal to the expected one, after whitespace is collapsed;
- same day: the publication day equal to the expected one (a zoned instant is read in the
  expected value's zone; a value without a zone as printed);
- same minute: the publication time to the minute (instants compared; a value without a zone
  against the expected wall clock); a date without a time is wrong;
- all authors right: the same set of names, ignoring case and spacing, a news agency under any
  of its spellings (the project's table: ``Associated Press`` is ``AP``; for every extractor
  alike); a single author string is split at ``;``, ``,``, ``&`` and `` and ``;
- body F1: F1 of token 4-grams (lower-cased words, with multiplicity) of the text against the
  expected summary, subheadings and paragraphs; the mean, and the pages at 0.9 or more.
  The project's text is its summary and body, as a reader of the record reads them.

CPU time per page is this process's CPU time for each call (parsing included), reported as
the mean, median and 95th percentile over the pages (the median of ``--rounds`` for each page).
"""

from __future__ import annotations

import argparse
import ast
import gzip
import json
import os
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# tldextract (under newspaper4k) would fetch the public suffix list from the network on
# first use; an empty URL list makes it use the snapshot it ships.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

from benchmarks.common import median
from spotlight_crawler import site

FIELDS = ("title", "day", "minute", "authors", "body")
LABELS = {
    "title": "title exact",
    "day": "same day",
    "minute": "same minute",
    "authors": "all authors right",
    "body": "body F1",
}
# A page's body counts as right from this F1 on.
BODY_GOOD = 0.9
# The budget: CPU per real article page, mean.
BUDGET_MS = 50.0
_SOURCE_CALLS = {"Sitemap", "NewsMap", "RSSFeed"}


@dataclass
class Truth:
    title: str | None
    published: datetime | None
    authors: list[str]
    body: str


@dataclass
class Page:
    name: str
    url: str
    served: datetime
    html: str
    truth: Truth


@dataclass
class Found:
    title: str | None = None
    published: date | datetime | None = None
    authors: list[str] = field(default_factory=list)
    body: str = ""


# --- The pages --------------------------------------------------------------------------


def english_publishers(fundus: Path) -> list[tuple[str, str]]:
    """(country, publisher) of every publisher with a source in English."""
    found = []
    for init in sorted((fundus / "src/fundus/publishers").glob("*/__init__.py")):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        for group in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            default = None
            for st in group.body:
                if isinstance(st, ast.Assign) and getattr(st.targets[0], "id", "") == "default_language":
                    default = ast.literal_eval(st.value)
            for st in group.body:
                if not (isinstance(st, ast.Assign) and isinstance(st.value, ast.Call)):
                    continue
                if getattr(st.value.func, "id", "") != "Publisher":
                    continue
                languages: set[str] = set()
                for kw in st.value.keywords:
                    if kw.arg != "sources":
                        continue
                    for call in ast.walk(kw.value):
                        if isinstance(call, ast.Call) and getattr(call.func, "id", "") in _SOURCE_CALLS:
                            given = [k.value for k in call.keywords if k.arg == "languages"]
                            languages |= ast.literal_eval(given[0]) if given else {default}
                if "en" in languages:
                    found.append((init.parent.name, getattr(st.targets[0], "id", "")))
    return found


_HTML_LANG = re.compile(r"<html[^>]*\blang=[\"']?([\w-]+)", re.I)
_VERSION = re.compile(r"\d+")


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(n) for n in _VERSION.findall(name))


def load_pages(fundus: Path) -> list[Page]:
    data = fundus / "tests/resources/parser/test_data"
    pages = []
    for country, publisher in english_publishers(fundus):
        files = sorted((data / country).glob(f"{publisher}_*.html.gz"))
        if not files:
            continue
        expected = json.loads((data / country / f"{publisher}.json").read_text(encoding="utf-8"))
        meta = json.loads((data / country / "meta.info").read_text(encoding="utf-8"))
        versions = sorted(expected, key=_version_key)
        if len(versions) != len(files):
            raise SystemExit(f"{publisher}: {len(files)} pages but {len(versions)} expected versions")
        for path, version in zip(files, versions, strict=True):
            html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
            lang = _HTML_LANG.search(html[:5000])
            if lang and not lang.group(1).lower().startswith("en"):
                continue
            info = meta[path.name]
            pages.append(
                Page(
                    path.name.removesuffix(".html.gz"),
                    info["url"],
                    datetime.fromisoformat(info["crawl_date"]).replace(tzinfo=UTC),
                    html,
                    _truth(expected[version]),
                )
            )
    return pages


def _truth(value: dict[str, Any]) -> Truth:
    body = value.get("body") or {}
    parts = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        parts.extend(section.get("headline") or [])
        parts.extend(section.get("paragraphs") or [])
    when = value.get("publishing_date")
    return Truth(
        value.get("title"),
        datetime.fromisoformat(when) if when else None,
        list(value.get("authors") or []),
        "\n".join(parts),
    )


# --- The extractors ---------------------------------------------------------------------


def project_extractor() -> Callable[[Page], Found]:
    from spotlight_crawler.record import extract_record

    def extract(page: Page) -> Found:
        record = extract_record(page.html, page.url, page.served).item
        text = "\n".join(filter(None, (record.summary, record.body)))
        return Found(record.headline, _moment(record.published_at), [a["name"] for a in record.authors or []], text)

    return extract


def trafilatura_extractor() -> Callable[[Page], Found]:
    import trafilatura

    params = {"original_date": True, "extensive_search": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}

    def extract(page: Page) -> Found:
        doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True, date_extraction_params=params)
        if doc is None:
            return Found()
        return Found(doc.title, _moment(doc.date), _split_names(doc.author), doc.text or "")

    return extract


def newspaper_extractor() -> Callable[[Page], Found]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "nltk is not installed": only its NLP features need it
        import newspaper

    def extract(page: Page) -> Found:
        article = newspaper.Article(page.url, fetch_images=False)
        article.download(input_html=page.html)
        article.parse()
        names = [n for author in article.authors for n in _split_names(author)]
        return Found(article.title or None, article.publish_date, names, article.text or "")

    return extract


EXTRACTORS: dict[str, Callable[[], Callable[[Page], Found]]] = {
    "spotlight-crawler": project_extractor,
    "trafilatura": trafilatura_extractor,
    "newspaper4k": newspaper_extractor,
}


def _moment(value: Any) -> date | datetime | None:
    """htmldate's answer: a date-time, or a date when it gave a bare midnight (its filler)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    if moment.tzinfo is None and moment.time() == datetime.min.time():
        return moment.date()
    return moment


_NAME_SPLIT = re.compile(r"\s*(?:;|,|&|\band\b)\s*", re.I)


def _split_names(value: Any) -> list[str]:
    return [part for part in _NAME_SPLIT.split(str(value)) if part.strip()] if value else []


# --- Scoring ----------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _grams(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = _words(text)
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def body_f1(found: str, truth: str) -> float:
    a, b = _grams(found), _grams(truth)
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def _same_day(found: date | datetime | None, truth: datetime) -> bool:
    if found is None:
        return False
    if isinstance(found, datetime):
        if found.tzinfo is not None and truth.tzinfo is not None:
            found = found.astimezone(truth.tzinfo)
        return found.date() == truth.date()
    return found == truth.date()


def _same_minute(found: date | datetime | None, truth: datetime) -> bool:
    if not isinstance(found, datetime):
        return False
    if found.tzinfo is not None and truth.tzinfo is not None:
        found = found.astimezone(truth.tzinfo)
    return found.replace(second=0, microsecond=0, tzinfo=None) == truth.replace(second=0, microsecond=0, tzinfo=None)


def _key(name: str) -> str:
    """A name as the scores compare it: spacing and case aside, and a news agency by its one
    name whatever its spelling (``The Associated Press`` and ``AP`` credit the same agency)."""
    key = " ".join(name.split()).casefold()
    bare = key.removeprefix("the ").replace(".", "")
    return site.AGENCIES.get(key) or site.AGENCIES.get(bare) or key


def score(found: Found, truth: Truth) -> dict[str, float | None]:
    """Each field's score on one page; None where the expected value has no such field."""
    title = " ".join(truth.title.split()) if truth.title else None
    return {
        "title": float(" ".join((found.title or "").split()) == title) if title else None,
        "day": float(_same_day(found.published, truth.published)) if truth.published else None,
        "minute": float(_same_minute(found.published, truth.published)) if truth.published else None,
        "authors": float({_key(n) for n in found.authors} == {_key(n) for n in truth.authors})
        if truth.authors
        else None,
        "body": body_f1(found.body, truth.body) if truth.body else None,
    }


# --- The run ----------------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(pages: list[Page], rounds: int = 1) -> dict[str, Any]:
    extractors = {name: build() for name, build in EXTRACTORS.items()}
    for extract in extractors.values():  # warm-up: imports, lazy tables, first-use caches
        for page in pages[:3]:
            extract(page)
    clock = time.process_time
    result: dict[str, Any] = {"pages": len(pages), "rounds": rounds, "extractors": {}}
    for name, extract in extractors.items():
        spent: list[list[float]] = [[] for _ in pages]
        scores: list[dict[str, float | None]] = []
        for round_no in range(rounds):
            for i, page in enumerate(pages):
                t0 = clock()
                found = extract(page)
                spent[i].append(1000 * (clock() - t0))
                if round_no == 0:
                    scores.append(score(found, page.truth))
        per_page = [median(s) for s in spent]
        fields: dict[str, Any] = {}
        for f in FIELDS:
            values = [s[f] for s in scores if s[f] is not None]
            fields[f] = {"mean": sum(values) / len(values) if values else 0.0, "pages": len(values)}
        bodies = [s["body"] for s in scores if s["body"] is not None]
        result["extractors"][name] = {
            "fields": fields,
            "body_good_pages": sum(v >= BODY_GOOD for v in bodies),
            "ms_mean": sum(per_page) / len(per_page),
            "ms_median": median(per_page),
            "ms_p95": _percentile(per_page, 0.95),
            "per_page": {p.name: s for p, s in zip(pages, scores, strict=True)},
        }
    return result


def report(result: dict[str, Any]) -> Iterator[str]:
    yield f"{result['pages']} English pages of fundus's test data, CPU the median of {result['rounds']} round(s):"
    yield ""
    yield (
        "| | title exact | same day | same minute | all authors right | body F1 "
        f"| pages with body F1 ≥ {BODY_GOOD} | CPU ms/page mean / median / p95 |"
    )
    yield "|---|---|---|---|---|---|---|---|"
    for name, r in result["extractors"].items():
        f = r["fields"]
        cells = [f"{f[k]['mean']:.1%}" for k in ("title", "day", "minute", "authors")]
        yield (
            f"| {name} | {' | '.join(cells)} | {f['body']['mean']:.3f} | {r['body_good_pages']} "
            f"| {r['ms_mean']:.0f} / {r['ms_median']:.0f} / {r['ms_p95']:.0f} |"
        )
    yield ""
    first = next(iter(result["extractors"].values()))
    yield "Pages per field: " + ", ".join(f"{LABELS[k]} {v['pages']}" for k, v in first["fields"].items())


def misses(result: dict[str, Any], name: str) -> Iterator[str]:
    """The pages where ``name`` got a field wrong (body: below the good mark)."""
    for page, s in result["extractors"][name]["per_page"].items():
        wrong = [
            f if f != "body" else f"body {s[f]:.2f}"
            for f in FIELDS
            if s[f] is not None and (s[f] < BODY_GOOD if f == "body" else s[f] < 1)
        ]
        if wrong:
            yield f"  {page}: {', '.join(wrong)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fundus", type=Path, required=True, help="a checkout of flairNLP/fundus")
    parser.add_argument("--rounds", type=int, default=1, help="timed rounds per extractor (default 1)")
    parser.add_argument("--only", help="one extractor only (spotlight-crawler, trafilatura, newspaper4k)")
    parser.add_argument("--pages", action="store_true", help="list the pages each extractor got wrong")
    args = parser.parse_args(argv)
    if not (args.fundus / "tests/resources/parser/test_data").is_dir():
        print(f"{args.fundus}: not a fundus checkout (no tests/resources/parser/test_data)", file=sys.stderr)
        return 2
    if args.only:
        if args.only not in EXTRACTORS:
            print(f"--only: one of {', '.join(EXTRACTORS)}", file=sys.stderr)
            return 2
        for other in [n for n in EXTRACTORS if n != args.only]:
            del EXTRACTORS[other]
    result = measure(load_pages(args.fundus), args.rounds)
    for line in report(result):
        print(line)
    if args.pages:
        for name in result["extractors"]:
            print(f"{name} misses:")
            for line in misses(result, name):
                print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
