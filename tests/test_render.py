"""Rendering JavaScript pages: the modes, the derived settings, and real crawls through
Debian's Chromium against the replica's script-only listing and script challenge.

The browser is a wrapper script that notes each launch in a file and then runs
/usr/bin/chromium, so "no browser was started" is something a test can see. Without
Chromium the wrapper fails and so do these tests.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from parsel import Selector
from scrapy import Request, Spider
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from spotlight_crawler import render, site
from spotlight_crawler import settings as project_settings
from spotlight_crawler.addon import SpotlightAddon
from spotlight_crawler.extract.listing import has_scripts, listing_entries
from tests.crawl import crawl, validate
from tests.replica import Replica
from tests.replica.scripted import API_PATH
from tests.truth import NO_STATE, assert_matches_truth, expected, originals, story_of

CHROMIUM = Path("/usr/bin/chromium")
PLAYWRIGHT_HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
LAZY_HANDLER = "spotlight_crawler.render.LazyBrowserHandler"


# -- modes and settings -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "mode"),
    [(None, "auto"), ("", "auto"), ("auto", "auto"), ("never", "never"), ("ALWAYS", "always"), (" always ", "always")],
)
def test_mode_of(value, mode):
    assert render.mode_of(value) == mode


@pytest.mark.parametrize("value", ["sometimes", "1", "true"])
def test_unknown_mode_is_a_clear_error(value):
    with pytest.raises(ValueError, match="expected one of never, auto, always"):
        render.mode_of(value)


def derived(**values):
    """The settings after the project's add-on ran, with ``values`` as if given by ``-s``."""
    settings = Settings()
    settings.setmodule("spotlight_crawler.settings", priority="project")
    settings.setdict(values, priority="cmdline")
    SpotlightAddon().update_settings(settings)
    return settings


def test_never_installs_no_browser_handler():
    settings = derived(SPOTLIGHT_RENDER="never")
    assert not {PLAYWRIGHT_HANDLER, LAZY_HANDLER} & set(settings.getdict("DOWNLOAD_HANDLERS").values())
    assert not settings.get("PLAYWRIGHT_LAUNCH_OPTIONS")


@pytest.mark.parametrize("mode", ["auto", "always"])
def test_auto_and_always_route_http_through_the_lazy_browser_handler(mode):
    settings = derived(
        SPOTLIGHT_RENDER=mode,
        SPOTLIGHT_BROWSER_EXECUTABLE="/opt/chrome/chrome",
        SPOTLIGHT_BASE_URL="http://127.0.0.1:8123",
    )
    assert settings.getdict("DOWNLOAD_HANDLERS") == {"http": LAZY_HANDLER, "https": LAZY_HANDLER}
    launch = settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
    assert launch["executable_path"] == "/opt/chrome/chrome"
    assert launch["headless"] is True
    assert launch["args"] == ["--disable-gpu"]  # Playwright's defaults: no sandbox, no background traffic
    assert settings["PLAYWRIGHT_ABORT_REQUEST"].args == ({"127.0.0.1", *site.SITE_HOSTS},)
    assert settings.getint("PLAYWRIGHT_MAX_CONTEXTS") >= 1 and settings.getint("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT") >= 1


def test_an_empty_executable_means_playwrights_own_browser():
    launch = derived(SPOTLIGHT_BROWSER_EXECUTABLE="").getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
    assert "executable_path" not in launch


def test_the_default_executable_is_debians_chromium_when_installed():
    assert (str(CHROMIUM) if CHROMIUM.exists() else None) == project_settings.SPOTLIGHT_BROWSER_EXECUTABLE


def test_replay_keeps_every_download_handler_off(tmp_path):
    settings = derived(SPOTLIGHT_RENDER="always", SPOTLIGHT_REPLAY=str(tmp_path))
    assert settings.getdict("DOWNLOAD_HANDLERS") == {"http": None, "https": None}


