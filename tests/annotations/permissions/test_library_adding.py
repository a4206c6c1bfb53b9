"""Who may add texts to which library, and new versions of which documents: every cell of
the table is a test.

``owner``, ``moderator`` and ``member`` hold those roles in the circle "Study group";
``former`` belonged and left; ``other`` is a signed-in reader who never belonged;
``staff`` keeps the public library and belongs to no circle.

The rules the table writes down:
- Staff add to the public library, and new versions of its documents.
- A circle's owners and moderators add to its library, and new versions of its
  documents; a plain member may read them (the version page answers 403), anyone else
  is answered as if the document did not exist (404).
- A circle nobody may add to is refused the same whether it exists or not (403).
- Anonymous callers get 403 from the API and are sent to sign in by the pages (LOGIN).
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from annotations.circles import services as circle_services
from annotations.models import Membership, Role
from annotations.uploads import libraries, services

LOGIN = "login"
ROLES = ("staff", "owner", "moderator", "member", "former", "other", "anonymous")
ACTIONS = ("add_circle", "add_public", "version_circle", "version_public", "version_page")

# fmt: off
ROWS = {
    #             add_circle add_public version_circle version_public version_page
    "staff":     (403,       201,       404,           201,           404),
    "owner":     (201,       403,       201,           403,           200),
    "moderator": (201,       403,       201,           403,           200),
    "member":    (403,       403,       403,           403,           403),
    "former":    (403,       403,       404,           403,           404),
    "other":     (403,       403,       404,           403,           404),
    "anonymous": (403,       403,       403,           403,           LOGIN),
}
# fmt: on


@pytest.fixture
def scene(db, django_user_model):
    users = {
        name: django_user_model.objects.create_user(name, f"{name}@example.org", "x" * 20)
        for name in ("owner", "moderator", "member", "former", "other")
    }
    users["staff"] = django_user_model.objects.create_user(
        "staff", "staff@example.org", "x" * 20, is_staff=True
    )
    circle = circle_services.circle_create(owner=users["owner"], name="Study group")
    for name, role in (("moderator", Role.MODERATOR), ("member", Role.MEMBER)):
        Membership.objects.create(circle=circle, user=users[name], role=role)
    Membership.objects.create(circle=circle, user=users["former"], role=Role.MEMBER)
    circle_services.member_remove(circle=circle, actor=users["former"], user=users["former"])
    source = services.Source(data=b"# Essay\n\nFirst words.", filename="essay.md")
    circle_text = services.upload_publish(
        actor=users["owner"],
        source=source,
        library=libraries.library_for(actor=users["owner"], name="circle:study-group"),
        title="Circle essay",
    ).document
    public_text = services.upload_publish(
        actor=users["staff"],
        source=source,
        library=libraries.library_for(actor=users["staff"], name="public"),
        title="Public essay",
    ).document
    return users, circle_text, public_text


def act(scene, role: str, action: str):
    users, circle_text, public_text = scene
    if action == "version_page":
        client = Client()
        if role != "anonymous":
            client.force_login(users[role])
        response = client.get(f"/read/{circle_text.slug}/new-version/")
        if response.status_code == 302 and "/accounts/login/" in response["Location"]:
            return LOGIN
        return response.status_code
    client = APIClient()
    if role != "anonymous":
        client.force_login(users[role])
    text = {"text": f"# Essay\n\nWords by {role} for {action}."}
    if action == "add_circle":
        return client.post("/api/documents/", {**text, "library": "circle:study-group"}).status_code
    if action == "add_public":
        return client.post("/api/documents/", {**text, "library": "public"}).status_code
    document = circle_text if action == "version_circle" else public_text
    return client.post(f"/api/documents/{document.slug}/versions/", text).status_code


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_it_answers_each_role_as_the_table_says(scene, role, action):
    expected = ROWS[role][ACTIONS.index(action)]

    assert act(scene, role, action) == expected
