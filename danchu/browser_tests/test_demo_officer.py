"""The demo as a commune official meets it: `danchu seed --scale demo` data, the printed login,
the workspace, and a household register upload with a rejected row explained."""

import re

import pytest
from playwright.sync_api import expect

from danchu.browser_tests.conftest import check_page, console_errors
from danchu.ops.seeding import demo_password, seed_demo
from danchu.units.models import Household

pytestmark = pytest.mark.browser

REGISTER = (
    "Mã hộ,Họ và tên,Số CCCD,Năm sinh,Đại diện hộ\n"
    "M900,Đặng Thị Mơ,035190012345,1990,x\n"
    "M900,Đặng Văn Mạnh,035092012346,2012,\n"
    "M901,Lương Văn Thiếu,12345,1970,x\n"  # CCCD of 5 digits: rejected, with the reason
)


@pytest.fixture
def demo(transactional_db, tmp_path):
    return seed_demo(seed=1, accounts_file=tmp_path / "demo-accounts.json")


def test_demo_commune_officer_signs_in_and_imports_a_household_register(page, demo, tmp_path):
    page.goto("/tai-khoan/dang-nhap/")
    page.locator("#id_identifier").fill("canbo.binhluc")
    page.locator("#id_password").fill(demo_password("commune_officer"))
    page.get_by_role("button", name="Đăng nhập", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Không gian làm việc")
    expect(page.locator("main")).to_contain_text("Xã Bình Lục")
    check_page(page)
    page.get_by_role("link", name="Hộ gia đình, nhân khẩu").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hộ gia đình")
    check_page(page)
    page.goto("/quan-ly/13504/ho-so/")  # the case queue
    check_page(page)
    page.goto("/quan-ly/13504/tiep-cong-dan/")  # the reception calendar
    check_page(page)

    page.goto("/quan-ly/13504/ho-gia-dinh/nhap/")
    check_page(page)
    page.locator("#id_hamlet").select_option(label="Thôn An Nội")
    csv_file = tmp_path / "so-ho.csv"
    csv_file.write_text(REGISTER, encoding="utf-8-sig")
    page.locator("#id_file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Nhập", exact=True).click()

    main = page.locator("main")
    expect(main).to_contain_text("12 chữ số")  # the reason for row 4
    rejected = page.get_by_role("table", name=re.compile("Các dòng bị từ chối"))
    expect(rejected).to_contain_text("12345")
    assert Household.objects.filter(code="M900", hamlet__code="13504-01").exists()
    assert not Household.objects.filter(code="M901").exists()
    check_page(page)

    # another commune's register stays out of reach
    response = page.goto("/quan-ly/13501/ho-gia-dinh/")
    assert response is not None and response.status == 404
    expect(page).to_have_url(re.compile(r"/quan-ly/13501/ho-gia-dinh/$"))
    console_errors(page).clear()  # the 404 just asserted logs its failed load
    check_page(page)

    # the commune chair on the same data: the workspace and the role grants
    page.context.clear_cookies()
    _login(page, "chutich.binhluc", demo_password("commune_chair"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Không gian làm việc")
    check_page(page)
    page.goto("/tai-khoan/phan-quyen/13504/")
    check_page(page)

    # the Steering Committee member: the province dashboard, one row per commune
    page.context.clear_cookies()
    _login(page, "bcd.ninhbinh", demo_password("steering_member"))
    page.goto("/bao-cao/37/")
    expect(page.locator("table.ranking")).to_contain_text("Xã Bình Lục")
    check_page(page)


def _login(page, username, password):
    page.goto("/tai-khoan/dang-nhap/")
    page.locator("#id_identifier").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
