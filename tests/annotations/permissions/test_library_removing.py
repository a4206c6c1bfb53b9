"""Who may remove which document, from the page and the API: each surface and role is a
test over the three documents of the library scene (documents.py).

The rules the table writes down:
- Staff remove public texts; a circle's owners and moderators remove its texts.
- Anyone else who sees the text is refused (403); one who does not see it is answered as
  if it did not exist (404), staff included for a circle's text.
- The page sends an anonymous reader to sign in; the API refuses them (403) before
  looking anything up, as every write.
- Whatever is refused removes nothing.
"""

import pytest
from django.urls import reverse

from corpus.models import Document
from tests.annotations.permissions.documents import (  # noqa: F401
    DOCUMENTS,
    ROLES,
    TEXTS,
    library_scene_fixture,
)
from tests.annotations.permissions.lifecycle import LOGIN

REMOVED = "removed"

# fmt: off
TABLE = {
    #               public   a        b
    "anonymous":   (None,    None,    None),
    "outsider":    (403,     404,     404),
    "member_a":    (403,     403,     404),
    "moderator_a": (403,     REMOVED, 404),
    "owner_a":     (403,     REMOVED, 404),
    "member_b":    (403,     404,     403),
    "staff":       (REMOVED, 404,     404),
}
# The anonymous row, by surface.
ANONYMOUS = {"page": LOGIN, "api": 403}
# fmt: on


def _page(scene, role, kind):
    slug, title = TEXTS[kind][0], TEXTS[kind][1]
    response = scene.client(role).post(reverse("reader:remove", args=[slug]), {"confirm": title})
    if response.status_code == 302:
        if response["Location"].startswith(reverse("login")):
            return LOGIN
        assert response["Location"] == reverse("reader:library")
        return REMOVED
    return response.status_code


def _api(scene, role, kind):
    response = scene.client(role).delete(reverse("api:document-detail", args=[TEXTS[kind][0]]))
    return REMOVED if response.status_code == 204 else response.status_code


SURFACES = {"page": _page, "api": _api}


def expected(surface: str, role: str) -> dict[str, object]:
    row = TABLE[role]
    if role == "anonymous":
        row = (ANONYMOUS[surface],) * len(DOCUMENTS)
    return dict(zip(DOCUMENTS, row, strict=True))


def test_the_table_covers_every_role():
    assert set(TABLE) == set(ROLES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("surface", list(SURFACES))
def test_who_may_remove_which_document(library_scene, surface, role):
    # Removing one document changes nobody's rights to the others.
    answers = {kind: SURFACES[surface](library_scene, role, kind) for kind in DOCUMENTS}
    kept = set(Document.objects.values_list("slug", flat=True))

    assert answers == expected(surface, role)
    assert kept == {TEXTS[kind][0] for kind, answer in answers.items() if answer != REMOVED}
