"""The stats keys are declared once (spotlight_crawler/run/keys.py) and read the same everywhere."""

import re
from pathlib import Path

import pytest

from spotlight_crawler.run import keys

PACKAGE = Path(__file__).resolve().parent.parent / "spotlight_crawler"


@pytest.mark.parametrize(
    ("key", "failed"),
    [
        ("spotlight/article/failed/http_404", True),
        ("spotlight/listing/failed/timeout", True),
        ("spotlight/feed/failed/not_xml", True),
        ("spotlight/article/pages", False),
        ("spotlight/failures/lost/article", False),
        ("downloader/article/failed/x", False),
    ],
)
def test_a_failure_key_is_told_by_its_third_part(key, failed):
    assert keys.is_failed(key) is failed


def test_failed_page_kinds_names_each_kind_once_sorted():
    stats = {
        "spotlight/listing/failed/timeout": 1,
        "spotlight/article/failed/http_404": 2,
        "spotlight/article/failed/dns": 1,
        "spotlight/article/pages": 9,
    }
    assert keys.failed_page_kinds(stats) == ["article", "listing"]


def test_keys_with_a_kind_spell_the_documented_key():
    assert keys.article_failed("http_404") == "spotlight/article/failed/http_404"
    assert keys.page_failed("listing", "timeout") == keys.failed_prefix("listing") + "timeout"
    assert keys.truncated("article", "kept") == "spotlight/article/truncated/kept"
    assert keys.ARTICLE_OUTSIDE_WINDOW == "spotlight/article/outside_window"


def test_no_module_of_the_package_spells_a_stats_key_itself():
    spelled = {
        str(path.relative_to(PACKAGE)): found
        for path in PACKAGE.rglob("*.py")
        if path.name != "keys.py" and (found := re.findall(r"""f?["']spotlight/[^"']*["']""", path.read_text()))
    }
    assert spelled == {}
