"""Pytest fixtures for the replica (loaded via ``pytest_plugins`` in conftest).

``replica``          a started :class:`Replica` with default options.
``replica_factory``  ``replica_factory(**options)`` starts one with options
                     (``n_articles``, ``seed``, ``page_size``, ``nav``,
                     ``international_path``, ``latest_path``, ``now``...).
Both are function-scoped and stopped at teardown, so tests never share state
(publish, faults, request logs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from .server import Replica


@pytest.fixture
def replica() -> Iterator[Replica]:
    with Replica() as r:
        yield r


@pytest.fixture
def replica_factory() -> Iterator[Callable[..., Replica]]:
    started: list[Replica] = []

    def make(**options: Any) -> Replica:
        r = Replica(**options).start()
        started.append(r)
        return r

    yield make
    for r in started:
        r.stop()
