"""Fetching a text from a URL: public addresses only, checked at every redirect, within
the limits of size, time and content type. Real HTTP against a server on 127.0.0.1."""

import socket
import threading
import time

import pytest

from annotations.uploads.fetch import FetchError, fetch_url
from tests.annotations.conftest import Served

PRIVATE = "is on a private, local or reserved network"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/essay.txt",
        "http://10.1.2.3/essay.txt",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8000/essay.txt",
        "http://[::ffff:127.0.0.1]/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://0.0.0.0/",
        "http://localhost:8000/essay.txt",
    ],
)
def test_it_refuses_addresses_that_are_not_public(settings, url):
    assert settings.MARGINALIA_FETCH_ALLOW_LOOPBACK is False

    with pytest.raises(FetchError, match=PRIVATE):
        fetch_url(url)


def test_it_refuses_a_host_name_that_resolves_to_loopback(settings, monkeypatch):
    # The one thing from outside the machine: a DNS answer, here pointing at loopback.
    def resolve(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)

    with pytest.raises(FetchError, match=f"'texts.example.org' {PRIVATE} \\(127.0.0.1\\)"):
        fetch_url("https://texts.example.org/essay.txt")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a.txt", "gopher://x/"])
def test_it_fetches_only_http_and_https(url):
    with pytest.raises(FetchError, match="only http:// and https://"):
        fetch_url(url)


def test_it_fetches_a_text_from_a_server_it_may_reach(web):
    web.routes["/essays/planning"] = Served(b"# Planning\n\nWords.", "text/markdown")

    fetched = fetch_url(web.url("/essays/planning"))

    assert (fetched.data, fetched.filename) == (b"# Planning\n\nWords.", "planning.md")


def test_it_still_refuses_private_networks_when_loopback_is_allowed(web):
    with pytest.raises(FetchError, match=PRIVATE):
        fetch_url("http://10.0.0.1/")


def test_it_follows_redirects_checking_each_address(web):
    web.routes["/old"] = Served(status=301, headers={"Location": "/new.txt"})
    web.routes["/new.txt"] = Served(b"Moved here.", "text/plain; charset=utf-8")
    web.routes["/to-metadata"] = Served(
        status=302, headers={"Location": "http://169.254.169.254/latest/"}
    )

    assert fetch_url(web.url("/old")).data == b"Moved here."
    assert fetch_url(web.url("/old")).url == web.url("/new.txt")
    with pytest.raises(FetchError, match=PRIVATE):
        fetch_url(web.url("/to-metadata"))


def test_it_follows_at_most_five_redirects(web):
    for hop in range(7):
        web.routes[f"/{hop}"] = Served(status=307, headers={"Location": f"/{hop + 1}"})
    web.routes["/7"] = Served(b"Far away.")

    with pytest.raises(FetchError, match="redirects more than 5 times"):
        fetch_url(web.url("/0"))
    assert fetch_url(web.url("/2")).data == b"Far away."


def test_it_gives_up_on_a_slow_server(web, settings):
    settings.MARGINALIA_FETCH_TIMEOUT = 1
    web.routes["/slow"] = Served(b"Late.", delay=2)

    with pytest.raises(FetchError, match="took longer than 1 s"):
        fetch_url(web.url("/slow"))


def test_it_refuses_a_text_declared_too_large(web, settings):
    settings.MARGINALIA_UPLOAD_MAX_BYTES = 1000
    web.routes["/big"] = Served(b"x", length=5000)

    with pytest.raises(FetchError, match="larger than 1,000 bytes"):
        fetch_url(web.url("/big"))


def test_it_stops_reading_a_text_that_turns_out_too_large(web, settings):
    settings.MARGINALIA_UPLOAD_MAX_BYTES = 100_000
    web.routes["/stream"] = Served(b"word " * 50_000, length=-1)

    with pytest.raises(FetchError, match="larger than"):
        fetch_url(web.url("/stream"))


@pytest.mark.parametrize("content_type", ["image/png", "application/octet-stream", ""])
def test_it_refuses_what_is_not_a_text(web, content_type):
    web.routes["/picture"] = Served(b"\x89PNG", content_type)

    with pytest.raises(FetchError, match="not text, Markdown, HTML, PDF or EPUB"):
        fetch_url(web.url("/picture"))


def test_it_says_when_the_server_answers_with_an_error(web):
    with pytest.raises(FetchError, match="answered 404"):
        fetch_url(web.url("/missing"))


def test_it_gives_up_on_a_server_that_sends_its_text_too_slowly(settings):
    settings.MARGINALIA_FETCH_ALLOW_LOOPBACK = True
    settings.MARGINALIA_FETCH_TIMEOUT = 1
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def drip():
        connection, _ = listener.accept()
        connection.recv(4096)
        connection.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n")
        for _ in range(30):
            try:
                connection.sendall(b"word ")
            except OSError:
                break
            time.sleep(0.2)
        connection.close()

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    started = time.monotonic()

    with pytest.raises(FetchError, match="took longer than 1 s"):
        fetch_url(f"http://127.0.0.1:{port}/drip")
    assert time.monotonic() - started < 2
    thread.join(timeout=10)
    listener.close()
