"""Cases in a real browser, on a phone: a visitor chooses the kind, files a feedback without an
account, notes the tracking code, an officer transfers it, and the visitor follows it by code and
sees where it went; a denunciation without an address comes back with the error summary; the same
filing with JavaScript switched off."""

import re

import pytest
from playwright.sync_api import expect

from danchu.accounts.tests.factories import UserFactory, grant
from danchu.browser_tests.conftest import CHROMIUM, PHONE, TIMEOUT_MS, check_page, console_errors
from danchu.cases import services
from danchu.cases.models import Case
from danchu.core.roles import Role

pytestmark = pytest.mark.browser


def test_visitor_files_feedback_and_follows_it_by_tracking_code(page, tree):
    page.goto("/u/T0A/phan-anh/gui/")
    check_page(page)
    expect(page.locator("#id_title")).to_have_count(0)  # the kind first, then its fields
    page.get_by_label("Phản ánh", exact=True).check()
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.locator("#kind-chosen")).to_contain_text("Phản ánh")
    expect(page.locator("#id_accused")).to_have_count(0)
    check_page(page)
    page.locator("#id_category").select_option("roads")
    page.locator("#id_title").fill("Ổ gà trước cổng trường")
    page.locator("#id_body").fill("Ổ gà sâu, trời mưa học sinh dễ ngã.")
    page.get_by_role("button", name="Gửi", exact=True).click()
    code = page.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}", code)
    assert Case.objects.count() == 1
    check_page(page)

    officer = UserFactory(full_name="Cán bộ tiếp dân")
    grant(officer, Role.COMMUNE_OFFICER, unit=tree["a"])
    services.case_transfer(actor=officer, case=Case.objects.get(), target_code="T0B", reason="Đường thuộc xã Đông Hòa")

    page.goto("/tra-cuu/")
    check_page(page)
    page.locator("#id_code").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("#case h2")).to_have_text("Ổ gà trước cổng trường")
    expect(page.locator("#transferred")).to_contain_text("Xã Đông Hòa")
    expect(page.locator("#transferred")).to_contain_text("Đường thuộc xã Đông Hòa")
    check_page(page)


def test_a_denunciation_without_address_comes_back_with_the_error_summary(page, tree):
    page.goto("/u/T0A/phan-anh/gui/")
    page.get_by_label("Tố cáo", exact=True).check()
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.locator("#id_decision_complained")).to_have_count(0)
    check_page(page)
    page.locator("#id_category").select_option("officials")
    page.locator("#id_title").fill("Cán bộ địa chính nhận tiền")
    page.locator("#id_body").fill("Nhận tiền khi làm thủ tục đất.")
    page.locator("#id_accused").fill("Ông Lê Văn C")
    page.locator("#id_violation").fill("Nhận tiền để xác nhận sai nguồn gốc đất")
    page.locator("#id_full_name").fill("Nguyễn Văn A")
    page.get_by_role("button", name="Gửi", exact=True).click()
    summary = page.locator("#error-summary")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Có 1 lỗi cần sửa")
    expect(page.locator("#id_accused")).to_have_value("Ông Lê Văn C")  # what was typed is kept
    console_errors(page).clear()  # the refusal is a 400, which the console logs as a failed load
    check_page(page)
    summary.get_by_role("link").click()
    expect(page.locator("#id_address")).to_be_focused()
    assert not Case.objects.exists()
    page.locator("#id_address").fill("Thôn Đồng Quê")
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.locator("#tracking-code")).to_be_visible()
    assert Case.objects.get().kind == "denunciation"


def _fits(page) -> None:
    """No sideways scroll (measured through the DevTools protocol, which the switch does not stop)."""
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1] == PHONE["width"], width


def test_filing_with_javascript_switched_off(browser, live_server, transactional_db, tree):
    """The plain-HTML path is the reference: GET ?loai=, then a POST, no script involved."""
    assert CHROMIUM.exists()
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=PHONE, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto("/u/T0A/phan-anh/gui/")
        assert page.evaluate("() => typeof window.htmx") == "undefined"  # the page's scripts did not run
        page.get_by_label("Kiến nghị", exact=True).check()
        page.get_by_role("button", name="Tiếp tục").click()
        assert page.url.endswith("/u/T0A/phan-anh/gui/?loai=recommendation")
        _fits(page)
        page.locator("#id_category").select_option("procedure")
        page.locator("#id_title").fill("Mở thêm giờ tiếp dân")
        page.get_by_role("button", name="Gửi", exact=True).click()
        summary = page.locator("#error-summary")
        expect(summary).to_contain_text("Có 1 lỗi cần sửa")
        expect(page.locator("#id_title")).to_have_value("Mở thêm giờ tiếp dân")
        _fits(page)
        page.locator("#id_body").fill("Xin mở thêm buổi tiếp dân sáng thứ Bảy.")
        page.get_by_role("button", name="Gửi", exact=True).click()
        code = page.locator("#tracking-code").inner_text().strip()
        assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}", code)
        assert Case.objects.get().kind == "recommendation"
    finally:
        context.close()
