"""Settings of spotlight-crawler. Only values that differ from Scrapy's defaults.

Project settings start with ``SPOTLIGHT_``; the README has a table of them. Settings that
follow from others (feed path, replay, rendering) are derived at start by
``spotlight_crawler.addon.SpotlightAddon``, so ``-s`` on the command line is enough.
"""

from scrapy.settings.default_settings import EXTENSIONS_BASE as _SCRAPY_EXTENSIONS

from spotlight_crawler import render, site
from spotlight_crawler.items import FIELD_NAMES

BOT_NAME = "spotlight_crawler"
SPIDER_MODULES = ["spotlight_crawler.spiders"]
NEWSPIDER_MODULE = "spotlight_crawler.spiders"
# `scrapy crawl` from this package sets its exit status from the run's verdict.
COMMANDS_MODULE = "spotlight_crawler.commands"
ADDONS = {"spotlight_crawler.addon.SpotlightAddon": 0}

# --- The site ----------------------------------------------------------------
# Where requests go; point it at a mirror or the test replica. Records keep the live URLs.
SPOTLIGHT_BASE_URL = site.CANONICAL_BASE_URL
SPOTLIGHT_CANONICAL_URL = site.CANONICAL_BASE_URL
# Listing paths used when the home page's navigation does not name them.
SPOTLIGHT_INTERNATIONAL_PATH = site.INTERNATIONAL_PATH
SPOTLIGHT_LATEST_PATH = site.LATEST_PATH
# Listing pages one walk reads at most, whatever the site answers (the whole Latest
# archive is hundreds of pages); other stop rules in spiders/pagination.py.
SPOTLIGHT_MAX_LISTING_PAGES = 5000
# With -a until: find the listing page holding it by bisecting the listing's pages and walk from there
# (spiders/jump.py); False: walk from page 1.
SPOTLIGHT_BISECT = True
# A named group of settings (presets.py): "loopback" for the replica or a local mirror.
SPOTLIGHT_PRESET = None
# The site's feed, used when the home page names none (<link rel="alternate" type="application/rss+xml">).
# SPOTLIGHT_FEED=False: no feed at all (no feed-first runs, no feed check).
SPOTLIGHT_FEED = True
SPOTLIGHT_FEED_PATH = site.FEED_PATH

# --- Identity ----------------------------------------------------------------
USER_AGENT = "spotlight-crawler/0.1 (news archive crawler; +https://github.com/spotlight-crawler/spotlight-crawler)"

# --- Politeness toward the live site ---------------------------------------------
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
# An article page is tens of kB; anything this large is not one.
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
# A page that still fails after its retries is counted by kind (spotlight/*/failed/*) and
# retried by the next scheduled run; it is not an ERROR that should fail this run.
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"
# 429 and 503 wait as long as Retry-After asks, at most this many seconds; without one
# they back off from SPOTLIGHT_RETRY_BACKOFF seconds, doubled per retry. The wait slows
# every request to the site, not just the retry (see faults/retry.py). A page asking for
# longer is left for the next run, and nothing else waits for it.
SPOTLIGHT_MAX_RETRY_AFTER = 120
SPOTLIGHT_RETRY_BACKOFF = 1.0
SPOTLIGHT_RETRY_RECOVER_AFTER = 10
# robots.txt gets a short timeout and one retry; one that cannot be read allows
# everything, with a WARNING and spotlight/robots/unavailable/<kind> (see faults/robots.py).
SPOTLIGHT_ROBOTS_TIMEOUT = 10
SPOTLIGHT_ROBOTS_RETRIES = 1
# robots.txt is read up to this many bytes (RFC 9309 asks for at least 500 KiB), whatever
# its length; its Crawl-delay is kept, at most SPOTLIGHT_MAX_CRAWL_DELAY seconds.
SPOTLIGHT_ROBOTS_MAXSIZE = 512 * 1024
SPOTLIGHT_MAX_CRAWL_DELAY = 60

# --- Faults of the site and the network ------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # First of all: a request off the site's scheme, host and port is never sent, whatever
    # made it (a meta refresh, a redirect, a retry, dont_filter) and before its robots.txt.
    "spotlight_crawler.faults.offsite.SiteGuardMiddleware": 40,
    # Replaced by it: Scrapy's compares host names only, skips dont_filter requests and
    # drops the others when scheduled, where their errback never hears of it.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    # robots.txt (Scrapy's RobotsTxtMiddleware at 100, with Protego) read whatever its
    # length, with a policy for when it cannot be read, and its Crawl-delay kept.
    "spotlight_crawler.faults.robots.RobotsPolicyMiddleware": 101,
    # After HttpCompressionMiddleware (590): robots.txt's body, bounded even when compressed.
    "spotlight_crawler.faults.robots.RobotsBodyMiddleware": 595,
    # Retries of 429/503 honour Retry-After and slow the whole crawl down.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "spotlight_crawler.faults.retry.PoliteRetryMiddleware": 550,
    # Before RedirectMiddleware (600): a redirect off the site or round a loop fails the
    # request (counted by kind in its errback) instead of leaving or vanishing unseen.
    "spotlight_crawler.faults.redirects.RedirectGuardMiddleware": 610,
    # After decompression (590): a page written in another charset than it declares is
    # read in the one it is written in.
    "spotlight_crawler.faults.charset.CharsetMiddleware": 585,
    # Before that (responses go down the numbers): an image or other binary body under a
    # text/html label becomes a plain Response, counted as not HTML and never written.
    "spotlight_crawler.faults.sniff.NotHtmlMiddleware": 586,
    # Before decompression (590): a gzip or deflate body without the end of its stream is a
    # cut page, asked for again and never written from half its text.
    "spotlight_crawler.faults.streams.CompressedStreamMiddleware": 595,
}

