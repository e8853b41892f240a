"""One run at a time per state file: ``StateLock`` takes ``<state>.lock`` for the whole run."""

from __future__ import annotations

import fcntl
from pathlib import Path


class StateBusy(Exception):
    """Another run holds the state file's lock."""


class StateLock:
    """``<state>.lock``, held with ``flock`` for a whole run: one run at a time per state file.

    Two runs on one seen-store would both see a new story as new and both write it. The
    kernel drops the lock when the process ends, however it ends, so a killed run leaves
    nothing to clean up.
    """

    def __init__(self, state: Path):
        self.path = state.with_name(state.name + ".lock")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("a")
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._file.close()
            raise StateBusy(f"another run holds {self.path}") from None

    def release(self) -> None:
        if not self._file.closed:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
