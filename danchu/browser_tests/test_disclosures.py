"""Dân biết in a real browser: an officer publishes a disclosure with an attachment; a visitor finds it
by typing without diacritics and opens the attachment."""

import re

import pytest
from playwright.sync_api import expect

from danchu.accounts.tests.factories import PASSWORD, UserFactory, grant
from danchu.browser_tests.conftest import check_page
from danchu.core.models import LogEntry
from danchu.core.roles import Role
from danchu.disclosures.tests.factories import PDF

pytestmark = pytest.mark.browser


def test_officer_publishes_with_attachment_and_visitor_finds_it_without_diacritics(page, tree):
    # The catalogue comes from a data migration; an earlier transactional test on this worker
    # flushed it, so put it back (idempotent).
    from danchu.disclosures.catalogue import sync_catalogue

    sync_catalogue()
    officer = UserFactory(full_name="Lê Thị Công Khai")
    grant(officer, Role.COMMUNE_OFFICER, unit=tree["a"])
    page.goto("/tai-khoan/dang-nhap/")
    page.locator("#id_identifier").fill(officer.phone)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()

    page.goto("/quan-ly/T0A/cong-khai/moi/")
    check_page(page)
    page.locator("#id_category").select_option("commune-11-3")
    page.locator("#id_title").fill("Kế hoạch sử dụng đất năm 2026")
    page.locator("#id_body").fill("Ủy ban nhân dân xã công khai kế hoạch sử dụng đất năm 2026.")
    page.locator("#id_decision_ref").fill("15/QĐ-UBND")
    page.locator("#id_files").set_input_files({"name": "ke-hoach-su-dung-dat.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page).to_have_url(re.compile(r"/quan-ly/cong-khai/\d+/$"))
    page.get_by_role("button", name="Công khai", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kế hoạch sử dụng đất năm 2026")
    expect(page.locator("main")).to_contain_text("Đã công khai")
    assert LogEntry.objects.count() == 1
    check_page(page)

    page.goto("/tai-khoan/")
    page.get_by_role("button", name="Đăng xuất").click()
    page.goto("/cong-khai/")
    page.get_by_role("searchbox").fill("ke hoach su dung dat")
    page.get_by_role("button", name="Tìm", exact=True).click()
    result = page.locator("#results").get_by_role("link", name="Kế hoạch sử dụng đất năm 2026")
    expect(result).to_be_visible()
    check_page(page)
    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kế hoạch sử dụng đất năm 2026")
    link = page.get_by_role("link", name="ke-hoach-su-dung-dat.pdf")
    expect(link).to_be_visible()
    check_page(page)  # the SHA-256 of the attachment breaks, the page stays 360 px wide
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.body() == PDF

    # Without an account the visitor asks about it (Law 10/2022 Art. 14) and gets a tracking code.
    detail = page.url
    page.get_by_label("Câu hỏi của bạn về thông tin này").fill("Thửa đất nhà tôi ở thôn An Nội có bị thu hồi không?")
    page.get_by_label("Số điện thoại để nhận trả lời (không bắt buộc, không công khai)").fill("0912 345 678")
    page.get_by_role("button", name="Gửi câu hỏi").click()
    expect(page.locator(".messages")).to_contain_text("Mã tra cứu")
    check_page(page)

    # The transparency log's link opens a page about the entry, its hashes and proof, the JSON one link on.
    page.goto(detail)
    page.get_by_role("link", name="nhật ký minh bạch").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thông tin công khai")
    check_page(page)
    page.get_by_role("link", name="#1", exact=True).click()
    expect(page.locator("#entry-hash")).to_have_text(LogEntry.objects.get().hash)
    expect(page.locator("#public-page")).to_have_attribute("href", re.compile(r"/u/T0A/cong-khai/\d+/$"))
    check_page(page)
    raw = page.request.get(page.get_by_role("link", name="Dữ liệu gốc (JSON)").get_attribute("href"))
    assert raw.headers["content-type"] == "application/json" and raw.json()["hash"] == LogEntry.objects.get().hash
    page.goto("/log/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhật ký minh bạch")
    check_page(page)
