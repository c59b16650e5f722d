from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("u/<str:code>/phan-anh/gui/", views.new, name="new"),
    path("tra-cuu/", views.track, name="track"),
    path("tra-cuu/cua-toi/", views.mine, name="mine"),
    path("tra-cuu/tep/<int:pk>/", views.track_attachment, name="track_attachment"),
    path("quan-ly/ho-so/tep/<int:pk>/", views.attachment, name="attachment"),
    path("quan-ly/<str:code>/ho-so/", views.queue, name="queue"),
    path("quan-ly/<str:code>/ho-so/moi/", views.officer_new, name="officer_new"),
    path("quan-ly/<str:code>/ho-so/chuyen/", views.bulk_transfer, name="bulk_transfer"),
    path("quan-ly/<str:code>/ho-so/chi-so/", views.indicators, name="indicators"),
    path("quan-ly/ho-so/<int:pk>/", views.detail, name="detail"),
    path("quan-ly/ho-so/<int:pk>/<str:step>/", views.step, name="step"),
]
