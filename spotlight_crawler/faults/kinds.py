"""Why a page could not be read, as a short stable name an operator can act on (``http_503``,
``too_large``, ``offsite_redirect``...) for ``spotlight/<page kind>/failed/<kind>`` and the log."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectError, ConnectionDone, ConnectionLost, DNSLookupError, TimeoutError
from twisted.python.failure import Failure
from twisted.web.client import ResponseFailed, ResponseNeverReceived

from spotlight_crawler.faults.offsite import OffsiteBlocked, OffsiteRedirect, RedirectLoop
from spotlight_crawler.faults.retry import RetryLater

# Checked in order: the first class the exception is an instance of names the kind.
_KINDS: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((OffsiteRedirect,), "offsite_redirect"),
    ((OffsiteBlocked,), "offsite_blocked"),
    ((RedirectLoop,), "redirect_loop"),
    ((RetryLater,), "retry_after"),
    ((DownloadTimeoutError, TimeoutError), "timeout"),
    # Raised when the declared or received size passes DOWNLOAD_MAXSIZE.
    ((DownloadCancelledError,), "too_large"),
    ((ResponseDataLossError,), "data_loss"),
    ((DownloadConnectionRefusedError, ConnectError), "connection_refused"),
    ((CannotResolveHostError, DNSLookupError), "dns"),
    ((DownloadFailedError, ConnectionLost, ConnectionDone, ResponseFailed, ResponseNeverReceived), "connection_lost"),
)


def failure_kind(failure: Failure) -> str:
    """``http_<status>``, ``timeout``, ``too_large``, ``connection_lost``... for ``failure``."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    for classes, kind in _KINDS:
        if isinstance(exc, classes):
            return kind
    if isinstance(exc, IgnoreRequest):
        return _ignored_kind(exc)
    return _snake(type(exc).__name__)


def _ignored_kind(exc: IgnoreRequest) -> str:
    """Scrapy's own refusals carry no class of their own, only a message."""
    message = str(exc)
    if "Forbidden by robots.txt" in message:  # RobotsTxtMiddleware
        return "robots_disallowed"
    if "max redirections" in message:  # RedirectMiddleware, at REDIRECT_MAX_TIMES
        return "too_many_redirects"
    if "DOWNLOAD_MAXSIZE" in message:  # HttpCompressionMiddleware: a decompression bomb
        return "too_large"
    return "ignored"


def describe(failure: Failure) -> str:
    """The failure's message, or its kind when the exception carries none."""
    return failure.getErrorMessage() or failure_kind(failure)


def _snake(name: str) -> str:
    out = "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")
    return out or "unknown"
