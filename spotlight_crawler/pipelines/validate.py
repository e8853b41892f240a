"""The record against its JSON Schema, last of the pipelines: Spidermon's item validation.

Spidermon counts what fails (``spidermon/validation/items/dropped`` and
``spidermon/validation/fields/errors/<error>/<field>``); this subclass makes the drop
reason name the record and what is wrong with it, instead of "Validation failed!".

Speed: Spidermon builds a ``jsonschema`` validator and walks the schema for every record,
and deep-copies the record first; here the schema is compiled once by ``fastjsonschema``
into a plain function, which answers for the records that pass (nearly all). A record it
rejects goes through Spidermon's own ``jsonschema`` validation, so the stats and messages
of a failure are Spidermon's. The schema uses only keywords both read alike (type,
pattern, minLength, minimum, enum, anyOf, required, properties, additionalProperties).
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

import fastjsonschema
from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem
from spidermon.contrib.scrapy.pipelines import ItemValidationPipeline
from spidermon.contrib.scrapy.stats import ValidationStatsManager
from spidermon.contrib.validation import JSONSchemaValidator
from spidermon.contrib.validation.jsonschema.tools import get_schema_from

from spotlight_crawler import compat


class CompiledSchemaValidator(JSONSchemaValidator):
    """Spidermon's JSON Schema validator behind a compiled check of the same schema."""

    def __init__(self, schema: dict[str, Any]) -> None:
        super().__init__(schema)
        self._check = fastjsonschema.compile(schema)

    def _validate(self, data: Any, strict: bool = False) -> None:
        try:
            self._check(data)
        except fastjsonschema.JsonSchemaException:
            super()._validate(data, strict=strict)  # Spidermon's messages for what is wrong


class _ValidationStats(ValidationStatsManager):
    """Spidermon's stats names, slugified once per name instead of on every record."""

    def __init__(self, stats: Any) -> None:
        super().__init__(stats)
        self._names: dict[tuple[str, ...], str] = {}

    def _get_stats_name(self, *names: str) -> str:
        name = self._names.get(names)
        if name is None:
            name = self._names[names] = super()._get_stats_name(*names)
        return name


class ValidationPipeline(ItemValidationPipeline):
    def __init__(self, validators: Any, stats: Any, **kwargs: Any) -> None:
        compat.check_spidermon_validation_hooks()  # the private parts of Spidermon used here
        super().__init__(validators, stats, **kwargs)
        self.stats = _ValidationStats(stats)

    @classmethod
    def _load_jsonschema_validator(cls, schema: Any) -> JSONSchemaValidator:
        loaded = get_schema_from(schema) if isinstance(schema, str) else schema
        if not isinstance(loaded, dict):
            return super()._load_jsonschema_validator(schema)  # Spidermon's error for a bad setting
        return CompiledSchemaValidator(loaded)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        """Spidermon's, on a shallow view of the record: its values are plain JSON already."""
        validators = self.find_validators(item)
        if not validators:
            return item
        data = _as_dict(item)
        self.stats.add_item()
        self.stats.add_fields(len(data))
        for validator in validators:
            ok, errors = validator.validate(data)
            if not ok:
                self._add_error_stats(errors)
                if self.add_errors_to_items:
                    self._add_errors_to_item(ItemAdapter(item), errors)
                if self.drop_items_with_errors:
                    self._drop_item(item, errors)
        return item

    def _drop_item(self, item: Any, errors: dict[str, list[str]]) -> None:
        self.stats.add_dropped_item()
        problems = "; ".join(
            f"{field or 'record'}: {', '.join(messages)}" for field, messages in sorted(errors.items())
        )
        raise DropItem(f"invalid record {ItemAdapter(item).get('url')}: {problems}")


def _as_dict(item: Any) -> dict[str, Any]:
    """The record's fields as a dict, without ItemAdapter's recursive copy for a dataclass record."""
    if is_dataclass(item) and not isinstance(item, type):
        return {f.name: getattr(item, f.name) for f in fields(item)}
    return dict(ItemAdapter(item).asdict())
