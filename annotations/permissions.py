"""Who may see and do what: the one module that decides.

Everything else asks here: services before they write, API and HTML views before they
answer, templates for the buttons they show, and the page data handed to the
JavaScript. The rules (ARCHITECTURE.md lists them in prose):

- A scope is ``me`` (the reader's own), ``public`` or ``circle:<slug>`` (a circle the
  reader belongs to). A scope the reader may not read is answered as if it did not
  exist.
- An annotation's *audience* is who it is written for: everyone (public), its author
  (private), or its circle's current members (circle; when a moderator hid it, only the
  circle's owners and moderators and the author). Its author always sees it; replies
  are seen only by the audience, so leaving a circle ends access to every thread in it,
  one's own annotations included.
- A document is in the public library (everyone reads it) or in one circle's (only its
  current members do). Everything built on a document the reader may not see (its
  annotations, even public ones, their replies, guides, exports) is unseen too, and the
  document itself answers 404, as if it did not exist.
- Owners change the circle, roles and anyone's membership; owners and moderators
  invite, keep the reading list, moderate (hide, unhide, see what is hidden) and remove
  plain members; every member may leave, except the last owner.
- Only its author changes an annotation, and only while they still belong to the
  circle it is shared with; they may always delete it. An author cannot widen the
  audience of an annotation that has replies by others.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from annotations.errors import AnnotationError
from annotations.models import Circle, LibraryText, Membership, Role

User = AbstractBaseUser | AnonymousUser

ME = "me"
PUBLIC = "public"
CIRCLE_PREFIX = "circle:"
SCOPE_CHOICES = (ME, PUBLIC, f"{CIRCLE_PREFIX}<slug>")
# The reader's own annotations were once called the "mine" layer; old links still say so.
ME_ALIASES = frozenset({ME, "mine"})

# The audiences, narrowest first.
PRIVATE, CIRCLE = "private", "circle"


class ScopeError(ValueError):
    """A scope that is not ``me``, ``public`` or ``circle:<slug>``, named in the message."""


class AudienceConflict(Exception):
    """A change that would show others' words to people they were not written for."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ScopeName:
    """A scope as written: its kind (``me``, ``public``, ``circle``) and circle slug."""

    kind: str
    slug: str = ""

    def __str__(self) -> str:
        return f"{CIRCLE_PREFIX}{self.slug}" if self.kind == CIRCLE else self.kind


def parse_scope(value: object) -> ScopeName:
    """``me`` (or ``mine``), ``public`` or ``circle:<slug>``; ScopeError otherwise."""
    if isinstance(value, str):
        if value in ME_ALIASES:
            return ScopeName(ME)
        if value == PUBLIC:
            return ScopeName(PUBLIC)
        slug = value.removeprefix(CIRCLE_PREFIX)
        if value.startswith(CIRCLE_PREFIX) and slug:
            return ScopeName(CIRCLE, slug)
    shown = repr(value[:80]) if isinstance(value, str) else type(value).__name__
    raise ScopeError(f"Unknown scope {shown}; choose one of {', '.join(SCOPE_CHOICES)}.")


@dataclass
class Scope:
    """A scope as ``user`` may read it: what it holds, and what they may do in it.

    Made by ``queries.get_scope_for_user``, which checks membership of a circle scope.
    Exports, guides and layers of one scope hold the same annotations: ``filter``.
    """

    scope: ScopeName
    user: User
    circle: Circle | None = None
    role: str | None = None  # the reader's role in the scope's circle

    @property
    def name(self) -> str:
        return str(self.scope)

    @property
    def kind(self) -> str:
        return self.scope.kind

    @property
    def label(self) -> str:
        if self.circle is not None:
            return self.circle.name
        return "My annotations" if self.kind == ME else "Public annotations"

    @property
    def filter(self) -> Q:
        return visibility_filter(self.user) & scope_filter(self.user, self.scope, self.circle)

    @property
    def can_see_hidden(self) -> bool:
        """Whether hidden annotations of others show (marked) in this scope."""
        return can_manage(self.role)

    @property
    def can_edit_summary(self) -> bool:
        """A reader writes their own topics' summaries, a circle's owners and moderators
        the circle's; the public scope has none."""
        if self.kind == ME:
            return self.user.is_authenticated
        return self.kind == CIRCLE and can_manage(self.role)

    @property
    def summary_filter(self) -> Q | None:
        """The topic summaries of this scope, keyed by the circle or reader itself."""
        if self.kind == ME and self.user.is_authenticated:
            return Q(owner=self.user.pk)
        if self.kind == CIRCLE and self.circle is not None:
            return Q(circle=self.circle)
        return None


