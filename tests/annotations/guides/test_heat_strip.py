"""The reading view's heat strip: distinct members who marked each paragraph, per layer."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.annotations.conftest import highlight

pytestmark = pytest.mark.django_db


def test_it_marks_each_paragraph_with_how_many_members_marked_it(document, circle, owner, member):
    for author, quote in ((owner, "tax in kind"), (owner, "the market"), (member, "tax in kind")):
        highlight(document, author, quote, visibility="circle", circle="study-group")
    highlight(document, member, "Private trade")  # private: only bob sees it
    client = Client()
    client.force_login(owner)
    html = client.get(reverse("reader:section", args=["nep", 1])).content.decode()
    assert 'id="p-2" data-ordinal="2" data-heat="2"' in html
    assert 'id="p-4" data-ordinal="4">' in html

    mine = client.get(reverse("reader:section", args=["nep", 1]), {"layer": "mine"})
    assert 'id="p-2" data-ordinal="2" data-heat="1"' in mine.content.decode()
