"""Spider arguments and project settings checked at start: each check raises ``BadInput``, one line
naming the argument or setting as given and what is expected (``crawl`` prints it and exits 1)."""

from __future__ import annotations

import re
import stat
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

# Arguments Scrapyd adds to every job or passes through from ``schedule.json``: never refused.
SCRAPYD_ARGUMENTS = frozenset({"_job", "_version", "setting", "jobid", "priority", "project", "spider"})
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


class BadInput(ValueError):
    """A spider argument or setting that cannot be used; the message is the whole story."""


def day(value: Any, name: str) -> date | None:
    """``YYYY-MM-DD``, or None when not given."""
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise BadInput(f"-a {name}={value!r}: expected a date as YYYY-MM-DD") from None


def positive_int(value: Any, name: str) -> int | None:
    """A whole number of at least 1, or None when not given."""
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if number < 1:
        raise BadInput(f"-a {name}={value!r}: expected a whole number of at least 1")
    return number


def flag(value: Any, name: str) -> bool:
    """``1/true/yes/on`` or ``0/false/no/off`` (any case); not given is False."""
    text = str(value if value is not None else "").strip().lower()
    if text not in _TRUE | _FALSE:
        raise BadInput(f"-a {name}={value!r}: expected 1 or 0 (true/false, yes/no)")
    return text in _TRUE


def refuse_unknown(given: Iterable[str], known: Iterable[str], spider: str) -> None:
    """Unknown argument names (typos such as ``maxpages``) stop the run, listing the known ones."""
    known_set = set(known)
    unknown = sorted(n for n in given if n not in known_set and n not in SCRAPYD_ARGUMENTS and not n.startswith("_"))
    if unknown:
        names = ", ".join(f"-a {n}" for n in unknown)
        raise BadInput(f"{names}: not an argument of the {spider} spider; known: {', '.join(sorted(known_set))}")


def require_one_of(given: Mapping[str, Any], names: Iterable[str], spider: str, usage: str) -> None:
    """At least one of ``names`` is given a value (the ``article`` spider needs its URLs)."""
    if not any(str(given.get(n) or "").strip() for n in names):
        raise BadInput(f"the {spider} spider needs {usage}")


def url_lines(text: str) -> list[str]:
    """URLs of a ``urls_file``: one a line; blank lines and ``#`` comments (also after a URL and
    a space: a ``#`` inside a URL is its fragment) ignored."""
    uncommented = (re.split(r"\s#", " " + line, maxsplit=1)[0].strip() for line in text.splitlines())
    return [url for url in uncommented if url]


# A list of article URLs, about 80 bytes a line: 16 MiB is some 200,000 of them.
MAX_URLS_FILE_BYTES = 16 * 1024 * 1024


def read_urls_file(path: str) -> list[str]:
    """The URLs of ``-a urls_file=PATH``, a regular UTF-8 file of at most ``MAX_URLS_FILE_BYTES``. Anything
    else is ``BadInput``, found without opening what is not a regular file or reading past the limit."""
    name = f"-a urls_file={path!r}"
    file = Path(path).expanduser()
    try:
        if not stat.S_ISREG(file.stat().st_mode):  # a folder, device or named pipe is never opened
            raise BadInput(f"{name}: not a regular file (expected a file of URLs, one a line)")
        with file.open("rb") as opened:
            data = opened.read(MAX_URLS_FILE_BYTES + 1)
        if len(data) > MAX_URLS_FILE_BYTES:
            raise BadInput(f"{name}: larger than {MAX_URLS_FILE_BYTES} bytes (split it into several runs)")
        return url_lines(data.decode("utf-8"))
    except OSError as exc:
        raise BadInput(f"{name}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise BadInput(f"{name}: not UTF-8 text ({exc})") from None