# Roles: what each may do in its circle.


def is_owner(role: str | None) -> bool:
    """Rename or delete the circle, change roles, remove anyone."""
    return role == Role.OWNER


def can_manage(role: str | None) -> bool:
    """Invite, keep the reading list, moderate, see what is hidden, remove plain members."""
    return role in (Role.OWNER, Role.MODERATOR)


def can_remove(actor_role: str | None, target_role: str | None, *, is_self: bool) -> bool:
    """Leaving is anyone's; removing someone else is an owner's, or a moderator's for a
    plain member. (The last owner's staying is a rule of the circle, not of roles.)"""
    if actor_role is None or target_role is None:
        return False
    if is_self:
        return True
    return is_owner(actor_role) or (actor_role == Role.MODERATOR and target_role == Role.MEMBER)


def abilities(role: str | None) -> dict[str, bool]:
    """A role's powers by name, for templates and the page data of the JavaScript."""
    return {"own": is_owner(role), "manage": can_manage(role), "moderate": can_manage(role)}


def managing_roles() -> tuple[str, ...]:
    return tuple(role for role in Role.values if can_manage(role))


def require(user: User, circle_id: int | None, ability, message: str) -> str:
    """``user``'s role in a circle when it has ``ability`` (``is_owner``, ``can_manage``…);
    PermissionDenied with ``message`` otherwise. The services' one check of a role."""
    role = role_in(user, circle_id)
    if role is None or not ability(role):
        raise PermissionDenied(message)
    return role


def role_in(user: User, circle_id: int | None) -> str | None:
    """``user``'s role in a circle, or None (not a member, anonymous, no circle)."""
    if circle_id is None or not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(circle_id=circle_id, user=user.pk)
        .values_list("role", flat=True)
        .first()
    )


# Who sees which annotations and replies, as conditions on the database.


def circles_of(user: User, *, managing: bool = False) -> QuerySet[Membership]:
    """The ids of the circles ``user`` belongs to (or manages), as a subquery."""
    memberships = Membership.objects.filter(user=user.pk)
    if managing:
        memberships = memberships.filter(role__in=managing_roles())
    return memberships.values("circle_id")


def document_filter(user: User, prefix: str = "") -> Q:
    """The documents ``user`` may see (``prefix`` for joins, e.g. "document__"): the public
    library's, and those in the libraries of the circles they belong to."""
    public = Q(**{f"{prefix}library_entry__isnull": True})
    if not user.is_authenticated:
        return public
    return public | Q(**{f"{prefix}library_entry__circle__in": circles_of(user)})


def circle_document_filter(circle_id: int, prefix: str = "") -> Q:
    """The documents every member of a circle may see: the public library's and the
    circle's own (what its reading list may hold)."""
    return Q(**{f"{prefix}library_entry__isnull": True}) | Q(
        **{f"{prefix}library_entry__circle": circle_id}
    )


def check_document_for_circle(document, circle_id: int) -> None:
    """A circle's reading list holds only what all its members may read; another
    circle's text is answered as an unknown document."""
    elsewhere = LibraryText.objects.filter(document=document.pk).exclude(circle=circle_id)
    if elsewhere.exists():
        raise AnnotationError("document", "There is no such document in this circle's library.")


def texts_hidden_from(user: User) -> QuerySet[LibraryText]:
    """The ids of the documents in the libraries of circles ``user`` does not belong to,
    as a subquery (every circle's texts, for an anonymous reader)."""
    texts = LibraryText.objects.all()
    if user.is_authenticated:
        texts = texts.exclude(circle__in=circles_of(user))
    return texts.values("document_id")


