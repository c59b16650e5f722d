from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-nhap/xac-thuc/", views.login_otp, name="login_otp"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("bao-mat/", views.security, name="security"),
    path("", views.workspace, name="workspace"),
    path("phan-quyen/<str:code>/", views.grants_page, name="grants"),
    path("phan-quyen/thu-hoi/<int:grant_id>/", views.grant_revoke, name="grant_revoke"),
]
