"""``scrapy backfill``: the whole archive (or any period) in parts, printed or run on Scrapyd.

    scrapy backfill --since 2008-01-01 --until 2024-12-31 --parts 4            # print the crawl lines
    scrapy backfill --since ... --until ... --parts 4 --all-targets            # schedule on every node
    scrapy backfill --status RUN          # the parts' jobs (listjobs.json)
    scrapy backfill --resume RUN [--part N]   # schedule parts again; they resume from their folders
    scrapy backfill --merge OUTPUT... -o merged.jsonl

See docs/scheduling.md ("More than one machine").
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from requests import RequestException
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.utils.conf import arglist_to_dict
from scrapyd_client.exceptions import ErrorResponse, MalformedResponse

from spotlight_crawler import arguments, presets
from spotlight_crawler.addon import data_dir
from spotlight_crawler.backfill import launch, merge, parts, politeness, scrapyd


class Command(ScrapyCommand):
    requires_project = True
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "--since DATE --until DATE --parts N [--target NAME | --all-targets] | --status RUN | --resume RUN | --merge FILE... -o OUT"

    def short_desc(self) -> str:
        return "Crawl a period in parts: print the crawl lines or run them on Scrapyd; merge their outputs"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--since", help="first day of the period (YYYY-MM-DD)")
        parser.add_argument("--until", help="last day of the period (YYYY-MM-DD)")
        parser.add_argument("--parts", help="how many disjoint date windows")
        parser.add_argument(
            "--target", action="append", default=[], help="a [deploy:<name>] of scrapy.cfg (repeatable)"
        )
        parser.add_argument("--all-targets", action="store_true", help="every [deploy:<name>] of scrapy.cfg")
        parser.add_argument("--data-dir", help="the nodes' data folder (default: the target's data_dir, else ours)")
        parser.add_argument("--run-id", help="name of the run (default: its UTC start time)")
        parser.add_argument("--status", metavar="RUN", help="the state of a scheduled run's jobs")
        parser.add_argument(
            "--resume", metavar="RUN", help="schedule a run's parts again (those not pending or running)"
        )
        parser.add_argument("--part", action="append", type=int, default=[], help="with --resume: only this part")
        parser.add_argument("--merge", action="store_true", help="merge the outputs given as arguments")
        parser.add_argument("-o", "--output", metavar="FILE", help="with --merge: the JSON Lines file to write")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            if opts.merge:
                self.exitcode = self._merge(args, opts)
            elif args:
                raise UsageError("arguments are outputs to merge: give --merge")
            elif opts.status:
                self.exitcode = self._status(opts.status)
            elif opts.resume:
                self.exitcode = self._resume(opts)
            else:
                self.exitcode = self._start(opts)
        except arguments.BadInput as exc:
            print(f"Cannot go on: {exc}", file=sys.stderr)
            self.exitcode = 1
        except (RequestException, ErrorResponse, MalformedResponse) as exc:
            print(f"Scrapyd did not do it: {type(exc).__name__}: {exc}", file=sys.stderr)
            self.exitcode = 1

    # --- plan and start ------------------------------------------------------------
    @property
    def _forwarded(self) -> dict[str, str]:
        """The ``-s`` settings of the command line: every part's, and the plan spider's."""
        given = arglist_to_dict(getattr(self, "_opts_set", []))
        return {k: str(v) for k, v in given.items() if k not in parts.PART_SETTINGS}

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        self._opts_set = list(opts.set or [])

    def _start(self, opts: argparse.Namespace) -> int:
        since, until = _day(opts.since, "--since") or date(2008, 1, 1), _day(opts.until, "--until")
        count = _count(opts.parts)
        if until is None or count is None:
            raise UsageError("give --until DATE and --parts N (and --since DATE, default 2008-01-01)")
        if since > until:
            raise arguments.BadInput(f"--since {since} is after --until {until}")
        targets = (
            scrapyd.chosen(scrapyd.targets(), opts.target, opts.all_targets) if opts.target or opts.all_targets else []
        )
        assert self.settings is not None
        run = opts.run_id or parts.run_id()
        local = data_dir(self.settings)
        record = parts.run_file(local, run)
        if record.exists():
            raise arguments.BadInput(f"run {run} exists ({record}); resume it with --resume {run}")
        planned = launch.plan(since, until, count, self._forwarded)
        common = {**self._forwarded, **politeness.part_settings(self._politeness_base(), len(planned))}
        runs = []
        for part in planned:
            target = targets[(part.index - 1) % len(targets)] if targets else None
            node_dir = (target.data_dir if target else None) or opts.data_dir or str(local)
            runs.append(parts.part_run(part, run, node_dir, common, target.name if target else None))
        backfill = parts.Backfill(run, since.isoformat(), until.isoformat(), runs)
        if not targets:
            for part_run in runs:
                print(part_run.crawl_line())
            return 0
        backfill.save(record)  # before the first job: a failed schedule leaves a run to resume
        by_name = {t.name: t for t in targets}
        for part_run in runs:
            job = launch.schedule(part_run, by_name[str(part_run.target)])
            backfill.save(record)
            print(f"part {part_run.index} {part_run.since}..{part_run.until}: job {job.id} on {job.target}")
        print(f"run {run}: {len(runs)} parts scheduled; scrapy backfill --status {run}  (run file {record})")
        return 0

    def _politeness_base(self) -> dict[str, Any]:
        """The settings a part would run with (presets applied), whose pace the parts share."""
        assert self.settings is not None
        settings = self.settings.copy()
        presets.apply(settings)
        return {
            **{n: settings.get(n) for n in politeness.SCALED},
            "AUTOTHROTTLE_ENABLED": settings.getbool("AUTOTHROTTLE_ENABLED"),
        }

    # --- status and resume ---------------------------------------------------------
    def _load(self, run: str) -> parts.Backfill:
        assert self.settings is not None
        return parts.Backfill.load(parts.run_file(data_dir(self.settings), run))

    def _status(self, run: str) -> int:
        for line in launch.status_lines(self._load(run), scrapyd.targets()):
            print(line)
        return 0

    def _resume(self, opts: argparse.Namespace) -> int:
        backfill = self._load(opts.resume)
        targets = scrapyd.targets()
        again, busy = launch.resumable(backfill, targets, opts.part)
        for line in busy:
            print(line)
        assert self.settings is not None
        record = parts.run_file(data_dir(self.settings), backfill.run)
        for part in again:
            if part.target not in targets:
                raise arguments.BadInput(f"part {part.index} ran on {part.target!r}, which scrapy.cfg no longer names")
            job = launch.schedule(part, targets[str(part.target)])
            backfill.save(record)
            print(
                f"part {part.index} {part.since}..{part.until}: job {job.id} on {job.target} (again, from {part.folder})"
            )
        return 0

    # --- merge ------------------------------------------------------------------
    def _merge(self, inputs: list[str], opts: argparse.Namespace) -> int:
        if not opts.output:
            raise UsageError("give the merged file with -o MERGED.jsonl")
        if not inputs:
            raise UsageError("give the parts' outputs (files, folders or globs) to merge")
        assert self.settings is not None
        merged = merge.merge(inputs, self.settings.getfloat("SPOTLIGHT_REPOST_SIMILARITY", 0.9))
        out = Path(opts.output).expanduser()
        written = merge.write_jsonl(merged.records, out)
        for contribution in merged.contributions:
            print(contribution.line(), file=sys.stderr)
            for problem in contribution.problems[:20]:
                print(f"  skipped: {problem}", file=sys.stderr)
        print(f"{out}: {written} stories", file=sys.stderr)
        # An input that names no file is a mistake worth a status; empty outputs are not.
        return 1 if any(not c.files for c in merged.contributions) else 0


def _day(value: str | None, option: str) -> date | None:
    try:
        return arguments.day(value, option)
    except arguments.BadInput:
        raise arguments.BadInput(f"{option} {value!r}: expected a date as YYYY-MM-DD") from None


def _count(value: str | None) -> int | None:
    try:
        return arguments.positive_int(value, "parts")
    except arguments.BadInput:
        raise arguments.BadInput(f"--parts {value!r}: expected a whole number of at least 1") from None
