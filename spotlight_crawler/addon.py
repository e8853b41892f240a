"""Settings derived from the project's own at start, after ``-s`` and ``-O`` are known."""

from __future__ import annotations

import os
from pathlib import Path

from scrapy.settings import BaseSettings, Settings

from spotlight_crawler import arguments, presets, render, replay
from spotlight_crawler import settings as project_settings

_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def data_dir(settings: Settings) -> Path:
    """Where runs write their output and state when no path is given.

    ``SPOTLIGHT_DATA_DIR`` (setting or environment), else ``data/`` beside scrapy.cfg in a
    checkout, else ``~/.local/share/spotlight-crawler`` (an installed egg has no checkout).
    """
    configured = settings.get("SPOTLIGHT_DATA_DIR") or os.environ.get("SPOTLIGHT_DATA_DIR")
    if configured:
        return Path(configured).expanduser().resolve()
    if (_PACKAGE_ROOT / "scrapy.cfg").is_file():
        return _PACKAGE_ROOT / "data"
    return Path.home() / ".local" / "share" / "spotlight-crawler"


# Every project setting is declared, with its default, in settings.py.
KNOWN_SETTINGS = frozenset(name for name in vars(project_settings) if name.startswith("SPOTLIGHT_"))


def check(settings: BaseSettings) -> None:
    """Settings the crawl cannot use stop its start (``BadInput``, one line): an unknown
    ``SPOTLIGHT_*`` name (a misspelling would otherwise be ignored), a base or canonical URL
    that is not an http(s) URL."""
    arguments.refuse_unknown_settings(settings, KNOWN_SETTINGS)
    for name in ("SPOTLIGHT_BASE_URL", "SPOTLIGHT_CANONICAL_URL"):
        arguments.site_url(settings.get(name), name)


class SpotlightAddon:
    """Fills in the default feed (one new JSON Lines file per run), the replay mode and the
    browser (replay first: it takes the download handlers away, and rendering leaves them so)."""

    def update_settings(self, settings: Settings) -> None:
        # Bad settings stop the start with one line (commands/crawl.py), not a run that cannot reach the site.
        check(settings)
        presets.apply(settings)
        replay.configure(settings)
        render.configure(settings)
        if not settings.getdict("FEEDS"):
            # SPOTLIGHT_RUN_STAMP (bin/spotlight-scheduled): the log's and the stats' stamp names the feed too.
            stamp = settings.get("SPOTLIGHT_RUN_STAMP") or "%(time)s"
            target = data_dir(settings) / "%(name)s" / f"{stamp}.jsonl"
            # A run with nothing new leaves no empty file (a quiet scheduled run is the usual case).
            settings.set("FEEDS", {str(target): {"format": "jsonlines", "store_empty": False}}, priority="addon")
