"""Just the articles it is given, to re-scrape a story.

``-a url=URL[,URL...]`` and/or ``-a urls_file=PATH`` (one URL a line; blank lines and
``#`` comments ignored). URLs in any spelling of the site are fetched from
``SPOTLIGHT_BASE_URL``; anything that is not an article URL is refused at start.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from scrapy.http import Request

from spotlight_crawler.spiders.base import SpotlightSpider
from spotlight_crawler.urls import is_article_url


class ArticleSpider(SpotlightSpider):
    name = "article"

    def __init__(self, *args: Any, url: str | None = None, urls_file: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        urls = [u.strip() for u in (url or "").split(",") if u.strip()]
        if urls_file:
            lines = Path(urls_file).expanduser().read_text(encoding="utf-8").splitlines()
            urls += [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
        if not urls:
            raise ValueError("the article spider needs -a url=URL[,URL...] or -a urls_file=PATH")
        bad = [u for u in urls if not is_article_url(u)]
        if bad:
            raise ValueError(f"not article URLs (/YYYY/MM/DD/<slug>/): {', '.join(bad)}")
        self.urls = list(dict.fromkeys(urls))

    narrowed = True  # ad-hoc by nature: never judged as a full scheduled run

    async def start(self) -> AsyncIterator[Request]:
        for url in self.urls:
            yield self.article_request(url, "article")
