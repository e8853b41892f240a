"""Scheduled runs on a real Scrapyd: deploy the egg with scrapyd-deploy, schedule `latest`
through schedule.json, and read what the runs wrote, as an operator would."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.crawl import FAST, ROOT, read_jsonl, validate
from tests.processes import copy_project, free_port, operator_env
from tests.scrapyd import PROJECT, Scrapyd, deploy_config, running_scrapyd, scrapyd_deploy
from tests.truth import assert_matches_truth, expected

# Real crawls, servers on 127.0.0.1 or subprocesses: the end-to-end layer.
pytestmark = pytest.mark.e2e


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[Scrapyd]:
    with running_scrapyd(tmp_path / "scrapyd", tmp_path / "home") as daemon:
        yield daemon


def test_scrapy_cfg_names_the_settings_and_a_deploy_target():
    cfg = deploy_config()
    assert cfg["settings"]["default"] == "spotlight_crawler.settings"
    assert cfg["deploy"]["url"].startswith("http")
    assert PROJECT == "spotlight_crawler"


def test_the_egg_carries_the_schema_and_runs_from_the_zip(tmp_path):
    project = copy_project(tmp_path / "project")
    egg = tmp_path / "spotlight.egg"
    env = operator_env(tmp_path / "home")
    built = subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy", "--build-egg", str(egg)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert built.returncode == 0, built.stderr
    names = zipfile.ZipFile(egg).namelist()
    assert "spotlight_crawler/schema/article.schema.json" in names
    assert "spotlight_crawler/spiders/latest.py" in names
    assert not [n for n in names if n.startswith("tests/")]
    entry_points = zipfile.ZipFile(egg).read("EGG-INFO/entry_points.txt").decode()
    assert "settings = spotlight_crawler.settings" in entry_points
    # Imported from the zip only (as Scrapyd does), from an unrelated directory.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = (
        "import json, spotlight_crawler.items as items, spotlight_crawler.settings;"
        "print(json.dumps({'file': items.__file__, 'schema': items.ARTICLE_SCHEMA}))"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=elsewhere,
        env={**env, "PYTHONPATH": str(egg)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    loaded = json.loads(ran.stdout)
    assert loaded["file"].startswith(str(egg) + "/")
    shipped = json.loads((ROOT / "spotlight_crawler" / "schema" / "article.schema.json").read_text(encoding="utf-8"))
    assert loaded["schema"] == shipped


def test_scheduled_runs_on_scrapyd_write_each_story_once_across_runs(scrapyd, replica_factory, tmp_path):
    replica = replica_factory(n_articles=24, page_size=10)  # three listing pages, the last one short
    env = operator_env(tmp_path / "home")
    deployed = scrapyd_deploy(copy_project(tmp_path / "project"), scrapyd.url, "--version", "r1", env=env)
    assert deployed.returncode == 0, deployed.stderr
    answer = json.loads(deployed.stdout)
    assert (answer["status"], answer["project"], answer["version"]) == ("ok", PROJECT, "r1")
    # Scrapyd loaded the egg's settings and found the spiders: article, international, latest.
    assert answer["spiders"] == 3

    def schedule(name: str, base_url: str = replica.base_url, args: dict[str, str] | None = None) -> str:
        settings = {
            **FAST,
            "SPOTLIGHT_BASE_URL": base_url,
            "SPOTLIGHT_DATA_DIR": str(tmp_path / name),
            "SPOTLIGHT_REPORT_FILE": str(tmp_path / "reports" / f"{name}.json"),
        }
        return scrapyd.schedule("latest", settings, args)

    def finished(name: str, job: str, status: int = 0) -> tuple[str, dict[str, Any]]:
        """The run's job log and stats, once Scrapyd saw it exit with ``status``."""
        scrapyd.wait_finished(job, "latest")
        log = scrapyd.job_log("latest", job).read_text(encoding="utf-8")
        assert scrapyd.exit_status(job) == status, log[-3000:]
        assert "Spider closed (finished)" in log
        report = json.loads((tmp_path / "reports" / f"{name}.json").read_text(encoding="utf-8"))
        return log, report["stats"]

    def outputs(name: str) -> list[Path]:
        return sorted((tmp_path / name / "latest").glob("*.jsonl"))

    # First run: every story of the listing, once, schema-valid, in <data>/latest/<UTC time>.jsonl.
    data = tmp_path / "data"
    _, stats = finished("data", schedule("data"))
    first = outputs("data")
    assert len(first) == 1
    assert first[0].name[:4].isdigit()  # named by the run's UTC start time
    records = read_jsonl(first[0])
    validate(records)
    assert_matches_truth(records, expected(replica.site.latest()), replica.site)
    assert stats["spotlight/state/file"] == str(data / "state.sqlite3")

    # Then three jobs at once (max_proc = 3), each with its own data folder but the second:
    second = schedule("data")  # same folder, same state: nothing published since
    fresh = schedule("fresh", args={"fresh": "1", "max_pages": "1"})  # spider arguments
    unreachable = schedule("unreachable", base_url=f"http://127.0.0.1:{free_port()}")

    # The shared state lets nothing through a second time: the site's feed says nothing changed (304),
    # so no listing page is read.
    _, stats = finished("data", second)
    assert outputs("data") == first  # a run with nothing new writes no empty file
    assert stats.get("item_scraped_count", 0) == 0
    assert stats["spotlight/state/known_before"] == len({a.canonical_url for a in replica.site.latest()})
    assert stats["spotlight/feed/not_modified"] == 1 and "spotlight/listing/pages" not in stats

    # Arguments reach the spider: -a fresh=1 runs without the state, -a max_pages=1 reads one page.
    _, stats = finished("fresh", fresh)
    [output] = outputs("fresh")
    assert_matches_truth(read_jsonl(output), expected(replica.site.latest()[:10]), replica.site)
    assert "spotlight/state/file" not in stats

    # A run that cannot reach the site: Scrapyd logs the crawl's exit status, the job log says why.
    log, _ = finished("unreachable", unreachable, status=3)
    assert "the site could not be reached" in log
