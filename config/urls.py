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
