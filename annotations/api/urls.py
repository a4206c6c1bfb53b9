"""The JSON API, mounted at /api/ by config/urls.py; the schema is at /api/schema/."""

from django.urls import path

from annotations.api import (
    annotations,
    circles,
    documents,
    guides,
    importing,
    moderation,
    notifications,
    popular,
    reactions,
    replies,
    revisions,
    tags,
    uploads,
)
from annotations.api.moderation import ANNOTATION, REPLY, ModerationView

app_name = "api"

urlpatterns = [
    path("annotations/", annotations.AnnotationListView.as_view(), name="annotation-list"),
    path("import/", importing.ImportView.as_view(), name="import"),
    path("import/<uuid:pk>/", importing.ImportTaskView.as_view(), name="import-task-detail"),
    path("imports/", importing.HighlightsImportView.as_view(), name="imports"),
    path(
        "annotations/<int:pk>/",
        annotations.AnnotationDetailView.as_view(),
        name="annotation-detail",
    ),
    path(
        "annotations/<int:pk>/restore/",
        annotations.AnnotationRestoreView.as_view(),
        name="annotation-restore",
    ),
    path("annotations/<int:pk>/replies/", replies.ReplyListView.as_view(), name="reply-list"),
    path(
        "annotations/<int:pk>/hide/",
        ModerationView.as_view(target=ANNOTATION, action="hide"),
        name="annotation-hide",
    ),
    path(
        "annotations/<int:pk>/unhide/",
        ModerationView.as_view(target=ANNOTATION, action="unhide"),
        name="annotation-unhide",
    ),
    path(
        "annotations/<int:pk>/request-review/",
        moderation.ReviewRequestView.as_view(),
        name="annotation-request-review",
    ),
    path(
        "annotations/<int:pk>/review/",
        revisions.ReviewView.as_view(),
        name="annotation-review",
    ),
    path(
        "annotations/<int:pk>/reactions/",
        reactions.ReactionView.as_view(),
        name="reaction-list",
    ),
    path("replies/<int:pk>/", replies.ReplyDetailView.as_view(), name="reply-detail"),
    path(
        "replies/<int:pk>/hide/",
        ModerationView.as_view(target=REPLY, action="hide"),
        name="reply-hide",
    ),
    path(
        "replies/<int:pk>/unhide/",
        ModerationView.as_view(target=REPLY, action="unhide"),
        name="reply-unhide",
    ),
    path("tags/", tags.TagListView.as_view(), name="tag-list"),
    path("circles/", circles.CircleListView.as_view(), name="circle-list"),
    path("circles/<slug:slug>/", circles.CircleDetailView.as_view(), name="circle-detail"),
    path(
        "circles/<slug:slug>/members/",
        circles.MemberListView.as_view(),
        name="circle-member-list",
    ),
    path(
        "circles/<slug:slug>/members/<str:username>/",
        circles.MemberDetailView.as_view(),
        name="circle-member-detail",
    ),
    path(
        "circles/<slug:slug>/invites/",
        circles.InviteListView.as_view(),
        name="circle-invite-list",
    ),
    path(
        "circles/<slug:slug>/invites/<str:token>/",
        circles.InviteDetailView.as_view(),
        name="circle-invite-detail",
    ),
    path("invites/<str:token>/accept/", circles.InviteAcceptView.as_view(), name="invite-accept"),
    path("documents/", documents.DocumentListView.as_view(), name="document-list"),
    path("documents/<slug:slug>/", documents.DocumentDetailView.as_view(), name="document-detail"),
    path(
        "documents/<slug:slug>/popular/",
        popular.PopularView.as_view(),
        name="document-popular",
    ),
    path(
        "documents/<slug:slug>/versions/",
        uploads.VersionListView.as_view(),
        name="document-version-list",
    ),
    path("tasks/<uuid:pk>/", uploads.TaskDetailView.as_view(), name="task-detail"),
    path("guides/", guides.GuideListView.as_view(), name="guide-list"),
    path("notifications/", notifications.NotificationListView.as_view(), name="notification-list"),
    path(
        "notifications/read/",
        notifications.NotificationReadAllView.as_view(),
        name="notification-read-all",
    ),
    path(
        "notifications/<int:pk>/read/",
        notifications.NotificationReadView.as_view(),
        name="notification-read",
    ),
    path("mentions/", notifications.MentionListView.as_view(), name="mention-list"),
    path("guides/<path:tag>/", guides.GuideDetailView.as_view(), name="guide-detail"),
]
