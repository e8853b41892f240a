"""The record's JSON Schema describes the types the code declares: one declaration, checked here."""

from __future__ import annotations

import types
from datetime import date
from typing import Any, Union, get_args, get_origin, get_type_hints

import pytest

from spotlight_crawler.items import ARTICLE_SCHEMA, FIELD_NAMES
from spotlight_crawler.normalize.issues import ISSUE_FIELDS, Issue, parse_issue

JSON_TYPES = {int: "integer", str: "string", bool: "boolean", type(None): "null"}


def json_types(declared: Any) -> set[str]:
    parts = get_args(declared) if get_origin(declared) in (Union, types.UnionType) else (declared,)
    return {JSON_TYPES[part] for part in parts}


def schema_types(spec: dict[str, Any]) -> set[str]:
    kind = spec["type"]
    return {kind} if isinstance(kind, str) else set(kind)


def issue_schema() -> dict[str, Any]:
    [shape] = [s for s in ARTICLE_SCHEMA["properties"]["magazine_issue"]["anyOf"] if s.get("type") == "object"]
    return shape


def test_the_schema_lists_the_record_fields_in_their_order():
    assert tuple(ARTICLE_SCHEMA["required"]) == FIELD_NAMES
    assert tuple(ARTICLE_SCHEMA["properties"]) == FIELD_NAMES


def test_the_schema_of_a_magazine_issue_is_the_issue_type():
    shape = issue_schema()
    assert tuple(shape["required"]) == ISSUE_FIELDS == tuple(shape["properties"])
    assert shape["additionalProperties"] is False
    hints = get_type_hints(Issue)
    assert {name: schema_types(shape["properties"][name]) for name in ISSUE_FIELDS} == {
        name: json_types(hints[name]) for name in ISSUE_FIELDS
    }


@pytest.mark.parametrize(
    "raw",
    [
        "Published in Magazine Issue: VOL. 18, No. 05, October.04,2024 (Ashoj-18. 2081)",
        "VOL. 13, No. 02, July 19 -01 Aug., 2019 (Shrawan 03, 2076)",
    ],
)
def test_an_issue_has_every_part_in_order_with_the_date_as_text(raw):
    parsed = parse_issue(raw)
    assert parsed is not None
    assert tuple(parsed) == ISSUE_FIELDS
    assert isinstance(parsed["date"], str) and date.fromisoformat(parsed["date"])
