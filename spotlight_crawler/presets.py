"""Named groups of settings, chosen with ``-s SPOTLIGHT_PRESET=NAME`` (applied by the add-on).

``loopback``: for a server on this machine (the replica, a local mirror): the live site's
politeness delays only slow such a crawl down (a minute instead of seconds for the replica).
Settings given with ``-s`` still win over a preset.
"""

from __future__ import annotations

from typing import Any

from scrapy.settings import BaseSettings

from spotlight_crawler.arguments import BadInput

PRESETS: dict[str, dict[str, Any]] = {
    "loopback": {
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "RETRY_TIMES": 2,
        "DOWNLOAD_TIMEOUT": 10,
    },
}


def apply(settings: BaseSettings) -> None:
    """Set the preset's values at project priority: over settings.py, under ``-s``."""
    name = settings.get("SPOTLIGHT_PRESET")
    if not name:
        return
    if name not in PRESETS:
        raise BadInput(f"-s SPOTLIGHT_PRESET={name!r}: expected one of {', '.join(PRESETS)}")
    for key, value in PRESETS[name].items():
        settings.set(key, value, priority="project")
