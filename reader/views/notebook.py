"""The notebook: all of a reader's own annotations, filtered and ordered, each linking back."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from annotations.models import Annotation, Circle, Color
from annotations.permissions import (
    CIRCLE,
    CIRCLE_PREFIX,
    ME,
    PRIVATE,
    PUBLIC,
    ScopeName,
    circles_of,
    scope_filter,
    visibility_filter,
)
from annotations.queries import (
    annotations_filtered,
    documents_visible_to,
    tag_suggestions,
    tags_by_annotation,
)
from corpus.models import Document
from corpus.queries import paragraph_ordinal_at
from reader.paging import page_of

PAGE_SIZE = 50
MAX_TAG_CHOICES = 200
NEWEST, READING = "newest", "reading"


class NotebookFilterForm(forms.Form):
    # Document and tag are free text shown as selects: a slug or tag that is not offered
    # (e.g. from an old link) simply matches nothing, rather than being an error.
    document = forms.CharField(label="Document", required=False, max_length=200)
    tag = forms.CharField(label="Tag", required=False, max_length=100)
    color = forms.ChoiceField(
        label="Colour", required=False, choices=[("", "Any colour"), *Color.choices]
    )
    q = forms.CharField(label="Text", required=False, max_length=200, widget=forms.SearchInput)
    # A new version of the text moved them (fuzzy) or took their words away (orphaned).
    needs_review = forms.ChoiceField(
        label="Placement",
        required=False,
        choices=[("", "Any"), ("yes", "Needs review")],
    )
    order = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[(NEWEST, "Newest first"), (READING, "Reading order")],
    )

    def __init__(self, data, *, documents: list[Document], tags: list[str]):
        super().__init__(data)
        document_choices = [("", "All documents")] + [(d.slug, d.title) for d in documents]
        tag_choices = [("", "Any tag")] + [(tag, tag) for tag in tags]
        wanted_tag = (data.get("tag") or "").strip()
        if wanted_tag and wanted_tag not in tags:
            tag_choices.append((wanted_tag, wanted_tag))
        self.fields["document"].widget = forms.Select(choices=document_choices)
        self.fields["tag"].widget = forms.Select(choices=tag_choices)

    def filters(self) -> dict[str, str]:
        """The valid filters; an invalid one (an unknown colour) is left out."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


@login_required
@require_http_methods(["GET", "HEAD"])
def notebook(request: HttpRequest) -> HttpResponse:
    user = request.user
    documents = list(
        documents_visible_to(user)
        .filter(Exists(Annotation.objects.filter(author=user.pk, document=OuterRef("pk"))))
        .order_by("title")
        .only("slug", "title")
    )
    form = NotebookFilterForm(
        request.GET,
        documents=documents,
        tags=sorted(tag_suggestions(user, limit=MAX_TAG_CHOICES, circles=False), key=str.casefold),
    )
    filters = form.filters()
    # The reader's own annotations, whoever else may see them, on texts they may still read.
    own = Annotation.objects.filter(visibility_filter(user) & scope_filter(user, ScopeName(ME)))
    has_any = bool(documents)
    page = page_of(notebook_entries(own, filters), request.GET.get("page"), per_page=PAGE_SIZE)
    page.object_list = attach_tags(page.object_list)
    choices = sharing_choices(user) if page.object_list else []
    mark_sharing(page.object_list, choices)
    return render(
        request,
        "reader/notebook.html",
        {
            "form": form,
            "page": page,
            "has_any": has_any,
            "sharing_choices": choices,
            "here": request.get_full_path(),
            "filtered": any(name != "order" for name in filters),
            "export_query": urlencode(
                {"scope": ME} | {name: value for name, value in filters.items() if name != "order"}
            ),
        },
    )


def notebook_entries(annotations: QuerySet[Annotation], filters: dict[str, str]) -> QuerySet:
    """The annotations that pass ``filters``, in their order, each with its paragraph's
    ordinal (the paragraph the highlight starts in) computed in the same query."""
    annotations = annotations_filtered(
        annotations, **{name: value for name, value in filters.items() if name != "order"}
    )
    if filters.get("order") == READING:
        ordering = ("document__title", "document_id", "version_id", "start", "id")
    else:
        ordering = ("-created", "-id")
    return (
        annotations.select_related("document", "circle")
        .only(
            "exact",
            "anchor",
            "color",
            "comment",
            "comment_html",
            "visibility",
            "circle__slug",
            "circle__name",
            "hidden",
            "created",
            "start",
            "version_id",
            "document__slug",
            "document__title",
            "document__current_version_id",
        )
        .annotate(ordinal=paragraph_ordinal_at())
        .order_by(*ordering)
    )


def attach_tags(entries) -> list[Annotation]:
    """Each entry's tag names, for all of them in one query."""
    entries = list(entries)
    tags = tags_by_annotation(entry.pk for entry in entries) if entries else {}
    for entry in entries:
        entry.tag_names = tags.get(entry.pk, [])
    return entries


def mark_sharing(entries: list[Annotation], choices: list[tuple[str, str]]) -> None:
    """Each entry's ``sharing`` value as the forms offer it, and whether it is shared with
    a circle the reader has left (offered as it is: they may delete it, not change it)."""
    offered = {value for value, _ in choices}
    for entry in entries:
        shared = entry.visibility == CIRCLE and entry.circle_id
        entry.sharing = f"{CIRCLE_PREFIX}{entry.circle.slug}" if shared else entry.visibility
        entry.sharing_elsewhere = entry.sharing not in offered


def sharing_choices(user) -> list[tuple[str, str]]:
    """Who an annotation may be shared with: only me, each of the reader's circles, public
    (the values ``sharing`` of the edit and bulk forms take)."""
    circles = circles_of_user_by_name(user)
    return [
        (PRIVATE, "Only me"),
        *[(f"{CIRCLE_PREFIX}{slug}", name) for slug, name in circles],
        (PUBLIC, "Public"),
    ]


def circles_of_user_by_name(user) -> list[tuple[str, str]]:
    """(slug, name) of the reader's circles, by name: one query."""
    return list(
        Circle.objects.filter(pk__in=circles_of(user))
        .order_by("name", "id")
        .values_list("slug", "name")
    )
