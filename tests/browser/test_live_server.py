"""The live server the browser tests read from answers requests at once, as a browser
sends them (a page, its scripts, its fetches), and none fails because another is running.

On an in-memory SQLite database every request thread shared the test's one connection:
two at once failed now and then ("cannot open savepoint - SQL statements in progress").
"""

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from rest_framework.authtoken.models import Token

from annotations.models import Annotation


def test_it_answers_many_reads_and_writes_at_once_without_an_error(
    live_server, chapter, chapter_url, body, member
):
    token = Token.objects.create(user=member).key
    paragraph = body[0]

    def send(i: int) -> int:
        if i % 2:
            offset = i % 40  # twelve characters of the paragraph, from its start onwards
            data = json.dumps(
                {
                    "document": chapter.version.document.slug,
                    "start": paragraph.start + offset,
                    "end": paragraph.start + offset + 12,
                    "exact": paragraph.text[offset : offset + 12],
                    "visibility": "public",
                    "comment": f"Note {i}",
                }
            ).encode()
            request = urllib.request.Request(
                live_server.url + "/api/annotations/",
                data=data,
                headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
            )
        else:
            request = urllib.request.Request(live_server.url + chapter_url)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(send, range(80)))
    assert statuses == [201 if i % 2 else 200 for i in range(80)]
    assert Annotation.objects.filter(author=member).count() == 40
