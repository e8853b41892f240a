"""Failures named by kind, for stats keys (spotlight_crawler/faults/kinds.py)."""

from __future__ import annotations

import pytest
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionLost, DNSLookupError, TimeoutError
from twisted.python.failure import Failure

from spotlight_crawler.faults.kinds import describe, failure_kind
from spotlight_crawler.faults.offsite import OffsiteBlocked, OffsiteRedirect, RedirectLoop
from spotlight_crawler.faults.polite import RetryAfter

URL = "http://127.0.0.1:8000/2024/10/22/a/"


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (HttpError(Response(URL, status=404, request=Request(URL))), "http_404"),
        (HttpError(Response(URL, status=503, request=Request(URL))), "http_503"),
        (DownloadTimeoutError("took longer than 10 seconds"), "timeout"),
        (TimeoutError(), "timeout"),
        (DownloadCancelledError("larger than download max size"), "too_large"),
        (ResponseDataLossError(), "data_loss"),
        (DownloadFailedError("connection lost"), "connection_lost"),
        (ConnectionLost(), "connection_lost"),
        (DownloadConnectionRefusedError(), "connection_refused"),
        (DNSLookupError(), "dns"),
        (OffsiteRedirect("redirected off the site"), "offsite_redirect"),
        (RedirectLoop("redirect loop"), "redirect_loop"),
        (IgnoreRequest("max redirections reached"), "too_many_redirects"),
        (OffsiteBlocked("blocked a request off the site"), "offsite_blocked"),
        (RetryAfter("asked to be fetched again in 86400 s"), "retry_after"),
        (IgnoreRequest("Forbidden by robots.txt"), "robots_disallowed"),
        # HttpCompressionMiddleware's words for a decompression bomb.
        (
            IgnoreRequest(
                "Ignored response <200 x> because its body (1 B compressed, 9 B decompressed so far) "
                "exceeded DOWNLOAD_MAXSIZE (8 B) during decompression."
            ),
            "too_large",
        ),
        (IgnoreRequest("some other refusal"), "ignored"),
        (ValueError("odd"), "value_error"),
    ],
)
def test_failure_kind(exc, kind):
    assert failure_kind(Failure(exc)) == kind


def test_describe_falls_back_to_the_kind():
    assert describe(Failure(ResponseDataLossError())) == "data_loss"
    assert describe(Failure(DownloadTimeoutError("took longer"))) == "took longer"
