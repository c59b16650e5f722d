"""The unit's public home on a phone: what is live under each pillar and this year's figures fit a
360 px screen without sideways scrolling and pass axe-core, for a commune, a hamlet and a commune with
nothing yet."""

import pytest
from playwright.sync_api import expect

from danchu.browser_tests.conftest import check_page
from danchu.disclosures.tests.factories import published
from danchu.units.tests.live_world import build

pytestmark = pytest.mark.browser


def test_the_live_unit_home_fits_a_phone_and_is_accessible(page, tree, officer_a, chair_a):
    build(tree, officer_a, chair_a)
    published(officer_a, tree["a"], title="Quyết định phê duyệt danh sách hộ nghèo, hộ cận nghèo và hộ có mức sống "
                                            "trung bình năm 2026 trên địa bàn xã Bình Lục, tỉnh Thử Nghiệm "
                                            "(Quyết định số 1234/QĐ-UBND-VeryLongReferenceWithoutSpaces2026)")

    page.goto("/u/T0A/")
    know = page.locator("#pillar-know")
    expect(know.get_by_role("heading", name="Thông tin mới công khai")).to_be_visible()
    expect(know.get_by_role("link", name="Kế hoạch sử dụng đất năm 2026")).to_be_visible()
    expect(page.locator("#pillar-discuss")).to_contain_text("Làm đường bê tông liên thôn")
    expect(page.locator("#pillar-opinion")).to_contain_text("Hạn góp ý")
    expect(page.locator("#pillar-inspect")).to_contain_text("Đối thoại về giải phóng mặt bằng")
    expect(page.get_by_role("heading", name="Số liệu công khai năm", exact=False)).to_be_visible()
    check_page(page)

    page.goto("/u/T0A-01/")
    expect(page.locator("#pillar-discuss")).to_contain_text("Mức đóng góp quỹ khuyến học thôn")
    check_page(page)

    page.goto("/u/T0B/")
    expect(page.locator("#pillar-know")).to_contain_text("Chưa có thông tin công khai nào.")
    check_page(page)