# --- Output ------------------------------------------------------------------
# Without -o/-O a run writes SPOTLIGHT_DATA_DIR/<spider>/<UTC time>.jsonl (see addon.py).
SPOTLIGHT_DATA_DIR = None  # None: ./data beside scrapy.cfg in a checkout, else ~/.local/share
# The default feed's file name instead of the start time (the scheduled command's log stamp).
SPOTLIGHT_RUN_STAMP = None
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = list(FIELD_NAMES)
# CSV writes nested fields (authors, magazine_issue) as JSON, not as Python reprs.
# CSV cells a spreadsheet would run as a formula (starting =, +, -, @, tab, CR) get a single
# quote before them (OWASP's rule; see exporters.py). False: cells as they are.
SPOTLIGHT_CSV_SAFE_CELLS = True
FEED_EXPORTERS = {
    "csv": "spotlight_crawler.exporters.FlatCsvItemExporter",
}
# A file output reports a failed write (full disk, read-only) instead of raising it into the
# feed exporter: the run stops with exit status 7 and remembers only what was written (outputs.py).
FEED_STORAGES = dict.fromkeys(("", "file"), "spotlight_crawler.outputs.GuardedFileStorage")

# --- Item pipelines, in order ------------------------------------------------------
ITEM_PIPELINES = {
    # Each story once: same canonical URL, or a repost (same headline key and same text),
    # in this run or an earlier one.
    "spotlight_crawler.pipelines.dedup.DedupPipeline": 200,
    # Last: Spidermon checks each record against its JSON Schema and drops what fails.
    "spotlight_crawler.pipelines.validate.ValidationPipeline": 900,
}

# --- Incremental runs ----------------------------------------------------------
# The seen-store shared by every spider: "default" is SPOTLIGHT_DATA_DIR/state.sqlite3,
# a path names another file, an empty value (or -a fresh=1) runs without it. "auto": the
# default file for Scrapyd jobs (and bin/spotlight-scheduled passes "default"); ad-hoc
# `scrapy crawl` runs go without it, so `-O` never overwrites stories the state marks seen.
SPOTLIGHT_STATE = "auto"
# Runs in which a page that could not be read is asked for again before it is given up.
SPOTLIGHT_MAX_ATTEMPTS = 5
# Paging stops after this many listing pages in a row held only seen stories.
SPOTLIGHT_STOP_AFTER_SEEN_PAGES = 1
# A record under another URL is a repost of an emitted story when their headline keys are
# equal and their bodies' similarity (estimated Jaccard of word 3-shingles) is at least this.
SPOTLIGHT_REPOST_SIMILARITY = 0.9
SPIDER_MIDDLEWARES = {
    "spotlight_crawler.incremental.extension.IncrementalMiddleware": 950,
}

# --- Run monitors (see run/monitors.py and docs/operations.md) ---------------------------
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["spotlight_crawler.run.monitors.RunMonitors"]
# An object path, not a file path: inside a Scrapyd egg the schema file has no path.
SPIDERMON_VALIDATION_SCHEMAS = ["spotlight_crawler.items.ARTICLE_SCHEMA"]
SPIDERMON_VALIDATION_DROP_ITEMS_WITH_ERRORS = True
SPIDERMON_VALIDATION_ADD_ERRORS_TO_ITEMS = False  # the record's fields are a contract
# A full scheduled run writes at least this many records (narrowed runs are not checked;
# fewer is fine when the rest of the listings was already seen in earlier runs).
SPOTLIGHT_MIN_RECORDS = 1
# Share of the records written that carry each field. published_at counts only dates the
# article page printed: the listing's date stands in for it but hides a markup change.
SPOTLIGHT_MIN_COVERAGE = {"headline": 1.0, "url": 1.0, "published_at": 0.98, "body": 0.95, "authors": 0.95}
# Listing pages in which no article link was recognised (markup drift or a blocked page).
SPOTLIGHT_MAX_NO_LINK_PAGES = 0
# Records dropped because they failed the JSON Schema (a bug of ours, never of the site).
SPOTLIGHT_MAX_INVALID_RECORDS = 0
# Pages given up (after SPOTLIGHT_MAX_ATTEMPTS runs; in a run without the state, any page
# not read whole) before the run fails: each may be a story in no output.
SPOTLIGHT_MAX_LOST_PAGES = 0
# An article page whose body has fewer words is no story (an error, wall, challenge or
# maintenance page): no record, kept for the next run, and the run fails (faults/notstory.py).
SPOTLIGHT_MIN_STORY_WORDS = 20
# One text served verbatim under this many URLs in one run is the site failing, not reposts.
SPOTLIGHT_SHARED_BODY_URLS = 3
# The feed's title, time and author must agree with the page extraction's headline,
# published_at and authors on at least this share of the stories in both, once there are
# at least SPOTLIGHT_FEED_CHECK_MIN_STORIES of them (fewer: not judged).
SPOTLIGHT_FEED_MIN_AGREEMENT = 0.9
SPOTLIGHT_FEED_CHECK_MIN_STORIES = 5

