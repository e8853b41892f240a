"""Gates for tests that act mid-crawl: the test decides when the crawl may go on, not a clock."""

from __future__ import annotations

import threading
from types import TracebackType

from tests.replica.server import ARTICLE_PATH_RE, RequestInfo, Response

# A held request waits at most this long, so a failed test cannot leave server threads behind.
HOLD_LIMIT = 300


class HoldArticles:
    """A replica hook that answers the first ``n`` article requests and holds every later one
    until :meth:`release`: the crawl cannot finish, nor fetch more than ``n`` article pages,
    before the test has done what it does mid-crawl (e.g. kill it). Use it as a context manager
    so held requests are let go however the test ends."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.passed: list[str] = []
        self.holding = threading.Event()  # set once a request is held
        self._released = threading.Event()
        self._lock = threading.Lock()

    def __call__(self, req: RequestInfo) -> Response | None:
        if not ARTICLE_PATH_RE.match(req.path):
            return None
        with self._lock:
            through = len(self.passed) < self.n or self._released.is_set()
            if through:
                self.passed.append(req.path)
        if not through:
            self.holding.set()
            self._released.wait(HOLD_LIMIT)
        return None

    def release(self) -> None:
        self._released.set()

    def __enter__(self) -> HoldArticles:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.release()
