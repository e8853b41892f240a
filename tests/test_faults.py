"""The crawl keeps working when the site, the network or the pages misbehave.

Each test switches on a fault of the replica (tests/replica/faults.py) and runs the real
``scrapy crawl``. Every run is held to the same promises (``survived``): the crawl
finishes without an exception in a callback or a pipeline; every record matches the JSON
Schema; every story that could be reached is written exactly once (with the fields the
truth says, where the fault leaves them readable); what failed is counted by kind; and no
request reaches the other host, to which every page of the replica links and to which
some of its pages redirect.
"""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread

import pytest

from tests.crawl import CrawlResult, crawl, validate
from tests.replica.faults import as_hook
from tests.truth import assert_matches_truth, expected, originals, reachable, story_of, ws

# Real crawls, servers on 127.0.0.1 or subprocesses: the end-to-end layer.
pytestmark = pytest.mark.e2e

# No seen-store; plain HTTP is under test, so no browser handler starting up in every run.
SETTINGS = {"SPOTLIGHT_STATE": "", "SPOTLIGHT_RENDER": "never"}
ORIGIN = "https://www.spotlightnepal.com"


class Elsewhere:
    """A loopback server standing for another host: ``http://localhost:PORT``.

    ``localhost`` is another host than ``127.0.0.1`` for the offsite filter, yet it is
    served from this process, so a request that leaves the site is seen here.
    """

    def __init__(self) -> None:
        self.requests: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests.append(self.path)
                body = b"<html><body><h1>Another site</h1></body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://localhost:{self.server.server_address[1]}"
        Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def elsewhere() -> Iterator[Elsewhere]:
    other = Elsewhere()
    # The name resolves to this server, so "received nothing" means the crawl sent nothing.
    with urllib.request.urlopen(other.url + "/probe", timeout=5) as reply:
        assert reply.status == 200
    assert other.requests == ["/probe"]
    other.requests.clear()
    yield other
    other.server.shutdown()
    other.server.server_close()


@pytest.fixture
def site(replica_factory, elsewhere):
    """``site(**options)``: a replica whose pages all link to the other host."""

    def make(**options):
        replica = replica_factory(**options)
        replica.set_fault("foreign_links", to=elsewhere.url)
        return replica

    return make


def survived(result: CrawlResult, elsewhere: Elsewhere) -> CrawlResult:
    """The promises every faulty run keeps (see the module docstring)."""
    assert result.stats.get("finish_reason") == "finished", result.log[-3000:]
    assert not [k for k in result.stats if k.startswith("spider_exceptions/")], result.log[-3000:]
    for trouble in ("Spider error processing", "Error processing ", "Error caught on signal handler"):
        assert trouble not in result.log, result.log[-3000:]
    validate(result.records)
    urls = [r["url"] for r in result.records]
    assert len(urls) == len(set(urls)), "a story was written twice"
    assert result.stat("spotlight/listing/offsite_links") >= 1, "the foreign links were not on the pages"
    assert elsewhere.requests == [], "a request left the site"
    return result


def run(replica, tmp_path, elsewhere, spider="international", **settings) -> CrawlResult:
    return survived(crawl(spider, replica.base_url, tmp_path, settings={**SETTINGS, **settings}), elsewhere)


def straight(text: str | None) -> str | None:
    return text.replace("’", "'") if text else text


def assert_stories(records, truth, site):
    """One record per story of ``truth`` (a repost may stand for its original); fields unchecked."""
    stories = [story_of(site.lookup(r["url"].removeprefix(ORIGIN))) for r in records]
    assert sorted(stories) == sorted(story_of(a) for a in truth.values())


# --- The server fails for a while, or for good -------------------------------------------


def test_error_bursts_clear_after_retries_and_a_page_that_never_recovers_is_counted(site, elsewhere, tmp_path):
    replica = site()
    (victim,) = originals(replica.site.international(), 1)
    replica.set_fault("flaky", code=500, times=2, kind=None)  # every page, home and listings too
    replica.set_fault("status", code=503, path_prefix=victim.path)
    result = run(replica, tmp_path, elsewhere)
    assert_matches_truth(result.records, reachable(replica.site.international(), victim), replica.site)
    assert result.stat("retry/reason_count/500 Internal Server Error") >= 2 * (len(replica.site.international()) + 3)
    assert result.stat("spotlight/article/failed/http_503") == 1
    assert result.stat("spotlight/listing/pages") == 2


def test_responses_slower_than_the_timeout_are_retried(site, elsewhere, tmp_path):
    replica = site()
    (victim,) = originals(replica.site.international(), 1)
    replica.set_fault("slow", delay=4, times=1, kind="article")  # every article, once
    replica.hooks.append(as_hook(replica, "slow", delay=4, paths=[victim.path]))  # this one always
    result = run(replica, tmp_path, elsewhere, DOWNLOAD_TIMEOUT="2")
    assert_matches_truth(result.records, reachable(replica.site.international(), victim), replica.site)
    assert result.stat("retry/reason_count/scrapy.exceptions.DownloadTimeoutError") >= len(result.records)
    assert result.stat("spotlight/article/failed/timeout") == 1