def on_visible_document(user: User, prefix: str = "") -> Q:
    """The annotations (``prefix`` for joins) on documents ``user`` may see.

    ``~document__in`` a subquery of the few circle texts outside their circles rather
    than ``document_filter``'s join: no join on the hot reading path (measured by
    bench/bench_annotations.py).
    """
    return ~Q(**{f"{prefix}document__in": texts_hidden_from(user)})


def audience_filter(user: User, prefix: str = "") -> Q:
    """The annotations whose audience ``user`` is in (``prefix`` for joins).

    Public ones; private ones they wrote; circle ones of a circle they belong to, a
    hidden one only for its circle's owners and moderators and for its author; all of
    them only on a document ``user`` may see.
    """
    return _audience(user, prefix) & on_visible_document(user, prefix)


def _audience(user: User, prefix: str) -> Q:
    def f(name: str) -> str:
        return f"{prefix}{name}"

    public = Q(**{f("visibility"): PUBLIC})
    if not user.is_authenticated:
        return public
    own = Q(**{f("author"): user.pk})
    shared = Q(**{f("visibility"): CIRCLE, f("circle__in"): circles_of(user)}) & (
        Q(**{f("hidden"): False}) | own | Q(**{f("circle__in"): circles_of(user, managing=True)})
    )
    return public | (Q(**{f("visibility"): PRIVATE}) & own) | shared


def visibility_filter(user: User, prefix: str = "") -> Q:
    """The annotations ``user`` may see: their audience's, and always their own, on a
    document they may see."""
    if not user.is_authenticated:
        return audience_filter(user, prefix)
    own = Q(**{f"{prefix}author": user.pk})
    return (_audience(user, prefix) | own) & on_visible_document(user, prefix)


def reply_filter(user: User, *, from_annotation: bool = False, prefix: str = "") -> Q:
    """The replies ``user`` may see: those in the audience of their annotation; a reply a
    moderator hid only to its author and the circle's owners and moderators.

    A condition on replies, or (``from_annotation``) on an annotation's ``replies``, to
    count the replies of annotations; ``prefix`` for joins (e.g. "reply__").
    """
    on_annotation, on_reply = ("", "replies__") if from_annotation else ("annotation__", "")
    on_annotation, on_reply = prefix + on_annotation, prefix + on_reply
    in_audience = audience_filter(user, prefix=on_annotation)
    not_hidden = Q(**{f"{on_reply}hidden": False})
    if not user.is_authenticated:
        return in_audience & not_hidden
    return in_audience & (
        not_hidden
        | Q(**{f"{on_reply}author": user.pk})
        | Q(**{f"{on_annotation}circle__in": circles_of(user, managing=True)})
    )


def replies_of_visible(user: User) -> tuple[list[tuple[Q, Q | None]], Q]:
    """Which replies of an annotation ``user`` may see, for an annotation already known
    to be one they may see (``visibility_filter``): ``reply_filter`` without testing the
    annotation's audience again. As rules, ``(condition on the annotation, condition on
    its replies)`` pairs, the first whose condition holds deciding (None: none of its
    replies), and the condition on the replies where none holds.

    Of the annotations a reader may see, only their own shared with a circle they have
    left are outside its audience (``visibility_filter`` keeps them for their author).
    """
    not_hidden = Q(hidden=False)
    if not user.is_authenticated:
        return [], not_hidden
    rules = [
        (Q(visibility=CIRCLE) & ~Q(circle__in=circles_of(user)), None),
        (Q(circle__in=circles_of(user, managing=True)), Q()),
    ]
    return rules, not_hidden | Q(author=user.pk)


def scope_filter(user: User, scope: ScopeName, circle: Circle | None = None) -> Q:
    """The annotations of ``scope``, to be narrowed by ``visibility_filter(user)`` (as
    ``Scope.filter`` does): on its own it does not say what ``user`` may see. ``circle``
    is the scope's circle, already fetched through a membership check (see
    ``queries.get_scope_for_user``)."""
    if scope.kind == ME:
        if not user.is_authenticated:
            return Q(pk__in=[])
        return Q(author=user.pk)
    if scope.kind == PUBLIC:
        return Q(visibility=PUBLIC)
    if circle is None:
        return Q(pk__in=[])
    return Q(visibility=CIRCLE, circle=circle)