def test_the_spider_argument_wins_over_the_setting():
    settings = Settings({"SPOTLIGHT_RENDER": "always"}, priority="cmdline")
    render.apply_argument(settings, "never")
    assert settings["SPOTLIGHT_RENDER"] == "never"
    render.apply_argument(settings, None)  # no argument: the setting stays
    assert settings["SPOTLIGHT_RENDER"] == "never"
    with pytest.raises(ValueError, match="render='maybe'"):
        render.apply_argument(settings, "maybe")


@pytest.mark.parametrize(
    ("resource_type", "url", "aborted"),
    [
        ("document", "http://127.0.0.1:8123/topic/international", False),
        ("fetch", "http://127.0.0.1:8123/api/listing.json?page=1", False),
        ("script", "https://www.spotlightnepal.com/static/js/app.js", False),
        ("script", "https://spotlightnepal.com/static/js/app.js", False),
        ("stylesheet", "http://127.0.0.1:8123/static/css/main.css", False),
        ("image", "http://127.0.0.1:8123/media/images/x.2e16d0ba.fill-650x500.jpg", True),
        ("font", "http://127.0.0.1:8123/static/fonts/a.woff2", True),
        ("media", "http://127.0.0.1:8123/static/clip.mp4", True),
        ("script", "https://www.googletagmanager.com/gtag/js?id=G-1", True),
        ("xhr", "https://ads.example.com/pixel", True),
        ("document", "data:text/html,<p>x</p>", False),
    ],
)
def test_aborted_resources(resource_type, url, aborted):
    hosts = frozenset({"127.0.0.1", *site.SITE_HOSTS})
    assert render.aborted(hosts, SimpleNamespace(resource_type=resource_type, url=url)) is aborted


def test_listing_page_methods_carry_the_click_cap_and_a_javascript_pattern():
    wait, click = render.listing_page_methods(7)
    assert (wait.method, click.method) == ("wait_for_function", "evaluate")
    options = click.args[1]
    assert options["maxClicks"] == 7
    assert "(?P<" not in options["links"]["source"] and "(?<y>" in options["links"]["source"]
    assert options["text"]["flags"] == "i"


SCRIPTED = b"<html><body><div id='app'></div><script>load()</script></body></html>"
JSON_LD_ONLY = b"<html><head><script type='application/ld+json'>{}</script></head><body><p>Hi</p></body></html>"


def response(body, rendered=False, policy=None):
    url = "http://127.0.0.1:8123/topic/international"
    meta = (policy or render.RenderPolicy()).request_meta("listing", fallback=rendered)
    return HtmlResponse(url, body=body, request=Request(url, meta=meta))


def stats():
    return get_crawler(Spider).stats


@pytest.mark.parametrize(
    ("mode", "body", "rendered", "retry"),
    [
        ("auto", SCRIPTED, False, True),
        ("always", SCRIPTED, False, True),
        ("never", SCRIPTED, False, False),
        ("auto", SCRIPTED, True, False),  # once through the browser is enough
        ("auto", JSON_LD_ONLY, False, False),  # metadata is not a script that fills the page
    ],
)
def test_which_pages_get_a_browser_retry(mode, body, rendered, retry):
    policy = render.RenderPolicy(mode)
    resp = response(body, rendered)
    counted = stats()
    assert policy.review(resp, resp.selector, counted, "listing", complete=False) is retry
    assert policy.review(resp, resp.selector, counted, "article", complete=False) is retry
    assert policy.review(resp, resp.selector, counted, "article", complete=True) is False
    assert counted.get_value("spotlight/render/fallbacks", 0) == (2 if retry else 0)
    assert counted.get_value("spotlight/render/fallbacks/listing", 0) == (1 if retry else 0)
    assert counted.get_value("spotlight/render/pages", 0) == (3 if rendered else 0)


