from django.contrib import admin
from django.urls import include, path

from danchu.api.urls import api
from danchu.core import views as core_views
from danchu.core.request_log import metrics_view

urlpatterns = [
    path("", core_views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("metrics", metrics_view, name="metrics"),  # Prometheus; DANCHU_METRICS_ALLOW / _TOKEN only
    path("api/v1/", api.urls),
    path("tai-khoan/", include("danchu.accounts.urls")),
    path("", include("danchu.units.urls")),
    path("log/", include("danchu.core.urls_log")),
    path("", include("danchu.disclosures.urls")),
    path("", include("danchu.decisions.urls")),
    path("", include("danchu.cases.urls")),
    path("", include("danchu.dialogues.urls")),
    path("", include("danchu.oversight.urls")),
    path("", include("danchu.consultations.urls")),
    path("", include("danchu.movements.urls")),
    path("", include("danchu.reports.urls")),
    path("open311/v2/", include("danchu.cases.open311")),
]

handler400 = "danchu.core.views.bad_request"
handler403 = "danchu.core.views.permission_denied"
handler404 = "danchu.core.views.page_not_found"
handler500 = "danchu.core.views.server_error"
