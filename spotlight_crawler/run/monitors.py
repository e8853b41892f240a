"""Whether a run is good, checked when the spider closes (Spidermon monitors).

``RunMonitors`` (``SPIDERMON_SPIDER_CLOSE_MONITORS``) checks the run's own output:

- enough records (``SPOTLIGHT_MIN_RECORDS``), unless the seen-store explains the shortfall
  (the listings were read and the rest was already seen) or the crawl was narrowed
  (``since``, ``until``, ``max_pages``, the article spider): a scheduled run that suddenly
  yields nothing is the classic silent failure after a redesign;
- field coverage over the records written (``SPOTLIGHT_MIN_COVERAGE``, counted by
  ``coverage.FieldCoverage``): a redesign usually loses one field, not all of them;
- no ERROR line in the log, finish reason ``finished``;
- no listing page without recognisable article links (``SPOTLIGHT_MAX_NO_LINK_PAGES``);
- no record dropped by schema validation (``SPOTLIGHT_MAX_INVALID_RECORDS``);
- no story lost (``SPOTLIGHT_MAX_LOST_PAGES``): a page given up after
  ``SPOTLIGHT_MAX_ATTEMPTS`` runs or, in a run without the state, any page not read whole
  (nothing will ask for it again). Pages the state keeps for the next run are reported in
  the summary, not failed here;
- a page that needs the browser gets one (``BrowserMonitor``): when none could be had, the
  reason names the path tried and how to install one;
- no page deferred by a ``Retry-After`` longer than ``SPOTLIGHT_MAX_RETRY_AFTER``
  (``spotlight/retry/deferred``): the rest of the site was read, that page was not;
- every article page held its story (``NotStoryMonitor``): a page answered in place of its
  story (an error, wall, challenge, maintenance, empty or cut page: faults/notstory.py) is
  no record and fails the run, named by kind; the state keeps it for the next run;
- the site's feed agrees with the page extraction (``FeedAgreementMonitor``): per field
  (``headline``, ``published_at``, ``authors``) on at least ``SPOTLIGHT_FEED_MIN_AGREEMENT``
  of the stories in both, once there are ``SPOTLIGHT_FEED_CHECK_MIN_STORIES`` of them.

``ReportVerdict`` then puts one reason per failed check into stats
(``spotlight/monitors/failed``) and settles the run's verdict (``verdict.settle``: the exit
status and its reasons into the stats and, when the run is not good, one readable ERROR
paragraph). It is a Spidermon action (``monitors_finished_actions``), run inside Spidermon's
own ``spider_closed`` handler (its extension connected before ``report.RunReport``), so the
report, the summary and the ``crawl`` command's exit status all read that one verdict.
Spidermon logs each failed check itself, as it documents (a block per failure).
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from typing import Any, ClassVar

from scrapy.settings import BaseSettings
from spidermon import Monitor, MonitorSuite, monitors
from spidermon.core.actions import Action

from spotlight_crawler.items import FIELD_NAMES
from spotlight_crawler.run import keys, verdict
from spotlight_crawler.run.coverage import PAGE_ONLY, PREFIX, RECORDS
from spotlight_crawler.run.feed_check import FIELDS as FEED_CHECKED
from spotlight_crawler.run.feed_check import PREFIX as FEED_CHECK

logger = logging.getLogger(__name__)

# Spidermon 1.27 writes its monitor log through ``Spider.log()``, which Scrapy 2.19 deprecates:
# the warning is Spidermon's to act on, not a line in every run's log.
warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated", module=r"spidermon\.")

FAILED_KEY = keys.MONITORS_FAILED
EXIT_STATUS_KEY = keys.VERDICT_EXIT_STATUS
_INVALID_KEY = "spidermon/validation/items/dropped"
_FIELD_ERRORS = "spidermon/validation/fields/errors/"


@dataclass(frozen=True)
class Thresholds:
    """The monitors' settings, parsed once; a bad value stops the crawl before it starts."""

    min_records: int
    min_coverage: dict[str, float]
    max_no_link_pages: int
    max_invalid_records: int
    max_lost_pages: int

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Thresholds:
        coverage = {str(k): float(v) for k, v in settings.getdict("SPOTLIGHT_MIN_COVERAGE").items()}
        unknown = sorted(set(coverage) - set(FIELD_NAMES))
        if unknown:
            raise ValueError(f"SPOTLIGHT_MIN_COVERAGE names fields the record does not have: {', '.join(unknown)}")
        if any(not 0 <= share <= 1 for share in coverage.values()):
            raise ValueError("SPOTLIGHT_MIN_COVERAGE: shares are between 0 and 1 (0.98 is 98%)")
        return cls(
            min_records=settings.getint("SPOTLIGHT_MIN_RECORDS", 1),
            min_coverage=coverage,
            max_no_link_pages=settings.getint("SPOTLIGHT_MAX_NO_LINK_PAGES", 0),
            max_invalid_records=settings.getint("SPOTLIGHT_MAX_INVALID_RECORDS", 0),
            max_lost_pages=settings.getint("SPOTLIGHT_MAX_LOST_PAGES", 0),
        )


