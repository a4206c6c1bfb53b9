"""Joining a circle by an invite link: ``/invite/<token>/``.

Signed in, the page offers a Join button; signed out, it leads through sign-in or
sign-up and back here. A link that no longer works says why, plainly.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from annotations.circles.services import InviteError, invite_accept, invite_status
from annotations.models import Membership

# What a link that no longer works says, and the status it is answered with.
STATUS_PAGES = {
    "expired": ("This invite has expired.", 410),
    "revoked": ("This invite has been revoked.", 410),
    "used_up": ("This invite has been used up.", 410),
    "unknown": ("This invite link is not valid.", 404),
}


@require_http_methods(["GET", "HEAD", "POST"])
def invite(request: HttpRequest, token: str) -> HttpResponse:
    found, status = invite_status(token)
    if status != "valid" or found is None:
        return _unusable(request, status)
    circle = found.circle
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "reader/invite.html", {"circle": circle, "token": token})
    if Membership.objects.filter(circle=circle, user=request.user.pk).exists():
        messages.info(request, f"You are already a member of {circle.name}.")
        return redirect("reader:circle", slug=circle.slug)
    if request.method == "POST":
        try:
            invite_accept(token=token, user=request.user)
        except InviteError as error:
            return _unusable(request, error.status, error.message)
        messages.success(request, f"Welcome to {circle.name}.")
        return redirect("reader:circle", slug=circle.slug)
    return render(request, "reader/invite.html", {"circle": circle, "token": token})


def _unusable(request: HttpRequest, status: str, message: str = "") -> HttpResponse:
    text, code = STATUS_PAGES.get(status, (message or STATUS_PAGES["unknown"][0], 400))
    return render(request, "reader/invite_unusable.html", {"message": text}, status=code)
