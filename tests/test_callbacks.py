"""The spiders' generator callbacks return no value.

Scrapy would warn about a generator callback that returns a value (the value is lost); the
project switches that runtime check off (WARN_ON_GENERATOR_RETURN_VALUE: it re-parses the
callbacks' source over and over during a crawl), so it is made here, once, on every spider.
"""

from __future__ import annotations

import inspect

from scrapy.spiderloader import SpiderLoader
from scrapy.utils.misc import is_generator_with_return_value
from scrapy.utils.project import get_project_settings


def test_no_generator_callback_returns_a_value():
    settings = get_project_settings()
    assert settings.getbool("WARN_ON_GENERATOR_RETURN_VALUE") is False
    loader = SpiderLoader.from_settings(settings)
    checked, wrong = 0, []
    for name in loader.list():
        spider = loader.load(name)
        for attr, member in inspect.getmembers(spider, inspect.isgeneratorfunction):
            checked += 1
            if is_generator_with_return_value(member):
                wrong.append(f"{spider.__name__}.{attr}")
    assert checked >= 5  # parse_article, parse_listing, parse_home, ... of every spider
    assert wrong == []
