"""Dân kiểm tra, dân giám sát in a real browser: the People's Inspection Board records an inspection
with a recommendation to the commune, the commune chair answers it, the board closes it, and the
result shows on the commune's public page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from danchu.accounts.tests.factories import PASSWORD
from danchu.browser_tests.conftest import check_page, console_errors
from danchu.core.roles import Role
from danchu.oversight.models import Recommendation
from danchu.oversight.tests.factories import commune_board, user_with

pytestmark = pytest.mark.browser


def _login(page, user):
    page.goto("/tai-khoan/dang-nhap/")
    page.locator("#id_identifier").fill(user.phone)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()


def _logout(page):
    page.goto("/tai-khoan/")
    page.get_by_role("button", name="Đăng xuất").click()


def test_board_inspects_recommends_commune_answers_board_closes(page, tree, chair_a):
    today = timezone.localdate()
    front = user_with(Role.FRONT_OFFICER, unit=tree["a"])
    board = commune_board(front, tree["a"])
    inspector = user_with(Role.INSPECTION_BOARD, unit=tree["a"], full_name="Trưởng ban TTND")
    _login(page, inspector)

    page.goto(f"/quan-ly/giam-sat/ban/{board.pk}/")
    check_page(page)
    form = page.locator("#new-inspection")
    form.locator("#new-inspection-subject").fill("Thu, chi quỹ làm đường thôn Đồng Quê")
    form.locator("#new-inspection-inspected_body").fill("UBND xã Bình Lục")
    form.locator("#new-inspection-period_from").fill((today - dt.timedelta(days=180)).isoformat())
    form.locator("#new-inspection-period_to").fill(today.isoformat())
    form.locator("#new-inspection-starts_on").fill((today - dt.timedelta(days=1)).isoformat())
    form.locator("#new-inspection-ends_on").fill(today.isoformat())
    form.get_by_label("Nguyễn Văn Thành 0 (Trưởng ban)").check()
    form.get_by_role("button", name="Ghi").click()
    expect(page.locator("h1")).to_have_text("Thu, chi quỹ làm đường thôn Đồng Quê")
    check_page(page)

    findings = page.locator("#findings-form")
    findings.locator("#findings-form-findings").fill("Thiếu chứng từ cho 3 khoản chi, tổng 12.500.000 đồng.")
    findings.get_by_role("button", name="Ghi").click()
    expect(page.locator("#findings")).to_contain_text("Thiếu chứng từ")

    rec_form = page.locator("#rec-form")
    rec_form.locator("#rec-form-content").fill("Đề nghị UBND xã bổ sung chứng từ và công khai quyết toán quỹ.")
    rec_form.get_by_role("button", name="Ghi").click()
    expect(page.locator("#rec-content")).to_contain_text("Đề nghị UBND xã bổ sung chứng từ")
    rec = Recommendation.objects.get()
    # Defaults: the commune People's Committee, 15 days to answer (Art. 40(1)).
    assert rec.addressee == "Ủy ban nhân dân xã Bình Lục" and rec.due_on >= today + dt.timedelta(days=15)

    # Closing before the commune answers is refused: the page comes back with the note typed and an
    # error summary at the top.
    page.locator("#close-form-note").fill("Chờ UBND xã trả lời")
    page.locator("#close-form").get_by_role("button", name="Ghi").click()
    expect(page.get_by_role("alert")).to_contain_text("Chưa có trả lời")
    expect(page.locator("#close-form-note")).to_have_value("Chờ UBND xã trả lời")
    console_errors(page).clear()  # the refused form answers 400, as expected
    check_page(page)
    _logout(page)

    _login(page, chair_a)
    page.goto("/quan-ly/T0A/giam-sat/")
    check_page(page)
    page.get_by_role("link", name="Đề nghị UBND xã bổ sung chứng từ").first.click()
    answer = page.locator("#answer-form")
    answer.locator("#answer-form-answer").fill("Tiếp thu; đã bổ sung chứng từ và niêm yết quyết toán tại nhà văn hóa.")
    answer.locator("#answer-form-position").select_option("accepted")
    answer.get_by_role("button", name="Ghi").click()
    expect(page.locator("#rec-state")).to_contain_text("Đã có trả lời")
    check_page(page)
    _logout(page)

    _login(page, inspector)
    page.goto(f"/quan-ly/giam-sat/kien-nghi/{rec.pk}/")
    close = page.locator("#close-form")
    close.locator("#close-form-outcome").select_option("done")
    close.get_by_role("button", name="Ghi").click()
    expect(page.locator("#rec-state")).to_contain_text("Đã kết thúc")
    expect(page.locator("#rec-state")).to_contain_text("Đã thực hiện")
    check_page(page)

    page.goto("/u/T0A/giam-sat/")
    expect(page.locator(".inspection")).to_contain_text("Thiếu chứng từ cho 3 khoản chi")
    expect(page.locator(".inspection")).to_contain_text("Đã thực hiện")
    check_page(page)
    _logout(page)

    # The Front officer who set the board up: the commune's oversight page (with the forms for a Front
    # supervision and a social criticism) and its recommendations, on the same phone.
    _login(page, front)
    page.goto("/quan-ly/T0A/giam-sat/")
    expect(page.locator("main")).to_contain_text("Thu, chi quỹ làm đường thôn Đồng Quê")
    check_page(page)
    page.goto("/quan-ly/T0A/giam-sat/kien-nghi/")
    check_page(page)
