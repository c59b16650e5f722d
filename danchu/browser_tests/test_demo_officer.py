"""The demo as a commune official meets it: `danchu seed --scale demo` data, the printed login,
the workspace, and a household register upload with a rejected row explained."""

import re

import pytest
from playwright.sync_api import expect

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
    page.get_by_role("link", name="Hộ gia đình, nhân khẩu").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hộ gia đình")

    page.goto("/quan-ly/13504/ho-gia-dinh/nhap/")
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

    # another commune's register stays out of reach
    response = page.goto("/quan-ly/13501/ho-gia-dinh/")
    assert response is not None and response.status == 404
    expect(page).to_have_url(re.compile(r"/quan-ly/13501/ho-gia-dinh/$"))
