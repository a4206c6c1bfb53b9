"""Adding a text to a library in the browser: the form, its preview (Publish or
Discard), and the progress of a large text stored in the background.

The upload is kept between preview and publication (a PendingUpload, its sender's
only), so Publish sends nothing again. ``annotations.uploads.services`` decides and
writes; these views fetch, validate the form, call it, and redirect or render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from annotations.errors import AnnotationError
from annotations.models import IngestJob
from annotations.uploads import libraries, services
from annotations.uploads import pending as pending_uploads
from annotations.uploads.jobs import get_job_for_user
from reader.forms import PublishForm, UploadForm


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def add(request: HttpRequest) -> HttpResponse:
    """A new text, for a library the reader may add to."""
    choices = [
        (library.name, _library_label(library))
        for library in libraries.libraries_for_adding(request.user)
    ]
    return _upload_page(request, document=None, choices=choices)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def add_version(request: HttpRequest, slug: str) -> HttpResponse:
    """A new version of a document, by whoever may add to its library."""
    document = libraries.get_document_to_supersede(request.user, slug)
    return _upload_page(request, document=document, choices=None)


def _upload_page(request: HttpRequest, *, document, choices) -> HttpResponse:
    bound = request.method == "POST"
    form = UploadForm(
        request.POST if bound else None, request.FILES if bound else None, libraries=choices
    )
    if bound and form.is_valid():
        pending = _keep_upload(request, form, document)
        if pending is not None:
            return redirect("reader:upload_preview", pk=pending.pk)
    return render(
        request,
        "reader/upload_add.html",
        {"form": form, "document": document, "can_add": document is not None or bool(choices)},
        status=400 if form.errors else 200,
    )


def _keep_upload(request: HttpRequest, form: UploadForm, document):
    """Preview the text and keep it; None (the form saying why) if it cannot be."""
    data = form.cleaned_data
    upload = data["file"]
    try:
        if document is None:
            library = libraries.library_for(actor=request.user, name=data["library"])
        else:
            library = libraries.library_of(document)
        source = services.source_from(
            data=upload.read() if upload is not None else None,
            filename=upload.name if upload is not None else "",
            text=data["text"] or None,
            url=data["url"],
        )
        fields = {name: data[name] for name in ("title", "author", "published")}
        report = services.upload_preview(
            actor=request.user, source=source, library=library, supersedes=document, **fields
        )
        return pending_uploads.pending_upload_create(
            actor=request.user,
            source=source,
            library=library,
            supersedes=document,
            report=report,
            **{name: report[name] for name in fields},
        )
    except AnnotationError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
    except PermissionDenied as error:
        form.add_error("library" if "library" in form.fields else None, str(error))
    return None


@login_required
@require_http_methods(["GET", "HEAD"])
def preview(request: HttpRequest, pk) -> HttpResponse:
    pending = pending_uploads.get_pending_upload_for_user(request.user, pk)
    form = PublishForm(
        initial={"title": pending.title, "author": pending.author, "published": pending.published}
    )
    return _preview_page(request, pending, form)


@login_required
@require_POST
def publish(request: HttpRequest, pk) -> HttpResponse:
    pending = pending_uploads.get_pending_upload_for_user(request.user, pk)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            answer = pending_uploads.pending_upload_publish(
                actor=request.user, pending=pending, **form.cleaned_data
            )
        except AnnotationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            if isinstance(answer, IngestJob):
                return redirect("reader:upload_job", pk=answer.pk)
            if answer.unchanged:
                messages.info(request, "This text is already in the library: here it is.")
            else:
                messages.success(request, f"“{answer.document.title}” is in the library.")
            return redirect("reader:document", slug=answer.document.slug)
    return _preview_page(request, pending, form, status=400)


@login_required
@require_POST
def discard(request: HttpRequest, pk) -> HttpResponse:
    pending = pending_uploads.get_pending_upload_for_user(request.user, pk)
    supersedes = pending.supersedes
    pending_uploads.pending_upload_discard(actor=request.user, pending=pending)
    messages.info(request, "Discarded: nothing was added.")
    if supersedes is not None:
        return redirect("reader:document", slug=supersedes.slug)
    return redirect("reader:library")


@login_required
@require_http_methods(["GET", "HEAD"])
def job(request: HttpRequest, pk) -> HttpResponse:
    """How far a large text has got; the script polls the API and moves on when done."""
    job = get_job_for_user(request.user, pk)
    return render(
        request,
        "reader/upload_job.html",
        {
            "job": job,
            "task_url": reverse("api:task-detail", args=[job.pk]),
            # The script puts the document's slug in place of "-".
            "read_url": reverse("reader:document", args=["-"]),
        },
    )


def _preview_page(request, pending, form, status: int = 200) -> HttpResponse:
    report = pending.report
    library = _library_label(libraries.library_for_name(pending.library))
    return render(
        request,
        "reader/upload_preview.html",
        {"pending": pending, "report": report, "form": form, "library": library},
        status=status,
    )


def _library_label(library: libraries.Library) -> str:
    if library.name == "public":
        return "The public library (everyone)"
    name = library.circle.name if library.circle else library.name
    return f"{name} (its members only)"
