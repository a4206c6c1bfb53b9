"""Signing up, the reader's own account page and API token; Django's auth views do the rest."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.authtoken.models import Token

from annotations.account import account_deletion_preview, account_password_changed
from reader.forms import SignupForm
from reader.views.notifications import email_choices


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("reader:profile")
    next_url = _safe_next_url(request)
    if request.method == "POST":
        form = SignupForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    user = form.save()
            except IntegrityError:
                # Someone signed up with the same name between the check and the save.
                form.add_error("username", "A user with that username already exists.")
            else:
                login(request, user, backend="annotations.notifications.backend.ReaderBackend")
                messages.success(request, f"Welcome, {user.get_username()}. You are signed in.")
                return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    else:
        form = SignupForm()
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's, and the API token goes: whoever had the old password may have it too.
    Other sessions end by themselves (Django ties a session to the password's hash);
    this one is kept."""

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            account_password_changed(user=form.user)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's, and the API token goes; every session ends with the old password."""

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            account_password_changed(user=form.user)
        return response


@login_required
@require_http_methods(["GET", "HEAD"])
def profile(request: HttpRequest) -> HttpResponse:
    return _render_profile(request)


@never_cache
@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Give the reader a new API token, replacing any they had, and show its key this once."""
    with transaction.atomic():
        Token.objects.filter(user=request.user).delete()
        token = Token.objects.create(user=request.user)
    # Rendered, not redirected: the key must not travel in a message cookie or the session.
    return _render_profile(request, new_key=token.key)


@login_required
@require_POST
def token_revoke(request: HttpRequest) -> HttpResponse:
    deleted, _ = Token.objects.filter(user=request.user).delete()
    if deleted:
        messages.success(request, "Your API token is revoked: scripts using it no longer work.")
    return redirect("reader:profile")


def _render_profile(request: HttpRequest, *, new_key: str = "") -> HttpResponse:
    token = Token.objects.filter(user=request.user).only("created").first()
    api_url = request.build_absolute_uri(reverse("api:annotation-list"))
    context = {
        "account": request.user,
        "token": token,
        "new_key": new_key,
        "api_url": api_url,
        "deletion": account_deletion_preview(request.user),
        "emails": email_choices(request.user),
    }
    return render(request, "reader/profile.html", context)


def _safe_next_url(request: HttpRequest) -> str:
    """The ``next`` parameter if it points into this site, else ""."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    is_safe = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return next_url if is_safe else ""