@pytest.mark.parametrize(
    ("mode", "page_kind", "fallback", "decision"),
    [
        ("auto", "listing", False, "plain"),
        ("auto", "article", False, "plain"),
        ("auto", "listing", True, "browser"),
        ("auto", "article", True, "browser"),
        ("always", "listing", False, "browser"),
        ("always", "article", False, "plain"),  # articles only as a fallback, in every mode
        ("never", "listing", False, "plain"),
    ],
)
def test_each_request_carries_its_one_rendering_decision(mode, page_kind, fallback, decision):
    meta = render.RenderPolicy(mode).request_meta(page_kind, fallback=fallback)
    assert bool(meta.get("playwright")) is (decision == "browser")
    steps = [m.method for m in meta.get("playwright_page_methods", [])]
    assert steps == (["wait_for_function", "evaluate"] if decision == "browser" and page_kind == "listing" else [])


def test_the_response_side_reads_the_decision_its_request_carried():
    """The decision is read back, not taken again: a page the policy asked for plain is plain
    even under a policy that would now render it, and the other way round."""
    always, auto = render.RenderPolicy("always"), render.RenderPolicy("auto")
    plain_listing = response(SCRIPTED, policy=auto)
    rendered_listing = response(SCRIPTED, policy=always)
    counted = stats()
    assert always.review(plain_listing, plain_listing.selector, counted, "listing", complete=False) is True
    assert auto.review(rendered_listing, rendered_listing.selector, counted, "listing", complete=False) is False
    assert counted.get_value("spotlight/render/pages") == 1


def test_a_bad_click_cap_is_refused():
    with pytest.raises(ValueError, match="SPOTLIGHT_LOAD_MORE_CLICKS"):
        render.RenderPolicy.from_settings(Settings({"SPOTLIGHT_LOAD_MORE_CLICKS": -1}))


# -- the replica's browser-only pages, read without a browser --------------------------


def test_script_listing_holds_no_article_link_and_its_entries_come_in_batches():
    replica = Replica(js_listing=True)
    page = replica.handle("GET", "/topic/international").body.decode()
    assert not listing_entries(Selector(page), "http://127.0.0.1/topic/international")[0]
    assert has_scripts(Selector(page))
    shown, offset = [], 0
    while offset is not None:
        data = json.loads(replica.handle("GET", f"{API_PATH}?page=1&offset={offset}").body)
        shown += [e["path"] for e in data["entries"]]
        offset = data["next"]
    assert shown == [a.path for a in replica.site.international()[:10]]
    assert replica.handle("GET", "/topic/international?page=9").status == 404


def test_challenge_stands_in_front_of_listings_only():
    replica = Replica(challenge=True)
    challenged = replica.handle("GET", "/articles/?page=2").body.decode()
    assert "document.cookie" in challenged and "location.reload()" in challenged
    passed = replica.handle("GET", "/articles/?page=2", {"Cookie": "theme=dark; challenge=ok"}).body.decode()
    assert listing_entries(Selector(passed), "http://127.0.0.1/articles/?page=2")[0]
    article = replica.site.latest()[0].path
    assert "document.cookie" not in replica.handle("GET", article).body.decode()


# -- real crawls through Chromium ---------------------------------------------------------


@pytest.fixture
def browser(tmp_path):
    """A Chromium that notes each launch in ``browser.launches`` (a file)."""
    assert CHROMIUM.exists(), f"{CHROMIUM} is needed: apt-get install chromium"
    launches = tmp_path / "launches.log"
    wrapper = tmp_path / "chromium"
    wrapper.write_text(f'#!/bin/sh\necho "launch $$" >> {launches}\nexec {CHROMIUM} "$@"\n', encoding="utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    return SimpleNamespace(
        path=str(wrapper), launches=lambda: launches.read_text().splitlines() if launches.exists() else []
    )


def run(replica, workdir, mode, browser, **settings):
    return crawl(
        "international",
        replica.base_url if replica else None,
        workdir,
        args={"render": mode},
        settings={**NO_STATE, "SPOTLIGHT_BROWSER_EXECUTABLE": browser.path, **settings},
    )


