from django.urls import path, re_path

from . import views

app_name = "reports"

urlpatterns = [
    path("bao-cao/", views.index, name="index"),
    path("bao-cao/<str:code>/", views.dashboard_view, name="dashboard"),
    path("bao-cao/<str:code>/don-vi/", views.children_view, name="children"),
    path("bao-cao/<str:code>/bieu-do/<str:indicator>.png", views.chart, name="chart"),
    path("bao-cao/<str:code>/chi-tieu/<str:indicator>/", views.drill_view, name="drill"),
    re_path(r"^bao-cao/(?P<code>[^/]+)/tai-ve\.(?P<fmt>docx|xlsx|pdf)$", views.download, name="download"),
    path("bao-cao/<str:code>/du-thao/", views.draft_new, name="draft_new"),
    path("bao-cao/<str:code>/xuat/", views.export_new, name="export_new"),
    path("bao-cao/du-thao/<int:pk>/", views.draft_view, name="draft"),
    path("bao-cao/xuat/<int:pk>/", views.export_view, name="export"),
    path("bao-cao/xuat/<int:pk>/tai-ve/", views.export_download, name="export_download"),
]
