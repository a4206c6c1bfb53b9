"""Reading circles: the reader's circles, a circle's page, and the forms on it.

Every view fetches the circle through ``get_circle_for_member`` (404 for non-members),
then calls one service, which decides who may do what. Each form posts to its own
small view, which redirects back to the circle page with a message saying what
happened, or what was wrong.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from annotations import permissions
from annotations.circles import reading_list as reading_list_services
from annotations.circles import services as circle_services
from annotations.circles.activity import circle_activity
from annotations.circles.queries import (
    MAX_PAGE,
    active_invites,
    circle_members,
    get_entry_of,
    get_invite_of,
    get_member_of,
    reading_list,
)
from annotations.errors import AnnotationError
from annotations.library import circle_library_counts
from annotations.models import Circle, Role
from annotations.queries import (
    circles_for_user,
    documents_visible_to_circle,
    get_circle_for_member,
)
from corpus.queries import section_titles_by_version
from reader.forms import (
    CircleForm,
    InviteForm,
    ReadingListAddForm,
    ReadingListEditForm,
    RoleForm,
)
from reader.paging import check_page, page_number


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def circles(request: HttpRequest) -> HttpResponse:
    form = CircleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            circle = circle_services.circle_create(
                owner=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except AnnotationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"Your circle “{circle.name}” is ready: invite people to it.")
            return redirect("reader:circle", slug=circle.slug)
    mine = list(circles_for_user(request.user))
    return render(request, "reader/circles.html", {"circles": mine, "form": form})


@login_required
@require_http_methods(["GET", "HEAD"])
def circle(request: HttpRequest, slug: str) -> HttpResponse:
    circle, membership = get_circle_for_member(request.user, slug)
    can = permissions.abilities(membership.role)
    members = circle_members(circle)
    for member in members:
        member.removable = member.user_id != request.user.pk and permissions.can_remove(
            membership.role, member.role, is_self=False
        )
    asked = page_number(request.GET.get("page"), last=MAX_PAGE)
    activity = circle_activity(circle, request.user, page=asked, since=membership.last_visit)
    check_page(asked, count=activity.num_pages)
    if activity.number == 1:
        # Later pages are older news: only the first one counts as having caught up.
        circle_services.circle_visited(circle=circle, user=request.user)
    context = {
        "circle": circle,
        "membership": membership,
        "can": can,
        "members": members,
        "roles": Role.choices,
        "reading_list": reading_list(circle),
        "activity": activity,
        "last_visit": membership.last_visit,
    }
    if can["manage"]:
        context["invites"] = [
            {"invite": invite, "url": request.build_absolute_uri(_invite_path(invite.token))}
            for invite in active_invites(circle)
        ]
        context["invite_form"] = InviteForm()
        context["add_form"] = ReadingListAddForm()
        context["targets"] = _reading_targets(circle)
        context["today"] = timezone.localdate()
    if can["own"]:
        context["library"] = circle_library_counts(circle)
        context["circle_form"] = CircleForm(
            initial={"name": circle.name, "description": circle.description}
        )
    return render(request, "reader/circle.html", context)


@login_required
@require_POST
def circle_update(request: HttpRequest, slug: str) -> HttpResponse:
    circle, _ = get_circle_for_member(request.user, slug)
    form = CircleForm(request.POST)
    if not form.is_valid():
        return _invalid(request, circle, form)
    return _act(
        request,
        circle,
        lambda: circle_services.circle_update(
            circle=circle,
            actor=request.user,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
        ),
        "The circle’s name and description are saved.",
    )


@login_required
@require_POST
def circle_delete(request: HttpRequest, slug: str) -> HttpResponse:
    circle, _ = get_circle_for_member(request.user, slug)
    name = circle.name
    return _act(
        request,
        circle,
        lambda: circle_services.circle_delete(circle=circle, actor=request.user),
        f"The circle “{name}” is deleted.",
        done_url=reverse("reader:circles"),
    )


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    circle, _ = get_circle_for_member(request.user, slug)
    member = get_member_of(circle, user_id=user_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _invalid(request, circle, form)
    role = form.cleaned_data["role"]
    return _act(
        request,
        circle,
        lambda: circle_services.member_set_role(
            circle=circle, actor=request.user, user=member.user, role=role
        ),
        f"{member.user.get_username()} is now {_a_role(role)}.",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_remove(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    """GET asks to confirm (a page, so it works without scripts); POST removes."""
    circle, membership = get_circle_for_member(request.user, slug)
    member = get_member_of(circle, user_id=user_id)
    if member.user_id == request.user.pk:
        return leave(request, slug)
    name = member.user.get_username()
    if request.method != "POST":
        if not permissions.can_remove(membership.role, member.role, is_self=False):
            return _forbidden(request, circle, PermissionDenied("You cannot remove this member."))
        return _confirm(
            request,
            circle,
            title=f"Remove {name} from {circle.name}?",
            explanation=(
                f"{name} will no longer see the circle, its shared annotations, threads, "
                "guides or library. What they shared stays with the circle under their name."
            ),
            action=reverse("reader:circle_member_remove", args=[circle.slug, member.user_id]),
            button=f"Remove {name}",
            back=f"Keep {name}",
        )
    return _act(
        request,
        circle,
        lambda: circle_services.member_remove(circle=circle, actor=request.user, user=member.user),
        f"{name} is no longer a member of {circle.name}.",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    """GET asks to confirm (a page, so it works without scripts); POST leaves."""
    circle, _ = get_circle_for_member(request.user, slug)
    if request.method != "POST":
        return _confirm(
            request,
            circle,
            title=f"Leave {circle.name}?",
            explanation=(
                "You will no longer see the circle, its shared annotations, threads, guides "
                "or library. What you shared stays with the circle under your name: you can "
                "still delete it. To come back you need a new invite."
            ),
            action=reverse("reader:circle_leave", args=[circle.slug]),
            button=f"Leave {circle.name}",
            back="Stay in the circle",
        )
    return _act(
        request,
        circle,
        lambda: circle_services.member_remove(circle=circle, actor=request.user, user=request.user),
        f"You left {circle.name}.",
        done_url=reverse("reader:circles"),
    )


def _confirm(
    request: HttpRequest,
    circle: Circle,
    *,
    title: str,
    explanation: str,
    action: str,
    button: str,
    back: str,
) -> HttpResponse:
    context = {
        "circle": circle,
        "title": title,
        "explanation": explanation,
        "action": action,
        "button": button,
        "back": back,
    }
    return render(request, "reader/circle_confirm.html", context)


@login_required
@require_POST
def reading_list_add(request: HttpRequest, slug: str) -> HttpResponse:
    circle, _ = get_circle_for_member(request.user, slug)
    form = ReadingListAddForm(request.POST)
    if not form.is_valid():
        return _invalid(request, circle, form)
    document_slug, section_order = form.cleaned_data["target"]
    # Only what every member may read: the public library and the circle's own.
    document = (
        documents_visible_to_circle(circle.pk)
        .filter(slug=document_slug, current_version__isnull=False)
        .first()
    )
    if document is None:
        messages.error(request, "Document or section: there is no such document in the library.")
        return redirect("reader:circle", slug=circle.slug)
    return _act(
        request,
        circle,
        lambda: reading_list_services.reading_list_add(
            circle=circle,
            actor=request.user,
            document=document,
            section_order=section_order,
            due=form.cleaned_data["due"],
            note=form.cleaned_data["note"],
        ),
        f"“{document.title}” is on the reading list.",
        anchor="reading-list",
    )


@login_required
@require_POST
def reading_list_edit(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    circle, _ = get_circle_for_member(request.user, slug)
    entry = get_entry_of(circle, entry_id)
    form = ReadingListEditForm(request.POST)
    if not form.is_valid():
        return _invalid(request, circle, form)
    return _act(
        request,
        circle,
        lambda: reading_list_services.reading_list_update(
            entry=entry,
            actor=request.user,
            due=form.cleaned_data["due"],
            note=form.cleaned_data["note"],
        ),
        "The reading list entry is saved.",
        anchor="reading-list",
    )


@login_required
@require_POST
def reading_list_move(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    circle, _ = get_circle_for_member(request.user, slug)
    entry = get_entry_of(circle, entry_id)
    direction = request.POST.get("direction", "")
    return _act(
        request,
        circle,
        lambda: reading_list_services.reading_list_move(
            entry=entry, actor=request.user, direction=direction
        ),
        f"Moved {direction}.",
        anchor="reading-list",
    )


@login_required
@require_POST
def reading_list_remove(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    circle, _ = get_circle_for_member(request.user, slug)
    entry = get_entry_of(circle, entry_id)
    return _act(
        request,
        circle,
        lambda: reading_list_services.reading_list_remove(entry=entry, actor=request.user),
        "Removed from the reading list.",
        anchor="reading-list",
    )


@login_required
@require_POST
def invite_create(request: HttpRequest, slug: str) -> HttpResponse:
    circle, _ = get_circle_for_member(request.user, slug)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _invalid(request, circle, form)
    return _act(
        request,
        circle,
        lambda: circle_services.invite_create(
            circle=circle,
            actor=request.user,
            expires=form.expiry(),
            max_uses=form.cleaned_data["max_uses"],
        ),
        "A new invite link is ready: copy it from the list of invites.",
        anchor="invites",
    )


@login_required
@require_POST
def invite_revoke(request: HttpRequest, slug: str, invite_id: int) -> HttpResponse:
    circle, _ = get_circle_for_member(request.user, slug)
    invite = get_invite_of(circle, pk=invite_id)
    return _act(
        request,
        circle,
        lambda: circle_services.invite_revoke(invite=invite, actor=request.user),
        "The invite is revoked: its link no longer works.",
        anchor="invites",
    )


def _act(
    request: HttpRequest,
    circle: Circle,
    action: Callable[[], object],
    success: str,
    *,
    done_url: str | None = None,
    anchor: str = "",
) -> HttpResponse:
    """Call a service; redirect with a message saying what happened, or why it did not."""
    back = reverse("reader:circle", args=[circle.slug]) + (f"#{anchor}" if anchor else "")
    try:
        action()
    except AnnotationError as error:
        messages.error(request, error.message)
        return redirect(back)
    except PermissionDenied as error:
        return _forbidden(request, circle, error)
    messages.success(request, success)
    return redirect(done_url or back)


def _invalid(request: HttpRequest, circle: Circle, form: forms.Form) -> HttpResponse:
    """Each of the form's errors as a message naming its field, back on the circle page."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect("reader:circle", slug=circle.slug)


def _forbidden(request: HttpRequest, circle: Circle, error: PermissionDenied) -> HttpResponse:
    return render(
        request,
        "reader/circle_forbidden.html",
        {"circle": circle, "reason": str(error) or "Your role in this circle does not allow it."},
        status=403,
    )


def _reading_targets(circle: Circle) -> list[dict]:
    """What a reading list entry can point at: each document every member may read (the
    public library and the circle's own), and its upper sections."""
    documents = list(
        documents_visible_to_circle(circle.pk)
        .filter(current_version__isnull=False)
        .order_by("title")
        .only("slug", "title", "current_version_id")
    )
    sections = section_titles_by_version(
        [document.current_version_id for document in documents], max_level=2
    )
    return [
        {"document": document, "sections": sections[document.current_version_id]}
        for document in documents
    ]


def _invite_path(token: str) -> str:
    return reverse("reader:invite", args=[token])


def _a_role(role: str) -> str:
    label = Role(role).label.lower()
    return f"an {label}" if label[0] in "aeiou" else f"a {label}"