@pytest.mark.e2e
@pytest.mark.browser
def test_never_finds_no_article_on_the_script_listing(replica_factory, tmp_path, browser):
    replica = replica_factory(js_listing=True)
    # The argument wins over the setting: nothing of scrapy-playwright is even loaded.
    result = run(replica, tmp_path, "never", browser, SPOTLIGHT_RENDER="always")
    assert result.records == []
    assert result.stat("spotlight/listing/no_article_links") == result.stat("spotlight/listing/pages") >= 1
    assert result.stat("spotlight/render/fallbacks") == 0
    assert "scrapy-playwright" not in result.log
    assert browser.launches() == []


@pytest.mark.e2e
@pytest.mark.browser
def test_always_renders_listings_through_the_challenge_and_loads_more(replica_factory, tmp_path, browser):
    replica = replica_factory(js_listing=True, challenge=True)
    result = run(replica, tmp_path, "always", browser)
    assert result.returncode == 0, result.log[-3000:]
    validate(result.records)
    assert_matches_truth(result.records, expected(replica.site.international()), replica.site)
    assert len(browser.launches()) == 1
    assert result.stat("spotlight/render/fallbacks") == 0
    # Page 1 shows 4 of its 10 entries at first: two clicks show the rest; page 2 has one entry.
    assert result.stat("spotlight/render/load_more_clicks") == 2
    # Both listing pages were read as the browser rendered them.
    assert result.stat("spotlight/listing/pages") == result.stat("spotlight/render/pages") == 2


def by_story(records, site):
    """Records by story. Which of a repost and its original is written depends on which
    page arrives first, so a reposted story is compared by its body only."""
    reposted = {a.duplicate_of for a in site.latest() if a.duplicate_of}
    out = {}
    for record in records:
        story = story_of(site.lookup(urlsplit(record["url"]).path))
        out[story] = record["body"] if story in reposted else record
    return out


@pytest.mark.e2e
@pytest.mark.browser
def test_auto_falls_back_to_the_browser_and_its_recording_replays_without_one(replica_factory, tmp_path, browser):
    scripted_article = next(a for a in Replica().site.international() if a.duplicate_of is None).path
    replica = replica_factory(js_listing=True, challenge=True, js_articles=(scripted_article,))
    recording = tmp_path / "recording"

    live = run(replica, tmp_path / "live", "auto", browser, SPOTLIGHT_RECORD=str(recording))
    assert live.returncode == 0, live.log[-3000:]
    validate(live.records)
    assert_matches_truth(live.records, expected(replica.site.international()), replica.site)
    # Both listing pages are challenged (the last one's pager ends paging: nothing is asked
    # past it); one article is a script shell.
    assert live.stat("spotlight/render/fallbacks/listing") == 2
    assert live.stat("spotlight/render/fallbacks/article") == 1
    assert live.stat("spotlight/render/fallbacks") == 3
    assert "3 browser fallback(s) (2 listing, 1 article)" in live.log
    assert len(browser.launches()) == 1
    # scrapy-playwright started once, for the first page that needed it, after plain pages.
    assert live.stat("spotlight/render/handler_started") == 1
    assert live.log.count("Starting download handler") == 1
    assert live.log.index("page needs a browser; asking once more") < live.log.index("A page needs the browser")

    replica.stop()
    replayed = run(None, tmp_path / "replay", "auto", browser, SPOTLIGHT_REPLAY=str(recording))
    assert replayed.returncode == 0, replayed.log[-3000:]
    assert by_story(replayed.records, replica.site) == by_story(live.records, replica.site)
    assert replayed.stat("spotlight/render/fallbacks") == 3
    assert replayed.stat("spotlight/replay/missing") == 0
    assert len(browser.launches()) == 1  # still only the live run's
    assert "scrapy-playwright" not in replayed.log


