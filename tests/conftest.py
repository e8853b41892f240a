"""Shared fixtures: the replica of the site and saved pages; the unit layer kept to itself."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Callable
from typing import Any

import pytest
from scrapy.crawler import Crawler

pytest_plugins = ["tests.replica.fixtures"]


def _refuse(what: str) -> Callable[..., Any]:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"a test not marked e2e {what}: mark it e2e")

    return refused


@pytest.fixture(autouse=True)
def _unit_layer_starts_nothing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test not marked ``e2e`` starts no server, subprocess or crawl: trying fails the test."""
    if request.node.get_closest_marker("e2e"):
        return
    monkeypatch.setattr(socket.socket, "bind", _refuse("opened a server socket"))
    monkeypatch.setattr(socket.socket, "connect", _refuse("connected a socket"))
    monkeypatch.setattr(subprocess.Popen, "__init__", _refuse("started a subprocess"))
    monkeypatch.setattr(Crawler, "crawl", _refuse("started a crawl"))