def test_connection_resets_are_retried(site, elsewhere, tmp_path):
    replica = site()
    (victim,) = originals(replica.site.international(), 1)
    replica.set_fault("reset", times=1)  # every page once, home and listings too
    replica.hooks.append(as_hook(replica, "reset", paths=[victim.path]))
    result = run(replica, tmp_path, elsewhere)
    assert_matches_truth(result.records, reachable(replica.site.international(), victim), replica.site)
    resets = [r for r in replica.requests if r["status"] == 0]
    assert len(resets) >= len(replica.site.international()) + 3 + 2  # every page once, the victim thrice
    # Twisted retries a GET itself when a reused connection dies; Scrapy retries the others.
    assert result.stat("retry/count") >= 2
    assert result.stat("spotlight/article/failed/connection_lost") == 1


def test_truncated_body_shorter_than_its_content_length_is_refetched(site, elsewhere, tmp_path):
    """Headers promised the whole page, the connection died mid-body: data loss, retried."""
    replica = site()
    (victim,) = originals(replica.site.international(), 1)
    replica.set_fault("truncated", content_length="declared", times=1)
    replica.hooks.append(as_hook(replica, "truncated", content_length="declared", paths=[victim.path]))
    result = run(replica, tmp_path, elsewhere)
    assert_matches_truth(result.records, reachable(replica.site.international(), victim), replica.site)
    assert result.stat("retry/reason_count/scrapy.exceptions.ResponseDataLossError") >= len(result.records)
    assert result.stat("spotlight/article/failed/data_loss") == 1


def test_page_cut_mid_tag_with_a_matching_length_is_refetched_then_not_written(site, elsewhere, tmp_path):
    """A complete 200 whose HTML stops mid-tag: fetched again; if it stays cut, no record is
    written from half its text (a page not read, kind ``cut``: the run fails, nothing is seen)."""
    replica = site()
    arts = replica.site.international()
    (victim,) = originals(arts, 1)
    replica.set_fault("truncated", content_length="matching", times=1)
    replica.hooks.append(as_hook(replica, "truncated", content_length="matching", at=0.6, paths=[victim.path]))
    result = run(replica, tmp_path, elsewhere)
    assert result.returncode == 5
    assert_matches_truth(result.records, reachable(arts, victim), replica.site)
    assert result.stat("spotlight/article/truncated/retried") >= len(result.records) + 1
    assert result.stat("spotlight/article/not_story/cut") == 1
    assert result.stat("spotlight/failures/lost/article") == 1  # no state here: nothing asks again


# --- Pages that are not what they say ------------------------------------------------------


@pytest.mark.parametrize("declared", ["utf-8", None])
def test_windows_1252_pages_read_right_whatever_they_declare(site, elsewhere, tmp_path, declared):
    replica = site()
    arts = replica.site.international()
    assert any("'" in a.headline for a in arts), "the replica needs headlines with apostrophes"
    replica.set_fault("charset", declared=declared)
    result = run(replica, tmp_path, elsewhere)
    text = repr(result.records)
    assert "’" in text  # the curly quotes came through...
    assert "\ufffd" not in text and not re.search("[ÆÅÄ]|â€", text)  # ...and nothing else did
    # With the quotes straightened on both sides (a repost's headline may differ in quotes), the truth.
    assert_stories(result.records, expected(arts), replica.site)
    for rec in result.records:
        art = replica.site.lookup(rec["url"].removeprefix(ORIGIN))
        assert straight(rec["headline"]) == straight(ws(art.headline))
        assert straight(rec["summary"]) == straight(ws(art.summary) if art.summary else None)
        assert straight(rec["body"]) == straight("\n\n".join(ws(p) for p in art.body))
        assert (straight(rec["byline_raw"]), rec["published_at"]) == (
            straight(art.byline_raw),
            art.published_at.isoformat(),
        )
    if declared == "utf-8":
        assert result.stat("spotlight/charset/corrected/utf-8_to_cp1252") == result.stat("spotlight/article/pages")


def test_page_larger_than_the_download_limit_is_skipped(site, elsewhere, tmp_path):
    replica = site()
    (victim,) = originals(replica.site.international(), 1)
    replica.set_fault("oversized", size=300_000, paths=[victim.path])
    result = run(replica, tmp_path, elsewhere, DOWNLOAD_MAXSIZE="200000")
    assert_matches_truth(result.records, reachable(replica.site.international(), victim), replica.site)
    assert result.stat("spotlight/article/failed/too_large") == 1


