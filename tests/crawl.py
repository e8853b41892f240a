"""Run the real ``scrapy crawl`` command against a server on 127.0.0.1 and read what it wrote."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from spotlight_crawler.items import SCHEMA_PATH

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))

# Loopback needs no politeness; everything else stays as a user would run it.
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "RETRY_TIMES": "2",
    "DOWNLOAD_TIMEOUT": "10",
}


@dataclass
class CrawlResult:
    returncode: int
    records: list[dict[str, Any]]
    report: dict[str, Any]
    log: str
    output: Path
    stats: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.stats = self.report.get("stats", {})

    def stat(self, key: str) -> int:
        return int(self.stats.get(key, 0))

    @property
    def own_log(self) -> str:
        """The log without Spidermon's monitor report (its lines, and the failed checks'
        tracebacks Spidermon writes at ERROR): what the crawl itself said."""
        kept: list[str] = []
        in_report = False
        for line in self.log.splitlines():
            if _LOG_RECORD.match(line):
                in_report = "[Spidermon]" in line
            if not in_report:
                kept.append(line)
        return "\n".join(kept)


# The first line of a log record: Scrapy's LOG_FORMAT starts with the date and time.
_LOG_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


def read_jsonl(path: Path, whole_lines_only: bool = False) -> list[dict[str, Any]]:
    """The records of a JSON Lines file; ``whole_lines_only``: a last line without its newline
    (cut by a full disk) is left out instead of failing the read. Only a regular file is read
    (an output pointed at /dev/full holds nothing)."""
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").split("\n")
    if whole_lines_only:
        lines = lines[:-1]
    return [json.loads(line) for line in lines if line.strip()]


# One validator for every check: jsonschema.validate() checks the schema itself on each call,
# which costs more than the record (seconds for the thousands of records of a backfill).
jsonschema.validators.validator_for(SCHEMA).check_schema(SCHEMA)
VALIDATOR = jsonschema.validators.validator_for(SCHEMA)(SCHEMA, format_checker=jsonschema.FormatChecker())


def validate(records: list[dict[str, Any]]) -> None:
    """Every record matches the shipped JSON Schema."""
    for record in records:
        VALIDATOR.validate(record)


def crawl(
    spider: str,
    base_url: str | None,
    workdir: Path,
    *,
    args: dict[str, str] | None = None,
    settings: dict[str, str] | None = None,
    output: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 180,
    cwd: Path = ROOT,
    overwrite: bool | None = None,
    whole_lines_only: bool = False,
) -> CrawlResult:
    """``scrapy crawl spider -O output`` in a subprocess; the report and records come back.

    With a ``SPOTLIGHT_STATE`` in ``settings`` the feed is ``-o`` (a stateful run refuses
    ``-O``) unless ``overwrite`` says otherwise.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    output = output or workdir / f"{spider}.jsonl"
    report = workdir / f"{spider}.report.json"
    merged = {**FAST, "SPOTLIGHT_REPORT_FILE": str(report), **(settings or {})}
    if base_url is not None:
        merged["SPOTLIGHT_BASE_URL"] = base_url
    if overwrite is None:
        overwrite = not merged.get("SPOTLIGHT_STATE")
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider, "-O" if overwrite else "-o", str(output)]
    for key, value in merged.items():
        cmd += ["-s", f"{key}={value}"]
    for key, value in (args or {}).items():
        cmd += ["-a", f"{key}={value}"]
    full_env = {**os.environ, "SPOTLIGHT_DATA_DIR": str(workdir / "data"), **(env or {})}
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), full_env.get("PYTHONPATH")]))
    proc = subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout)
    data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    # Other formats are read by the test.
    records = read_jsonl(output, whole_lines_only) if output.suffix in (".jsonl", ".jl") else []
    return CrawlResult(proc.returncode, records, data, proc.stderr, output)
