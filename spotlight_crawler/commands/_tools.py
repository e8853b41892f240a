"""What the page-checking tools (``scrapy shell``, ``scrapy parse``) change in Scrapy's own:
their settings, the URL they are given, and the start's checks."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.commands import ScrapyCommand
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from spotlight_crawler import addon, site, urls
from spotlight_crawler.arguments import BadInput

logger = logging.getLogger(__name__)

# Looking at one page writes no state, starts no browser and is not a run (the run monitors
# would only fail it); `-s` on the command line still asks for any of them.
TOOL_SETTINGS: dict[str, Any] = {
    "SPOTLIGHT_STATE": "",
    "SPOTLIGHT_RENDER": "never",
    "SPIDERMON_SPIDER_CLOSE_MONITORS": [],
}


def apply_tool_settings(settings: BaseSettings) -> None:
    """``TOOL_SETTINGS`` over settings.py's values, not over ``-s`` on the command line."""
    for key, value in TOOL_SETTINGS.items():
        if (settings.getpriority(key) or 0) < SETTINGS_PRIORITIES["cmdline"]:
            settings.set(key, value, priority="project")


def refused(command: ScrapyCommand) -> bool:
    """True when the settings cannot be used (an unknown ``SPOTLIGHT_*`` name, a base URL that
    is not one): one ERROR line, as ``scrapy crawl`` says it, and exit status 1."""
    assert command.settings is not None
    try:
        addon.check(command.settings)
    except BadInput as exc:
        logger.error("Cannot start: %s", exc)
        command.exitcode = 1
        return True
    return False


def on_base(url: str, settings: BaseSettings) -> str:
    """``url`` on ``SPOTLIGHT_BASE_URL``: a live-site page is looked up where the crawl would look."""
    return urls.onto_base(url, str(settings.get("SPOTLIGHT_BASE_URL") or site.CANONICAL_BASE_URL))
