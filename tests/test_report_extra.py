"""``scrapy report`` on a host without the report's extra (matplotlib): one line saying how to
install it, and exit status 1, before any input is read."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

from spotlight_crawler.commands.report import INSTALL, Command

ROOT = Path(__file__).resolve().parent.parent


def test_without_matplotlib_the_report_says_how_to_install_it(monkeypatch, tmp_path, capsys):
    # None in sys.modules makes `import matplotlib` fail as on a host that never installed it.
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    for name in [m for m in sys.modules if m.startswith("spotlight_crawler.analysis")]:
        monkeypatch.delitem(sys.modules, name)
    out = tmp_path / "report.html"
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"url": "https://www.spotlightnepal.com/2024/10/21/a/"}\n', encoding="utf-8")

    # SystemExit with a message: Python prints it on stderr as one line and exits with status 1.
    with pytest.raises(SystemExit) as stopped:
        Command().run([str(feed)], argparse.Namespace(output=str(out)))

    assert stopped.value.code == f"scrapy report needs matplotlib: {INSTALL}"
    assert capsys.readouterr().err == ""  # nothing else said, no input read
    assert not out.exists()


def test_the_install_line_names_a_requirements_file_that_brings_matplotlib():
    text = (ROOT / INSTALL.rpartition(" ")[2]).read_text(encoding="utf-8")
    assert [line.split("==")[0] for line in text.splitlines() if "==" in line] == ["matplotlib"]
    assert "-r requirements.txt" in text.splitlines()


@pytest.mark.parametrize("name", ["requirements-report.txt", "requirements-scrapyd.txt"])
def test_the_development_requirements_bring_each_extra(name):
    assert f"-r {name}" in (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").splitlines()
