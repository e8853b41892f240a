"""The run's Spidermon monitors, each failing with one reason that names the numbers (thresholds:
``SPOTLIGHT_MIN_*`` and ``SPOTLIGHT_MAX_*``); ``ReportVerdict`` keeps the reasons and settles the verdict."""

from __future__ import annotations

import warnings
from typing import Any, ClassVar

from scrapy.settings import BaseSettings
from spidermon import Monitor, MonitorSuite, monitors
from spidermon.core.actions import Action

from spotlight_crawler.items import FIELD_NAMES
from spotlight_crawler.run import keys, verdict
from spotlight_crawler.run.coverage import PAGE_ONLY, PREFIX, RECORDS
from spotlight_crawler.run.feed_check import FIELDS as FEED_CHECKED
from spotlight_crawler.run.feed_check import PREFIX as FEED_CHECK
from spotlight_crawler.run.verdict import listed

# Spidermon 1.27 writes its monitor log through ``Spider.log()``, which Scrapy 2.19 deprecates:
# the warning is Spidermon's to act on, not a line in every run's log.
warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated", module=r"spidermon\.")

_INVALID = "spidermon/validation/items/dropped"
_FIELD_ERRORS = "spidermon/validation/fields/errors/"
_THRESHOLDS = (
    "SPOTLIGHT_MIN_RECORDS",
    "SPOTLIGHT_MAX_NO_LINK_PAGES",
    "SPOTLIGHT_MAX_INVALID_RECORDS",
    "SPOTLIGHT_MAX_LOST_PAGES",
)


def min_coverage(settings: BaseSettings) -> dict[str, float]:
    """``SPOTLIGHT_MIN_COVERAGE``; ValueError when it names a field the record lacks or a share outside 0..1."""
    coverage = {str(k): float(v) for k, v in settings.getdict("SPOTLIGHT_MIN_COVERAGE").items()}
    if unknown := sorted(set(coverage) - set(FIELD_NAMES)):
        raise ValueError(f"SPOTLIGHT_MIN_COVERAGE names fields the record does not have: {', '.join(unknown)}")
    if any(not 0 <= share <= 1 for share in coverage.values()):
        raise ValueError("SPOTLIGHT_MIN_COVERAGE: shares are between 0 and 1 (0.98 is 98%)")
    return coverage


def _percent(share: float) -> str:
    return f"{share * 100:g}%"


