"""Leaders are titled for their own unit on every page ("Chủ tịch Ủy ban nhân dân xã Bình Lục"), not with
the role's generic label ("… xã, phường, đặc khu")."""

import pytest
from django.utils import translation

from danchu.dialogues.models import LeaderRole, leader_title
from danchu.units.tests.factories import commune, province

from .helpers import dialogue, reception_day


@pytest.mark.parametrize(("role", "expected"), [
    (LeaderRole.COMMUNE_CHAIR, "Chủ tịch Ủy ban nhân dân xã Bình Lục"),
    (LeaderRole.COMMUNE_PARTY_SECRETARY, "Bí thư Đảng ủy xã Bình Lục"),
    (LeaderRole.OTHER, "Lãnh đạo khác"),
])
def test_commune_leaders(tree, role, expected):
    assert leader_title(role, tree["a"]) == expected


def test_province_and_city_leaders(db):
    ninh_binh = province(code="T37", name="Tỉnh Ninh Bình")
    assert leader_title(LeaderRole.PROVINCE_PARTY_SECRETARY, ninh_binh) == "Bí thư Tỉnh ủy Ninh Bình"
    assert leader_title(LeaderRole.PROVINCE_CHAIR, ninh_binh) == "Chủ tịch Ủy ban nhân dân tỉnh Ninh Bình"
    hanoi = province(code="T01H", name="Thành phố Hà Nội")
    hanoi.division_type, hanoi.short_name = "thành phố", "Hà Nội"
    assert leader_title(LeaderRole.PROVINCE_PARTY_SECRETARY, hanoi) == "Bí thư Thành ủy Hà Nội"
    ward = commune(ninh_binh, code="T37P", name="Phường Hoa Lư", division_type="phường")
    assert leader_title(LeaderRole.COMMUNE_CHAIR, ward) == "Chủ tịch Ủy ban nhân dân phường Hoa Lư"


def test_in_english(tree):
    with translation.override("en"):
        assert leader_title(LeaderRole.COMMUNE_CHAIR, tree["a"]) == "Chair of the People's Committee of xã Bình Lục"


def test_public_pages_show_the_specific_title(client, tree, officer_a):
    d = dialogue(officer_a, tree["a"], leader_name="Nguyễn Văn Chủ")
    reception_day(officer_a, tree["a"], leader_role=LeaderRole.COMMUNE_PARTY_SECRETARY, leader_name="Trần Thị Hằng")
    page = client.get(f"/u/{tree['a'].code}/doi-thoai/{d.pk}/").content.decode()
    assert "Chủ tịch Ủy ban nhân dân xã Bình Lục Nguyễn Văn Chủ" in page
    assert "xã, phường, đặc khu" not in page
