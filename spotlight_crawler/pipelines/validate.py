"""The record against its JSON Schema, last of the pipelines: Spidermon's item validation (its
stats), with a drop reason that names the record: ``invalid record <url>: <field>: <error>``."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem
from spidermon.contrib.scrapy.pipelines import ItemValidationPipeline
from spidermon.contrib.validation import JSONSchemaValidator

from spotlight_crawler.items import ARTICLE_SCHEMA


class ValidationPipeline(ItemValidationPipeline):
    def process_item(self, item: Any, spider: Any = None) -> Any:
        try:
            return super().process_item(item, spider)
        except DropItem:
            _, errors = JSONSchemaValidator(ARTICLE_SCHEMA).validate(ItemAdapter(item).asdict())
            problems = "; ".join(
                f"{field or 'record'}: {', '.join(messages)}" for field, messages in sorted(errors.items())
            )
            raise DropItem(f"invalid record {ItemAdapter(item).get('url')}: {problems}") from None
