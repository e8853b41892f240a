"""A response's serve time (its ``Date`` header), the clock that relative ages and ``scraped_at`` use."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from spotlight_crawler.normalize.served import served_at


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (b"Tue, 22 Oct 2024 14:40:00 GMT", datetime(2024, 10, 22, 14, 40, tzinfo=UTC)),
        (b"Tue, 22 Oct 2024 20:25:00 +0545", datetime(2024, 10, 22, 14, 40, tzinfo=UTC)),  # Nepal time
        (b"Tue, 22 Oct 2024 14:40:00", datetime(2024, 10, 22, 14, 40, tzinfo=UTC)),  # no zone: GMT by RFC 9110
    ],
)
def test_the_date_header_is_the_serve_time_in_utc(header: bytes, expected: datetime) -> None:
    moment = served_at({b"Date": header})
    assert moment == expected and moment.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("header", [None, b"", b"yesterday", b"Fri, 31 Dec 9999 23:59:59 -1200", b"\xff\xfe"])
def test_without_a_usable_date_header_the_crawl_clock_serves(header: bytes | None) -> None:
    before = datetime.now(UTC)
    moment = served_at({b"Date": header} if header is not None else {})
    assert moment.tzinfo is UTC and before <= moment <= datetime.now(UTC)
