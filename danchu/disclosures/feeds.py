"""Atom feeds of a unit's disclosures, all categories or one (django.contrib.syndication)."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from danchu.core.errors import NotFound
from danchu.units.selectors import unit_get

from .selectors import Filters, category_get, disclosure_list_public

FEED_SIZE = 50


class UnitDisclosuresFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, code: str, category: str | None = None):
        try:
            unit = unit_get(code=code)
            cat = category_get(code=category) if category else None
        except NotFound as exc:
            raise Http404(exc.message) from exc
        return unit, cat

    def title(self, obj):
        unit, cat = obj
        return f"Thông tin công khai — {unit.name}" + (f" — {cat.name}" if cat else "")

    def subtitle(self, obj):
        return "Công khai thông tin theo Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15 (Điều 11–14)."

    def link(self, obj):
        return reverse("disclosures:list", args=[obj[0].code])

    def items(self, obj):
        unit, cat = obj
        return disclosure_list_public(unit=unit, filters=Filters(category=cat.code if cat else None))[:FEED_SIZE]

    def item_title(self, item):
        prefix = "[Đã thu hồi] " if item.status == "withdrawn" else ""
        suffix = f" (đính chính lần {item.current_version - 1})" if item.current_version > 1 else ""
        return f"{prefix}{item.title}{suffix}"

    def item_description(self, item):
        return f"{item.category.clause_label}: {item.category.name}"

    def item_link(self, item):
        return reverse("disclosures:detail", args=[item.unit.code, item.pk])

    def item_guid(self, item):
        return f"{self.item_link(item)}#v{item.current_version}"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.withdrawn_at or item.published_at

    def item_categories(self, item):
        return [item.category.code]
