"""The reader's notifications: the list, opening one (it is then read), marking one or
all read, the email preferences, and the unsubscribe link of the digest (no sign-in)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from annotations.models import NotificationKind
from annotations.notifications import tokens
from annotations.notifications.presenters import (
    notification_excerpt,
    notification_path,
    notification_summary,
)
from annotations.notifications.queries import get_notification_for_user, notifications_for_user
from annotations.notifications.services import (
    notification_mark_read,
    notification_settings_for,
    notification_settings_update,
    notifications_mark_all_read,
)

PAGE_SIZE = 30


@login_required
@require_http_methods(["GET", "HEAD"])
def notifications(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(
        notifications_for_user(request.user), PAGE_SIZE, allow_empty_first_page=True
    )
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404("No such page") from error
    items = [
        {
            "notification": notification,
            "summary": notification_summary(notification),
            "excerpt": notification_excerpt(notification),
            "unread": notification.read_at is None,
        }
        for notification in page.object_list
    ]
    unread = sum(1 for item in items if item["unread"])
    return render(
        request, "reader/notifications.html", {"page": page, "items": items, "unread": unread}
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Go to what it is about, in place; opening it is reading it (only the reader's own
    notification's read state changes, so a link may do it)."""
    notification = get_notification_for_user(request.user, pk)
    notification_mark_read(notification=notification, user=request.user)
    found = notifications_for_user(request.user).get(pk=notification.pk)
    return redirect(notification_path(found))


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_notification_for_user(request.user, pk)
    notification_mark_read(notification=notification, user=request.user)
    return redirect("reader:notifications")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_all_read(user=request.user)
    messages.success(request, f"Marked {count} notification{'' if count == 1 else 's'} read.")
    return redirect("reader:notifications")


@login_required
@require_POST
def notification_settings(request: HttpRequest) -> HttpResponse:
    """The profile page's email choices: the digest, and each kind in it."""
    choices = {"digest": request.POST.get("digest") == "on"}
    for kind in NotificationKind.values:
        choices[f"email_{kind}"] = request.POST.get(f"email_{kind}") == "on"
    notification_settings_update(user=request.user, **choices)
    messages.success(request, "Your email choices are saved.")
    return redirect("reader:profile")


# The signed token is the proof: an email client's one-click unsubscribe (RFC 8058) posts
# with no CSRF token, and no one without the token can post for someone.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop the digest (``all``) or one kind in it, from the link in an email, signed in
    or not: the signed token says whose and what. GET asks, POST does (mail scanners
    follow links)."""
    found = tokens.read_unsubscribe_token(token)
    if found is None:
        return render(request, "reader/unsubscribe.html", {"invalid": True}, status=400)
    user, kind = found
    label = "every notification email" if kind == tokens.ALL else _label(kind)
    if request.method == "POST":
        choice = "digest" if kind == tokens.ALL else f"email_{kind}"
        notification_settings_update(user=user, **{choice: False})
        return render(request, "reader/unsubscribe.html", {"done": True, "label": label})
    return render(
        request, "reader/unsubscribe.html", {"label": label, "username": user.get_username()}
    )


def _label(kind: str) -> str:
    return f"emails about {NotificationKind(kind).label.lower()}"


def email_choices(user) -> dict:
    """The profile page's email section: the digest, and each kind with its choice."""
    found = notification_settings_for(user)
    kinds = [
        {"name": f"email_{kind}", "label": label, "on": getattr(found, f"email_{kind}")}
        for kind, label in NotificationKind.choices
    ]
    return {"digest": found.digest, "kinds": kinds}
