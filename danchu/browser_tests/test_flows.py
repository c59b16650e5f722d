"""The main paths a person takes, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from danchu.accounts.tests.factories import PASSWORD, UserFactory, grant
from danchu.browser_tests.conftest import check_page
from danchu.core.roles import Role

pytestmark = pytest.mark.browser


def test_commune_officer_signs_in_with_phone_and_cannot_open_another_commune(page, tree):
    officer = UserFactory(full_name="Phạm Văn Cán")
    grant(officer, Role.COMMUNE_OFFICER, unit=tree["a"])

    page.goto("/tai-khoan/dang-nhap/")
    page.locator("#id_identifier").fill(officer.phone)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Không gian làm việc")
    expect(page).to_have_url(re.compile(r"/tai-khoan/$"))
    expect(page.locator("main")).to_contain_text("Xã Bình Lục")
    expect(page.locator("main")).not_to_contain_text("Xã Đông Hòa")
    check_page(page)

    response = page.goto("/quan-ly/T0B/ho-gia-dinh/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy")
    expect(page.locator("main")).not_to_contain_text("Thôn Hạ")


def test_visitor_finds_binh_luc_typed_without_diacritics(page, tree):
    page.goto("/u/")
    check_page(page)
    page.get_by_role("searchbox").fill("binh luc")
    page.get_by_role("button", name="Tìm", exact=True).click()

    result = page.locator("#unit-results").get_by_role("link", name="Xã Bình Lục")
    expect(result).to_be_visible()
    check_page(page)
    result.click()

    expect(page).to_have_url(re.compile(r"/u/T0A/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Xã Bình Lục")
    check_page(page)
