from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from corpus.models import Document


def library(request: HttpRequest) -> HttpResponse:
    documents = (
        Document.objects.select_related("current_version")
        # A version's text can be a whole book: the list needs none of it.
        .defer("current_version__text", "current_version__report")
        .annotate(paragraph_count=Count("current_version__paragraphs"))
        # Meta.ordering does not apply to aggregating queries.
        .order_by("title")
    )
    return render(request, "reader/library.html", {"documents": documents})
