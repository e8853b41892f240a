"""Settings derived from the project's own at start, after ``-s`` and ``-O`` are known."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from scrapy.settings import BaseSettings, Settings

from spotlight_crawler import arguments, render, replay, site
from spotlight_crawler import settings as project_settings
from spotlight_crawler.faults.offsite import origin

_PACKAGE_ROOT = Path(__file__).resolve().parent.parent

# Every project setting is declared, with its default, in settings.py.
KNOWN_SETTINGS = frozenset(name for name in vars(project_settings) if name.startswith("SPOTLIGHT_"))

# Named groups of settings (-s SPOTLIGHT_PRESET=NAME), over settings.py and under -s.
# "loopback": a server on this machine (the replica, a local mirror) needs no politeness delays.
PRESETS: dict[str, dict[str, Any]] = {
    "loopback": {
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "RETRY_TIMES": 2,
        "DOWNLOAD_TIMEOUT": 10,
    },
}


def data_dir(settings: Settings) -> Path:
    """Where runs write output and state when no path is given: ``SPOTLIGHT_DATA_DIR`` (setting
    or environment), else ``data/`` beside scrapy.cfg in a checkout, else ``~/.local/share/spotlight-crawler``."""
    if configured := settings.get("SPOTLIGHT_DATA_DIR") or os.environ.get("SPOTLIGHT_DATA_DIR"):
        return Path(configured).expanduser().resolve()
    if (_PACKAGE_ROOT / "scrapy.cfg").is_file():
        return _PACKAGE_ROOT / "data"
    return Path.home() / ".local" / "share" / "spotlight-crawler"


def check(settings: BaseSettings) -> None:
    """``BadInput`` for an unknown ``SPOTLIGHT_*`` name (a typo such as ``SPOTLIGHT_BASEURL`` would otherwise
    send the crawl to the live site) or preset, or a base or canonical URL that is not http(s)."""
    if unknown := sorted(name for name in settings if name.startswith("SPOTLIGHT_") and name not in KNOWN_SETTINGS):
        names = ", ".join(f"-s {name}" for name in unknown)
        raise arguments.BadInput(f"{names}: not a setting of this project; see the README's table of settings")
    for name in ("SPOTLIGHT_BASE_URL", "SPOTLIGHT_CANONICAL_URL"):
        if origin(str(settings.get(name) or "")) is None:
            url = site.CANONICAL_BASE_URL
            raise arguments.BadInput(f"-s {name}={settings.get(name)!r}: expected an http(s) URL such as {url}")
    if (preset := settings.get("SPOTLIGHT_PRESET")) and preset not in PRESETS:
        raise arguments.BadInput(f"-s SPOTLIGHT_PRESET={preset!r}: expected one of {', '.join(PRESETS)}")


class SpotlightAddon:
    """Checks the project's settings, then fills in the preset, the replay mode, the browser (replay
    first: it takes the download handlers away) and the default feed (a new JSON Lines file per run)."""

    def update_settings(self, settings: Settings) -> None:
        check(settings)
        for key, value in PRESETS.get(settings.get("SPOTLIGHT_PRESET") or "", {}).items():
            settings.set(key, value, priority="project")
        replay.configure(settings)
        render.configure(settings)
        if not settings.getdict("FEEDS"):
            # SPOTLIGHT_RUN_STAMP (bin/spotlight-scheduled): the log's and the stats' stamp names the feed too.
            stamp = settings.get("SPOTLIGHT_RUN_STAMP") or "%(time)s"
            target = data_dir(settings) / "%(name)s" / f"{stamp}.jsonl"
            # A run with nothing new leaves no empty file.
            settings.set("FEEDS", {str(target): {"format": "jsonlines", "store_empty": False}}, priority="addon")
