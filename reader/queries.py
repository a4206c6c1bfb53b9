"""Reads of what the reader app stores, for the pages that show it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from annotations.permissions import CIRCLE, CIRCLE_PREFIX, ME, PRIVATE, PUBLIC, sharing_scopes
from reader.models import ReadingPosition, SharingChoice


def positions_for_user(user: AbstractBaseUser | AnonymousUser) -> dict[int, ReadingPosition]:
    """The reader's position in each document they have read, by document id, in one query.

    Anonymous visitors have none (and cost no query).
    """
    if not user.is_authenticated:
        return {}
    return {
        position.document_id: position
        for position in ReadingPosition.objects.filter(user_id=user.pk)
    }


@dataclass(frozen=True)
class Sharing:
    """Where quick highlights go in one document, as the page shows it.

    ``scope`` is ``me``, ``public`` or ``circle:<slug>``; ``options`` the choices as
    (scope, label); ``notice`` says why a remembered choice no longer holds.
    """

    scope: str
    label: str
    options: list[tuple[str, str]] = field(default_factory=list)
    notice: str = ""

    @property
    def visibility(self) -> str:
        if self.scope.startswith(CIRCLE_PREFIX):
            return CIRCLE
        return PUBLIC if self.scope == PUBLIC else PRIVATE

    @property
    def circle(self) -> str | None:
        return self.scope.removeprefix(CIRCLE_PREFIX) if self.visibility == CIRCLE else None

    def as_data(self) -> dict:
        """For the page data (static/js/annotate/sharing.js)."""
        return {
            "scope": self.scope,
            "label": self.label,
            "visibility": self.visibility,
            "circle": self.circle,
            "notice": self.notice,
            "options": [{"value": value, "label": label} for value, label in self.options],
        }


ONLY_ME = "Only me"
EVERYONE = "Public"


def sharing_options(document, circles: dict[str, tuple[int, str]]) -> list[tuple[str, str]]:
    """The "Sharing to" choices on ``document`` for a reader in ``circles`` (slug ->
    (id, name)), as ``permissions.sharing_scopes`` allows them."""
    library_circle = getattr(document, "library_circle", None)
    by_id = {circle_id: (slug, name) for slug, (circle_id, name) in circles.items()}
    options = []
    for allowed in sharing_scopes(library_circle.pk if library_circle else None, list(by_id)):
        if allowed == PRIVATE:
            options.append((ME, ONLY_ME))
        elif allowed == PUBLIC:
            options.append((PUBLIC, EVERYONE))
        else:
            slug, name = by_id[allowed]
            options.append((f"{CIRCLE_PREFIX}{slug}", name))
    return options


def sharing_for(user, document, circles: dict[str, tuple[int, str]]) -> Sharing:
    """The reader's remembered "Sharing to" choice on ``document``, or Only me; a choice
    no longer allowed (they left the circle, the text moved to a circle's library) falls
    back to Only me with a notice saying so. One query (none for anonymous readers)."""
    options = sharing_options(document, circles)
    if not user.is_authenticated:
        return Sharing(ME, ONLY_ME, options)
    choice = (
        SharingChoice.objects.filter(user=user.pk, document=document.pk)
        .select_related("circle")
        .only("visibility", "circle__slug", "circle__name")
        .first()
    )
    if choice is None or choice.visibility == PRIVATE:
        return Sharing(ME, ONLY_ME, options)
    scope = PUBLIC if choice.visibility == PUBLIC else f"{CIRCLE_PREFIX}{choice.circle.slug}"
    labels = dict(options)
    if scope in labels:
        return Sharing(scope, labels[scope], options)
    where = EVERYONE.lower() if choice.visibility == PUBLIC else choice.circle.name
    return Sharing(
        ME,
        ONLY_ME,
        options,
        notice=f"Your highlights here went to {where}, which you can no longer share with: "
        "they now go to Only me.",
    )
