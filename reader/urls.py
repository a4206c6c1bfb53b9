from django.contrib.auth import views as auth_views
from django.urls import include, path

from reader.views import accounts, library, notebook, positions, reading, search

app_name = "reader"

urlpatterns = [
    path("", library.library, name="library"),
    path("read/<slug:slug>/", library.document, name="document"),
    path("read/<slug:slug>/s/<int:order>/", reading.section, name="section"),
    path("read/<slug:slug>/p/<int:ordinal>/", reading.paragraph, name="paragraph"),
    path("read/<slug:slug>/continue/", library.continue_reading, name="continue"),
    path("read/<slug:slug>/position/", positions.record, name="position"),
    path("search/", search.search, name="search"),
    path("notebook/", notebook.notebook, name="notebook"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/profile/", accounts.profile, name="profile"),
    path("accounts/token/create/", accounts.token_create, name="token_create"),
    path("accounts/token/revoke/", accounts.token_revoke, name="token_revoke"),
]

# Django's own account views keep their global names (login, logout, password_change, …).
account_urlpatterns = [
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
]
