"""A provincial Steering Committee member opens the province dashboard in a real browser, follows a
figure down to the records behind it, and downloads the annual report (DOCX with the title lines,
the number and the figures)."""

import datetime as dt
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from danchu.accounts.tests.factories import PASSWORD, UserFactory, grant
from danchu.browser_tests.conftest import check_page
from danchu.core.roles import Role
from danchu.reports.tests.records import case, disclosure

pytestmark = pytest.mark.browser


def test_province_dashboard_and_annual_report_download(page, tree):
    for i in range(6):
        case(tree["a"], received=dt.date(2025, 1 + i, 10))
    case(tree["b"], received=dt.date(2025, 8, 1))
    disclosure(tree["b"], published=dt.date(2025, 3, 1), on_time=True)
    member = UserFactory(full_name="Thành viên Ban Chỉ đạo tỉnh", phone="0912000888")
    grant(member, Role.STEERING_MEMBER, unit=tree["province"])

    page.goto("/tai-khoan/dang-nhap/")
    page.locator("#id_identifier").fill(member.phone)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()

    page.goto("/bao-cao/T01/?ky=2025")
    expect(page.locator("h1")).to_contain_text("Kết quả thực hiện dân chủ ở cơ sở năm 2025")
    figure = page.locator('a.figure[data-code="cases.received"]')
    expect(figure).to_have_text("7")
    expect(page.locator("table.ranking")).to_contain_text("Xã Bình Lục")
    expect(page.locator("table.ranking")).to_contain_text("Xã Đông Hòa")
    chart = page.locator("img[alt='Biểu đồ theo tháng']")
    expect(chart).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth", chart.element_handle()) > 100
    check_page(page)

    figure.click()
    expect(page.locator("#drill-total")).to_have_text("7")
    check_page(page)
    page.go_back()

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải báo cáo DOCX").click()
    download = info.value
    assert download.suggested_filename == "bao-cao-T01-2025.docx"
    from docx import Document

    d = Document(io.BytesIO(Path(download.path()).read_bytes()))
    text = "\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells])
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "-BC/BCĐ" in text
    assert "Kết quả thực hiện dân chủ ở cơ sở năm 2025" in text
    assert "Phản ánh, kiến nghị, khiếu nại, tố cáo tiếp nhận: 7 vụ việc" in text
