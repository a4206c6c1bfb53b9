from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from reader.urls import account_urlpatterns


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    # Looked up per request: the hashed name needs collectstatic's manifest, not at import.
    return HttpResponseRedirect(static("favicon.svg"))


urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    path("favicon.ico", favicon),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/", include("annotations.api.urls")),
    *account_urlpatterns,
    path("", include("reader.urls")),
]

# Under /api/ these answer JSON ({"detail": ...}); elsewhere the site's pages (templates/errors/).
handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
