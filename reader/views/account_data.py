"""Your data: download everything in one archive, or delete the account."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from annotations.account import account_delete
from annotations.export.archive import account_archive
from annotations.export.links import Links


class AccountDeleteForm(forms.Form):
    password = forms.CharField(label="Your password", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password; nothing was deleted.")
        return password


@login_required
@require_http_methods(["GET", "HEAD"])
def data(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    archive = account_archive(request.user, Links(request.build_absolute_uri("/")), today=today)
    response = StreamingHttpResponse(archive, content_type="application/zip")
    filename = f"marginalia-{request.user.get_username()}-{today.isoformat()}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@sensitive_post_parameters("password")
@login_required
@require_POST
def delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST, user=request.user)
    if not form.is_valid():
        for error in form.errors.get("password", []):
            messages.error(request, error)
        return redirect("reader:profile")
    user = request.user
    logout(request)
    account_delete(user=user)
    messages.success(request, "Your account, annotations and replies are deleted.")
    return redirect("reader:library")
