"""A real Scrapyd for tests: started on 127.0.0.1 from a directory of its own, the project
deployed to it with scrapyd-deploy, jobs scheduled and followed through its web API."""

from __future__ import annotations

import configparser
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from tests.crawl import ROOT
from tests.processes import free_port, http_json, operator_env, stop_pid, stop_process, tail, wait_for


def deploy_config() -> configparser.ConfigParser:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "scrapy.cfg")
    return cfg


PROJECT = deploy_config()["deploy"]["project"]


@dataclass
class Scrapyd:
    url: str
    root: Path
    process: subprocess.Popen[bytes]
    output: Path  # Scrapyd's own log (stdout and stderr)

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    def get(self, endpoint: str, **params: str) -> dict[str, Any]:
        return http_json(f"{self.url}{endpoint}?{urlencode(params)}")

    def post(self, endpoint: str, data: list[tuple[str, str]]) -> dict[str, Any]:
        return http_json(self.url + endpoint, data)

    def job_log(self, spider: str, job: str) -> Path:
        return self.logs_dir / PROJECT / spider / f"{job}.log"

    def diagnostics(self) -> str:
        return tail(self.output)

    def schedule(self, spider: str, settings: dict[str, str], args: dict[str, str] | None = None) -> str:
        data = [("project", PROJECT), ("spider", spider)]
        data += [("setting", f"{key}={value}") for key, value in settings.items()]
        data += list((args or {}).items())
        answer = self.post("schedule.json", data)
        assert answer["status"] == "ok", answer
        return answer["jobid"]

    def wait_finished(self, job: str, spider: str, timeout: float = 90) -> None:
        def finished() -> bool:
            jobs = self.get("listjobs.json", project=PROJECT)
            return any(j["id"] == job for j in jobs["finished"])

        wait_for(
            finished,
            f"job {job} to finish",
            timeout=timeout,
            details=lambda: self.diagnostics() + "\n" + tail(self.job_log(spider, job)),
        )

    def exit_status(self, job: str) -> int:
        """From Scrapyd's log: "Process finished" is status 0, "Process died: exitstatus=N" is N."""
        lines = self.output.read_text(encoding="utf-8", errors="replace").splitlines()
        ended = [
            line for line in lines if f"job={job!r}" in line and ("Process finished" in line or "Process died" in line)
        ]
        assert len(ended) == 1, ended
        died = re.search(r"Process died: exitstatus=(\d+)", ended[0])
        return int(died[1]) if died else 0


@contextmanager
def running_scrapyd(root: Path, home: Path, max_proc: int = 3) -> Iterator[Scrapyd]:
    """A real Scrapyd on 127.0.0.1, configured and run from ``root``; its jobs are stopped at the end."""
    root.mkdir(parents=True)
    port = free_port()
    (root / "scrapyd.conf").write_text(
        textwrap.dedent(f"""\
        [scrapyd]
        bind_address = 127.0.0.1
        http_port = {port}
        eggs_dir = {root / "eggs"}
        logs_dir = {root / "logs"}
        dbs_dir = {root / "dbs"}
        # Empty: the project writes its own feed (SPOTLIGHT_DATA_DIR/<spider>/<UTC time>.jsonl).
        # A Scrapyd items_dir would set FEEDS and replace it.
        items_dir =
        jobs_to_keep = 5
        max_proc = {max_proc}
        poll_interval = 0.2
        """),
        encoding="utf-8",
    )
    output = root / "scrapyd.out"
    # Unbuffered, so the log can be read while Scrapyd runs.
    env = operator_env(home, PYTHONUNBUFFERED="1")
    with output.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "scrapyd"], cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    daemon = Scrapyd(f"http://127.0.0.1:{port}/", root, process, output)
    try:

        def up() -> bool:
            assert process.poll() is None, "Scrapyd exited\n" + daemon.diagnostics()
            try:
                return daemon.get("daemonstatus.json")["status"] == "ok"
            except OSError:
                return False

        wait_for(up, "Scrapyd to answer daemonstatus.json", timeout=30, details=daemon.diagnostics)
        yield daemon
    finally:
        try:
            running = daemon.get("listjobs.json")["running"] if process.poll() is None else []
        except OSError:
            running = []
        for job in running:
            stop_pid(int(job["pid"]))
        stop_process(process)


def scrapyd_deploy(
    project: Path, target_url: str, *args: str, env: dict[str, str], name: str = "test"
) -> subprocess.CompletedProcess[str]:
    """``scrapyd-deploy <name>`` from a copy of the project whose scrapy.cfg gains a ``<name>``
    target; the project name comes from the checkout's own ``[deploy]`` section."""
    with (project / "scrapy.cfg").open("a", encoding="utf-8") as cfg:
        cfg.write(f"\n[deploy:{name}]\nurl = {target_url}\n")
    return subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy", name, *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
