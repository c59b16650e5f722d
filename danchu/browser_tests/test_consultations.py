"""Dân góp ý in a real browser: a resident comments on one article of a draft on a phone, the commune
officer answers it (taken on board, with the changed text) on the officials' page, and the resident
sees the answer to their opinion and the revised draft."""

import pytest
from playwright.sync_api import expect

from danchu.accounts.tests.factories import PASSWORD, UserFactory, grant
from danchu.browser_tests.conftest import PHONE, check_page
from danchu.consultations.models import Opinion
from danchu.consultations.tests.factories import consultation, resident
from danchu.core.roles import Role

pytestmark = pytest.mark.browser


def _login(page, user):
    page.goto("/tai-khoan/dang-nhap/")
    page.locator("#id_identifier").fill(user.phone)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()


def _logout(page):
    page.goto("/tai-khoan/")
    page.get_by_role("button", name="Đăng xuất").click()


def test_citizen_comments_on_a_section_and_sees_the_answer(page, tree):
    officer = UserFactory(username="canbo_gopy", full_name="Cán bộ Văn phòng")
    grant(officer, Role.COMMUNE_OFFICER, unit=tree["a"])
    c = consultation(officer, tree["a"])
    citizen = resident(tree["a1"], username="dan_gopy", full_name="Nguyễn Thị Lan")
    _login(page, citizen)
    page.goto(f"/u/{tree['a'].code}/gop-y/")
    page.get_by_role("link", name="Dự thảo Quy chế thực hiện dân chủ ở xã").click()
    page.locator("#sections li", has_text="Niêm yết tại trụ sở").get_by_role("link").click()
    expect(page.locator("#comment h2")).to_contain_text("Khoản 1 Điều 2")
    page.locator("#id_quote").fill("trong 30 ngày")
    page.locator("#id_text").fill("Đề nghị niêm yết 45 ngày vì nhiều người đi làm ăn xa.")
    page.get_by_role("button", name="Gửi ý kiến").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi ý kiến")
    expect(page.locator("#my-opinions")).to_contain_text("Chưa có câu trả lời.")
    check_page(page)
    o = Opinion.objects.get()
    assert o.section.ref == "Khoản 1 Điều 2" and o.quote == "trong 30 ngày"
    _logout(page)

    page.set_viewport_size({"width": 1000, "height": 1000})
    _login(page, officer)
    page.goto(f"/quan-ly/gop-y/{c.pk}/")
    page.locator("#unanswered").get_by_role("link", name="Khoản 1 Điều 2").click()
    expect(page.locator("#opinion-text")).to_contain_text("niêm yết 45 ngày")
    page.get_by_role("radio", name="Tiếp thu").check()
    page.locator("#id_answer_text").fill("Tiếp thu, sửa thời gian niêm yết thành 45 ngày.")
    page.locator("#id_changed_text").fill("Niêm yết tại trụ sở Ủy ban nhân dân xã trong 45 ngày.")
    page.get_by_role("button", name="Lưu câu trả lời").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu câu trả lời")
    expect(page.locator("#unanswered")).to_contain_text("Mọi ý kiến đã được trả lời.")
    check_page(page)
    _logout(page)

    page.set_viewport_size(PHONE)
    _login(page, citizen)
    page.goto(f"/gop-y/{c.pk}/")
    mine = page.locator("#my-opinions")
    expect(mine).to_contain_text("Tiếp thu")
    expect(mine).to_contain_text("Tiếp thu, sửa thời gian niêm yết thành 45 ngày.")
    expect(mine).to_contain_text("Niêm yết tại trụ sở Ủy ban nhân dân xã trong 45 ngày.")
    check_page(page)
    page.get_by_role("link", name="Dự thảo sau tiếp thu: những gì đã sửa và vì ý kiến nào").click()
    expect(page.locator("#changes ins.diff")).to_contain_text("45")
    expect(page.locator("#changes")).to_contain_text("Đề nghị niêm yết 45 ngày")
    check_page(page)
