"""The analyst's tools, run as a user runs them: ``scrapy shell``, ``scrapy parse``, bad input,
flat output, the replica's crawl line, the README's commands."""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.settings import Settings

from spotlight_crawler import addon, arguments
from spotlight_crawler.outputs import flat_value
from tests.crawl import FAST, ROOT, crawl, read_jsonl

NO_STATE = {"SPOTLIGHT_STATE": ""}


def scrapy(
    *args: str, workdir: Path, timeout: float = 120, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m scrapy ARGS`` (the running Python) from the project folder, with its data folder in ``workdir``."""
    env = {**os.environ, "SPOTLIGHT_DATA_DIR": str(workdir / "data")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        input=stdin,
    )


# --- scrapy shell and scrapy parse -------------------------------------------------------


LIVE = "https://www.spotlightnepal.com"  # the README's URL forms: the live site's, looked up on SPOTLIGHT_BASE_URL


# Scrapy's parse command wraps each callback in one returning a Deferred, and Scrapy's engine warns of it.
PARSE_WRAPPER = "returned a Deferred. Returning Deferreds from spider callbacks is deprecated."


def complaints(stderr: str) -> list[str]:
    """Log lines at WARNING or above, and Python warnings, of a tool's run, but Scrapy's warning
    about its own parse command's callback wrapper."""
    return [
        line
        for line in stderr.splitlines()
        if re.search(r"\] (WARNING|ERROR|CRITICAL):|Warning\b", line) and PARSE_WRAPPER not in line
    ]


@pytest.mark.parametrize("asked", [[], ["-s", "SPOTLIGHT_RENDER=auto"]])
@pytest.mark.e2e
def test_scrapy_shell_opens_a_page_without_state_or_browser(replica, tmp_path, asked):
    art, other = replica.site.latest()[:2]
    # fetch() in the shell takes the live site's URLs too (the bare host as well).
    code = (
        f"(print('FOUND', {art.headline!r} in response.text, response.status), "
        f"fetch('https://spotlightnepal.com{other.path}'), print('THEN', response.url, response.status))"
    )
    result = scrapy(
        "shell",
        "-s",
        f"SPOTLIGHT_BASE_URL={replica.base_url}",
        *asked,
        LIVE + art.path,
        "-c",
        code,
        workdir=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "FOUND True 200" in result.stdout
    assert f"THEN {replica.url(other.path)} 200" in result.stdout
    assert "Traceback" not in result.stderr
    assert "allowed_domains is a property" not in result.stderr
    # The browser handler cannot answer inside the shell's engine thread: said, not hung.
    assert ("scrapy shell fetches without the browser" in result.stderr) is bool(asked)
    assert [line for line in complaints(result.stderr) if "fetches without the browser" not in line] == []
    assert "scrapy-playwright" not in result.stderr  # no browser handler, let alone a browser
    assert not (tmp_path / "data" / "state.sqlite3").exists()


@pytest.mark.parametrize("live_form", [True, False])
@pytest.mark.e2e
def test_scrapy_parse_turns_an_article_page_into_its_record(replica, tmp_path, live_form):
    art = replica.site.latest()[0]
    url = LIVE + art.path if live_form else replica.url(art.path)
    result = scrapy(
        "parse",
        "--spider=article",
        "--pipelines",
        "-s",
        f"SPOTLIGHT_BASE_URL={replica.base_url}",
        url,
        workdir=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert complaints(result.stderr) == []  # no ERROR line, no warning of ours
    assert f"'headline': {art.headline!r}" in result.stdout
    assert f"'url': '{art.canonical_url}'" in result.stdout
    assert "scrapy-playwright" not in result.stderr
    assert not (tmp_path / "data" / "state.sqlite3").exists()
    assert not list((tmp_path / "data").rglob("*.jsonl"))  # looking at a page writes no feed


@pytest.mark.e2e
def test_scrapy_parse_on_a_listing_page_lists_its_article_requests(replica_factory, tmp_path):
    replica = replica_factory(n_articles=30, page_size=10)
    page_two = replica.site.latest()[10:20]
    result = scrapy(
        "parse",
        "--spider=latest",
        "-s",
        f"SPOTLIGHT_BASE_URL={replica.base_url}",
        f"{LIVE}/articles/?page=2",
        workdir=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    # One page is not a run: no run monitors, no "Run not good", no warning.
    assert complaints(result.stderr) == []
    assert "Run summary (latest, finished, exit status 0)" in result.stderr
    requested = set(re.findall(r"<GET (\S+)>", result.stdout))
    assert {replica.url(a.path) for a in page_two} <= requested
    assert replica.url("/articles/?page=3") in requested
    assert not (tmp_path / "data" / "state.sqlite3").exists()

    # Two levels: the listing's article pages parsed too, still without a warning.
    deeper = scrapy(
        "parse",
        "--spider=latest",
        "-d",
        "2",
        "-s",
        f"SPOTLIGHT_BASE_URL={replica.base_url}",
        f"{LIVE}/articles/?page=2",
        workdir=tmp_path,
    )
    assert deeper.returncode == 0, deeper.stderr[-3000:]
    assert complaints(deeper.stderr) == []
    assert {a.canonical_url for a in page_two} <= set(re.findall(r"'url': '([^']*)'", deeper.stdout))


@pytest.mark.parametrize("tool", [["parse", "--spider=latest"], ["shell"]])
@pytest.mark.e2e
def test_a_tool_refuses_a_misspelled_setting(tool, tmp_path):
    result = scrapy(*tool, "-s", f"SPOTLIGHT_BASEURL={UNREACHABLE}", f"{LIVE}/articles/", workdir=tmp_path)
    assert result.returncode == 1
    [error] = complaints(result.stderr)
    assert error.endswith(
        "Cannot start: -s SPOTLIGHT_BASEURL: not a setting of this project; see the README's table of settings"
    )
    assert "Traceback" not in result.stderr


# --- bad input: one line, exit 1, no traceback -------------------------------------------------

UNREACHABLE = "http://127.0.0.1:9"  # nothing is fetched: every case stops before the first request


def _not_a_list_of_urls(tmp_path: Path, kind: str) -> tuple[str, str]:
    """A ``urls_file`` path of ``kind``, and what the one line says about it."""
    if kind == "device":
        return "/dev/zero", "not a regular file"
    path = tmp_path / kind
    if kind == "fifo":
        os.mkfifo(path)  # no writer: reading it would wait for ever
        return str(path), "not a regular file"
    if kind == "directory":
        path.mkdir()
        return str(path), "not a regular file"
    with path.open("wb") as file:
        file.truncate(arguments.MAX_URLS_FILE_BYTES + 1)  # sparse: nothing is written
    return str(path), f"larger than {arguments.MAX_URLS_FILE_BYTES} bytes"


@pytest.mark.parametrize("kind", ["device", "fifo", "directory", "too_large"])
def test_a_urls_file_that_is_not_a_regular_file_of_bounded_size_is_refused(tmp_path, kind):
    path, says = _not_a_list_of_urls(tmp_path, kind)
    with pytest.raises(arguments.BadInput, match=re.escape(f"-a urls_file={path!r}: {says}")):
        arguments.read_urls_file(path)


@pytest.mark.e2e
@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_a_urls_file_that_never_ends_is_one_line_and_exit_1(tmp_path, kind):
    path, says = _not_a_list_of_urls(tmp_path, kind)
    result = crawl("article", UNREACHABLE, tmp_path / "run", args={"urls_file": path}, settings=NO_STATE, timeout=60)
    assert result.returncode == 1, result.log[-3000:]
    [error] = [entry for entry in result.log.splitlines() if "ERROR" in entry or "CRITICAL" in entry]
    assert says in error
    assert "Traceback" not in result.log


@pytest.mark.parametrize(
    ("spider", "args", "settings", "line"),
    [
        ("latest", {"since": "2024-13-01"}, {}, "-a since='2024-13-01': expected a date as YYYY-MM-DD"),
        ("latest", {"until": "yesterday"}, {}, "-a until='yesterday': expected a date as YYYY-MM-DD"),
        ("latest", {"since": "2024-02-01", "until": "2024-01-01"}, {}, "expected since <= until"),
        ("latest", {"max_pages": "x"}, {}, "-a max_pages='x': expected a whole number of at least 1"),
        ("international", {"max_pages": "0"}, {}, "-a max_pages='0': expected a whole number of at least 1"),
        ("latest", {"render": "bogus"}, {}, "-a render='bogus': expected one of never, auto, always"),
        ("latest", {"fresh": "maybe"}, {}, "-a fresh='maybe': expected 1 or 0"),
        (
            "latest",
            {"maxpages": "1"},
            {},
            "-a maxpages: not an argument of the latest spider; known: fresh, max_pages, render, since, until",
        ),
        (
            "article",
            {"urls_file": "/nonexistent/urls.txt"},
            {},
            "-a urls_file='/nonexistent/urls.txt': cannot be read (No such file or directory)",
        ),
        ("article", {}, {}, "the article spider needs -a url=URL[,URL...] or -a urls_file=PATH"),
        ("article", {"url": "https://www.spotlightnepal.com/topic/economy"}, {}, "not article URLs"),
        (
            "article",
            {"url": "https://www.example.com/2024/10/21/floods-argentina/"},
            {},
            "not on the site (127.0.0.1:9, spotlightnepal.com, www.spotlightnepal.com): "
            "https://www.example.com/2024/10/21/floods-argentina/",
        ),
        ("latest", {}, {"SPOTLIGHT_BASE_URL": "notaurl"}, "-s SPOTLIGHT_BASE_URL='notaurl': expected an http(s) URL"),
        (
            "latest",
            {},
            {"SPOTLIGHT_CANONICAL_URL": "ftp://x"},
            "-s SPOTLIGHT_CANONICAL_URL='ftp://x': expected an http",
        ),
        ("latest", {}, {"SPOTLIGHT_PRESET": "fast"}, "-s SPOTLIGHT_PRESET='fast': expected one of loopback"),
        (
            "latest",
            {},
            {"SPOTLIGHT_BASEURL": "http://127.0.0.1:9"},  # ignored, it would send the crawl to the live site
            "-s SPOTLIGHT_BASEURL: not a setting of this project; see the README's table of settings",
        ),
        ("nosuchspider", {}, {}, "no spider named 'nosuchspider'; known: article, international, latest"),
    ],
)
@pytest.mark.e2e
def test_bad_input_is_one_line_and_exit_1(tmp_path, spider, args, settings, line):
    base_url = None if "SPOTLIGHT_BASE_URL" in settings else UNREACHABLE
    result = crawl(spider, base_url, tmp_path, args=args, settings={**NO_STATE, **settings})
    assert result.returncode == 1, result.log[-3000:]
    [error] = [entry for entry in result.log.splitlines() if "ERROR" in entry or "CRITICAL" in entry]
    assert line in error
    assert "Traceback" not in result.log
    assert "Task exception was never retrieved" not in result.log


@pytest.mark.parametrize(
    ("given", "refused"),
    [
        (["max_pages", "since"], None),
        (["_job", "_version", "setting", "jobid"], None),  # what Scrapyd adds
        (["maxpages"], "-a maxpages"),
        (["since", "sinse", "x"], "-a sinse, -a x"),
    ],
)
def test_unknown_argument_names(given, refused):
    known = ("max_pages", "since", "until")
    if refused is None:
        arguments.refuse_unknown(given, known, "latest")
    else:
        with pytest.raises(arguments.BadInput, match=re.escape(f"{refused}: not an argument of the latest spider")):
            arguments.refuse_unknown(given, known, "latest")


@pytest.mark.parametrize(
    ("given", "line"),
    [
        ({"DOWNLOAD_DELAY": 2, "LOG_FILE": "x.log"}, None),  # Scrapy's own settings are Scrapy's
        ({"SPOTLIGHT_BASEURL": 1}, "-s SPOTLIGHT_BASEURL: not a setting of this project; see the README's table"),
        (
            {"SPOTLIGHT_XYZZY": 1, "SPOTLIGHT_RENDR": 1},
            "-s SPOTLIGHT_RENDR, -s SPOTLIGHT_XYZZY: not a setting of this project; see the README's table",
        ),
    ],
)
def test_unknown_setting_names(given, line):
    settings = Settings({"SPOTLIGHT_BASE_URL": LIVE, "SPOTLIGHT_CANONICAL_URL": LIVE, **given})
    if line is None:
        addon.check(settings)
    else:
        with pytest.raises(arguments.BadInput, match=re.escape(line)):
            addon.check(settings)


def test_every_setting_the_readme_lists_is_known():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = set(re.findall(r"^\| `(SPOTLIGHT_[A-Z_]+)` \|", text, flags=re.MULTILINE))
    assert table == set(addon.KNOWN_SETTINGS)


@pytest.mark.e2e
def test_a_scrapyd_job_argument_is_accepted(replica, tmp_path):
    result = crawl(
        "international", replica.base_url, tmp_path, args={"_job": "abc123", "max_pages": "1"}, settings=NO_STATE
    )
    assert result.returncode == 0, result.log[-3000:]
    assert result.records


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        ("https://a/2024/10/21/x/\n", ["https://a/2024/10/21/x/"]),
        ("# a comment\n\nhttps://a/2024/10/21/x/  # the floods story\n", ["https://a/2024/10/21/x/"]),
        (
            "https://a/2024/10/21/x/\t# tab, then a comment\n  /2024/10/22/y/\n",
            ["https://a/2024/10/21/x/", "/2024/10/22/y/"],
        ),
        ("https://a/2024/10/21/x/#section\n", ["https://a/2024/10/21/x/#section"]),  # a fragment, not a comment
        ("   # indented comment\n", []),
    ],
)
def test_urls_file_lines(text, urls):
    assert arguments.url_lines(text) == urls


@pytest.mark.e2e
def test_urls_file_with_inline_comments_crawls_its_articles(replica, tmp_path):
    arts = replica.site.latest()[:2]
    listing = tmp_path / "urls.txt"
    listing.write_text(
        f"# stories to check\n{replica.url(arts[0].path)}   # first\n"
        f"https://www.spotlightnepal.com{arts[1].path} # second, live spelling\n",
        encoding="utf-8",
    )
    result = crawl("article", replica.base_url, tmp_path, args={"urls_file": str(listing)}, settings=NO_STATE)
    assert result.returncode == 0, result.log[-3000:]
    assert sorted(r["url"] for r in result.records) == sorted(a.canonical_url for a in arts)


# --- exit statuses --------------------------------------------------------------------------


@pytest.mark.e2e
def test_a_requested_article_that_is_missing_has_its_own_status(replica, tmp_path):
    missing = replica.url("/2024/10/21/no-such-story-here/")
    result = crawl("article", replica.base_url, tmp_path, args={"url": missing}, settings=NO_STATE)
    assert result.returncode == 6, result.log[-3000:]
    assert f"{missing}: the requested article is not on the site (404)" in result.log
    assert "could not be reached" not in result.log


@pytest.mark.e2e
def test_an_unreachable_site_is_still_status_3(tmp_path):
    result = crawl("latest", UNREACHABLE, tmp_path, settings={**NO_STATE, "RETRY_TIMES": "0"})
    assert result.returncode == 3
    assert "the site could not be reached" in result.log
    # Spidermon's report names the failing checks; the verdict is one ERROR line of its own.
    block = [line for line in result.log.splitlines() if "[Spidermon]" in line]
    assert any(line.endswith("... FAIL") for line in block)
    [verdict] = [line for line in result.log.splitlines() if "ERROR" in line and "Run not good" in line]
    assert "Run not good (exit status 3)" in verdict


# --- flat output -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "flat"),
    [
        ([{"name": "Agencies", "kind": "agency"}], '[{"name":"Agencies","kind":"agency"}]'),
        ({"volume": 18, "raw": "VOL. 18 (Ashoj-18. 2081)"}, '{"volume":18,"raw":"VOL. 18 (Ashoj-18. 2081)"}'),
        ([], "[]"),
        ("Keshab Poudel", "Keshab Poudel"),
        (None, None),
    ],
)
def test_flat_values(value, flat):
    assert flat_value(value) == flat


@pytest.mark.e2e
def test_csv_output_writes_nested_fields_as_json(replica, tmp_path):
    output = tmp_path / "international.csv"
    settings = {**FAST, **NO_STATE, "SPOTLIGHT_BASE_URL": replica.base_url}
    result = scrapy(
        "crawl", "international", "-O", str(output), *[f"-s{k}={v}" for k, v in settings.items()], workdir=tmp_path
    )
    assert result.returncode == 0, result.stderr[-3000:]
    with output.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows
    truth = {a.canonical_url: a for a in replica.site.international()}
    for row in rows:
        assert json.loads(row["authors"]) == truth[row["url"]].authors
        if row["magazine_issue"]:
            assert json.loads(row["magazine_issue"])["raw"]


# --- the replica's crawl line and the loopback preset ------------------------------------------


@pytest.mark.e2e
def test_the_replica_prints_a_crawl_line_that_works(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.replica", "--port", "0", "--quiet", "--articles", "12"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        server.stdout.readline()  # "Replica of ... serving"
        line = server.stdout.readline().strip()
        assert line.startswith("Crawl it with: scrapy crawl latest ")
        command = shlex.split(line.removeprefix("Crawl it with: "))
        assert "SPOTLIGHT_PRESET=loopback" in command and "fresh=1" in command
        work = tmp_path / "cwd"
        work.mkdir()
        # From another folder, so -O latest.jsonl lands there: the settings module names the project.
        run_env = {
            **env,
            "SPOTLIGHT_DATA_DIR": str(tmp_path / "data"),
            "SCRAPY_SETTINGS_MODULE": "spotlight_crawler.settings",
        }
        result = subprocess.run(
            [sys.executable, "-m", *command, "-s", f"LOG_FILE={tmp_path}/log"],
            cwd=work,
            env=run_env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        log = (tmp_path / "log").read_text(encoding="utf-8")
        assert result.returncode == 0, log[-3000:]
        assert read_jsonl(work / "latest.jsonl")
        assert "Run summary (latest, finished, exit status 0)" in log
        assert not (tmp_path / "data" / "state.sqlite3").exists()
        # The preset's values are in force (Scrapy logs the settings that differ from its defaults).
        overridden = log.split("Overridden settings:", 1)[1].split("\n2", 1)[0]
        assert "'DOWNLOAD_TIMEOUT': 10" in overridden
        # Back to Scrapy's own defaults (no delay, no AutoThrottle, 8 at a time), so not listed as overridden.
        for name in ("DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED", "CONCURRENT_REQUESTS_PER_DOMAIN"):
            assert f"'{name}'" not in overridden
    finally:
        server.terminate()
        server.wait(15)


# --- the summary accounts for every response -----------------------------------------------------


@pytest.mark.e2e
def test_the_summary_accounts_for_every_response(replica_factory, tmp_path):
    replica = replica_factory(n_articles=24, page_size=10)
    result = crawl("latest", replica.base_url, tmp_path, settings=NO_STATE)
    assert result.returncode == 0
    responses = result.stat("downloader/response_count")
    [line] = [entry for entry in result.log.splitlines() if entry.strip().startswith("responses:")]
    assert line.strip().startswith(f"responses: {responses} (")
    assert "other" not in line
    parts = dict(re.findall(r"([a-z][a-z. ]+?) (\d+)", line.split("(", 1)[1]))
    assert sum(int(n) for n in parts.values()) == responses
    assert parts["robots.txt"] == "1" and parts["home page"] == "1"
    # Paging ends at the last page's pager, so no page past the end is asked for.
    assert "past the last listing page" not in parts
    assert result.stat("spotlight/listing/stopped/no_next_link") == 1


# --- the README -------------------------------------------------------------------------------


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|cron)\n(.*?)```", text, flags=re.DOTALL)
    # Each command without its trailing `# comment`.
    lines = (re.sub(r"\s+#\s.*$", "", line).strip() for block in blocks for line in block.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def test_the_readme_runs_everything_in_its_virtual_environment():
    """One way to install: ``python3`` only makes the virtual environment; every other command
    is the environment's ``python`` (``.venv/bin/python`` once activated), never a system one."""
    commands = readme_commands()
    assert commands[:4] == [
        "apt-get update && apt-get install -y python3-venv chromium",
        "python3 -m venv .venv",
        ". .venv/bin/activate",
        "python -m pip install -r requirements.txt",
    ]
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    python3 = [c for c in commands if re.search(r"(?<![\w/.-])python3(?![\w.-])", c)]
    assert python3 == ["python3 -m venv .venv"]
    assert "/usr/bin/python3 -m venv .venv" in text  # what to do when python3 on PATH is another one
    assert "python -m tests.replica.crawl international -O international.jsonl" in commands
    assert not any("SPOTLIGHT_PYTHON" in c for c in commands)  # the scheduled command finds .venv itself


def fresh_copy(dest: Path) -> Path:
    """The checkout's files as a clone has them (tracked and new, not ignored), without caches."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    for name in listed:
        source = ROOT / name
        if source.is_file() and "__pycache__" not in name:
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def with_venv(project: Path) -> Path:
    """``project/.venv``: a real virtual environment (as the README's set-up makes it) that sees
    the packages of the one running the tests, instead of installing them again."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(project / ".venv")], check=True)
    [site_packages] = (project / ".venv" / "lib").glob("python3*/site-packages")
    ours = next(p for p in sys.path if p.endswith("site-packages") and Path(p, "scrapy").is_dir())
    (site_packages / "tests-packages.pth").write_text(ours + "\n", encoding="utf-8")
    return project / ".venv" / "bin" / "python"


@pytest.mark.e2e
def test_the_readme_offline_crawl_works_in_a_fresh_copy_under_a_bare_environment(tmp_path):
    project = fresh_copy(tmp_path / "clone")
    python = with_venv(project)
    # `. .venv/bin/activate`, then the README's first crawl, in a shell with nothing else set.
    command = ". .venv/bin/activate && python -m tests.replica.crawl international -O international.jsonl"
    assert command.split(" && ")[1] in readme_commands()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home")}
    result = subprocess.run(
        ["env", "-i", *[f"{k}={v}" for k, v in env.items()], "bash", "-c", command],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    records = read_jsonl(project / "international.jsonl")
    assert records and all(r["listing"] == "international" for r in records)
    assert "Traceback" not in result.stderr
    assert python.is_file()


@pytest.mark.e2e
def test_the_readme_cron_lines_work_under_crons_environment(replica, tmp_path):
    """The crontab of the README, with its paths moved into tmp_path, run with cron's environment:
    the scheduled command runs the project's .venv, whatever python3 cron's PATH finds."""
    lines = readme_commands()
    cron_env = dict(line.split("=", 1) for line in lines if re.match(r"^[A-Z_]+=", line))
    assert set(cron_env) == {"MAILTO", "SPOTLIGHT_DATA_DIR"}
    [job] = [line for line in lines if "bin/spotlight-scheduled" in line and line[0].isdigit()]
    command = shlex.split(job)[5:]
    project = fresh_copy(tmp_path / "opt")
    data = tmp_path / "var"
    command[0] = command[0].replace("/opt/spotlight-crawler", str(project))
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "SHELL": "/bin/sh",
        "LOGNAME": "root",
        "SPOTLIGHT_DATA_DIR": str(data),
    }
    settings = [
        f"-s{k}={v}" for k, v in {"SPOTLIGHT_BASE_URL": replica.base_url, "SPOTLIGHT_PRESET": "loopback"}.items()
    ]

    def run(*extra: str, **more_env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["env", "-i", *[f"{k}={v}" for k, v in {**env, **more_env}.items()], *command, *extra],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=180,
        )

    # Not set up yet (no .venv): one line saying what to do, exit 1.
    missing = run(*settings)
    assert missing.returncode == 1
    assert missing.stderr.strip() == (
        f"spotlight-scheduled: no {project}/.venv/bin/python; set up the project as its README says "
        "(python3 -m venv .venv, then the requirements) or set SPOTLIGHT_PYTHON"
    )
    assert not (data / "latest").exists()

    with_venv(project)
    result = run(*settings)
    assert result.returncode == 0, result.stderr
    assert result.stdout == result.stderr == ""  # cron mails nothing for a good run
    assert read_jsonl(next((data / "latest").glob("*.jsonl")))

    # A Python without Scrapy named instead: one line, exit 1.
    broken = run(SPOTLIGHT_PYTHON="/bin/false")
    assert broken.returncode == 1
    assert broken.stderr.strip() == (
        "spotlight-scheduled: /bin/false cannot import scrapy; "
        "install the requirements into it or set SPOTLIGHT_PYTHON to a Python that has them"
    )
