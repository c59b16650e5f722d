from django.urls import path

from . import views, views_manage

app_name = "units"

urlpatterns = [
    path("u/", views.unit_search_page, name="search"),
    path("u/<str:code>/", views.unit_home, name="home"),
    path("quan-ly/<str:code>/thon/", views_manage.hamlets, name="hamlets"),
    path("quan-ly/<str:code>/thon/<str:hamlet_code>/", views_manage.hamlet_edit, name="hamlet_edit"),
    path("quan-ly/<str:code>/ho-gia-dinh/", views_manage.households, name="households"),
    path("quan-ly/<str:code>/ho-gia-dinh/<int:pk>/", views_manage.household_detail, name="household_detail"),
    path("quan-ly/<str:code>/ho-gia-dinh/nhap/", views_manage.household_import, name="household_import"),
    path("quan-ly/<str:code>/ho-gia-dinh/nhap/<int:pk>/", views_manage.household_import_result,
         name="household_import_result"),
    path("quan-ly/<str:code>/ho-gia-dinh/nhap/<int:pk>/loi.csv", views_manage.household_import_rejections,
         name="household_import_rejections"),
    path("quan-ly/<str:code>/ho-gia-dinh/mau.<str:fmt>", views_manage.household_template, name="household_template"),
    path("quan-ly/<str:code>/co-quan/", views_manage.organizations, name="organizations"),
    path("quan-ly/<str:code>/co-quan/<int:pk>/", views_manage.organization_edit, name="organization_edit"),
]
