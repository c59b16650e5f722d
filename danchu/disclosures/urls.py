from django.urls import path

from . import views
from .feeds import UnitDisclosuresFeed

app_name = "disclosures"

urlpatterns = [
    path("cong-khai/", views.search, name="search"),
    path("cong-khai/danh-muc/", views.catalogue, name="catalogue"),
    path("cong-khai/tep/<int:pk>/", views.attachment, name="attachment"),
    path("u/<str:code>/cong-khai/", views.disclosure_list, name="list"),
    path("u/<str:code>/cong-khai/feed.atom", UnitDisclosuresFeed(), name="feed"),
    path("u/<str:code>/cong-khai/danh-muc/<slug:category>/feed.atom", UnitDisclosuresFeed(), name="feed_category"),
    path("u/<str:code>/cong-khai/<int:pk>/", views.detail, name="detail"),
    path("u/<str:code>/cong-khai/<int:pk>/v<int:number>/", views.version_detail, name="version"),
    path("u/<str:code>/cong-khai/<int:pk>/hoi/", views.ask, name="ask"),
    path("to-chuc/<int:org_id>/cong-khai/", views.organization_list, name="organization"),
    path("to-chuc/<int:org_id>/cong-khai/moi/", views.organization_new, name="organization_new"),
    path("quan-ly/<str:code>/cong-khai/", views.manage, name="manage"),
    path("quan-ly/<str:code>/cong-khai/moi/", views.new, name="new"),
    path("quan-ly/cong-khai/<int:pk>/", views.edit, name="edit"),
    path("quan-ly/cong-khai/<int:pk>/cong-bo/", views.publish, name="publish"),
    path("quan-ly/cong-khai/<int:pk>/dinh-chinh/", views.correct, name="correct"),
    path("quan-ly/cong-khai/<int:pk>/thu-hoi/", views.withdraw, name="withdraw"),
]
