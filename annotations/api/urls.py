"""The JSON API, mounted at /api/ by config/urls.py; the schema is at /api/schema/."""

from django.urls import path

from annotations.api import export_views, guide_views, views

app_name = "api"

urlpatterns = [
    path("annotations/", views.AnnotationListView.as_view(), name="annotation-list"),
    path("import/", export_views.ImportView.as_view(), name="import"),
    path("annotations/<int:pk>/", views.AnnotationDetailView.as_view(), name="annotation-detail"),
    path("annotations/<int:pk>/replies/", views.ReplyListView.as_view(), name="reply-list"),
    path("annotations/<int:pk>/hide/", views.AnnotationHideView.as_view(), name="annotation-hide"),
    path(
        "annotations/<int:pk>/unhide/",
        views.AnnotationUnhideView.as_view(),
        name="annotation-unhide",
    ),
    path(
        "annotations/<int:pk>/request-review/",
        views.AnnotationReviewRequestView.as_view(),
        name="annotation-request-review",
    ),
    path("annotations/<int:pk>/reactions/", views.ReactionView.as_view(), name="reaction-list"),
    path("replies/<int:pk>/", views.ReplyDetailView.as_view(), name="reply-detail"),
    path("replies/<int:pk>/hide/", views.ReplyHideView.as_view(), name="reply-hide"),
    path("replies/<int:pk>/unhide/", views.ReplyUnhideView.as_view(), name="reply-unhide"),
    path("tags/", views.TagListView.as_view(), name="tag-list"),
    path("circles/", views.CircleListView.as_view(), name="circle-list"),
    path("circles/<slug:slug>/", views.CircleDetailView.as_view(), name="circle-detail"),
    path("circles/<slug:slug>/members/", views.MemberListView.as_view(), name="circle-member-list"),
    path(
        "circles/<slug:slug>/members/<str:username>/",
        views.MemberDetailView.as_view(),
        name="circle-member-detail",
    ),
    path("circles/<slug:slug>/invites/", views.InviteListView.as_view(), name="circle-invite-list"),
    path(
        "circles/<slug:slug>/invites/<str:token>/",
        views.InviteDetailView.as_view(),
        name="circle-invite-detail",
    ),
    path("invites/<str:token>/accept/", views.InviteAcceptView.as_view(), name="invite-accept"),
    path("documents/", views.DocumentListView.as_view(), name="document-list"),
    path("documents/<slug:slug>/", views.DocumentDetailView.as_view(), name="document-detail"),
    path("guides/", guide_views.GuideListView.as_view(), name="guide-list"),
    path("guides/<path:tag>/", guide_views.GuideDetailView.as_view(), name="guide-detail"),
]
