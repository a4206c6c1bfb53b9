"""Who may see a document, and everything built on it, from every surface: each surface is
a test over the table of documents × roles.

The scene is in documents.py: a public text, circle A's text and circle B's text, each
with a public annotation on it. The rules the tables write down:
- A public text is everyone's; a circle's text is its members' (owner, moderator,
  member), no one else's: not another circle's members, not staff, not anonymous readers.
- What a reader may not see is answered as if it did not exist, never 403: pages and the
  API 404, lists leave it out, an annotation on it is refused as on an unknown document
  (400 naming "document"), an import says "No such document here.".
- Annotations on a text a reader may not see are unseen, even public ones: in the API,
  the public guides and every format of the public export.
"""

import pytest

from tests.annotations.permissions.documents import (  # noqa: F401
    DOCUMENTS,
    PROBES,
    ROLES,
    library_scene_fixture,
    probe,
)
from tests.annotations.permissions.lifecycle import ABSENT, LOGIN, SHOWN

# fmt: off
# Who sees which document.
SEES = {
    #               anonymous outsider member_a moderator_a owner_a member_b staff
    "public":      (True,     True,    True,    True,       True,   True,    True),
    "a":           (False,    False,   True,    True,       True,   False,   False),
    "b":           (False,    False,   False,   False,      False,  True,    False),
}

# What each surface answers: (to a reader who sees the document, to one who does not).
ANSWERS = {
    "library":           (SHOWN, ABSENT),
    "document":          (200, 404),
    "section":           (200, 404),
    "paragraph":         (200, 404),
    "version":           (200, 404),
    "version-section":   (200, 404),
    "version-paragraph": (200, 404),
    "compare":           (200, 404),
    "continue":          (302, 404),
    "position":          (204, 404),
    "search":            (SHOWN, ABSENT),
    "api-list":          (SHOWN, ABSENT),
    "api-detail":        (200, 404),
    "api-version":       (200, 404),
    "annotation-list":   (SHOWN, ABSENT),
    "annotation-detail": (200, 404),
    "annotate":          (201, 400),
    "import":            ("created", "No such document here."),
    "guides":            (SHOWN, ABSENT),
    "guide":             (SHOWN, 404),
    "guides-api":        (SHOWN, ABSENT),
    "export-md":         (SHOWN, ABSENT),
    "export-csv":        (SHOWN, ABSENT),
    "export-jsonld":     (SHOWN, ABSENT),
    "export-print":      (SHOWN, ABSENT),
}

# An anonymous reader's answer where it is the same for every document: a write is
# refused before anything is looked up, an export sends them to sign in.
ANONYMOUS = {
    "position": 403,
    "annotate": 403,
    "import": 403,
    "export-md": LOGIN,
    "export-csv": LOGIN,
    "export-jsonld": LOGIN,
    "export-print": LOGIN,
}
# fmt: on


def expected(surface: str) -> dict[tuple[str, str], object]:
    seen, unseen = ANSWERS[surface]
    table = {}
    for document, row in SEES.items():
        for role, sees in zip(ROLES, row, strict=True):
            if role == "anonymous" and surface in ANONYMOUS:
                table[(document, role)] = ANONYMOUS[surface]
            else:
                table[(document, role)] = seen if sees else unseen
    return table


def test_the_tables_cover_every_surface_document_and_role():
    assert set(ANSWERS) == set(PROBES)
    assert set(SEES) == set(DOCUMENTS)
    cells = {(s, d, r) for s in ANSWERS for d in DOCUMENTS for r in ROLES}
    assert len(cells) == len(ANSWERS) * 3 * 7


@pytest.mark.parametrize("surface", list(ANSWERS))
def test_document_visibility(library_scene, surface):
    seen = {
        (document, role): probe(library_scene, surface, role, document)
        for document in DOCUMENTS
        for role in ROLES
    }

    assert seen == expected(surface)
