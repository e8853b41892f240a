"""Every stats key of the project, declared once (a typo is a NameError, not a counter nobody
reads): ``spotlight/<area>/<what>``; a key with a kind (why a page failed, which field) is a template
filled by its ``format``: ``keys.page_failed("article", "http_404")``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ARTICLE_FAILED_HTTP_404 = "spotlight/article/failed/http_404"
ARTICLE_JSON_LD_TOO_DEEP = "spotlight/article/json_ld_too_deep"
ARTICLE_NOT_HTML = "spotlight/article/not_html"
ARTICLE_OUTSIDE_WINDOW = "spotlight/article/outside_window"
ARTICLE_PAGES = "spotlight/article/pages"
ARTICLE_REQUESTED_MISSING = "spotlight/article/requested_missing"
# Article pages that held no story, by what they were (faults/notstory.py).
not_story = "spotlight/article/not_story/{}".format

# A page of a kind (listing, article, feed...) that could not be read, by why (faults/kinds.py).
page_failed = "spotlight/{}/failed/{}".format
article_failed = "spotlight/article/failed/{}".format
# A page cut short, by page kind and outcome: asked for again (retried) or kept as it was (kept).
truncated = "spotlight/{}/truncated/{}".format

BISECT_FAILED = "spotlight/bisect/failed"
BISECT_REQUESTS = "spotlight/bisect/requests"
BISECT_START_PAGE = "spotlight/bisect/start_page"
BISECT_UNDATED = "spotlight/bisect/undated"

CHARSET_CORRECTED = "spotlight/charset/corrected"
CHARSET_UTF16 = "spotlight/charset/utf16"
charset_corrected = "spotlight/charset/corrected/{}_to_{}".format
charset_utf16 = "spotlight/charset/utf16/{}_to_{}".format

COVERAGE_FROM_LISTING_PREFIX = "spotlight/coverage/from_listing/"
COVERAGE_PREFIX = "spotlight/coverage/"

DEDUP_DROPPED_PREFIX = "spotlight/dedup/dropped/"
dedup = "spotlight/dedup/{}".format

FAILURES_CARRIED = "spotlight/failures/carried"
FAILURES_GIVEN_UP = "spotlight/failures/given_up"
FAILURES_LOST = "spotlight/failures/lost"
FAILURES_RECOVERED = "spotlight/failures/recovered"
failures_carried = "spotlight/failures/carried/{}".format
failures_given_up = "spotlight/failures/given_up/{}".format
failures_retried = "spotlight/failures/retried/{}".format
lost = "spotlight/failures/lost/{}".format

FALLBACK_PREFIX = "spotlight/fallback/"
fallback = "spotlight/fallback/{}".format
field_missing = "spotlight/field_missing/{}".format

FEED_CONDITIONAL = "spotlight/feed/conditional"
FEED_DISCOVERED = "spotlight/feed/discovered"
FEED_ENTRIES = "spotlight/feed/entries"
FEED_ENTRIES_WITHOUT_LINK = "spotlight/feed/entries_without_link"
FEED_GAP = "spotlight/feed/gap"
FEED_NEW = "spotlight/feed/new"
FEED_NOT_ARTICLE_LINKS = "spotlight/feed/not_article_links"
FEED_NOT_MODIFIED = "spotlight/feed/not_modified"
FEED_PAGES = "spotlight/feed/pages"
feed_filled = "spotlight/feed/filled/{}".format
feed_gap = "spotlight/feed/gap/{}".format
feed_unreadable = "spotlight/feed/unreadable/{}".format

FEED_CHECK_PREFIX = "spotlight/feed_check/"
HOME_PAGES = "spotlight/home/pages"

INCREMENTAL_SKIPPED_GIVEN_UP = "spotlight/incremental/skipped_given_up"
INCREMENTAL_SKIPPED_SEEN = "spotlight/incremental/skipped_seen"
INCREMENTAL_STOPPED_PAGING = "spotlight/incremental/stopped_paging"
JOBDIR_SET_ASIDE = "spotlight/jobdir/set_aside"

LISTING_DISCOVERED = "spotlight/listing/discovered"
LISTING_ENTRIES = "spotlight/listing/entries"
LISTING_FALLBACK_PATH = "spotlight/listing/fallback_path"
LISTING_NO_ARTICLE_LINKS = "spotlight/listing/no_article_links"
LISTING_OFFSITE_LINKS = "spotlight/listing/offsite_links"
LISTING_PAGES = "spotlight/listing/pages"
LISTING_PAST_END = "spotlight/listing/past_end"
LISTING_UNSHAPED = "spotlight/listing/unshaped"
listing_stopped = "spotlight/listing/stopped/{}".format

MONITORS_FAILED = "spotlight/monitors/failed"
NORMALIZE_AGE_DAY_FROM_PATH = "spotlight/normalize/age_day_from_path"
NORMALIZE_CONTROL_CHARACTERS = "spotlight/normalize/control_characters"
NORMALIZE_IMPLAUSIBLE_PUBLISHED_AT = "spotlight/normalize/implausible/published_at"
NORMALIZE_ISSUE_DATES_DISAGREE = "spotlight/normalize/issue_dates_disagree"
normalized = "spotlight/normalize/{}".format
unparsed = "spotlight/normalize/unparsed/{}".format

NOT_HTML = "spotlight/not_html"
not_html = "spotlight/not_html/{}".format

OFFSITE_BLOCKED = "spotlight/offsite/blocked"
offsite_blocked = "spotlight/offsite/blocked/{}".format

# Why the output could not be written, as one sentence.
OUTPUT_WRITE_FAILED = "spotlight/output/write_failed"
PUBLISHED_AT_METADATA_DISAGREES = "spotlight/published_at/metadata_disagrees"

WITNESS_DISAGREE_PREFIX = "spotlight/witnesses/disagree/"
witness_chosen = "spotlight/witnesses/chosen/{}/{}".format
witnesses_disagree = "spotlight/witnesses/disagree/{}/{}~{}".format

REDIRECTS_LOOP = "spotlight/redirects/loop"
REDIRECTS_OFFSITE = "spotlight/redirects/offsite"

RENDER_FALLBACKS = "spotlight/render/fallbacks"
RENDER_FALLBACKS_ARTICLE = "spotlight/render/fallbacks/article"
RENDER_FALLBACKS_LISTING = "spotlight/render/fallbacks/listing"
render_fallback = "spotlight/render/fallbacks/{}".format
# Why no browser could be had for the pages that needed one (the path tried and the fix).
RENDER_BROWSER_MISSING = "spotlight/render/browser_missing"
# 1 once a page needed the browser and scrapy-playwright's handler started.
RENDER_HANDLER_STARTED = "spotlight/render/handler_started"
RENDER_LOAD_MORE_CLICKS = "spotlight/render/load_more_clicks"
RENDER_PAGES = "spotlight/render/pages"
RENDER_PREFIX = "spotlight/render/"
REPLAY_MISSING = "spotlight/replay/missing"

RETRY_BACKOFF = "spotlight/retry/backoff"
RETRY_DEFERRED = "spotlight/retry/deferred"
RETRY_RETRY_AFTER = "spotlight/retry/retry_after"
RETRY_SLOWEST_DELAY = "spotlight/retry/slowest_delay"
RETRY_WAIT_CAPPED = "spotlight/retry/wait_capped"

ROBOTS_UNAVAILABLE = "spotlight/robots/unavailable"
ROBOTS_TRUNCATED = "spotlight/robots/truncated"
ROBOTS_CRAWL_DELAY = "spotlight/robots/crawl_delay"
ROBOTS_CRAWL_DELAY_CAPPED = "spotlight/robots/crawl_delay_capped"
robots_unavailable = "spotlight/robots/unavailable/{}".format

STATE_FILE = "spotlight/state/file"
STATE_KNOWN_BEFORE = "spotlight/state/known_before"
STATE_RECOVERED = "spotlight/state/recovered"
STATE_REFUSED = "spotlight/state/refused"

STREAM_CUT = "spotlight/stream/cut"

# taught (judge/taught.py), per field. news: what this run learned of it, in one line; unproven: 1 when the
# judge read it wrong on a taught page and no witness was right.
TAUGHT_PAGES = "spotlight/taught/pages"
taught_witness = "spotlight/taught/{}/witness".format
taught_proven = "spotlight/taught/{}/proven".format
taught_served = "spotlight/taught/{}/served".format
taught_news = "spotlight/taught/{}/news".format
taught_unproven = "spotlight/taught/{}/unproven".format

# The exit status, and its reasons as [exit status, reason] pairs.
VERDICT_EXIT_STATUS = "spotlight/verdict/exit_status"
VERDICT_FAILURES = "spotlight/verdict/failures"


def counts(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    """The numeric stats under ``prefix``, by the rest of their key, largest first."""
    found = {
        k.removeprefix(prefix): int(v) for k, v in stats.items() if k.startswith(prefix) and isinstance(v, (int, float))
    }
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))


def failed_pages(stats: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """Pages that could not be read (``spotlight/<page kind>/failed/<why>``): {page kind: {why: count}}."""
    kinds = {key.split("/")[1] for key in stats if key.startswith("spotlight/") and key.split("/")[2:3] == ["failed"]}
    return {kind: counts(stats, page_failed(kind, "")) for kind in sorted(kinds)}
