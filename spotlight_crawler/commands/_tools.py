"""What Scrapy's page-checking tools (``shell``, ``parse``) change: the project's settings,
the URL they are given, and the start's checks."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.commands import ScrapyCommand
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from spotlight_crawler import addon, site, urls
from spotlight_crawler.arguments import BadInput

logger = logging.getLogger(__name__)

# Looking at one page writes no incremental state and starts no browser; `-s` or `-a render=`
# still ask for either. Looking at one page is not a run: the run monitors (enough records,
# coverage...) would only fail it, with an ERROR line and an exit status the tool never uses.
TOOL_SETTINGS: dict[str, Any] = {
    "SPOTLIGHT_STATE": "",
    "SPOTLIGHT_RENDER": "never",
    "SPIDERMON_SPIDER_CLOSE_MONITORS": [],
}


def apply_tool_settings(settings: BaseSettings) -> None:
    """``TOOL_SETTINGS`` over settings.py's values (a command's ``default_settings`` rank below
    those), but not over ``-s`` on the command line."""
    for key, value in TOOL_SETTINGS.items():
        if (settings.getpriority(key) or 0) < SETTINGS_PRIORITIES["cmdline"]:
            settings.set(key, value, priority="project")


def refused(command: ScrapyCommand) -> bool:
    """True when the settings cannot be used (an unknown ``SPOTLIGHT_*`` name, a base URL that
    is not one): said in one ERROR line as ``scrapy crawl`` says it, and exit status 1."""
    assert command.settings is not None
    try:
        addon.check(command.settings)
    except BadInput as exc:
        logger.error("Cannot start: %s", exc)
        command.exitcode = 1
        return True
    return False


def on_base(url: str, settings: BaseSettings) -> str:
    """The URL a tool was given, fetched from ``SPOTLIGHT_BASE_URL``: a page of the live site
    (as the README and the records name it) is looked up on the mirror or replica the crawl
    would use, instead of being refused as off the site."""
    return urls.onto_base(url, str(settings.get("SPOTLIGHT_BASE_URL") or site.CANONICAL_BASE_URL))
