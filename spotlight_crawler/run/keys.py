"""Every stats key of the project, declared once.

Keys are ``spotlight/<area>/<what>``; a key with a kind (why a page failed, which field was
filled) is built by a small function, so a reader finds every key of an area here and a
typo is a NameError rather than a counter nobody reads. Tests spell keys out as a user of the
stats file would.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

PREFIX = "spotlight/"

# article
ARTICLE_FAILED_HTTP_404 = "spotlight/article/failed/http_404"
ARTICLE_FAILED_PREFIX = "spotlight/article/failed/"
ARTICLE_JSON_LD_TOO_DEEP = "spotlight/article/json_ld_too_deep"
ARTICLE_NOT_HTML = "spotlight/article/not_html"
# Article pages that held no story (an error, wall, challenge, maintenance, empty or cut page).
NOT_STORY_PREFIX = "spotlight/article/not_story/"
ARTICLE_OUTSIDE_WINDOW = "spotlight/article/outside_window"
ARTICLE_PAGES = "spotlight/article/pages"
ARTICLE_REQUESTED_MISSING = "spotlight/article/requested_missing"
ARTICLE_TRUNCATED_RETRIED = "spotlight/article/truncated/retried"

# bisect (the jump to a date window: spiders/jump.py)
BISECT_FAILED = "spotlight/bisect/failed"
BISECT_REQUESTS = "spotlight/bisect/requests"
BISECT_START_PAGE = "spotlight/bisect/start_page"
BISECT_UNDATED = "spotlight/bisect/undated"

# charset
CHARSET_CORRECTED = "spotlight/charset/corrected"
CHARSET_UTF16 = "spotlight/charset/utf16"

# coverage
COVERAGE_FROM_LISTING_PREFIX = "spotlight/coverage/from_listing/"
COVERAGE_PREFIX = "spotlight/coverage/"

# dedup
DEDUP_DROPPED_PREFIX = "spotlight/dedup/dropped/"

# failures
FAILURES_CARRIED = "spotlight/failures/carried"
FAILURES_GIVEN_UP = "spotlight/failures/given_up"
FAILURES_LOST = "spotlight/failures/lost"
FAILURES_LOST_ARTICLE = "spotlight/failures/lost/article"
FAILURES_LOST_LISTING = "spotlight/failures/lost/listing"
FAILURES_PENDING_AFTER = "spotlight/failures/pending_after"
FAILURES_PENDING_BEFORE = "spotlight/failures/pending_before"
FAILURES_RECOVERED = "spotlight/failures/recovered"

# fallback
FALLBACK_PREFIX = "spotlight/fallback/"

# feed
FEED_CONDITIONAL = "spotlight/feed/conditional"
FEED_DISCOVERED = "spotlight/feed/discovered"
FEED_ENTRIES = "spotlight/feed/entries"
FEED_ENTRIES_WITHOUT_LINK = "spotlight/feed/entries_without_link"
FEED_GAP = "spotlight/feed/gap"
FEED_NEW = "spotlight/feed/new"
FEED_NOT_ARTICLE_LINKS = "spotlight/feed/not_article_links"
FEED_NOT_MODIFIED = "spotlight/feed/not_modified"
FEED_PAGES = "spotlight/feed/pages"

# feed_check
FEED_CHECK_PREFIX = "spotlight/feed_check/"

# home
HOME_PAGES = "spotlight/home/pages"

# incremental
INCREMENTAL_SKIPPED_GIVEN_UP = "spotlight/incremental/skipped_given_up"
INCREMENTAL_SKIPPED_SEEN = "spotlight/incremental/skipped_seen"
INCREMENTAL_STOPPED_PAGING = "spotlight/incremental/stopped_paging"

# jobdir
JOBDIR_SET_ASIDE = "spotlight/jobdir/set_aside"

# listing
LISTING_DISCOVERED = "spotlight/listing/discovered"
LISTING_ENTRIES = "spotlight/listing/entries"
LISTING_FALLBACK_PATH = "spotlight/listing/fallback_path"
LISTING_NO_ARTICLE_LINKS = "spotlight/listing/no_article_links"
LISTING_OFFSITE_LINKS = "spotlight/listing/offsite_links"
LISTING_PAGES = "spotlight/listing/pages"
LISTING_PAST_END = "spotlight/listing/past_end"
LISTING_UNSHAPED = "spotlight/listing/unshaped"

# monitors
MONITORS_FAILED = "spotlight/monitors/failed"

# normalize
NORMALIZE_AGE_DAY_FROM_PATH = "spotlight/normalize/age_day_from_path"
NORMALIZE_CONTROL_CHARACTERS = "spotlight/normalize/control_characters"
NORMALIZE_IMPLAUSIBLE_PUBLISHED_AT = "spotlight/normalize/implausible/published_at"
NORMALIZE_ISSUE_DATES_DISAGREE = "spotlight/normalize/issue_dates_disagree"

# not_html
NOT_HTML = "spotlight/not_html"

# offsite
OFFSITE_BLOCKED = "spotlight/offsite/blocked"

# output (outputs.py): why the output could not be written, as one sentence
OUTPUT_WRITE_FAILED = "spotlight/output/write_failed"

# published_at
PUBLISHED_AT_METADATA_DISAGREES = "spotlight/published_at/metadata_disagrees"

# witnesses (judge/: which witness gave each field, which pairs disagreed)
WITNESS_CHOSEN_PREFIX = "spotlight/witnesses/chosen/"
WITNESS_DISAGREE_PREFIX = "spotlight/witnesses/disagree/"

# redirects
REDIRECTS_LOOP = "spotlight/redirects/loop"
REDIRECTS_OFFSITE = "spotlight/redirects/offsite"

# render
RENDER_FALLBACKS = "spotlight/render/fallbacks"
RENDER_FALLBACKS_ARTICLE = "spotlight/render/fallbacks/article"
RENDER_FALLBACKS_LISTING = "spotlight/render/fallbacks/listing"
# Why no browser could be had for the pages that needed one (text: the path tried and the fix);
# the pages are counted as failed/browser_missing.
RENDER_BROWSER_MISSING = "spotlight/render/browser_missing"
# scrapy-playwright's handler (and its Node driver) started: 1 once a page needed the browser.
RENDER_HANDLER_STARTED = "spotlight/render/handler_started"
RENDER_LOAD_MORE_CLICKS = "spotlight/render/load_more_clicks"
RENDER_PAGES = "spotlight/render/pages"
RENDER_PREFIX = "spotlight/render/"

# replay
REPLAY_MISSING = "spotlight/replay/missing"

# retry
RETRY_BACKOFF = "spotlight/retry/backoff"
RETRY_DEFERRED = "spotlight/retry/deferred"
RETRY_RETRY_AFTER = "spotlight/retry/retry_after"
RETRY_SLOWEST_DELAY = "spotlight/retry/slowest_delay"
RETRY_WAIT_CAPPED = "spotlight/retry/wait_capped"

# robots
ROBOTS_UNAVAILABLE = "spotlight/robots/unavailable"
ROBOTS_TRUNCATED = "spotlight/robots/truncated"
ROBOTS_CRAWL_DELAY = "spotlight/robots/crawl_delay"
ROBOTS_CRAWL_DELAY_CAPPED = "spotlight/robots/crawl_delay_capped"

# state
STATE_FILE = "spotlight/state/file"
STATE_KNOWN_BEFORE = "spotlight/state/known_before"
STATE_RECOVERED = "spotlight/state/recovered"
STATE_REFUSED = "spotlight/state/refused"
STATE_WRITE_FAILED = "spotlight/state/write_failed"

# stream (faults/streams.py): compressed bodies without the end of their stream
STREAM_CUT = "spotlight/stream/cut"

# verdict
VERDICT_EXIT_STATUS = "spotlight/verdict/exit_status"
# The reasons behind it, as [exit status, reason] pairs (verdict.settle, once per run).
VERDICT_FAILURES = "spotlight/verdict/failures"


# --- keys with a kind -----------------------------------------------------------------


def pages(page_kind: str) -> str:
    """Pages of one kind (``listing``, ``article``, ``feed``, ``home``) read."""
    return f"spotlight/{page_kind}/pages"


def failed_prefix(page_kind: str) -> str:
    """The prefix of the failures of one page kind, ``spotlight/<page kind>/failed/``."""
    return f"spotlight/{page_kind}/failed/"


def page_failed(page_kind: str, kind: str) -> str:
    """A page of ``page_kind`` that could not be read, by why (a kind of faults/kinds.py)."""
    return failed_prefix(page_kind) + kind


def article_failed(kind: str) -> str:
    return page_failed("article", kind)


def is_failed(key: str) -> bool:
    """Whether ``key`` counts pages that could not be read (``spotlight/<page kind>/failed/...``)."""
    return key.startswith(PREFIX) and key.split("/")[2:3] == ["failed"]


def failed_page_kinds(stats: Mapping[str, Any]) -> list[str]:
    """The page kinds with failures counted in ``stats``, sorted."""
    return sorted({key.split("/")[1] for key in stats if is_failed(key)})


def truncated(page_kind: str, outcome: str) -> str:
    """A page cut short, asked for again (``retried``) or kept as it was (``kept``)."""
    return f"spotlight/{page_kind}/truncated/{outcome}"


def not_story(kind: str) -> str:
    """An article page answered in place of its story, by what it was (faults/notstory.py)."""
    return NOT_STORY_PREFIX + kind


def lost(page_kind: str) -> str:
    return f"{FAILURES_LOST}/{page_kind}"


def fallback(field: str) -> str:
    """A field taken from the listing entry because the article page did not print it."""
    return FALLBACK_PREFIX + field


def field_missing(field: str) -> str:
    return f"spotlight/field_missing/{field}"


def listing_stopped(reason: str) -> str:
    return f"spotlight/listing/stopped/{reason}"


def feed_unreadable(reason: str) -> str:
    return f"spotlight/feed/unreadable/{reason}"


def feed_gap(reason: str) -> str:
    return f"{FEED_GAP}/{reason}"


def feed_filled(field: str) -> str:
    return f"spotlight/feed/filled/{field}"


def render_fallback(page_kind: str) -> str:
    return f"{RENDER_FALLBACKS}/{page_kind}"


def not_html(kind: str) -> str:
    return f"{NOT_HTML}/{kind}"


def robots_unavailable(kind: str) -> str:
    return f"{ROBOTS_UNAVAILABLE}/{kind}"


def offsite_blocked(where: str) -> str:
    return f"{OFFSITE_BLOCKED}/{where}"


def charset_corrected(declared: str, actual: str) -> str:
    return f"{CHARSET_CORRECTED}/{declared}_to_{actual}"


def charset_utf16(declared: str, actual: str) -> str:
    return f"{CHARSET_UTF16}/{declared}_to_{actual}"


def normalized(field: str) -> str:
    """A field the normalize pipeline changed."""
    return f"spotlight/normalize/{field}"


def unparsed(field: str) -> str:
    """A field the normalize pipeline could not read (kept as printed)."""
    return f"spotlight/normalize/unparsed/{field}"


def dedup(name: str) -> str:
    return f"spotlight/dedup/{name}"


def failures_retried(reason: str) -> str:
    return f"spotlight/failures/retried/{reason}"


def failures_given_up(reason: str) -> str:
    return f"{FAILURES_GIVEN_UP}/{reason}"


def failures_carried(reason: str) -> str:
    return f"{FAILURES_CARRIED}/{reason}"


def witness_chosen(field: str, witness: str) -> str:
    """The witness whose value a field of a record took (``.../published_at/jsonld.datePublished``)."""
    return f"{WITNESS_CHOSEN_PREFIX}{field}/{witness}"


def witnesses_disagree(field: str, witness: str, other: str) -> str:
    """Two witnesses of a field that gave different values on a page (``.../body/trafilatura.main~walk.story``)."""
    return f"{WITNESS_DISAGREE_PREFIX}{field}/{witness}~{other}"


# What the site's feed teaches (judge/taught.py): per field, the witness asked first.
TAUGHT_PREFIX = "spotlight/taught/"
# Article pages of stories in the feed whose witnesses were scored against it.
TAUGHT_PAGES = TAUGHT_PREFIX + "pages"


def taught_witness(field: str) -> str:
    """The witness the run's lesson asks first for ``field`` (a name)."""
    return f"{TAUGHT_PREFIX}{field}/witness"


def taught_proven(field: str) -> str:
    """On how many taught pages that witness was proven right, over the runs that kept it."""
    return f"{TAUGHT_PREFIX}{field}/proven"


def taught_served(field: str) -> str:
    """Records whose ``field`` that witness gave."""
    return f"{TAUGHT_PREFIX}{field}/served"


def taught_news(field: str) -> str:
    """What this run learned of ``field``, in one line ("published_at: the site now prints it ...")."""
    return f"{TAUGHT_PREFIX}{field}/news"


def taught_unproven(field: str) -> str:
    """The judge read ``field`` wrong on a taught page and no witness was right on all (1)."""
    return f"{TAUGHT_PREFIX}{field}/unproven"
