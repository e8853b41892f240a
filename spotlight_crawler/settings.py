"""Settings of spotlight-crawler. Only values that differ from Scrapy's defaults.

Project settings start with ``SPOTLIGHT_``; the README has a table of them. Settings that
follow from others (feed path, replay, rendering) are derived at start by
``spotlight_crawler.addon.SpotlightAddon``, so ``-s`` on the command line is enough.
"""

from spotlight_crawler import site
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

# --- Output ------------------------------------------------------------------
# Without -o/-O a run writes SPOTLIGHT_DATA_DIR/<spider>/<UTC time>.jsonl (see addon.py).
SPOTLIGHT_DATA_DIR = None  # None: ./data beside scrapy.cfg in a checkout, else ~/.local/share
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = list(FIELD_NAMES)

# --- Item pipelines, in order ------------------------------------------------------
ITEM_PIPELINES = {
    # Dates, bylines and magazine issues from what the page printed.
    "spotlight_crawler.pipelines.normalize.NormalizePipeline": 100,
    # Each story once: same canonical URL or headline key, in this run or an earlier one.
    "spotlight_crawler.pipelines.dedup.DedupPipeline": 200,
}

# --- Incremental runs ----------------------------------------------------------
# The seen-store shared by every spider: "default" is SPOTLIGHT_DATA_DIR/state.sqlite3,
# an empty value (or -a fresh=1) runs without it.
SPOTLIGHT_STATE = "default"
# Paging stops after this many listing pages in a row held only seen stories.
SPOTLIGHT_STOP_AFTER_SEEN_PAGES = 1
SPIDER_MIDDLEWARES = {"spotlight_crawler.incremental.IncrementalMiddleware": 950}

# --- Record and replay ---------------------------------------------------------
# SPOTLIGHT_RECORD=<dir> stores every response; SPOTLIGHT_REPLAY=<dir> serves only those.
SPOTLIGHT_RECORD = None
SPOTLIGHT_REPLAY = None
# Rendered (browser) and plain requests for one URL are different requests.
REQUEST_FINGERPRINTER_CLASS = "spotlight_crawler.replay.RenderAwareFingerprinter"

# --- Engine ------------------------------------------------------------------
# No listening ports or state files beside the crawl itself.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
EXTENSIONS = {
    "scrapy.extensions.remote_control.RemoteControl": None,
    # The seen-store of scheduled runs (after the feed exporter: lines first, then state).
    "spotlight_crawler.incremental.IncrementalState": 500,
    # The run's stats as JSON at SPOTLIGHT_REPORT_FILE, when set.
    "spotlight_crawler.report.RunReport": 900,
}
SPOTLIGHT_REPORT_FILE = None
LOG_LEVEL = "INFO"
