"""Politeness is per site, not per part: k parts running at once share one crawler's pace.

A part's settings are the run's own with

- ``DOWNLOAD_DELAY`` x k, so k parts together send at most one request per original delay;
- ``CONCURRENT_REQUESTS_PER_DOMAIN`` // k (at least 1), so k parts keep no more requests in flight;
- with AutoThrottle, ``AUTOTHROTTLE_TARGET_CONCURRENCY`` / k and its start and maximum delays x k,
  so the delays AutoThrottle derives from the site's latency grow k-fold as well.

Pure: plain mappings in and out, tested on tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spotlight_crawler import arguments

SCALED = (
    "DOWNLOAD_DELAY",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "AUTOTHROTTLE_TARGET_CONCURRENCY",
    "AUTOTHROTTLE_START_DELAY",
    "AUTOTHROTTLE_MAX_DELAY",
)


def _number(settings: Mapping[str, Any], name: str) -> float:
    try:
        return float(settings[name])
    except (KeyError, TypeError, ValueError):
        raise arguments.BadInput(f"-s {name}={settings.get(name)!r}: expected a number") from None


def _enabled(value: Any) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def _text(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def part_settings(settings: Mapping[str, Any], at_once: int) -> dict[str, str]:
    """The politeness settings of one part when ``at_once`` parts may run at the same time."""
    if at_once < 1:
        raise ValueError(f"at_once must be at least 1, got {at_once}")
    scaled = {
        "DOWNLOAD_DELAY": _text(_number(settings, "DOWNLOAD_DELAY") * at_once),
        "CONCURRENT_REQUESTS_PER_DOMAIN": _text(
            max(1, int(_number(settings, "CONCURRENT_REQUESTS_PER_DOMAIN")) // at_once)
        ),
    }
    if _enabled(settings.get("AUTOTHROTTLE_ENABLED", False)):
        scaled["AUTOTHROTTLE_TARGET_CONCURRENCY"] = _text(
            _number(settings, "AUTOTHROTTLE_TARGET_CONCURRENCY") / at_once
        )
        scaled["AUTOTHROTTLE_START_DELAY"] = _text(_number(settings, "AUTOTHROTTLE_START_DELAY") * at_once)
        scaled["AUTOTHROTTLE_MAX_DELAY"] = _text(_number(settings, "AUTOTHROTTLE_MAX_DELAY") * at_once)
    return scaled