def test_redirect_loops_fail_their_article_only(site, elsewhere, tmp_path):
    replica = site()
    bouncing, endless = originals(replica.site.international(), 2)
    replica.set_fault("redirect_loop", mode="slash", paths=[bouncing.path])
    replica.hooks.append(as_hook(replica, "redirect_loop", mode="endless", paths=[endless.path]))
    result = run(replica, tmp_path, elsewhere)
    assert_matches_truth(result.records, reachable(replica.site.international(), bouncing, endless), replica.site)
    assert result.stat("spotlight/article/failed/redirect_loop") == 1
    assert result.stat("spotlight/article/failed/too_many_redirects") == 1


def test_redirects_to_another_host_are_not_followed(site, elsewhere, tmp_path):
    """Neither for an article nor for the home page, whose request skips the offsite filter."""
    replica = site()
    (victim,) = originals(replica.site.international(), 1)
    replica.set_fault("redirect_offsite", to=elsewhere.url, paths=[victim.path])
    replica.hooks.append(as_hook(replica, "redirect_offsite", to=elsewhere.url, kind=None, paths=["/"]))
    result = run(replica, tmp_path, elsewhere)
    assert_matches_truth(result.records, reachable(replica.site.international(), victim), replica.site)
    assert result.stat("spotlight/article/failed/offsite_redirect") == 1
    assert result.stat("spotlight/listing/fallback_path") == 1  # the home page failed; the configured path served


def test_article_links_that_404_are_counted(site, elsewhere, tmp_path):
    replica = site()
    victims = originals(replica.site.international(), 2)
    replica.set_fault("not_found", paths=[a.path for a in victims])
    result = run(replica, tmp_path, elsewhere)
    assert_matches_truth(result.records, reachable(replica.site.international(), *victims), replica.site)
    assert result.stat("spotlight/article/failed/http_404") == 2


def test_empty_listing_pages_inside_and_past_the_end(site, elsewhere, tmp_path):
    """An empty page whose pagination goes on is skipped; the last page's pager ends paging
    before the empty page past the end is asked for."""
    # The feed holds page 1's stories only: the stories of the empty page are reached by no link.
    replica = site(n_articles=25, page_size=10, feed={"window": 5})
    latest = replica.site.latest()
    replica.set_fault("empty_listing", pages=[2], past_end=True)
    result = run(replica, tmp_path, elsewhere, spider="latest")
    assert_matches_truth(result.records, reachable(latest, *latest[10:20]), replica.site)
    assert result.stat("spotlight/listing/pages") == 3  # 1, 2 (empty), 3 (no next link)
    assert result.stat("spotlight/listing/no_article_links") == 1
    assert result.stat("spotlight/listing/stopped/no_next_link") == 1


# --- Pages whose text or markup is off ------------------------------------------------------


def test_malformed_dates_and_bylines_stay_raw_and_are_counted(site, elsewhere, tmp_path):
    replica = site()
    arts = replica.site.international()
    replica.set_fault("malformed_meta", date="Oct. 42, 2024, 7:54 p.m.", iso="2024-13-45T25:61:00+05:45", byline="--")
    result = run(replica, tmp_path, elsewhere)
    assert_stories(result.records, expected(arts), replica.site)
    for rec in result.records:
        assert rec["published_at"] is None and rec["published_at_raw"] == "Oct. 42, 2024, 7:54 p.m."
        art = replica.site.lookup(rec["url"].removeprefix(ORIGIN))
        # "--" is kept raw with no authors, or (no byline on the page) the listing's byline stands in.
        assert (rec["byline_raw"], rec["authors"]) in (("--", []), (art.byline_raw, art.authors))
    assert result.stat("spotlight/normalize/unparsed/published_at") == result.stat("spotlight/article/pages")
    assert result.stat("spotlight/normalize/unparsed/authors") >= 1


def test_changed_markup_leaves_fields_missing_and_the_listing_fills_in(site, elsewhere, tmp_path):
    """A redesign kept only the paragraphs: headline and date come from the listing entry."""
    replica = site()
    arts = replica.site.international()
    replica.set_fault("stripped")
    result = run(replica, tmp_path, elsewhere)
    assert_stories(result.records, expected(arts), replica.site)
    for rec in result.records:
        art = replica.site.lookup(rec["url"].removeprefix(ORIGIN))
        assert rec["headline"] == ws(art.headline)
        assert rec["published_at"] == art.published_at.date().isoformat()  # the listing prints a date only
        assert rec["body"] == "\n\n".join(ws(p) for p in art.body)
        assert (rec["byline_raw"], rec["authors"]) == (art.byline_raw, art.authors)
        assert rec["summary"] is None and rec["image_url"] is None and rec["magazine_issue"] is None
        assert rec["section"] == "International"  # the spider's default
    pages = result.stat("spotlight/article/pages")
    assert result.stat("spotlight/fallback/headline") == pages
    assert result.stat("spotlight/fallback/published_at_raw") == pages
