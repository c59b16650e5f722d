from django.urls import path

from . import views

app_name = "oversight"

urlpatterns = [
    path("u/<str:code>/giam-sat/", views.public, name="public"),
    path("quan-ly/<str:code>/giam-sat/", views.manage, name="manage"),
    path("quan-ly/<str:code>/giam-sat/kien-nghi/", views.recommendations, name="recommendations"),
    path("quan-ly/<str:code>/giam-sat/tao/<str:what>/", views.unit_create, name="unit_create"),
    path("quan-ly/to-chuc/<int:org_id>/giam-sat/", views.organization, name="organization"),
    path("quan-ly/giam-sat/ban/<int:pk>/", views.board, name="board"),
    path("quan-ly/giam-sat/kiem-tra/<int:pk>/", views.inspection, name="inspection"),
    path("quan-ly/giam-sat/giam-sat/<int:pk>/", views.supervision, name="supervision"),
    path("quan-ly/giam-sat/cong-trinh/<int:pk>/", views.project, name="project"),
    path("quan-ly/giam-sat/phan-bien/<int:pk>/", views.criticism, name="criticism"),
    path("quan-ly/giam-sat/kien-nghi/<int:pk>/", views.recommendation, name="recommendation"),
    path("quan-ly/giam-sat/tai-lieu/<int:pk>/", views.document, name="document"),
    path("quan-ly/giam-sat/<str:what>/<int:pk>/<str:step>/", views.act, name="act"),
]
