"""``scrapy report -o report.html FILE.jsonl [...]``: one self-contained HTML page of what the runs collected."""

from __future__ import annotations

import argparse
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

# What the report needs beyond a crawl host's requirements.txt.
INSTALL = "python -m pip install -r requirements-report.txt"


class Command(ScrapyCommand):
    requires_project = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "-o REPORT.html FILE.jsonl|FOLDER|GLOB [... RUN.stats.json]"

    def short_desc(self) -> str:
        return "Write one self-contained HTML page of what the runs collected (feeds, run stats files)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output", metavar="FILE", required=True, help="the HTML file to write")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if find_spec("matplotlib") is None:  # an optional extra a crawl host does not install
            raise SystemExit(f"scrapy report needs matplotlib: {INSTALL}")  # one line on stderr, exit status 1
        from spotlight_crawler.analysis.page import build, load  # not at the top: Scrapy imports every command

        if not args:
            raise UsageError("give at least one feed (.jsonl), folder or glob")
        loaded = load(args)
        for line in loaded.skipped:
            print(f"skipped: {line}", file=sys.stderr)
        if not loaded.records and not loaded.runs:
            raise SystemExit("nothing to report: no record and no run stats file could be read")
        assert self.settings is not None
        out = Path(opts.output).expanduser()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(build(loaded, self.settings.getdict("SPOTLIGHT_MIN_COVERAGE")), encoding="utf-8")
        print(
            f"{out}: {len(loaded.records)} records, {len(loaded.runs)} runs, {len(loaded.skipped)} skipped",
            file=sys.stderr,
        )