@pytest.mark.e2e
@pytest.mark.browser
def test_auto_on_plain_pages_starts_no_browser(replica, tmp_path, browser):
    result = run(replica, tmp_path, "auto", browser)
    assert result.returncode == 0, result.log[-3000:]
    assert_matches_truth(result.records, expected(replica.site.international()), replica.site)
    assert result.stat("spotlight/render/fallbacks") == 0
    assert result.stat("playwright/browser_count") == 0
    assert browser.launches() == []
    assert "0 browser launch(es)" in result.log
    # Not even scrapy-playwright's handler, and so no Node driver: it logs its start as
    # "Starting download handler" under its own logger name, at INFO.
    assert result.stat("spotlight/render/handler_started") == 0
    assert "scrapy-playwright" not in result.log and "Starting download handler" not in result.log


# -- no browser -----------------------------------------------------------------------------

NO_BROWSER_FIX = (
    "install Debian's Chromium (apt-get install chromium) or point SPOTLIGHT_BROWSER_EXECUTABLE at a Chromium"
)


@pytest.mark.e2e
def test_a_run_needing_a_missing_browser_names_the_path_and_the_fix(replica_factory, tmp_path):
    replica = replica_factory(js_listing=True)  # the listing shows its entries only through a script
    missing = tmp_path / "no-such-dir" / "chromium"
    result = crawl(
        "international",
        replica.base_url,
        tmp_path,
        args={"render": "auto"},
        settings={**NO_STATE, "SPOTLIGHT_BROWSER_EXECUTABLE": str(missing)},
    )
    assert result.returncode == 5
    reason = f"no browser at {missing} (SPOTLIGHT_BROWSER_EXECUTABLE): {NO_BROWSER_FIX}"
    # On stderr (the log, as `scrapy crawl` writes it): the verdict names the cause first...
    [verdict] = [line for line in result.log.splitlines() if "ERROR: Run not good" in line]
    assert verdict.split("): ", 1)[1].startswith(f"pages that need the browser were not fetched: {reason}")
    # ...and so does the summary that closes the log.
    summary = result.log.split("Run summary (international, finished, exit status 5):", 1)[1]
    assert f"\n  browser: none, {reason}\n" in summary
    assert result.stat("spotlight/listing/failed/browser_missing") == 1
    assert result.stat("playwright/browser_count") == 0
    assert "Traceback" not in result.own_log


def test_a_configured_path_with_nothing_runnable_is_named(tmp_path):
    not_executable = tmp_path / "chromium.txt"
    not_executable.write_text("", encoding="utf-8")
    for path, absent in [
        (str(tmp_path / "missing"), True),
        (str(not_executable), True),
        (str(tmp_path), True),  # a folder
        ("/bin/sh", False),
        ("", False),  # none named: Playwright's own build
    ]:
        expected = f"no browser at {path} (SPOTLIGHT_BROWSER_EXECUTABLE): {NO_BROWSER_FIX}" if absent else None
        assert render.why_no_browser(path) == expected


def test_a_browser_that_did_not_start_is_named_with_its_first_error_line():
    error = RuntimeError("BrowserType.launch: Executable doesn't exist at /root/.cache/x/chrome\n╔════╗ banner")
    assert render.why_no_browser(None, error) == (
        "the browser did not start (Playwright's own Chromium (SPOTLIGHT_BROWSER_EXECUTABLE empty; "
        "`playwright install chromium`): BrowserType.launch: Executable doesn't exist at /root/.cache/x/chrome): "
        + NO_BROWSER_FIX
    )


@pytest.mark.e2e
@pytest.mark.browser
def test_auto_sends_an_article_behind_a_challenge_through_the_browser_first(replica, tmp_path, browser):
    victim = originals(replica.site.international(), 1)[0]
    replica.set_fault("challenge", paths=[victim.path])  # "Just a moment... Checking your browser"
    result = run(replica, tmp_path, "auto", browser)
    assert result.returncode == 0, result.log[-3000:]
    assert_matches_truth(result.records, expected(replica.site.international()), replica.site)
    assert result.stat("spotlight/render/fallbacks/article") == 1
    assert not any(k.startswith("spotlight/article/not_story/") for k in result.stats)
    assert len(browser.launches()) == 1
