from django.urls import path

from . import views, views_manage

app_name = "units"

urlpatterns = [
    path("u/", views.unit_search_page, name="search"),
    path("u/<str:code>/", views.unit_home, name="home"),
    path("quan-ly/<str:code>/thon/", views_manage.hamlets, name="hamlets"),
    path("quan-ly/<str:code>/ho-gia-dinh/", views_manage.households, name="households"),
    path("quan-ly/<str:code>/ho-gia-dinh/nhap/", views_manage.household_import, name="household_import"),
    path("quan-ly/<str:code>/co-quan/", views_manage.organizations, name="organizations"),
]
