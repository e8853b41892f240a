"""Spider arguments and project settings checked at start: each check raises ``BadInput``, one line
naming the argument or setting as given and what is expected (``crawl`` prints it and exits 1)."""

from __future__ import annotations

import re
import stat
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from difflib import get_close_matches
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
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise BadInput(f"-a {name}={value!r}: expected 1 or 0 (true/false, yes/no)")


def refuse_unknown(given: Iterable[str], known: Iterable[str], spider: str) -> None:
    """Unknown argument names (typos such as ``maxpages``) stop the run, listing the known ones."""
    known_set = set(known)
    unknown = sorted(n for n in given if n not in known_set and n not in SCRAPYD_ARGUMENTS and not n.startswith("_"))
    if unknown:
        names = ", ".join(f"-a {n}" for n in unknown)
        raise BadInput(f"{names}: not an argument of the {spider} spider; known: {', '.join(sorted(known_set))}")


def refuse_unknown_settings(given: Iterable[str], known: Collection[str]) -> None:
    """A ``SPOTLIGHT_*`` setting the project does not have (a typo such as ``SPOTLIGHT_BASEURL`` would
    otherwise send the crawl to the live site) stops the run, naming the closest known setting."""
    unknown = sorted(n for n in given if n.startswith("SPOTLIGHT_") and n not in known)
    if not unknown:
        return
    # A high cutoff: every name shares the prefix, which would make any two names look close.
    close = get_close_matches(unknown[0], sorted(known), n=1, cutoff=0.8)
    hint = f"did you mean {close[0]}?" if close else "see the README's table of settings"
    others = f" (also unknown: {', '.join(unknown[1:])})" if unknown[1:] else ""
    raise BadInput(f"-s {unknown[0]}: not a setting of this project{others}; {hint}")


def require_one_of(given: Mapping[str, Any], names: Iterable[str], spider: str, usage: str) -> None:
    """At least one of ``names`` is given a value (the ``article`` spider needs its URLs)."""
    if not any(str(given.get(n) or "").strip() for n in names):
        raise BadInput(f"the {spider} spider needs {usage}")


def url_lines(text: str) -> list[str]:
    """URLs of a ``urls_file``: one a line; blank lines and ``#`` comments (also after a URL and
    a space: a ``#`` inside a URL is its fragment) ignored."""
    urls = []
    for line in text.splitlines():
        url = re.split(r"\s#", " " + line, maxsplit=1)[0].strip()
        if url:
            urls.append(url)
    return urls


# A list of article URLs, about 80 bytes a line: 16 MiB is some 200,000 of them.
MAX_URLS_FILE_BYTES = 16 * 1024 * 1024

# What a path that is not a regular file is, by its stat mode.
_NOT_FILES = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def read_urls_file(path: str, limit: int = MAX_URLS_FILE_BYTES) -> list[str]:
    """The URLs of ``-a urls_file=PATH``, a regular UTF-8 file of at most ``limit`` bytes. Anything
    else is ``BadInput``, found without opening what is not a regular file or reading past the limit."""
    name = f"-a urls_file={path!r}"
    file = Path(path).expanduser()
    try:
        found = file.stat()
        if not stat.S_ISREG(found.st_mode):
            what = _NOT_FILES.get(stat.S_IFMT(found.st_mode), "not a regular file")
            raise BadInput(f"{name}: {what}, not a file of URLs (expected a regular file, one URL a line)")
        with file.open("rb") as opened:
            data = opened.read(limit + 1)
    except FileNotFoundError:
        raise BadInput(f"{name}: no such file (expected one URL a line)") from None
    except OSError as exc:
        raise BadInput(f"{name}: cannot be opened ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise BadInput(
            f"{name}: {max(found.st_size, len(data))} bytes, larger than {limit} (too large for a list of URLs; "
            "split it into several runs)"
        )
    try:
        return url_lines(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BadInput(f"{name}: cannot be read as UTF-8 text ({exc})") from None
