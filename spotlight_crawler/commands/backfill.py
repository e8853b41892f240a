"""``scrapy backfill --until DATE [--since DATE] [--spider NAME]``: ``scrapy crawl`` of one period,
its output, seen-store, JOBDIR and stats in ``<data folder>/backfill/<spider>_<since>_<until>/``;
the same command again resumes from them."""

from __future__ import annotations

import argparse
from datetime import date

from scrapy.exceptions import UsageError

from spotlight_crawler.addon import data_dir
from spotlight_crawler.commands import crawl


def _day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise SystemExit(f"Cannot start: {option} {value!r}: expected a date as YYYY-MM-DD") from None


class Command(crawl.Command):
    def syntax(self) -> str:
        return "--until DATE [--since DATE] [--spider NAME] [-s NAME=VALUE ...]"

    def short_desc(self) -> str:
        return "Crawl a period in one resumable run (run it again to resume)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--since", default="2008-01-01", help="first day, YYYY-MM-DD (default: %(default)s)")
        parser.add_argument("--until", help="last day, YYYY-MM-DD")
        parser.add_argument("--spider", default="latest", help="the listing to walk (default: latest)")

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        # Checked before the crawler process takes the settings (and logs its banner): SystemExit's
        # message is one line on stderr, and exit status 1.
        if not opts.until:
            raise SystemExit("Cannot start: give the period's last day with --until YYYY-MM-DD")
        since, until = _day(opts.since, "--since"), _day(opts.until, "--until")
        if since > until:
            raise SystemExit(f"Cannot start: --since {since} is after --until {until}")
        assert self.settings is not None
        folder = data_dir(self.settings) / "backfill" / f"{opts.spider}_{since}_{until}"
        in_folder = {
            "SPOTLIGHT_DATA_DIR": str(folder),
            "SPOTLIGHT_STATE": str(folder / "state.sqlite3"),
            "JOBDIR": str(folder / "job"),
            "SPOTLIGHT_REPORT_FILE": str(folder / "report.json"),
        }
        self.settings.setdict(in_folder, priority="cmdline")
        opts.spargs.update(since=since.isoformat(), until=until.isoformat())

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError("name the spider with --spider, the period with --since and --until")
        super().run([opts.spider], opts)
