from django.contrib.auth import views as auth_views
from django.urls import include, path

from reader.views import (
    account_data,
    accounts,
    compare,
    export,
    guides,
    imports,
    library,
    notebook,
    notebook_edit,
    notifications,
    positions,
    reading,
    search,
    sharing,
    uploads,
)
from reader.views import circles as circle_views
from reader.views import invites as invite_views

app_name = "reader"

urlpatterns = [
    path("", library.library, name="library"),
    path("library/add/", uploads.add, name="upload_add"),
    path("library/add/<uuid:pk>/", uploads.preview, name="upload_preview"),
    path("library/add/<uuid:pk>/publish/", uploads.publish, name="upload_publish"),
    path("library/add/<uuid:pk>/discard/", uploads.discard, name="upload_discard"),
    path("library/add/jobs/<uuid:pk>/", uploads.job, name="upload_job"),
    path("read/<slug:slug>/", library.document, name="document"),
    path("read/<slug:slug>/new-version/", uploads.add_version, name="upload_version"),
    path("read/<slug:slug>/remove/", library.remove, name="remove"),
    path("read/<slug:slug>/s/<int:order>/", reading.section, name="section"),
    path("read/<slug:slug>/p/<int:ordinal>/", reading.paragraph, name="paragraph"),
    path("read/<slug:slug>/v/<int:number>/", reading.version, name="version"),
    path(
        "read/<slug:slug>/v/<int:number>/s/<int:order>/",
        reading.section,
        name="version_section",
    ),
    path(
        "read/<slug:slug>/v/<int:number>/p/<int:ordinal>/",
        reading.paragraph,
        name="version_paragraph",
    ),
    path("read/<slug:slug>/compare/<int:a>/<int:b>/", compare.compare, name="compare"),
    path("read/<slug:slug>/continue/", library.continue_reading, name="continue"),
    path("read/<slug:slug>/position/", positions.record, name="position"),
    path("read/<slug:slug>/sharing/", sharing.choose, name="sharing"),
    path("search/", search.search, name="search"),
    path("notebook/", notebook.notebook, name="notebook"),
    path("notebook/<int:pk>/", notebook_edit.entry, name="notebook_entry"),
    path("notebook/<int:pk>/delete/", notebook_edit.entry_delete, name="notebook_delete"),
    path("notebook/selection/", notebook_edit.bulk_action, name="notebook_bulk"),
    path("export/", export.export, name="export"),
    path("guides/<str:scope>/", guides.guides, name="guides"),
    # A tag may hold "/" (history/russia), hence <path:tag>; the longer patterns go first.
    path("guides/<str:scope>/<path:tag>/summary/", guides.summary_update, name="guide_summary"),
    path("guides/<str:scope>/<path:tag>.md", guides.guide_download, name="guide_download"),
    path("guides/<str:scope>/<path:tag>/", guides.guide_page, name="guide"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/profile/", accounts.profile, name="profile"),
    path("accounts/token/create/", accounts.token_create, name="token_create"),
    path("accounts/token/revoke/", accounts.token_revoke, name="token_revoke"),
    path("accounts/data/", account_data.data, name="account_data"),
    path("accounts/import/", imports.import_page, name="import"),
    path("accounts/import/report/", imports.import_report, name="import_report"),
    path("accounts/import/jobs/<uuid:pk>/", imports.import_job, name="import_job"),
    path("accounts/delete/", account_data.delete, name="account_delete"),
    path("circles/", circle_views.circles, name="circles"),
    path("circles/<slug:slug>/", circle_views.circle, name="circle"),
    path("circles/<slug:slug>/edit/", circle_views.circle_update, name="circle_update"),
    path("circles/<slug:slug>/delete/", circle_views.circle_delete, name="circle_delete"),
    path("circles/<slug:slug>/leave/", circle_views.leave, name="circle_leave"),
    path(
        "circles/<slug:slug>/members/<int:user_id>/role/",
        circle_views.member_role,
        name="circle_member_role",
    ),
    path(
        "circles/<slug:slug>/members/<int:user_id>/remove/",
        circle_views.member_remove,
        name="circle_member_remove",
    ),
    path(
        "circles/<slug:slug>/reading-list/add/",
        circle_views.reading_list_add,
        name="circle_reading_add",
    ),
    path(
        "circles/<slug:slug>/reading-list/<int:entry_id>/edit/",
        circle_views.reading_list_edit,
        name="circle_reading_edit",
    ),
    path(
        "circles/<slug:slug>/reading-list/<int:entry_id>/move/",
        circle_views.reading_list_move,
        name="circle_reading_move",
    ),
    path(
        "circles/<slug:slug>/reading-list/<int:entry_id>/remove/",
        circle_views.reading_list_remove,
        name="circle_reading_remove",
    ),
    path("circles/<slug:slug>/invites/", circle_views.invite_create, name="circle_invite_create"),
    path(
        "circles/<slug:slug>/invites/<int:invite_id>/revoke/",
        circle_views.invite_revoke,
        name="circle_invite_revoke",
    ),
    path("invite/<str:token>/", invite_views.invite, name="invite"),
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/read/", notifications.notifications_read_all, name="notifications_read"),
    path(
        "notifications/settings/",
        notifications.notification_settings,
        name="notification_settings",
    ),
    path(
        "notifications/unsubscribe/<str:token>/",
        notifications.unsubscribe,
        name="notifications_unsubscribe",
    ),
    path("notifications/<int:pk>/", notifications.notification_open, name="notification_open"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification_read"),
]

# Django's own account views keep their global names (login, logout, password_change, …).
account_urlpatterns = [
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Django's own, except that a new password also revokes the API token.
    path(
        "accounts/password_change/",
        accounts.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
]
