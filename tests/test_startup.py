"""What a run loads: a quiet scheduled run (nothing new on the site) imports none of the
heavy libraries only other runs need, and a run that needs one still loads it.

Python's own import log (``PYTHONPROFILEIMPORTTIME``, the ``-X importtime`` of every
process) names each module the crawl imported; no time is asserted.
"""

from __future__ import annotations

import re

import pytest

from tests.crawl import crawl

pytestmark = pytest.mark.e2e

# Package -> what needs it: the report command's charts, the browser (scrapy-playwright's
# handler and Playwright's driver); numerical libraries, never.
NOT_IN_A_QUIET_RUN = (
    "datasketch",
    "numpy",
    "scipy",
    "matplotlib",
    "playwright",
    "scrapy_playwright.handler",
)
_IMPORTED = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", re.M)


def imported(log: str) -> set[str]:
    """Every module the process imported, from Python's import-time log."""
    return set(_IMPORTED.findall(log))


def loaded(modules: set[str], package: str) -> bool:
    return any(m == package or m.startswith(package + ".") for m in modules)


def test_a_quiet_run_loads_no_browser_or_chart_library(replica_factory, tmp_path):
    replica = replica_factory(n_articles=12, page_size=10)
    state = {"SPOTLIGHT_STATE": str(tmp_path / "state.sqlite3")}
    profile = {"PYTHONPROFILEIMPORTTIME": "1"}

    first = crawl("latest", replica.base_url, tmp_path / "first", settings=state, env=profile)
    assert first.returncode == 0, first.log[-3000:]
    assert len(first.records) == first.stat("item_scraped_count") > 0
    # Writing records fingerprints their bodies, in plain Python: no numerical library.
    assert [p for p in ("datasketch", "numpy", "scipy") if loaded(imported(first.log), p)] == []

    quiet = crawl("latest", replica.base_url, tmp_path / "quiet", settings=state, env=profile)
    assert quiet.returncode == 0, quiet.log[-3000:]
    assert quiet.records == []
    modules = imported(quiet.log)
    assert loaded(modules, "spotlight_crawler.spiders")  # the log was read: the project's own modules are in it
    assert [p for p in NOT_IN_A_QUIET_RUN if loaded(modules, p)] == []
    assert quiet.stat("spotlight/render/handler_started") == 0