@monitors.name("Run")
class RunMonitor(Monitor):
    """Every check of a run; they run in the order of their method names."""

    def stat(self, key: str) -> int:
        return int(self.data.stats.get(key, 0) or 0)

    def setting(self, name: str, default: int = 0) -> int:
        return int(self.data.crawler.settings.getint(name, default))

    @monitors.name("Enough records for a full run")
    def test_enough_records(self) -> None:
        """At least SPOTLIGHT_MIN_RECORDS, or the seen-store explains why not."""
        if getattr(self.data.spider, "narrowed", False):
            self.skipTest("the crawl was narrowed (since, until, max_pages or given URLs)")
        needed, records = self.setting("SPOTLIGHT_MIN_RECORDS", 1), self.stat("item_scraped_count")
        # Stories not written because an earlier run already wrote them.
        earlier = keys.counts(self.data.stats, keys.DEDUP_DROPPED_PREFIX)
        seen = (
            self.stat(keys.INCREMENTAL_SKIPPED_SEEN)
            + self.stat(keys.INCREMENTAL_SKIPPED_GIVEN_UP)
            + sum(n for why, n in earlier.items() if why.endswith("_in_an_earlier_run"))
        )
        # Pages not fetched (or not HTML) may have held new stories: then nothing explains it.
        failed = self.stat(keys.ARTICLE_NOT_HTML) + sum(
            sum(why.values()) for why in keys.failed_pages(self.data.stats).values()
        )
        # A 304 of the site's feed: nothing changed since the last run.
        explained = (seen and records + seen >= needed) or self.stat(keys.FEED_NOT_MODIFIED)
        if records >= needed or (keys.STATE_FILE in self.data.stats and not failed and explained):
            return
        self.fail(
            f"{records} records written, needs at least {needed} "
            f"({self.stat(keys.LISTING_PAGES)} listing pages read, {seen} stories already seen, "
            f"{failed} pages not fetched)"
        )

    @monitors.name("Fields present in enough records")
    def test_field_coverage(self) -> None:
        if not (total := self.stat(RECORDS)):
            self.skipTest("no records written")
        short = []
        for name, needed in min_coverage(self.data.crawler.settings).items():
            if (count := self.stat(PREFIX + name)) / total >= needed:
                continue
            raw = PAGE_ONLY.get(name)
            where = "found on the page" if raw else "present"
            message = f"{name} {where} in {count} of {total} records ({count / total:.1%}, needs {_percent(needed)}"
            if raw and (borrowed := self.stat(keys.COVERAGE_FROM_LISTING_PREFIX + raw)):
                message += f"; {borrowed} took the listing's date instead"
            short.append(message + ")")
        if short:
            self.fail("; ".join(short))

    @monitors.name("Records match the schema")
    def test_records_valid(self) -> None:
        invalid, allowed = self.stat(_INVALID), self.setting("SPOTLIGHT_MAX_INVALID_RECORDS")
        if invalid > allowed:
            fields = sorted({k.rsplit("/", 1)[-1] for k in self.data.stats if k.startswith(_FIELD_ERRORS)})
            self.fail(
                f"{invalid} records failed the JSON Schema and were dropped (allowed: {allowed}; "
                f"fields: {', '.join(fields) or 'unknown'})"
            )

    @monitors.name("The feed agrees with the pages")
    def test_records_agree_with_the_feed(self) -> None:
        needed = self.data.crawler.settings.getfloat("SPOTLIGHT_FEED_MIN_AGREEMENT", 0.9)
        least = self.setting("SPOTLIGHT_FEED_CHECK_MIN_STORIES", 5)
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

    @monitors.name("Pages that need the browser get one")
    def test_browser_found(self) -> None:
        """First: the cause of the failures the other checks see."""
        if reason := self.data.stats.get(keys.RENDER_BROWSER_MISSING):
            self.fail(f"pages that need the browser were not fetched: {reason}")

    @monitors.name("No error lines")
    def test_errors(self) -> None:
        if errors := self.stat("log_count/ERROR"):
            self.fail(f"{errors} ERROR lines in the log")

    @monitors.name("Finished, not stopped")
    def test_finish_reason(self) -> None:
        if (reason := self.data.stats.get("finish_reason")) != "finished":
            self.fail(f"the crawl ended with finish reason {reason!r}, not 'finished'")

    @monitors.name("Listing pages hold article links")
    def test_listing_pages_hold_links(self) -> None:
        empty, allowed = self.stat(keys.LISTING_NO_ARTICLE_LINKS), self.setting("SPOTLIGHT_MAX_NO_LINK_PAGES")
        if empty > allowed:
            pages = self.stat(keys.LISTING_PAGES)
            self.fail(f"{empty} of {pages} listing pages held no recognisable article links (allowed: {allowed})")

    @monitors.name("No page given up")
    def test_nothing_lost(self) -> None:
        given_up, lost = self.stat(keys.FAILURES_GIVEN_UP), self.stat(keys.FAILURES_LOST)
        article, listing = self.stat(keys.lost("article")), self.stat(keys.lost("listing"))
        parts = {
            f"{given_up} pages given up after {self.setting('SPOTLIGHT_MAX_ATTEMPTS')} attempts (named in the "
            "'Gave up' WARNING lines)": given_up,
            f"{lost} pages not read whole in a run without the state ({article} article, {listing} listing pages), "
            "so no later run retries them": lost,
        }
        if given_up + lost > (allowed := self.setting("SPOTLIGHT_MAX_LOST_PAGES")):
            self.fail(f"stories lost: {'; '.join(part for part, n in parts.items() if n)} (allowed: {allowed})")

    @monitors.name("Every article page held its story")
    def test_pages_are_stories(self) -> None:
        if kinds := {kind: n for kind, n in keys.counts(self.data.stats, keys.not_story("")).items() if n}:
            self.fail(
                f"{sum(kinds.values())} article pages were not stories ({listed(kinds)}): no record written, "
                "each asked for again by the next run with the state"
            )

    @monitors.name("No page asked to be fetched later")
    def test_pages_not_deferred(self) -> None:
        if deferred := self.stat(keys.RETRY_DEFERRED):
            cap = self.data.crawler.settings.getfloat("SPOTLIGHT_MAX_RETRY_AFTER")
            self.fail(
                f"{deferred} pages answered with a Retry-After longer than SPOTLIGHT_MAX_RETRY_AFTER={cap:g} s and were "
                "not read in this run (named in the 'Retry-After' WARNING lines; a run with the state asks again)"
            )


class ReportVerdict(Action):
    def run_action(self) -> None:
        stats = self.data.crawler.stats
        stats.set_value(keys.MONITORS_FAILED, [_reason(r) for r in self.result.monitors_failed_results])
        verdict.settle(stats)


def _reason(result: Any) -> str:
    """A failed check's own message; for a check that broke, its name and the exception."""
    if result.reason:
        return str(result.reason)
    last = (result.error or "").strip().splitlines()[-1:] or ["unknown error"]
    return f"monitor {result.item.name} could not run: {last[0]}"


class RunMonitors(MonitorSuite):
    monitors: ClassVar[list[type[Monitor]]] = [RunMonitor]
    monitors_finished_actions: ClassVar[list[type[Action]]] = [ReportVerdict]

    def __init__(self, *args: Any, crawler: Any = None, **kwargs: Any):
        if crawler is not None:  # refuse a bad threshold at start
            min_coverage(crawler.settings)
            for name in _THRESHOLDS:
                crawler.settings.getint(name)
        super().__init__(*args, crawler=crawler, **kwargs)
