"""Settings of spotlight-crawler that differ from Scrapy's defaults (the README's table describes ``SPOTLIGHT_*``)."""

from pathlib import Path

from spotlight_crawler import site
from spotlight_crawler.items import FIELD_NAMES

BOT_NAME = "spotlight_crawler"
SPIDER_MODULES = ["spotlight_crawler.spiders"]
NEWSPIDER_MODULE = "spotlight_crawler.spiders"
# `scrapy crawl` from this package sets its exit status from the run's verdict.
COMMANDS_MODULE = "spotlight_crawler.commands"
ADDONS = {"spotlight_crawler.addon.SpotlightAddon": 0}

# --- The site ----------------------------------------------------------------
SPOTLIGHT_BASE_URL = site.CANONICAL_BASE_URL
SPOTLIGHT_CANONICAL_URL = site.CANONICAL_BASE_URL
SPOTLIGHT_INTERNATIONAL_PATH = site.INTERNATIONAL_PATH
SPOTLIGHT_LATEST_PATH = site.LATEST_PATH
SPOTLIGHT_MAX_LISTING_PAGES = 5000
SPOTLIGHT_BISECT = True
SPOTLIGHT_PRESET = None
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
DOWNLOAD_TIMEOUT = 30
# An article page is tens of kB; anything this large is not one.
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 3
# A page failing after its retries is counted by kind and retried by the next run: no ERROR.
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"
SPOTLIGHT_MAX_RETRY_AFTER = 120
SPOTLIGHT_RETRY_BACKOFF = 1.0
SPOTLIGHT_ROBOTS_TIMEOUT = 10
SPOTLIGHT_ROBOTS_RETRIES = 1
SPOTLIGHT_ROBOTS_MAXSIZE = 512 * 1024
SPOTLIGHT_MAX_CRAWL_DELAY = 60

# --- Faults of the site and the network (responses pass from high numbers to low) ----------
DOWNLOADER_MIDDLEWARES = {
    # First: a request off the site's scheme, host and port is never sent, whatever made it.
    "spotlight_crawler.faults.offsite.SiteGuardMiddleware": 40,
    # Replaced by it (Scrapy's compares host names only and lets dont_filter requests go).
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    # After RobotsTxtMiddleware (100): the policy for a robots.txt that cannot be read, and its Crawl-delay.
    "spotlight_crawler.faults.polite.RobotsPolicyMiddleware": 101,
    # Retries of 429/503 honour Retry-After and slow the whole crawl down.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "spotlight_crawler.faults.polite.PoliteRetryMiddleware": 550,
    # After decompression (590): binary bodies, UTF-16 and pages in another charset than declared.
    "spotlight_crawler.faults.charset.CharsetMiddleware": 585,
    # Before decompression: robots.txt's body bounded, and a gzip/deflate stream cut short.
    "spotlight_crawler.faults.polite.RobotsBodyMiddleware": 595,
    "spotlight_crawler.faults.streams.CompressedStreamMiddleware": 596,
    # Before RedirectMiddleware (600): a redirect off the site or round a loop fails its request.
    "spotlight_crawler.faults.offsite.RedirectGuardMiddleware": 610,
}

# --- Output ------------------------------------------------------------------
SPOTLIGHT_DATA_DIR = None  # None: ./data beside scrapy.cfg in a checkout, else ~/.local/share
SPOTLIGHT_RUN_STAMP = None
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = list(FIELD_NAMES)
SPOTLIGHT_CSV_SAFE_CELLS = True
FEED_EXPORTERS = {"csv": "spotlight_crawler.outputs.FlatCsvItemExporter"}
# A failed write to a file output stops the run (exit status 7); only what was written is remembered (outputs.py).
FEED_STORAGES = dict.fromkeys(("", "file"), "spotlight_crawler.outputs.GuardedFileStorage")

# --- Item pipelines, in order ------------------------------------------------------
ITEM_PIPELINES = {
    # Each story once: same canonical URL, or a repost (same headline key and text), in any run.
    "spotlight_crawler.pipelines.dedup.DedupPipeline": 200,
    # Last: Spidermon checks each record against its JSON Schema and drops what fails.
    "spotlight_crawler.pipelines.validate.ValidationPipeline": 900,
}

