from django.urls import path

from . import views

app_name = "movements"

urlpatterns = [
    path("u/<str:code>/dan-van-kheo/", views.public, name="public"),
    path("quan-ly/<str:code>/dan-van-kheo/", views.manage, name="manage"),
    path("dan-van-kheo/<int:pk>/", views.detail, name="detail"),
    path("dan-van-kheo/<int:pk>/tep/<int:evidence_id>/", views.evidence, name="evidence"),
    path("quan-ly/dan-van-kheo/<int:pk>/<str:what>/", views.step, name="step"),
]
