"""What the benchmark scripts share: paths, running a crawl as a subprocess and measuring
it, the machine's description, small statistics and table helpers."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "benchmarks"
# Recordings of the replica, reused between runs (git-ignored by benchmarks/.gitignore).
CORPUS_ROOT = BENCH_DIR / ".corpus"
PROBE = "benchmarks.probe.CrawlProbe"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def python_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a crawl subprocess: the checkout importable, nothing else changed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    env.update(extra or {})
    return env


def project_extensions_with_probe() -> str:
    """The project's EXTENSIONS plus the probe, as the JSON that ``-s EXTENSIONS=`` takes
    (a ``-s`` dict replaces the project's, so the project's entries are carried over)."""
    from spotlight_crawler import settings as project_settings

    extensions = dict(getattr(project_settings, "EXTENSIONS", {}))
    extensions[PROBE] = 1100
    return json.dumps(extensions)


@dataclass
class ProcessRun:
    """One subprocess: exit status, wall and CPU seconds, and what the probe saw.

    ``peak_rss_bytes`` is ``ru_maxrss`` from ``wait4``: Linux carries it over from the
    parent across fork and exec, so it is never below the parent's own peak. Memory
    figures use the probe's ``peak_rss_bytes`` (``VmHWM``) instead."""

    returncode: int
    wall_s: float
    cpu_s: float
    peak_rss_bytes: int
    log: Path
    probe: dict[str, Any] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)

    @property
    def stats(self) -> dict[str, Any]:
        return self.report.get("stats", {})

    def stat(self, key: str) -> int:
        return int(self.stats.get(key, self.probe.get(key, 0)) or 0)

    def tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""


def run_process(cmd: list[str], *, cwd: Path, env: dict[str, str], log: Path, timeout: float) -> ProcessRun:
    """Run ``cmd`` with stdout and stderr to ``log``; the CPU time is this child's own
    (``wait4``), not the sum over earlier children."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with Path(log).open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return ProcessRun(
        returncode=proc.returncode,
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_rss_bytes=usage.ru_maxrss * 1024,
        log=log,
    )


def scrapy_crawl(
    spider: str,
    workdir: Path,
    *,
    settings: dict[str, str],
    args: dict[str, str] | None = None,
    feed: bool = True,
    timeout: float = 1800,
) -> ProcessRun:
    """``python -m scrapy crawl <spider>`` of the project, from the checkout, with the probe
    and a JSON report; ``-O <workdir>/<spider>.jsonl`` unless ``feed`` is False (a new file
    with ``-o`` when ``SPOTLIGHT_STATE`` is given)."""
    workdir.mkdir(parents=True, exist_ok=True)
    probe_file = workdir / "probe.json"
    report_file = workdir / "report.json"
    for stale in (probe_file, report_file):
        stale.unlink(missing_ok=True)
    merged = {
        "SPOTLIGHT_REPORT_FILE": str(report_file),
        "BENCH_PROBE_FILE": str(probe_file),
        "EXTENSIONS": project_extensions_with_probe(),
        **settings,
    }
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider]
    if feed:
        output = workdir / f"{spider}.jsonl"
        if merged.get("SPOTLIGHT_STATE"):
            # A run with the state refuses -O: a fresh file, appended to.
            output.unlink(missing_ok=True)
            cmd += ["-o", str(output)]
        else:
            cmd += ["-O", str(output)]
    for key, value in merged.items():
        cmd += ["-s", f"{key}={value}"]
    for key, value in (args or {}).items():
        cmd += ["-a", f"{key}={value}"]
    env = python_env({"SPOTLIGHT_DATA_DIR": str(workdir / "data")})
    run = run_process(cmd, cwd=ROOT, env=env, log=workdir / "crawl.log", timeout=timeout)
    return _attach(run, probe_file, report_file)


def scrapy_runspider(
    spider_file: Path,
    workdir: Path,
    *,
    settings: dict[str, str],
    args: dict[str, str] | None = None,
    timeout: float = 1800,
) -> ProcessRun:
    """``python -m scrapy runspider <file>`` from ``workdir`` (outside the project, so
    Scrapy's defaults apply instead of the project's settings), with the probe."""
    workdir.mkdir(parents=True, exist_ok=True)
    probe_file = workdir / "probe.json"
    probe_file.unlink(missing_ok=True)
    merged = {"BENCH_PROBE_FILE": str(probe_file), "EXTENSIONS": json.dumps({PROBE: 1100}), **settings}
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(spider_file)]
    for key, value in merged.items():
        cmd += ["-s", f"{key}={value}"]
    for key, value in (args or {}).items():
        cmd += ["-a", f"{key}={value}"]
    run = run_process(cmd, cwd=workdir, env=python_env(), log=workdir / "crawl.log", timeout=timeout)
    return _attach(run, probe_file, None)


def _attach(run: ProcessRun, probe_file: Path, report_file: Path | None) -> ProcessRun:
    if probe_file.exists():
        run.probe = json.loads(probe_file.read_text(encoding="utf-8"))
    if report_file is not None and report_file.exists():
        run.report = json.loads(report_file.read_text(encoding="utf-8"))
    return run


# --- The machine ------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_bytes() -> int:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _version(dist: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def load_average() -> tuple[float, float, float] | None:
    try:
        return os.getloadavg()
    except OSError:
        return None


def machine() -> dict[str, Any]:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count() or 0,
        "ram_gib": _ram_bytes() / 2**30,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "scrapy": _version("scrapy"),
        "twisted": _version("twisted"),
        "lxml": _version("lxml"),
        "parsel": _version("parsel"),
        "trafilatura": _version("trafilatura"),
        "newspaper4k": _version("newspaper4k"),
        "dateparser": _version("dateparser"),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_average": load_average(),
    }


# --- Numbers and tables -----------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def mib(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:,.1f} MiB"


def table(header: list[str], rows: list[list[Any]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def print_section(title: str) -> None:
    print(f"\n== {title} ==", flush=True)
