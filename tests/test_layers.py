"""The unit layer (tests not marked ``e2e``) cannot start a server, a subprocess or a crawl."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler


def test_a_unit_test_cannot_start_a_subprocess():
    with pytest.raises(AssertionError, match="started a subprocess: mark it e2e"):
        subprocess.run([sys.executable, "-c", "pass"], check=False)


def test_a_unit_test_cannot_open_a_server_on_loopback():
    with socket.socket() as server, pytest.raises(AssertionError, match="opened a server socket: mark it e2e"):
        server.bind(("127.0.0.1", 0))


def test_a_unit_test_cannot_start_a_crawl():
    crawler = get_crawler(Spider)
    with pytest.raises(AssertionError, match="started a crawl: mark it e2e"):
        crawler.crawl()
