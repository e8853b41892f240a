"""Article extraction against peers: the project, trafilatura and newspaper4k on the same
article pages, in the same process, judged against the replica's truth.

    python benchmarks/bench_extract.py [--pages 300] [--rounds 3]

The pages are ``--pages`` article pages spread evenly over the recording of the
2,000-article replica (``benchmarks/corpus.py``), all three of the replica's templates
among them, and ``--cms-pages`` pages of the same articles rendered in the replica's CMS
templates (tickers, trending columns, Wagtail blocks, embedded posts; tests/replica/templates_cms.py);
each extractor gets the same decoded HTML string and the page URL:

- project: ``extract_record(html, url, served)``, the page-to-record function the spiders use
  (the date read as the pipeline reads it: a relative age against the time the replica served
  the page, as a crawl reads it from the ``Date`` header; date and author work counted in its
  time, as trafilatura's and newspaper4k's is in theirs);
- trafilatura: ``trafilatura.bare_extraction(html, url=url, with_metadata=True)``;
- newspaper4k: ``newspaper.Article(url, fetch_images=False)``, ``download(input_html=html)``,
  ``parse()`` (no image downloads, no NLP; nltk is not needed for this).

Accuracy against the truth the replica generated each page from:

- headline: equal to the truth's headline, character for character;
- date: the publication day (Nepal time) equal to the truth's;
- authors: the same set of names as the truth, ignoring case and spacing (a peer's single
  author string is split at ``;``, ``,``, ``&`` and `` and ``; the kind of author is not
  judged since the peers do not give one);
- body: token F1 of the body text against the truth's paragraphs (lower-cased words,
  counted with multiplicity); the mean, and the share of pages at 0.95 or more.

Time per page is CPU time of this process (other load on the machine does not inflate
it), wall time beside it: each round runs every extractor over all pages, extractors
alternating; the median round counts. Warm-up calls come first and are not timed.
Target: the project at least as accurate as trafilatura on every field, overall and on every
template. Speed is reported; the budget is CPU per real article page (bench_realpages.py).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# tldextract (under newspaper4k) would fetch the public suffix list from the network on
# first use; an empty URL list makes it use the snapshot it ships.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

from benchmarks import corpus
from benchmarks.common import median

# When the replica served every page of the corpus (its fixed clock; the pages' Date header).
SERVED = datetime(2024, 10, 22, 14, 40, tzinfo=UTC)
FIELDS = ("headline", "date", "authors", "body")


@dataclass
class Extracted:
    headline: str | None
    day: date | None
    authors: list[str]
    body: str


@dataclass
class Page:
    url: str
    html: str
    truth: Any  # tests.replica.content.Article
    template: str = ""  # the template the page was rendered in (a, b, c, or a CMS template)

    def __post_init__(self) -> None:
        self.template = self.template or self.truth.template


# --- The extractors ---------------------------------------------------------------------


def project_extractor() -> Callable[[str, str], Extracted]:
    from spotlight_crawler.record import extract_record

    def extract(html: str, url: str) -> Extracted:
        record = extract_record(html, url, SERVED).item
        return Extracted(
            record.headline, _day(record.published_at), [a["name"] for a in record.authors], record.body or ""
        )

    return extract


def trafilatura_extractor() -> Callable[[str, str], Extracted]:
    import trafilatura

    def extract(html: str, url: str) -> Extracted:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
        if doc is None:
            return Extracted(None, None, [], "")
        data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        return Extracted(
            data.get("title"), _day(data.get("date")), _split_names(data.get("author")), data.get("text") or ""
        )

    return extract


def newspaper_extractor() -> Callable[[str, str], Extracted]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "nltk is not installed": only its NLP features need it
        import newspaper

    def extract(html: str, url: str) -> Extracted:
        article = newspaper.Article(url, fetch_images=False)
        article.download(input_html=html)
        article.parse()
        names = [n for author in article.authors for n in _split_names(author)]
        return Extracted(article.title or None, _day(article.publish_date), names, article.text or "")

    return extract


EXTRACTORS: dict[str, Callable[[], Callable[[str, str], Extracted]]] = {
    "project": project_extractor,
    "trafilatura": trafilatura_extractor,
    "newspaper4k": newspaper_extractor,
}


def _day(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


_NAME_SPLIT = re.compile(r"\s*(?:;|,|&|\band\b)\s*", re.I)


def _split_names(value: Any) -> list[str]:
    if not value:
        return []
    return [part for part in _NAME_SPLIT.split(str(value)) if part.strip()]


# --- Judging ----------------------------------------------------------------------------


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


_TOKEN = re.compile(r"\w+")


def token_f1(found: str, truth: str) -> float:
    a = Counter(_TOKEN.findall(found.lower()))
    b = Counter(_TOKEN.findall(truth.lower()))
    if not a or not b:
        return 0.0
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def judge(found: Extracted, truth: Any) -> dict[str, float]:
    return {
        "headline": float(found.headline is not None and found.headline.strip() == truth.headline),
        "date": float(found.day == truth.published_at.date()),
        "authors": float({_name_key(n) for n in found.authors} == {_name_key(a["name"]) for a in truth.authors}),
        "body": token_f1(found.body, "\n\n".join(truth.body)),
    }


# --- The pages --------------------------------------------------------------------------


def load_pages(n_pages: int, articles: int = 2000, seed: int = 0, cms_pages: int = 0) -> list[Page]:
    """``n_pages`` recorded pages in the replica's three templates, then ``cms_pages`` pages of
    the same site rendered in the CMS templates (tests/replica/templates_cms.py: tickers,
    trending columns, Wagtail blocks, embedded posts...), spread evenly over the articles."""
    from urllib.parse import urlsplit

    from tests.replica import generate_site
    from tests.replica.pages import SiteRenderer
    from tests.replica.templates_cms import CMS_TEMPLATES, template_of

    folder = corpus.ensure(articles, seed)
    recorded = corpus.article_pages(folder)
    if not recorded:
        raise RuntimeError(f"no article pages in {folder}")
    step = max(1, len(recorded) // n_pages)
    chosen = recorded[::step][:n_pages]
    site = generate_site(articles, seed)
    pages = []
    for url, body_file in chosen:
        truth = site.lookup(urlsplit(url).path)
        if truth is None:
            raise RuntimeError(f"{url}: not an article of the {articles}-article replica (seed {seed})")
        pages.append(Page(url, body_file.read_bytes().decode("utf-8"), truth))
    if cms_pages:
        renderer = SiteRenderer(site, templates=CMS_TEMPLATES)
        arts = [a for a in site.articles if a.duplicate_of is None]
        for art in arts[:: max(1, len(arts) // cms_pages)][:cms_pages]:
            html = renderer.article(art, "www.spotlightnepal.com")
            pages.append(Page(art.canonical_url, html, art, template_of(art, CMS_TEMPLATES)))
    return pages


# --- The benchmark ----------------------------------------------------------------------


def measure(n_pages: int = 300, rounds: int = 3, cms_pages: int = 200) -> dict[str, Any]:
    pages = load_pages(n_pages, cms_pages=cms_pages)
    extractors = {name: build() for name, build in EXTRACTORS.items()}
    for extract in extractors.values():  # warm-up: imports, lazy tables, first-use caches
        for page in pages[:10]:
            extract(page.html, page.url)
    cpu: dict[str, list[float]] = {name: [] for name in extractors}
    wall: dict[str, list[float]] = {name: [] for name in extractors}
    # CPU seconds per template, per round: the speed target holds on every template.
    names = sorted({page.template for page in pages})
    by_tpl: dict[str, dict[str, list[float]]] = {n: {t: [] for t in names} for n in extractors}
    scores: dict[str, list[dict[str, float]]] = {}
    clock = time.process_time
    for round_no in range(rounds):
        for name, extract in extractors.items():
            results = []
            spent = dict.fromkeys(names, 0.0)
            cpu_start, wall_start = clock(), time.perf_counter()
            for page in pages:
                c0 = clock()
                results.append(extract(page.html, page.url))
                spent[page.template] += clock() - c0
            cpu[name].append(clock() - cpu_start)
            wall[name].append(time.perf_counter() - wall_start)
            for t, seconds in spent.items():
                by_tpl[name][t].append(seconds)
            if round_no == 0:
                scores[name] = [judge(found, page.truth) for found, page in zip(results, pages, strict=True)]
        print(
            f"  round {round_no + 1}: "
            + ", ".join(f"{name} {1000 * cpu[name][-1] / len(pages):.1f} ms/page" for name in extractors),
            flush=True,
        )
    templates = Counter(page.template for page in pages)
    result: dict[str, Any] = {
        "pages": len(pages),
        "rounds": rounds,
        "templates": dict(sorted(templates.items())),
        "extractors": {},
    }
    for name in extractors:
        per_field = {f: sum(s[f] for s in scores[name]) / len(pages) for f in FIELDS}
        result["extractors"][name] = {
            "ms_per_page_cpu": 1000 * median(cpu[name]) / len(pages),
            "ms_per_page_wall": 1000 * median(wall[name]) / len(pages),
            "accuracy": per_field,
            "body_pages_f1_95": sum(s["body"] >= 0.95 for s in scores[name]) / len(pages),
            "by_template": _by_template(scores[name], pages),
            "ms_per_page_cpu_by_template": {
                t: 1000 * median(by_tpl[name][t]) / sum(p.template == t for p in pages) for t in names
            },
        }
    ours, theirs = result["extractors"]["project"], result["extractors"]["trafilatura"]
    result["speedup_vs_trafilatura_cpu"] = theirs["ms_per_page_cpu"] / ours["ms_per_page_cpu"]
    result["speedup_vs_trafilatura_wall"] = theirs["ms_per_page_wall"] / ours["ms_per_page_wall"]
    result["speedup_vs_newspaper4k_cpu"] = (
        result["extractors"]["newspaper4k"]["ms_per_page_cpu"] / ours["ms_per_page_cpu"]
    )
    result["project_breakdown_ms"] = project_breakdown(pages, rounds)
    result["elements_per_page"] = element_counts(pages)
    result["fields_at_least_as_good"] = {f: ours["accuracy"][f] >= theirs["accuracy"][f] for f in FIELDS}
    result["speedup_by_template"] = {
        t: theirs["ms_per_page_cpu_by_template"][t] / ours["ms_per_page_cpu_by_template"][t] for t in names
    }
    result["fields_at_least_as_good_by_template"] = {
        t: all(ours["by_template"][t][f] >= theirs["by_template"][t][f] for f in FIELDS) for t in names
    }
    result["met"] = all(result["fields_at_least_as_good"].values()) and all(
        result["fields_at_least_as_good_by_template"].values()
    )
    return result


def project_breakdown(pages: list[Page], rounds: int = 3) -> dict[str, float]:
    """CPU ms per page of the parts of the project's extraction (median of ``rounds``): HTML
    parsing, the text walk over the whole page, the walk over the story container, the
    whole of ``extract_article`` on the parsed page, and the normalization of the date and
    the byline. Each page is parsed, timed part by part and let go before the next."""
    from parsel import Selector

    from spotlight_crawler.extract import article, text
    from spotlight_crawler.normalize import parse_byline, parse_datetime

    story_blocks = getattr(article, "_story_blocks", None)
    clock = time.process_time
    totals: dict[str, list[float]] = {}
    for _ in range(rounds):
        spent = dict.fromkeys(("parse_html", "text_walk_page", "text_walk_story", "extract_article", "normalize"), 0.0)
        for page in pages:
            t0 = clock()
            sel = Selector(text=page.html)
            t1 = clock()
            text.walk_page(sel)
            t2 = clock()
            if story_blocks is not None:
                story_blocks(sel)
            t3 = clock()
            raw = article.extract_article(sel, page.url)
            t4 = clock()
            parse_datetime(raw.published_at_raw)
            parse_byline(raw.byline_raw)
            t5 = clock()
            for name, seconds in zip(spent, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
                spent[name] += seconds
        for name, seconds in spent.items():
            totals.setdefault(name, []).append(1000 * seconds / len(pages))
    if story_blocks is None:
        totals.pop("text_walk_story")
    return {name: median(values) for name, values in totals.items()}


def element_counts(pages: list[Page]) -> dict[str, float]:
    """Mean elements per page, and how many of them sit inside ``<aside>`` (the sidebars)."""
    from parsel import Selector

    total = aside = 0
    for page in pages:
        root = Selector(text=page.html).root
        total += sum(1 for _ in root.iter())
        aside += sum(1 for el in root.iter("aside") for _ in el.iter())
    return {"elements": total / len(pages), "in_aside": aside / len(pages)}


def _by_template(scores: list[dict[str, float]], pages: list[Page]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for template in sorted({p.template for p in pages}):
        chosen = [s for s, p in zip(scores, pages, strict=True) if p.template == template]
        out[template] = {f: sum(s[f] for s in chosen) / len(chosen) for f in FIELDS}
    return out


def report(result: dict[str, Any]) -> None:
    print(f"{result['pages']} article pages (templates {result['templates']}), median of {result['rounds']} rounds:")
    for name, r in result["extractors"].items():
        acc = r["accuracy"]
        print(
            f"  {name:12}: {r['ms_per_page_cpu']:6.2f} ms/page CPU ({r['ms_per_page_wall']:6.2f} wall); "
            f"headline {acc['headline']:.1%}, date {acc['date']:.1%}, authors {acc['authors']:.1%}, "
            f"body F1 {acc['body']:.3f} ({r['body_pages_f1_95']:.0%} of pages >= 0.95)"
        )
    print(
        f"  trafilatura's time over the project's: {result['speedup_vs_trafilatura_cpu']:.2f}x (CPU), "
        f"{result['speedup_vs_trafilatura_wall']:.2f}x (wall); "
        f"at least as accurate: {result['fields_at_least_as_good']}"
    )
    by_tpl = ", ".join(f"{t} {x:.2f}x" for t, x in result["speedup_by_template"].items())
    print(f"  speed-up by template: {by_tpl}; as accurate by template: {result['fields_at_least_as_good_by_template']}")
    for name, r in result["extractors"].items():
        cells = "; ".join(f"{t} " + " ".join(f"{v:.2f}" for v in acc.values()) for t, acc in r["by_template"].items())
        print(f"  {name:12} accuracy by template (headline date authors body): {cells}")
    parts = ", ".join(f"{name} {ms:.2f}" for name, ms in result["project_breakdown_ms"].items())
    print(f"  the project's time per page, by part (CPU ms, median of {result['rounds']}): {parts}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cms-pages", type=int, default=200, help="pages in the CMS templates (default 200)")
    args = parser.parse_args(argv)
    report(measure(args.pages, args.rounds, args.cms_pages))


if __name__ == "__main__":
    main()
