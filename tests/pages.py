"""Saved pages as Scrapy responses, with a real Request attached."""

from __future__ import annotations

from pathlib import Path

from scrapy.http import HtmlResponse, Request

FIXTURES = Path(__file__).parent / "fixtures"


def response_from_file(name: str, url: str, headers: dict[str, str] | None = None) -> HtmlResponse:
    body = (FIXTURES / name).read_bytes()
    return HtmlResponse(url=url, body=body, encoding="utf-8", headers=headers, request=Request(url))


def response_from_text(html: str, url: str, headers: dict[str, str] | None = None) -> HtmlResponse:
    return HtmlResponse(url=url, body=html.encode("utf-8"), encoding="utf-8", headers=headers, request=Request(url))