# --- Incremental runs ----------------------------------------------------------
SPOTLIGHT_STATE = "auto"
SPOTLIGHT_MAX_ATTEMPTS = 5
SPOTLIGHT_STOP_AFTER_SEEN_PAGES = 1
SPOTLIGHT_REPOST_SIMILARITY = 0.9
SPIDER_MIDDLEWARES = {"spotlight_crawler.incremental.extension.IncrementalMiddleware": 950}

# --- Run monitors (see run/monitors.py and docs/operations.md) ---------------------------
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["spotlight_crawler.run.monitors.RunMonitors"]
# An object path, not a file path: inside a Scrapyd egg the schema file has no path.
SPIDERMON_VALIDATION_SCHEMAS = ["spotlight_crawler.items.ARTICLE_SCHEMA"]
SPIDERMON_VALIDATION_DROP_ITEMS_WITH_ERRORS = True
SPOTLIGHT_MIN_RECORDS = 1
SPOTLIGHT_MIN_COVERAGE = {"headline": 1.0, "url": 1.0, "published_at": 0.98, "body": 0.95, "authors": 0.95}
SPOTLIGHT_MAX_NO_LINK_PAGES = 0
SPOTLIGHT_MAX_INVALID_RECORDS = 0
SPOTLIGHT_MAX_LOST_PAGES = 0
SPOTLIGHT_MIN_STORY_WORDS = 20
SPOTLIGHT_SHARED_BODY_URLS = 3
SPOTLIGHT_FEED_MIN_AGREEMENT = 0.9
SPOTLIGHT_FEED_CHECK_MIN_STORIES = 5

# --- Record and replay ---------------------------------------------------------
SPOTLIGHT_RECORD = None
SPOTLIGHT_REPLAY = None
# Rendered (browser) and plain requests for one URL are different requests.
REQUEST_FINGERPRINTER_CLASS = "spotlight_crawler.replay.RenderAwareFingerprinter"

# --- Browser (scrapy-playwright; see render.py) ----------------------------------------
SPOTLIGHT_RENDER = "auto"
# Debian's Chromium when installed; None lets Playwright use its own build.
SPOTLIGHT_BROWSER_EXECUTABLE = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
SPOTLIGHT_LOAD_MORE_CLICKS = 20
# One context, few tabs: a Chromium tab costs tens of MB, and listings are walked in order.
PLAYWRIGHT_MAX_CONTEXTS = 1
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2

# --- Engine ------------------------------------------------------------------
# No listening ports beside the crawl itself.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
EXTENSIONS = {
    # `spider.state` is the seen-store (a read-only property), not SpiderState's dict.
    "scrapy.extensions.spiderstate.SpiderState": None,
    # With JOBDIR: the JOBDIR of a killed crawl is set aside, not resumed (docs/operations.md).
    "spotlight_crawler.incremental.jobdir.JobdirGuard": 100,
    # File outputs checked before the first request, each record flushed (outputs.py).
    "spotlight_crawler.outputs.OutputGuard": 450,
    # The seen-store of scheduled runs (after the feed exporter: lines first, then state).
    "spotlight_crawler.incremental.extension.IncrementalState": 500,
    # Per-field counts over the records written, for the coverage monitor.
    "spotlight_crawler.run.coverage.FieldCoverage": 600,
    # The feed's title, time and author against the records written, for the feed monitor.
    "spotlight_crawler.run.feed_check.FeedCheck": 610,
    # Spidermon's run monitors at spider close, before the report that carries their verdict.
    "spidermon.contrib.scrapy.extensions.Spidermon": 800,
    # After the monitors: the run's report (SPOTLIGHT_REPORT_FILE) and its last lines in the log.
    "spotlight_crawler.run.summary.RunSummary": 1000,
}
SPOTLIGHT_REPORT_FILE = None
LOG_LEVEL = "INFO"
