"""The recovery filter on files: what the held files lack goes out byte for byte; odd lines are
reported, never written."""

from __future__ import annotations

import io
import json

import pytest

from spotlight_crawler.incremental.recover import main, recover
from tests.texts import EDITORIAL, OTHER_EDITORIAL

A, B, C, D = (f"https://www.spotlightnepal.com/2010/10/0{i}/from-the-editor-{i}/" for i in (2, 6, 7, 9))


def line(url, headline="From The Editor", body=EDITORIAL):
    return json.dumps({"url": url, "headline": headline, "body": body}, ensure_ascii=False).encode() + b"\n"


def test_only_what_the_files_lack(tmp_path, capsys):
    have = tmp_path / "have.jsonl"
    have.write_bytes(line(A) + b'{"url": "torn')
    window = tmp_path / "window.jsonl"
    window.write_bytes(
        line(A)  # held: same URL
        + line(B, "FROM THE EDITOR", EDITORIAL)  # held: a repost of A
        + line(C, body=OTHER_EDITORIAL)  # another editorial: recovered
        + line(D, body=OTHER_EDITORIAL + " (RSS)")  # a repost of C within the window
        + b"[1, 2]\n"
    )
    out = io.BytesIO()
    counts = recover(window, [have], out)
    assert out.getvalue() == line(C, body=OTHER_EDITORIAL)
    assert counts == {"same_url": 1, "repost": 2, "recovered": 1, "not_a_record": 2}
    assert capsys.readouterr().err.splitlines() == [
        f"{have}:2: not a JSON record with a url, skipped",
        f"{window}:5: not a JSON record with a url, skipped",
    ]


def test_a_missing_file_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([str(tmp_path / "nope.jsonl")])
    assert exit_.value.code == 2 and "no such file" in capsys.readouterr().err
