from django.urls import path, re_path

from . import views

app_name = "consultations"

urlpatterns = [
    path("u/<str:code>/gop-y/", views.public, name="public"),
    path("gop-y/<int:pk>/", views.detail, name="detail"),
    path("gop-y/<int:pk>/y-kien/", views.comment, name="comment"),
    path("gop-y/y-kien/<int:opk>/bay-to/", views.vote, name="vote"),
    path("gop-y/<int:pk>/du-thao-sau-tiep-thu/", views.revised, name="revised"),
    path("gop-y/<int:pk>/ban-do-y-kien.png", views.map_png, name="map_png"),
    re_path(r"^gop-y/(?P<pk>[0-9]+)/bao-cao\.(?P<fmt>docx|pdf)$", views.report, name="report"),
    path("quan-ly/<str:code>/gop-y/", views.manage, name="manage"),
    path("quan-ly/<str:code>/gop-y/moi/", views.new, name="new"),
    path("quan-ly/to-chuc/<int:org>/gop-y/", views.manage_org, name="manage_org"),
    path("quan-ly/to-chuc/<int:org>/gop-y/moi/", views.new_org, name="new_org"),
    path("quan-ly/gop-y/<int:pk>/", views.official, name="official"),
    path("quan-ly/gop-y/<int:pk>/cac-phan/", views.sections_edit, name="sections"),
    path("quan-ly/gop-y/<int:pk>/<str:what>/", views.action, name="action"),
    path("quan-ly/gop-y/y-kien/<int:opk>/", views.opinion_manage, name="opinion"),
]
