"""Why a page could not be read, as a short stable name (``http_503``, ``too_large``...) for
``spotlight/<page kind>/failed/<kind>``; the project's own exceptions by class (``OffsiteRedirect``)."""

from __future__ import annotations

import re

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

# Checked in order: the first class the exception is an instance of names the kind.
_KINDS: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((DownloadTimeoutError, TimeoutError), "timeout"),
    # Raised when the declared or received size passes DOWNLOAD_MAXSIZE.
    ((DownloadCancelledError,), "too_large"),
    ((ResponseDataLossError,), "data_loss"),
    ((DownloadConnectionRefusedError, ConnectError), "connection_refused"),
    ((CannotResolveHostError, DNSLookupError), "dns"),
    ((DownloadFailedError, ConnectionLost, ConnectionDone, ResponseFailed, ResponseNeverReceived), "connection_lost"),
)
# Scrapy's own refusals carry no class of their own, only a message.
_REFUSALS = (
    ("Forbidden by robots.txt", "robots_disallowed"),  # RobotsTxtMiddleware
    ("max redirections", "too_many_redirects"),  # RedirectMiddleware, at REDIRECT_MAX_TIMES
    ("DOWNLOAD_MAXSIZE", "too_large"),  # HttpCompressionMiddleware: a decompression bomb
)


def failure_kind(failure: Failure) -> str:
    """``http_<status>``, ``timeout``, ``too_large``, ``connection_lost``... for ``failure``."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    for classes, kind in _KINDS:
        if isinstance(exc, classes):
            return kind
    if type(exc) is IgnoreRequest:
        return next((kind for words, kind in _REFUSALS if words in str(exc)), "ignored")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(exc).__name__).lower()


def describe(failure: Failure) -> str:
    """The failure's message, or its kind when the exception carries none."""
    return failure.getErrorMessage() or failure_kind(failure)