def sharing_scopes(library_circle_id: int | None, circle_ids: list[int]) -> list[str]:
    """The audiences a reader may send new highlights of a document to by default
    (the reader's "Sharing to" choice): ``private``, ``public`` and the ids of circles.

    ``circle_ids`` are the reader's circles. A text in a circle's library is read only
    there: only that circle (if theirs) besides only them. A public text: every circle
    of theirs, and everyone.
    """
    if library_circle_id is not None:
        return [PRIVATE] + [circle for circle in circle_ids if circle == library_circle_id]
    return [PRIVATE, *circle_ids, PUBLIC]


# One annotation: what its reader may do with it.


def in_audience(user: User, annotation) -> bool:
    """Whether ``user`` is someone ``annotation`` is written for (see ``audience_filter``)."""
    if annotation.visibility == PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    if annotation.visibility == PRIVATE:
        return annotation.author_id == user.pk
    role = role_in(user, annotation.circle_id)
    if role is None:
        return False
    return not annotation.hidden or annotation.author_id == user.pk or can_manage(role)


ONLY_AUTHOR_CHANGES = "Only its author can change an annotation."
ONLY_AUTHOR_DELETES = "Only its author can delete an annotation."
LEFT_CIRCLE = (
    "You no longer belong to the circle this annotation is shared with: it stays "
    "with the circle. You can delete it, but not change it."
)
OTHER_LIBRARY = (
    "Its text is in another circle's library, which only that circle's members can read: "
    "it can be shared with that circle, or kept private."
)
REPLIED_TO = (
    "Others have replied to this annotation for the readers it is shared with now; "
    "it cannot be shared more widely. You can make it more private, or delete it."
)


def check_can_change_annotation(user: User, annotation) -> None:
    """Only its author, and for a circle annotation only while they belong to the circle:
    what they shared stays with the circle after they leave, theirs to delete."""
    if annotation.author_id != getattr(user, "pk", None):
        raise PermissionDenied(ONLY_AUTHOR_CHANGES)
    if annotation.visibility == CIRCLE and role_in(user, annotation.circle_id) is None:
        raise PermissionDenied(LEFT_CIRCLE)


def check_can_delete_annotation(user: User, annotation) -> None:
    refusal = delete_refusal(user, annotation)
    if refusal:
        raise PermissionDenied(refusal)


# The same rules for many annotations at once (``annotations.bulk``): each answers why
# not (None: allowed) from what was read for all of them together, so a bulk action
# checks every item without a query per item.


def change_refusal(user: User, annotation, *, circle_ids: set[int]) -> str | None:
    """Why ``user`` may not change ``annotation`` (``check_can_change_annotation``);
    ``circle_ids``: the circles they belong to."""
    if annotation.author_id != getattr(user, "pk", None):
        return ONLY_AUTHOR_CHANGES
    if annotation.visibility == CIRCLE and annotation.circle_id not in circle_ids:
        return LEFT_CIRCLE
    return None


def delete_refusal(user: User, annotation) -> str | None:
    """Why ``user`` may not delete ``annotation``: only its author may, always."""
    if annotation.author_id != getattr(user, "pk", None):
        return ONLY_AUTHOR_DELETES
    return None


def sharing_refusal(
    annotation,
    new_visibility: str,
    new_circle_id: int | None,
    *,
    library_circle_id: int | None,
    others_replied: bool,
) -> str | None:
    """Why ``annotation`` may not be shared so: a circle text's annotations go to that
    circle only (no other circle's members may read the text); one others replied to is
    never shared more widely (``check_audience_change``)."""
    if (
        new_visibility == CIRCLE
        and library_circle_id is not None
        and new_circle_id != library_circle_id
    ):
        return OTHER_LIBRARY
    if others_replied and audience_widens(
        annotation.visibility, annotation.circle_id, new_visibility, new_circle_id
    ):
        return REPLIED_TO
    return None


def check_circle_for_text(document_id: int, circle_id: int) -> None:
    """An annotation of a circle's text is shared with that circle only (``OTHER_LIBRARY``)."""
    library = (
        LibraryText.objects.filter(document=document_id).values_list("circle_id", flat=True).first()
    )
    if library is not None and library != circle_id:
        raise AnnotationError("circle", OTHER_LIBRARY)


