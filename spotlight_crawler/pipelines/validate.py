"""The record against its JSON Schema, last of the pipelines: Spidermon's item validation (its
stats); its ``_drop_item`` hook (Spidermon's docstring invites overriding it: no public one names the
errors) names the record: ``invalid record <url>: <field>: <error>``."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem
from spidermon.contrib.scrapy.pipelines import ItemValidationPipeline


class ValidationPipeline(ItemValidationPipeline):
    def _drop_item(self, item: Any, errors: dict[str, list[str]]) -> None:
        self.stats.add_dropped_item()
        problems = "; ".join(
            f"{field or 'record'}: {', '.join(messages)}" for field, messages in sorted(errors.items())
        )
        raise DropItem(f"invalid record {ItemAdapter(item).get('url')}: {problems}")
