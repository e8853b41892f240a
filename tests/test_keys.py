"""The stats keys are declared once (spotlight_crawler/run/keys.py) and read the same everywhere."""

import re
from pathlib import Path

from spotlight_crawler.run import keys

PACKAGE = Path(__file__).resolve().parent.parent / "spotlight_crawler"


def test_failed_pages_are_told_by_the_third_part_of_their_key_by_page_kind_and_why():
    stats = {
        "spotlight/listing/failed/timeout": 1,
        "spotlight/article/failed/http_404": 2,
        "spotlight/article/failed/dns": 3,
        "spotlight/feed/failed/not_xml": 1,
        "spotlight/article/pages": 9,
        "spotlight/failures/lost/article": 1,
        "downloader/article/failed/x": 1,
    }
    assert keys.failed_pages(stats) == {
        "article": {"dns": 3, "http_404": 2},
        "feed": {"not_xml": 1},
        "listing": {"timeout": 1},
    }
    assert list(keys.failed_pages(stats)["article"]) == ["dns", "http_404"]  # largest first


def test_keys_with_a_kind_spell_the_documented_key():
    assert keys.article_failed("http_404") == "spotlight/article/failed/http_404"
    assert keys.page_failed("listing", "timeout") == "spotlight/listing/failed/timeout"
    assert keys.truncated("article", "kept") == "spotlight/article/truncated/kept"
    assert keys.witnesses_disagree("body", "a", "b") == "spotlight/witnesses/disagree/body/a~b"
    assert keys.charset_corrected("utf-8", "cp1252") == "spotlight/charset/corrected/utf-8_to_cp1252"
    assert keys.ARTICLE_OUTSIDE_WINDOW == "spotlight/article/outside_window"


def test_no_module_of_the_package_spells_a_stats_key_itself():
    spelled = {
        str(path.relative_to(PACKAGE)): found
        for path in PACKAGE.rglob("*.py")
        if path.name != "keys.py" and (found := re.findall(r"""f?["']spotlight/[^"']*["']""", path.read_text()))
    }
    assert spelled == {}