def check_can_reply(user: User, annotation) -> None:
    """Replies are for the annotation's audience; its author outside it (someone who left
    the circle) reads no thread and writes none."""
    if not in_audience(user, annotation):
        raise PermissionDenied(
            "Only the readers this annotation is shared with can read and write its replies."
        )


def check_can_change_reply(user: User, reply) -> None:
    if reply.author_id != getattr(user, "pk", None):
        raise PermissionDenied("Only its author can change a reply.")
    check_can_reply(user, reply.annotation)


def check_can_delete_reply(user: User, reply) -> None:
    if reply.author_id != getattr(user, "pk", None):
        raise PermissionDenied("Only its author can delete a reply.")


def check_can_moderate(user: User, annotation) -> None:
    if not can_manage(role_in(user, annotation.circle_id)):
        raise PermissionDenied("Only the circle's owners and moderators can hide or unhide.")


def audience_widens(
    old_visibility: str, old_circle_id: int | None, new_visibility: str, new_circle_id: int | None
) -> bool:
    """Whether the new audience holds anyone the old one did not: private < circle <
    public, and one circle is not another."""
    if new_visibility == PRIVATE or old_visibility == PUBLIC:
        return False
    if old_visibility == PRIVATE:
        return True
    # Old: a circle. New: public, or a circle (the same one, or another).
    return new_visibility == PUBLIC or new_circle_id != old_circle_id


def check_audience_change(annotation, new_visibility: str, new_circle_id: int | None) -> None:
    """Replies belong to the audience they were written for: an annotation others replied
    to may be narrowed, never widened."""
    if not audience_widens(
        annotation.visibility, annotation.circle_id, new_visibility, new_circle_id
    ):
        return
    others = annotation.replies.exclude(author_id=annotation.author_id)
    if others.exists():
        raise AudienceConflict(REPLIED_TO)


# Libraries: who adds texts to which.


def can_add_to_public_library(user: User) -> bool:
    """Staff keep the public library."""
    return bool(user.is_authenticated and user.is_staff)


def check_can_add_to_library(user: User, circle_id: int | None) -> None:
    """Staff add texts (and new versions of them) to the public library (``circle_id``
    None), a circle's owners and moderators to the circle's."""
    if circle_id is None:
        if not can_add_to_public_library(user):
            raise PermissionDenied("Only staff can add texts to the public library.")
        return
    require(
        user,
        circle_id,
        can_manage,
        "Only the circle's owners and moderators can add texts to its library.",
    )


def can_add_version(user: User, document) -> bool:
    """Whether ``user`` may add a new version of ``document``: whoever may add to its
    library (for the document page's link; the service checks again)."""
    return _keeps_library_of(user, document)


def can_remove_text(user: User, document) -> bool:
    """Whether ``user`` may remove ``document`` with everything on it: staff a public
    text, the circle's owners and moderators its text. The document page's link, the
    removal page and ``library.library_text_remove`` all ask here."""
    return _keeps_library_of(user, document)


def check_can_remove_text(user: User, document) -> None:
    if can_remove_text(user, document):
        return
    if _library_circle_id(document) is None:
        raise PermissionDenied("Only staff remove texts from the public library.")
    raise PermissionDenied("Only the circle's owners and moderators remove texts from its library.")


def _keeps_library_of(user: User, document) -> bool:
    """Staff keep the public library, a circle's owners and moderators its own."""
    if not user.is_authenticated:
        return False
    circle_id = _library_circle_id(document)
    if circle_id is None:
        return can_add_to_public_library(user)
    return can_manage(role_in(user, circle_id))


def _library_circle_id(document) -> int | None:
    return (
        LibraryText.objects.filter(document=document.pk).values_list("circle_id", flat=True).first()
    )


def can_add_somewhere(user: User) -> bool:
    """Whether ``user`` may add texts to any library (for the library page's link)."""
    if not user.is_authenticated:
        return False
    return can_add_to_public_library(user) or circles_of(user, managing=True).exists()
