"""The replica's fault modes do what real servers do (tests/replica/faults.py), on the wire."""

from __future__ import annotations

import http.client
import socket

import pytest

from tests.replica.faults import as_hook

# Real crawls, servers on 127.0.0.1 or subprocesses: the end-to-end layer.
pytestmark = pytest.mark.e2e


def get(replica, path: str, timeout: float = 5) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", replica.port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


@pytest.fixture
def article(replica):
    return replica.site.international()[0]


def test_flaky_fails_each_url_a_few_times_then_serves_it(replica, article):
    replica.set_fault("flaky", code=503, times=2)
    assert [get(replica, article.path)[0] for _ in range(3)] == [503, 503, 200]
    assert get(replica, "/topic/international")[0] == 503  # counted per URL
    assert get(replica, "/robots.txt")[0] == 200  # never touched unless named


def test_reset_drops_the_connection_without_an_answer(replica, article):
    replica.set_fault("reset", times=1)
    with pytest.raises((ConnectionError, http.client.RemoteDisconnected, socket.error)):
        get(replica, article.path)
    assert get(replica, article.path)[0] == 200


def test_truncated_declared_length_loses_data_matching_length_is_short(replica, article):
    full = get(replica, article.path)[2]
    replica.set_fault("truncated", content_length="declared", times=1)
    with pytest.raises(http.client.IncompleteRead):
        get(replica, article.path)
    replica.set_fault("truncated", content_length="matching")
    status, headers, body = get(replica, article.path)
    assert status == 200 and int(headers["content-length"]) == len(body) < len(full)
    assert b"</html>" not in body and b">" not in body[body.rfind(b"<") :]  # cut inside a tag


@pytest.mark.parametrize(("declared", "content_type"), [("utf-8", "text/html; charset=utf-8"), (None, "text/html")])
def test_charset_serves_windows_1252_with_curly_quotes(replica, declared, content_type):
    art = next(a for a in replica.site.latest() if "'" in a.headline)
    replica.set_fault("charset", declared=declared)
    _, headers, body = get(replica, art.path)
    assert headers["content-type"] == content_type
    assert art.headline.replace("'", "’").encode("cp1252") in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert (b'<meta charset="utf-8">' in body) == (declared == "utf-8")


def test_redirects_loop_or_leave(replica, article):
    replica.set_fault("redirect_loop", mode="slash")
    assert get(replica, article.path)[1]["location"] == article.path.rstrip("/")
    assert get(replica, article.path.rstrip("/"))[1]["location"] == article.path
    replica.set_fault("redirect_loop", mode="endless")
    assert get(replica, article.path + "?r=4")[1]["location"] == article.path + "?r=5"
    replica.clear_faults()
    replica.set_fault("redirect_offsite", to="http://localhost:9")
    status, headers, _ = get(replica, article.path)
    assert (status, headers["location"]) == (301, "http://localhost:9" + article.path)


def test_faults_stack_and_a_second_instance_runs_as_a_hook(replica, article):
    replica.set_fault("foreign_links", to="http://localhost:9")
    replica.set_fault("empty_listing", pages=[1])
    body = get(replica, "/topic/international")[2].decode()
    assert body.count('class="item"') == 1 and "http://localhost:9/2024/10/20/partner-story-0/" in body
    assert "?page=2" in body  # the pagination stays
    replica.hooks.append(as_hook(replica, "not_found", paths=[article.path]))
    assert get(replica, article.path)[0] == 404
    other = replica.site.international()[1]
    assert b"From our partners" in get(replica, other.path)[2]


def test_oversized_malformed_and_stripped_pages(replica, article):
    size = len(get(replica, article.path)[2])
    replica.set_fault("oversized", size=300_000, paths=[article.path])
    assert len(get(replica, article.path)[2]) >= size + 300_000 - 16
    replica.clear_faults()
    replica.set_fault("malformed_meta", date="Oct. 42, 2024, 7:54 p.m.")
    body = get(replica, article.path)[2].decode()
    assert "Oct. 42, 2024, 7:54 p.m." in body and article.published_at_raw not in body
    replica.clear_faults()
    replica.set_fault("stripped")
    body = get(replica, article.path)[2].decode()
    assert "<h1" not in body and "<meta property" not in body and article.body[0][:40] in body
