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


# A province of 125 communes with activity in three of them: the dashboard a Steering Committee member
# opens on a phone (360 px). Before the sub-units table was bounded, the idle communes collapsed and the
# indicators at zero put in one line, this page measured 18,242 px; now about 3,650 px.
HEIGHT_BOUND = 5_000


def test_province_of_125_communes_fits_a_phone(page, tree):
    from danchu.units.tests.factories import UnitFactory

    communes = [UnitFactory(code=f"T5{i:03d}", name=f"Xã Thử Nghiệm {i:03d}", short_name=f"Thử Nghiệm {i:03d}",
                            parent=tree["province"]) for i in range(123)]
    for unit, n in ((tree["a"], 4), (tree["b"], 2), (communes[7], 1)):
        for _ in range(n):
            case(unit, received=dt.date(2025, 5, 2))
    member = UserFactory(full_name="Thành viên Ban Chỉ đạo tỉnh", phone="0912000889")
    grant(member, Role.STEERING_MEMBER, unit=tree["province"])
    page.goto("/tai-khoan/dang-nhap/")
    page.locator("#id_identifier").fill(member.phone)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()

    page.goto("/bao-cao/T01/?ky=2025")
    height = page.evaluate("() => document.documentElement.scrollHeight")
    expect(page.locator('a.figure[data-code="cases.received"]').first).to_have_text("7")
    rows = page.locator("table.ranking tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Xã Bình Lục")
    idle = page.locator("details.idle-units")
    expect(idle.locator("summary")).to_have_text("122 xã, phường không có số liệu trong kỳ")
    expect(idle.get_by_role("link", name="Xã Thử Nghiệm 000")).to_be_hidden()
    assert height < HEIGHT_BOUND, f"{height} px tall on a phone"
    check_page(page)

    idle.locator("summary").click()  # a <details>: opens without any script
    expect(idle.get_by_role("link", name="Xã Thử Nghiệm 000")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollHeight") < HEIGHT_BOUND + 2_500
    check_page(page)

    page.locator('a.figure[data-code="cases.received"]').first.click()
    expect(page.locator("#drill-total")).to_have_text("7")
    expect(page.locator("li.record")).to_have_count(7)
    expect(page.locator("li.record").first).to_contain_text("Phản ánh · Đã tiếp nhận")
    check_page(page)
