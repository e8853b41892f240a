"""Replica of www.spotlightnepal.com: a deterministic local test double.

``content``  generates the articles and the truth tests compare against;
``pages``    renders them as HTML in three article templates;
``server``   serves them on 127.0.0.1 (:class:`Replica`);
``faults``   fault modes switched on with ``Replica.set_fault``;
``fixtures`` exposes ``replica`` and ``replica_factory`` to pytest.
"""

from . import faults as _faults  # noqa: F401  (registers the fault modes in FAULTS)
from .content import DEFAULT_NOW, Article, SiteData, generate_site
from .server import FAULTS, Replica, RequestInfo, Response

__all__ = ["DEFAULT_NOW", "FAULTS", "Article", "Replica", "RequestInfo", "Response", "SiteData", "generate_site"]
