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
    port = free_port()
    log = tmp_path / "gunicorn.log"
    process = subprocess.Popen(
        [str(GUNICORN), "config.wsgi", "--bind", f"127.0.0.1:{port}"],
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
        yield url, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_it_serves_with_threaded_workers_from_the_repositorys_config(server):
    url, log = server

    with urllib.request.urlopen(url + "/", timeout=10) as response:
        assert response.status == 200

    assert "Using worker: gthread" in log.read_text()


def test_it_answers_a_chunked_body_with_a_411(server):
    url, _ = server
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
