"""The public unit pages: picker, unit home with the six pillars, former units and successors."""

import pytest
from django.urls import reverse

from danchu.units.models import UnitSuccession
from danchu.units.tests.factories import UnitFactory


@pytest.fixture
def former_district(tree):
    district = UnitFactory(code="L999", name="Huyện Bình Lục", short_name="Bình Lục", level="district",
                           division_type="huyện", valid_to="2025-06-30")
    UnitSuccession.objects.create(predecessor=district, successor=tree["a"], is_primary=True)
    return district


@pytest.mark.parametrize("q", ["binh luc", "Bình Lục", "BINH LUC"])
def test_picker_finds_units_without_diacritics(client, tree, former_district, q):
    html = client.get(reverse("units:search"), {"q": q}).content.decode()
    assert reverse("units:home", args=["T0A"]) in html
    assert reverse("units:home", args=["L999"]) in html
    assert "Đơn vị cũ" in html  # the former district is marked…
    assert html.index("T0A") < html.index("L999")  # …and ranked after the current commune


def test_unit_home_shows_the_six_pillars_and_hamlets(client, tree):
    html = client.get(reverse("units:home", args=["T0A"])).content.decode()
    for title in ("Dân biết", "Dân bàn, dân quyết", "Dân làm", "Dân góp ý", "Dân kiểm tra, dân giám sát", "Dân thụ hưởng"):
        assert title in html
    assert "Thôn Đồng Quê" in html
    assert 'lang="vi"' in html


def test_former_unit_page_names_its_successors(client, tree, former_district):
    html = client.get(reverse("units:home", args=["L999"])).content.decode()
    assert "không còn từ ngày 01/7/2025" in html
    assert reverse("units:home", args=["T0A"]) in html
    successor_html = client.get(reverse("units:home", args=["T0A"])).content.decode()
    assert "Hình thành từ" in successor_html


def test_unknown_unit_is_a_vietnamese_404(client, db):
    response = client.get(reverse("units:home", args=["KHONGCO"]))
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


def test_english_browser_still_gets_vietnamese_until_english_is_chosen(client, tree):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get(reverse("home")).content.decode()


def test_pages_send_a_strict_content_security_policy(client, db):
    csp = client.get(reverse("home"))["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp


def test_unit_page_links_pillars_to_the_pages_apps_announced(client, tree):
    html = client.get(reverse("units:home", args=["T0A"])).content.decode()
    assert reverse("disclosures:list", args=["T0A"]) in html


def test_hamlets_sort_by_name_ignoring_diacritics(client, tree):
    from danchu.units.tests.factories import hamlet

    hamlet(tree["a"], code="T0A-03", name="Thôn Vĩnh Trụ")
    html = client.get(reverse("units:home", args=["T0A"])).content.decode()
    # "An Nội" < "Đồng Quê" < "Vĩnh Trụ" once folded (raw code points put Đ after V)
    assert html.index("Thôn An Nội") < html.index("Thôn Đồng Quê") < html.index("Thôn Vĩnh Trụ")
