from django.urls import path

from . import views

app_name = "dialogues"

urlpatterns = [
    path("u/<str:code>/doi-thoai/", views.public, name="public"),
    path("u/<str:code>/doi-thoai/<int:pk>/", views.public_detail, name="public_detail"),
    path("u/<str:code>/doi-thoai/<int:pk>/dat-cau-hoi/", views.ask, name="ask"),
    path("u/<str:code>/cam-ket/", views.commitments, name="commitments"),
    path("u/<str:code>/tiep-cong-dan/", views.reception, name="reception"),
    path("quan-ly/<str:code>/doi-thoai/", views.manage, name="manage"),
    path("quan-ly/to-chuc/<int:org_id>/doi-thoai/", views.manage_org, name="manage_org"),
    path("quan-ly/doi-thoai/<int:pk>/", views.detail, name="detail"),
    path("quan-ly/doi-thoai/<int:pk>/<str:step>/", views.step, name="step"),
    path("quan-ly/<str:code>/tiep-cong-dan/", views.reception_manage, name="reception_manage"),
    path("quan-ly/tiep-cong-dan/<int:pk>/", views.reception_day, name="reception_day"),
    path("quan-ly/tiep-cong-dan/<int:pk>/<str:step>/", views.reception_step, name="reception_step"),
]
