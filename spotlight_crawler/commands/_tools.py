"""What Scrapy's page-checking tools (``shell``, ``parse``) change in the project's settings."""

from __future__ import annotations

from typing import Any

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

# Looking at one page writes no incremental state and starts no browser; `-s` or `-a render=`
# still ask for either.
TOOL_SETTINGS: dict[str, Any] = {"SPOTLIGHT_STATE": "", "SPOTLIGHT_RENDER": "never"}


def apply_tool_settings(settings: BaseSettings) -> None:
    """``TOOL_SETTINGS`` over settings.py's values (a command's ``default_settings`` rank below
    those), but not over ``-s`` on the command line."""
    for key, value in TOOL_SETTINGS.items():
        if (settings.getpriority(key) or 0) < SETTINGS_PRIORITIES["cmdline"]:
            settings.set(key, value, priority="project")