def _percent(share: float) -> str:
    return f"{share * 100:g}%"


class RunMonitor(Monitor):
    """Helpers shared by the run monitors: stats as numbers, thresholds, the spider."""

    def stat(self, key: str) -> int:
        return int(self.data.stats.get(key, 0) or 0)

    def stat_sum(self, prefix: str, suffix: str = "") -> int:
        return sum(int(v or 0) for k, v in self.data.stats.items() if k.startswith(prefix) and k.endswith(suffix))

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds.from_settings(self.data.crawler.settings)

    @property
    def narrowed(self) -> bool:
        return bool(getattr(self.data.spider, "narrowed", False))

    @property
    def records(self) -> int:
        return self.stat("item_scraped_count")


@monitors.name("Record count")
class RecordCountMonitor(RunMonitor):
    @monitors.name("Enough records for a full run")
    def test_enough_records(self) -> None:
        """At least SPOTLIGHT_MIN_RECORDS, or the seen-store explains why not."""
        if self.narrowed:
            self.skipTest("the crawl was narrowed (since, until, max_pages or given URLs)")
        needed, records = self.thresholds.min_records, self.records
        if records >= needed:
            return
        # Stories not written because an earlier run already wrote them.
        seen = (
            self.stat(keys.INCREMENTAL_SKIPPED_SEEN)
            + self.stat(keys.INCREMENTAL_SKIPPED_GIVEN_UP)
            + self.stat_sum(keys.DEDUP_DROPPED_PREFIX, "_in_an_earlier_run")
        )
        # Pages not fetched (or not HTML) may have held new stories: then nothing explains it.
        failed = self.stat(keys.ARTICLE_NOT_HTML) + sum(
            int(v or 0) for k, v in self.data.stats.items() if keys.is_failed(k)
        )
        uses_state = keys.STATE_FILE in self.data.stats
        if uses_state and seen and not failed and records + seen >= needed:
            return
        if uses_state and not failed and self.stat(keys.FEED_NOT_MODIFIED):
            return  # the site's feed said nothing changed since the last run (304)
        self.fail(
            f"{records} records written, needs at least {needed} "
            f"({self.stat(keys.LISTING_PAGES)} listing pages read, {seen} stories already seen, "
            f"{failed} pages not fetched)"
        )


