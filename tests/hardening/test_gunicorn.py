"""The repository's gunicorn.conf.py serves the site, with threaded workers (a slow
client holds a thread, not a worker)."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# A reader with this many annotations, each with a long comment: an export of ~16 MB.
EXPORTED = 4_000
# Run in the server's database: the reader, a text, the annotations, and a signed-in
# session whose key is printed.
READER_WITH_MANY_NOTES = f"""
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from annotations.inserts import rows_insert
from annotations.models import Annotation
from corpus.ingest.blocks import Block, ParsedDocument
from corpus.services import document_ingest

reader = get_user_model().objects.create_user("slow-reader", password="not-used-here-1")
words = "the harvest of nineteen twenty one failed along the volga "
document = document_ingest(
    parsed=ParsedDocument(blocks=[Block("body", words * 40)]), slug="famine", title="Famine"
).document
comment = "A long note on the famine and the relief that came too late. " * 40
rows_insert(Annotation, [
    Annotation(author=reader, document=document, version_id=document.current_version_id,
               start=n % 400, end=n % 400 + 20, exact=(words * 40)[n % 400:n % 400 + 20],
               comment=comment, comment_html="<p>" + comment + "</p>")
    for n in range({EXPORTED})
])
session = SessionStore()
session[SESSION_KEY] = str(reader.pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the one signing in
session[HASH_SESSION_KEY] = reader.get_session_auth_hash()
session.create()
print(session.session_key)
"""
# The worker timeout the slow download must outlast (the repository's is 60 s).
SHORT_TIMEOUT = 4


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("gunicorn")
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("GUNICORN_CMD_ARGS", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=300,
    )
    session = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", READER_WITH_MANY_NOTES],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=300,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    port = free_port()
    log = tmp_path / "gunicorn.log"
    # The repository's settings but a short worker timeout, for the slow download.
    process = subprocess.Popen(
        [
            str(GUNICORN),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            str(SHORT_TIMEOUT),
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        yield url, log, session
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_it_serves_with_threaded_workers_from_the_repositorys_config(server):
    url, log, _ = server

    with urllib.request.urlopen(url + "/", timeout=10) as response:
        assert response.status == 200

    assert "Using worker: gthread" in log.read_text()


def test_it_answers_a_chunked_body_with_a_411(server):
    url, _, _ = server
    connection = http.client.HTTPConnection(url.removeprefix("http://"), timeout=10)
    # http.client sends an iterable body chunked, with no Content-Length.
    connection.request(
        "POST",
        "/api/imports/",
        body=iter([b"--b\r\nContent-Disposition: form-data; name=file\r\n\r\n", b"x\r\n--b--\r\n"]),
        headers={"Content-Type": "multipart/form-data; boundary=b"},
        encode_chunked=True,
    )
    response = connection.getresponse()

    assert response.status == 411
    assert response.getheader("Content-Type") == "application/json"
    assert json.loads(response.read())["detail"].startswith("Send the body with a Content-Length")


def test_a_large_export_read_slowly_arrives_whole(server):
    """The issue's case: a 17 MB export read at 300 KB/s was cut at the worker timeout.
    Here a ~16 MB export is read at about 1 MB/s, several times the timeout."""
    url, log, session = server
    connection = http.client.HTTPConnection(url.removeprefix("http://"), timeout=30)
    connection.connect()
    # A small receive buffer: the server really waits on this reader.
    connection.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32 * 1024)
    connection.request(
        "GET", "/export/?scope=me&format=jsonld", headers={"Cookie": f"sessionid={session}"}
    )
    response = connection.getresponse()
    assert response.status == 200
    started, body = time.monotonic(), bytearray()
    while chunk := response.read(64 * 1024):
        body += chunk
        time.sleep(0.06)  # about 1 MB a second
    took = time.monotonic() - started

    assert took > 2 * SHORT_TIMEOUT, f"read in {took:.1f} s: not slow enough to test"
    assert len(body) > 10 * 2**20
    exported = json.loads(body)
    assert exported["total"] == EXPORTED
    assert "WORKER TIMEOUT" not in log.read_text()
