"""The compiled schema check answers as Spidermon's jsonschema validation does, record by record."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest
from spidermon.contrib.validation import JSONSchemaValidator

from spotlight_crawler.items import ARTICLE_SCHEMA, ArticleItem
from spotlight_crawler.pipelines.validate import CompiledSchemaValidator

GOOD: dict[str, Any] = asdict(
    ArticleItem(
        url="https://www.spotlightnepal.com/2024/10/22/a-story/",
        headline="A story",
        section="National",
        published_at="2024-10-22T14:09:00+05:45",
        published_at_raw="Oct. 22, 2024, 2:09 p.m.",
        authors=[{"name": "Keshab Poudel", "kind": "person"}],
        byline_raw="By Keshab Poudel",
        body="One.\n\nTwo.",
        image_url="https://www.spotlightnepal.com/media/a.jpg",
        magazine_issue={
            "volume": 18,
            "number": 5,
            "date": "2024-10-18",
            "date_bs": "2081-07-02",
            "raw": "Vol. 18, No. 5",
            "dates_agree": True,
        },
        listing="latest",
        scraped_at="2024-10-22T14:09:00Z",
    )
)
ISSUE = GOOD["magazine_issue"]
VALUES = [
    None,
    "",
    " ",
    0,
    1,
    1.0,
    -1,
    True,
    [],
    {},
    "x",
    "2024-10-22",
    "2024-10-22T14:09:00+05:45",
    "\u0662\u0660\u0662\u0664-10-22",
]
VALUES += ["https://x", "data:image/gif;base64,R0", [{"name": "A", "kind": "editor"}], [{"name": "", "kind": "staff"}]]
VALUES += [
    [{"name": "A", "kind": "staff", "extra": 1}],
    [{"name": "A"}],
    {**ISSUE, "volume": 1.0},
    {**ISSUE, "volume": True},
]
VALUES += [{**ISSUE, "number": -1}, {**ISSUE, "raw": ""}, {**ISSUE, "date": "18 Oct"}, {**ISSUE, "extra": 1}]


def _records() -> list[dict[str, Any]]:
    records = [GOOD, {**GOOD, "extra": 1}]
    for name in GOOD:
        records.append({k: v for k, v in GOOD.items() if k != name})
        records += [{**GOOD, name: value} for value in VALUES]
    return records


COMPILED, SPIDERMON = CompiledSchemaValidator(ARTICLE_SCHEMA), JSONSchemaValidator(ARTICLE_SCHEMA)


@pytest.mark.parametrize("record", _records())
def test_the_compiled_check_agrees_with_spidermon(record: dict[str, Any]) -> None:
    assert COMPILED.validate(record) == SPIDERMON.validate(record)


def test_some_records_pass_and_some_fail() -> None:
    outcomes = {COMPILED.validate(record)[0] for record in _records()}
    assert outcomes == {True, False}