# --- Record and replay ---------------------------------------------------------
# SPOTLIGHT_RECORD=<dir> stores every response; SPOTLIGHT_REPLAY=<dir> serves only those.
SPOTLIGHT_RECORD = None
SPOTLIGHT_REPLAY = None
# Rendered (browser) and plain requests for one URL are different requests.
REQUEST_FINGERPRINTER_CLASS = "spotlight_crawler.replay.RenderAwareFingerprinter"

# --- Browser (scrapy-playwright; see render.py) ----------------------------------------
# never | auto (the browser only for pages that need it) | always (listings through it);
# -a render=... wins. The handlers and launch options are derived in addon.py.
SPOTLIGHT_RENDER = "auto"
# Debian's Chromium when installed; empty or None: Playwright's own build.
SPOTLIGHT_BROWSER_EXECUTABLE = render.default_executable()
# "Load more" clicks on one listing page at most.
SPOTLIGHT_LOAD_MORE_CLICKS = 20
# One context, few tabs: a Chromium tab costs tens of MB, and listings are walked in order.
PLAYWRIGHT_MAX_CONTEXTS = 1
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2

# --- Engine ------------------------------------------------------------------
# Items are processed by plain functions; Scrapy's default of 100 starts 100 tasks per page.
# (1 runs fewer instructions but costs more time: the page's outputs then wait on one task.)
CONCURRENT_ITEMS = 4
# Scrapy reads a generator callback's source and parses it (inspect, tokenize, ast) to warn
# about `return <value>`; its cache is keyed by each request's bound method, so a crawl parses
# the spiders' source again and again. tests/test_callbacks.py makes the same check once.
WARN_ON_GENERATOR_RETURN_VALUE = False
# No listening ports or state files beside the crawl itself.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# Scrapy imports every extension named in EXTENSIONS_BASE, and every key of EXTENSIONS, even
# disabled ones: RemoteControl's module pulls in aiohttp's web server (about 0.4 s of every
# start), so it is left out of the base list instead of being disabled in EXTENSIONS.
_REMOTE_CONTROL = "scrapy.extensions.remote_control.RemoteControl"
EXTENSIONS_BASE = {path: order for path, order in _SCRAPY_EXTENSIONS.items() if path != _REMOTE_CONTROL}
EXTENSIONS = {
    # With JOBDIR, Scrapy's SpiderState would keep a dict in `spider.state` across runs; here
    # `spider.state` is the seen-store (a read-only property) and the JOBDIR run failed its
    # "no ERROR lines" monitor on the clash. Nothing of ours is kept there.
    "scrapy.extensions.spiderstate.SpiderState": None,
    # With JOBDIR: the JOBDIR of a killed crawl is set aside, not resumed (docs/operations.md).
    "spotlight_crawler.incremental.jobdir.JobdirGuard": 100,
    # File outputs opened before the first request, and each record flushed to them (outputs.py).
    "spotlight_crawler.outputs.OutputGuard": 450,
    # The seen-store of scheduled runs (after the feed exporter: lines first, then state).
    "spotlight_crawler.incremental.extension.IncrementalState": 500,
    # Per-field counts over the records written, for the coverage monitor.
    "spotlight_crawler.run.coverage.FieldCoverage": 600,
    # The feed's title, time and author against the records written, for the feed monitor.
    "spotlight_crawler.run.feed_check.FeedCheck": 610,
    # Spidermon, running the run monitors at spider close: before the report, which carries
    # their verdict (the verdict itself is one ERROR line, `Run not good ...`).
    "spidermon.contrib.scrapy.extensions.Spidermon": 800,
    # The run's stats as JSON at SPOTLIGHT_REPORT_FILE, when set.
    "spotlight_crawler.run.report.RunReport": 900,
    # A few readable lines when the engine stops: records, pages, failures, missing fields.
    "spotlight_crawler.run.summary.RunSummary": 1000,
    # A progress bar on an interactive terminal (stderr a TTY, no LOG_FILE); nothing otherwise.
    "spotlight_crawler.run.progress.Progress": 1100,
}
SPOTLIGHT_REPORT_FILE = None
LOG_LEVEL = "INFO"
