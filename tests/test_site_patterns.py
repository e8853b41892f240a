"""Every text pattern of the site lives in ``site.py``: the guard against copies elsewhere.

Scans the package's code (docstrings and comments aside: they may quote the site) for the
phrases the site prints and the month names, and for the live hosts outside the one host check.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from spotlight_crawler import site

PACKAGE = Path(__file__).resolve().parent.parent / "spotlight_crawler"

# Phrases of the site's printed text, as words (regex spellings are read as words first).
SITE_PHRASES = re.compile(
    r"\bmore on\b|\bagencies\b|\bnew ?spotlight\b|\bspotlight online\b|\bpublished in\b|\bmagazine issue|"
    r"\bjust now\b|\bcorrespondent\b|\breuters\b|\bxinhua\b|\bsamachar\b|\bpublisher\b|\bregister\b|spotlightnepal",
)
MONTH_WORDS = frozenset(site.AD_MONTH_NAMES) | frozenset(site.AD_MONTHS) | frozenset(site.BS_MONTHS)
# A module whose code names this many months holds a month table or alternation.
MONTHS_IN_A_TABLE = 3
# Strings that name the site without reading its pages, and why they may.
ALLOWED: dict[str, str] = {
    "analysis/page.py": "the analyst report's own title and headings name the site and its magazine issues",
}
# Modules that may name the live hosts: their declaration, the one host check, the offsite
# guard (it compares origins: scheme, host and port), and render.py (the browser's request
# filter, owned with the rendering decision; to move onto urls.site_hosts with it).
HOST_MODULES = frozenset({"site.py", "urls.py", "faults/offsite.py", "render.py"})

_REGEX_SYNTAX = re.compile(r"\\[sbdwSDW]|\(\?:|\(\?P<\w+>|[()+*?|\[\]{}^$]|\\.")


def as_words(text: str) -> str:
    """A string constant as the words it spells: ``More\\s+on\\b`` reads ``more on``."""
    return " ".join(_REGEX_SYNTAX.sub(" ", text).lower().split())


def code_strings(source: str) -> list[tuple[int, str]]:
    """The string constants of ``source`` that are not docstrings, with their line."""
    tree = ast.parse(source)
    docs = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]


def site_text_in(source: str) -> list[str]:
    """Site phrases in ``source``'s code strings, and its month names when it holds a table's worth."""
    found, months = [], set()
    for line, text in code_strings(source):
        words = as_words(text)
        months |= MONTH_WORDS.intersection(words.replace(".", " ").split())
        if m := SITE_PHRASES.search(words):
            found.append(f"line {line}: {text[:80]!r} ({m[0]})")
    if len(months) >= MONTHS_IN_A_TABLE:
        found.append(f"month names: {', '.join(sorted(months))}")
    return found


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "site.py")


@pytest.mark.parametrize(
    "source",
    [
        'MORE_ON = re.compile(r"^\\s*More\\s+on\\s+(?P<section>.{2,40}?)\\s*$", re.I)',
        'AGENCIES = {"agencies": "Agencies", "rss": "RSS"}',
        'STAFF = re.compile(r"new\\s+spotlight(?:\\s+online)?", re.I)',
        'MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?)"',
        'BS = ("baisakh", "jestha", "ashad")',
        'PREFIX = re.compile(r"published\\s+in\\s+(?:the\\s+)?magazine\\s+issue", re.I)',
        'HINT = re.compile(r"\\d|\\bjust\\s+now\\b", re.I)',
    ],
)
def test_the_guard_finds_a_site_pattern_written_outside_site_py(source):
    assert site_text_in(source)


def test_the_guard_lets_docstrings_and_other_text_be():
    source = 'def f():\n    """Reads ``More on Politics`` and ``By Agencies``."""\n    return "more of the same"\n'
    assert site_text_in(source) == []


def test_no_module_but_site_py_writes_a_text_pattern_of_the_site():
    found = {
        str(path.relative_to(PACKAGE)): hits
        for path in modules()
        if str(path.relative_to(PACKAGE)) not in ALLOWED and (hits := site_text_in(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "site text outside site.py (move it there): " + repr(found)


def test_the_live_hosts_are_checked_in_one_place():
    naming = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if any(
            isinstance(node, (ast.Name, ast.Attribute))
            and "SITE_HOSTS" in (getattr(node, "id", None), getattr(node, "attr", None))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    }
    assert naming <= HOST_MODULES, f"compare with urls.is_site_url / urls.site_hosts instead: {naming - HOST_MODULES}"
