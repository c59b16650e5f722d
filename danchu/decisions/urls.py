from django.urls import path, re_path

from . import views

app_name = "decisions"

urlpatterns = [
    path("u/<str:code>/ban-quyet/", views.public, name="public"),
    path("u/<str:code>/ban-quyet/<int:pk>/", views.public_detail, name="public_detail"),
    path("u/<str:code>/huong-uoc/", views.conventions, name="conventions"),
    path("bieu-quyet/", views.my_matters, name="my"),
    path("bieu-quyet/<int:pk>/", views.vote, name="vote"),
    path("quan-ly/<str:code>/ban-quyet/", views.manage, name="manage"),
    path("quan-ly/<str:code>/ban-quyet/moi/", views.new, name="new"),
    path("quan-ly/ban-quyet/<int:pk>/", views.detail, name="detail"),
    path("quan-ly/ban-quyet/<int:pk>/hop/", views.meeting, name="meeting"),
    path("quan-ly/ban-quyet/<int:pk>/<str:what>/", views.action, name="action"),
    re_path(r"^ban-quyet/(?P<pk>[0-9]+)/bien-ban\.(?P<fmt>docx|pdf)$", views.minutes, name="minutes"),
    path("ban-quyet/<int:pk>/bien-ban-da-ky/", views.minutes_scan, name="minutes_scan"),
]
