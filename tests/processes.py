"""Helpers for tests that run the project the way an operator does: real processes, loopback."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode
from urllib.request import urlopen

from tests.crawl import ROOT

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def operator_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh shell: no project on PYTHONPATH, no project or Scrapy
    variables from the test run, and a HOME of its own (no ~/.scrapyd.conf, ~/.netrc...)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key != "PYTHONPATH" and not key.startswith(("SCRAPY_", "SCRAPYD_", "SPOTLIGHT_"))
    }
    home.mkdir(parents=True, exist_ok=True)
    env["HOME"] = str(home)
    env.update(extra)
    return env


def wait_for(
    probe: Callable[[], T | None],
    what: str,
    timeout: float = 60,
    interval: float = 0.2,
    details: Callable[[], str] = lambda: "",
) -> T:
    """Poll ``probe`` until it returns something truthy; fail with ``details()`` at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}\n{details()}")
        time.sleep(interval)


def stop_process(proc: subprocess.Popen[Any], grace: float = 15) -> None:
    """Terminate ``proc`` by its PID, wait, kill if it lingers."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(grace)


def stop_pid(pid: int, grace: float = 15) -> None:
    """Terminate a process this test started indirectly (a Scrapyd job), kill if it lingers."""

    def gone() -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False

    for sig in (signal.SIGTERM, signal.SIGKILL):
        if gone():
            return
        os.kill(pid, sig)
        deadline = time.monotonic() + grace
        while not gone() and time.monotonic() < deadline:
            time.sleep(0.1)


def http_json(url: str, data: list[tuple[str, str]] | None = None, timeout: float = 30) -> dict[str, Any]:
    """GET ``url`` (or POST ``data`` form-encoded) and decode the JSON answer."""
    body = urlencode(data).encode() if data is not None else None
    with urlopen(url, data=body, timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8"))


def tail(path: Path, lines: int = 60) -> str:
    if not path.exists():
        return f"({path} does not exist)"
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return f"--- {path} (last {lines} lines) ---\n" + "\n".join(text[-lines:])


def copy_project(dest: Path) -> Path:
    """What ``scrapyd-deploy`` packages, copied so the build leaves the checkout untouched."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(
        ROOT / "spotlight_crawler", dest / "spotlight_crawler", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    for name in ("setup.py", "scrapy.cfg"):
        shutil.copy2(ROOT / name, dest / name)
    return dest
