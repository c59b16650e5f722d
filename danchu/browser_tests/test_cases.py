"""Feedback without an account in a real browser: a visitor files a feedback, notes the tracking
code, an officer transfers it, and the visitor follows it by code and sees where it went."""

import re

import pytest
from playwright.sync_api import expect

from danchu.accounts.tests.factories import UserFactory, grant
from danchu.browser_tests.conftest import check_page
from danchu.cases import services
from danchu.cases.models import Case
from danchu.core.roles import Role

pytestmark = pytest.mark.browser


def test_visitor_files_feedback_and_follows_it_by_tracking_code(page, tree):
    page.goto("/u/T0A/phan-anh/gui/")
    check_page(page)
    page.locator("#id_kind").select_option("feedback")
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