@monitors.name("Field coverage")
class FieldCoverageMonitor(RunMonitor):
    @monitors.name("Fields present in enough records")
    def test_field_coverage(self) -> None:
        """Each field of SPOTLIGHT_MIN_COVERAGE is present in at least that share of the records."""
        total = self.stat(RECORDS)
        if not total:
            self.skipTest("no records written")
        short = []
        for name, needed in self.thresholds.min_coverage.items():
            count = self.stat(PREFIX + name)
            if count / total >= needed:
                continue
            raw = PAGE_ONLY.get(name)
            where = "found on the page" if raw else "present"
            message = f"{name} {where} in {count} of {total} records ({count / total:.1%}, needs {_percent(needed)}"
            if raw and (borrowed := self.stat(f"{PREFIX}from_listing/{raw}")):
                message += f"; {borrowed} took the listing's date instead"
            short.append(message + ")")
        if short:
            self.fail("; ".join(short))


@monitors.name("Log")
class ErrorLogMonitor(RunMonitor):
    @monitors.name("No error lines")
    def test_no_errors(self) -> None:
        errors = self.stat("log_count/ERROR")
        if errors:
            self.fail(f"{errors} ERROR lines in the log")


@monitors.name("Finish reason")
class FinishReasonMonitor(RunMonitor):
    @monitors.name("Finished, not stopped")
    def test_finished(self) -> None:
        reason = self.data.stats.get("finish_reason")
        if reason != "finished":
            self.fail(f"the crawl ended with finish reason {reason!r}, not 'finished'")


@monitors.name("Listing pages")
class ListingLinksMonitor(RunMonitor):
    @monitors.name("Listing pages hold article links")
    def test_listing_pages_hold_links(self) -> None:
        empty, allowed = self.stat(keys.LISTING_NO_ARTICLE_LINKS), self.thresholds.max_no_link_pages
        if empty > allowed:
            pages = self.stat(keys.LISTING_PAGES)
            self.fail(f"{empty} of {pages} listing pages held no recognisable article links (allowed: {allowed})")


@monitors.name("Validation")
class ValidationMonitor(RunMonitor):
    @monitors.name("Records match the schema")
    def test_records_valid(self) -> None:
        invalid, allowed = self.stat(_INVALID_KEY), self.thresholds.max_invalid_records
        if invalid > allowed:
            fields = sorted({k.rsplit("/", 1)[-1] for k in self.data.stats if k.startswith(_FIELD_ERRORS)})
            self.fail(
                f"{invalid} records failed the JSON Schema and were dropped (allowed: {allowed}; "
                f"fields: {', '.join(fields) or 'unknown'})"
            )


@monitors.name("Lost stories")
class LostStoriesMonitor(RunMonitor):
    @monitors.name("No page given up")
    def test_nothing_lost(self) -> None:
        """Pages nobody will ask for again: given up by the state, or failed in a run without one."""
        given_up, lost = self.stat(keys.FAILURES_GIVEN_UP), self.stat(keys.FAILURES_LOST)
        allowed = self.thresholds.max_lost_pages
        if given_up + lost > allowed:
            parts = []
            if given_up:
                parts.append(
                    f"{given_up} pages given up after {self.data.crawler.settings.getint('SPOTLIGHT_MAX_ATTEMPTS')} "
                    "attempts (named in the 'Gave up' WARNING lines)"
                )
            if lost:
                listing, article = (
                    self.stat(keys.FAILURES_LOST_LISTING),
                    self.stat(keys.FAILURES_LOST_ARTICLE),
                )
                parts.append(
                    f"{lost} pages not read whole in a run without the state ({article} article, {listing} "
                    "listing pages), so no later run retries them"
                )
            self.fail(f"stories lost: {'; '.join(parts)} (allowed: {allowed})")


@monitors.name("Browser")
class BrowserMonitor(RunMonitor):
    @monitors.name("Pages that need the browser get one")
    def test_browser_found(self) -> None:
        if reason := self.data.stats.get(keys.RENDER_BROWSER_MISSING):
            self.fail(f"pages that need the browser were not fetched: {reason}")


