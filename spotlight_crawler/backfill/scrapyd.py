"""Scrapyd nodes of a backfill: the ``[deploy:<name>]`` targets of scrapy.cfg and their web API.

A target takes ``url``, ``project`` (and ``username``/``password``) from its section, the
rest from ``[deploy]``, as ``scrapyd-deploy`` reads them; ``data_dir`` (ours, ignored by
``scrapyd-deploy``) is the node's folder for the parts' data when it differs from the others.
Calls go through scrapyd-client's ``ScrapydClient``.
"""

from __future__ import annotations

from collections.abc import Mapping
from configparser import ConfigParser
from dataclasses import dataclass
from typing import Any

from scrapyd_client.pyclient import ScrapydClient
from scrapyd_client.utils import get_config

from spotlight_crawler.arguments import BadInput


@dataclass(frozen=True)
class Target:
    name: str
    url: str
    project: str
    username: str | None = None
    password: str | None = None
    data_dir: str | None = None

    def client(self) -> ScrapydClient:
        return ScrapydClient(self.url.rstrip("/"), self.username, self.password)


def targets(cfg: ConfigParser | None = None) -> dict[str, Target]:
    """Every ``[deploy:<name>]`` target (and ``[deploy]`` itself as ``default`` when it has a url)."""
    cfg = cfg if cfg is not None else get_config()
    base = dict(cfg.items("deploy")) if cfg.has_section("deploy") else {}
    found: dict[str, Target] = {}
    sections: list[tuple[str, Mapping[str, str]]] = [("default", base)] if "url" in base else []
    sections += [
        (s.removeprefix("deploy:"), {**base, **dict(cfg.items(s))}) for s in cfg.sections() if s.startswith("deploy:")
    ]
    for name, values in sections:
        if not values.get("url") or not values.get("project"):
            raise BadInput(f"scrapy.cfg [deploy:{name}]: expected a url and a project (here or in [deploy])")
        found[name] = Target(
            name,
            values["url"],
            values["project"],
            values.get("username"),
            values.get("password"),
            values.get("data_dir"),
        )
    return found


def chosen(available: Mapping[str, Target], names: list[str], every: bool) -> list[Target]:
    """The targets named (``--target``), or every ``[deploy:<name>]`` one (``--all-targets``)."""
    if every:
        picked = [t for name, t in available.items() if name != "default"] or list(available.values())
    else:
        unknown = [n for n in names if n not in available]
        if unknown:
            known = ", ".join(available) or "none"
            raise BadInput(f"--target {unknown[0]!r}: no such [deploy:<name>] section in scrapy.cfg (known: {known})")
        picked = [available[n] for n in dict.fromkeys(names)]
    if not picked:
        raise BadInput("scrapy.cfg has no [deploy:<name>] target to schedule on")
    return picked


def job_states(target: Target) -> dict[str, dict[str, Any]]:
    """Job id -> its entry of ``listjobs.json`` with ``state`` (pending, running, finished)."""
    answer = target.client().jobs(target.project)
    states: dict[str, dict[str, Any]] = {}
    for state in ("pending", "running", "finished"):
        for job in answer.get(state, []):
            states[str(job.get("id"))] = {**job, "state": state}
    return states
