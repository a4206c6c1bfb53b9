from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from reader.urls import account_urlpatterns

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/", include("annotations.api.urls")),
    *account_urlpatterns,
    path("", include("reader.urls")),
]

# Under /api/ these answer JSON ({"detail": ...}); elsewhere Django's pages.
handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