@monitors.name("Pages that are not stories")
class NotStoryMonitor(RunMonitor):
    @monitors.name("Every article page held its story")
    def test_every_page_a_story(self) -> None:
        """Article pages answered with something else (faults/notstory.py): the site failed them."""
        kinds = {
            k.removeprefix(keys.NOT_STORY_PREFIX): int(v)
            for k, v in self.data.stats.items()
            if k.startswith(keys.NOT_STORY_PREFIX) and int(v or 0)
        }
        if kinds:
            listed = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
            self.fail(
                f"{sum(kinds.values())} article pages were not stories ({listed}): no record written, "
                "each asked for again by the next run with the state"
            )


@monitors.name("Feed check")
class FeedAgreementMonitor(RunMonitor):
    @monitors.name("The feed agrees with the pages")
    def test_feed_agrees(self) -> None:
        """Per field, the share of stories in both the feed and the output on which they agree."""
        settings = self.data.crawler.settings
        needed = settings.getfloat("SPOTLIGHT_FEED_MIN_AGREEMENT", 0.9)
        least = settings.getint("SPOTLIGHT_FEED_CHECK_MIN_STORIES", 5)
        failed = []
        for field in FEED_CHECKED:
            agree, disagree = self.stat(f"{FEED_CHECK}{field}/agree"), self.stat(f"{FEED_CHECK}{field}/disagree")
            compared = agree + disagree
            if compared >= least and agree / compared < needed:
                example = self.data.stats.get(f"{FEED_CHECK}{field}/example", "")
                failed.append(
                    f"{field} agrees with the site's feed on {agree} of {compared} stories "
                    f"({agree / compared:.0%}, needs {_percent(needed)}), e.g. {example}"
                )
        if failed:
            self.fail("feed check: " + "; ".join(failed))


@monitors.name("Deferred pages")
class DeferredPagesMonitor(RunMonitor):
    @monitors.name("No page asked to be fetched later")
    def test_nothing_deferred(self) -> None:
        """Pages whose Retry-After was longer than this run waits: not read in this run."""
        if deferred := self.stat(keys.RETRY_DEFERRED):
            cap = self.data.crawler.settings.getfloat("SPOTLIGHT_MAX_RETRY_AFTER")
            self.fail(
                f"{deferred} pages answered with a Retry-After longer than SPOTLIGHT_MAX_RETRY_AFTER={cap:g} s and were "
                "not read in this run (named in the 'Retry-After' WARNING lines; a run with the state asks again)"
            )


class ReportVerdict(Action):
    """Failure reasons into stats, then the run's verdict settled on them (``verdict.settle``)."""

    def run_action(self) -> None:
        stats = self.data.crawler.stats
        stats.set_value(FAILED_KEY, [_reason(r) for r in self.result.monitors_failed_results])
        verdict.settle(stats)


def _reason(result: Any) -> str:
    """A failed check's own message; for a monitor that broke, its name and the exception."""
    if result.reason:
        return str(result.reason)
    last = (result.error or "").strip().splitlines()[-1:] or ["unknown error"]
    return f"monitor {result.item.name} could not run: {last[0]}"


class RunMonitors(MonitorSuite):
    monitors: ClassVar[list[type[Monitor]]] = [
        BrowserMonitor,  # first: the cause of the failures the others see
        RecordCountMonitor,
        FieldCoverageMonitor,
        ErrorLogMonitor,
        FinishReasonMonitor,
        ListingLinksMonitor,
        ValidationMonitor,
        LostStoriesMonitor,
        NotStoryMonitor,
        FeedAgreementMonitor,
        DeferredPagesMonitor,
    ]
    monitors_finished_actions: ClassVar[list[type[Action]]] = [ReportVerdict]

    def __init__(self, *args: Any, crawler: Any = None, **kwargs: Any):
        if crawler is not None:
            Thresholds.from_settings(crawler.settings)  # refuse bad thresholds at start
        super().__init__(*args, crawler=crawler, **kwargs)
