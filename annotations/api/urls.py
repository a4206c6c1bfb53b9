"""The JSON API, mounted at /api/ by config/urls.py; the schema is at /api/schema/."""

from django.urls import path

from annotations.api import views

app_name = "api"

urlpatterns = [
    path("annotations/", views.AnnotationListView.as_view(), name="annotation-list"),
    path("annotations/<int:pk>/", views.AnnotationDetailView.as_view(), name="annotation-detail"),
    path("annotations/<int:pk>/replies/", views.ReplyListView.as_view(), name="reply-list"),
    path("replies/<int:pk>/", views.ReplyDetailView.as_view(), name="reply-detail"),
    path("tags/", views.TagListView.as_view(), name="tag-list"),
    path("documents/", views.DocumentListView.as_view(), name="document-list"),
    path("documents/<slug:slug>/", views.DocumentDetailView.as_view(), name="document-detail"),
]
