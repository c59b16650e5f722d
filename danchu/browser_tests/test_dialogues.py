"""A dialogue in a real browser: a citizen registers a question on the unit's public page, the
official records the dialogue as held, answers the question and records a commitment, and the
citizen sees both on the public page."""

import pytest
from playwright.sync_api import expect

from danchu.accounts.tests.factories import PASSWORD, UserFactory, grant
from danchu.browser_tests.conftest import check_page
from danchu.core.roles import Role
from danchu.dialogues import services
from danchu.dialogues.models import DialogueQuestion, LeaderRole

pytestmark = pytest.mark.browser


def _login(page, user):
    page.goto("/tai-khoan/dang-nhap/")
    page.locator("#id_identifier").fill(user.phone)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()


def _logout(page):
    page.context.clear_cookies()


def test_citizen_asks_official_answers_and_commits_citizen_sees_both(page, tree):
    from django.utils import timezone

    officer = UserFactory(full_name="Cán bộ văn phòng xã")
    grant(officer, Role.COMMUNE_OFFICER, unit=tree["a"])
    citizen = UserFactory(full_name="Nguyễn Thị Mai")
    today = timezone.localdate()
    d = services.dialogue_schedule(actor=officer, unit=tree["a"], leader_role=LeaderRole.COMMUNE_CHAIR,
                                   leader_name="Trần Văn Chủ", topic="Đối thoại về nước sạch nông thôn", held_on=today,
                                   place="Hội trường UBND xã", audience="Nhân dân các thôn")

    # The citizen finds the dialogue on the commune's public page and registers a question.
    _login(page, citizen)
    page.goto("/u/T0A/doi-thoai/")
    check_page(page)
    page.get_by_role("link", name="Đối thoại về nước sạch nông thôn").click()
    page.locator("#id_text").fill("Bao giờ thôn Đồng Quê có nước máy?")
    page.locator("#id_show_name").check()
    page.get_by_role("button", name="Gửi câu hỏi").click()
    expect(page.locator("#questions")).to_contain_text("Bao giờ thôn Đồng Quê có nước máy?")
    expect(page.locator("#questions")).to_contain_text("Nguyễn Thị Mai")
    check_page(page)
    q = DialogueQuestion.objects.get()
    _logout(page)

    # The official records the dialogue, the answer and a commitment.
    _login(page, officer)
    page.goto(f"/quan-ly/doi-thoai/{d.pk}/")
    page.locator("#id_attendees").fill("150")
    page.get_by_role("button", name="Đã tổ chức").click()
    expect(page.locator("#status")).to_have_text("Đã tổ chức")
    page.locator(f"#answer-{q.pk}").fill("Quý II năm sau đường ống về đến thôn Đồng Quê.")
    page.get_by_role("button", name="Ghi trả lời").click()
    page.locator("#new-commitment #id_text").fill("Kéo đường ống nước sạch về thôn Đồng Quê")
    page.locator("#new-commitment #id_owner").fill("Công chức địa chính – xây dựng xã")
    page.locator("#new-commitment #id_due_on").fill(f"{today.year + 1}-06-30")
    page.locator("#new-commitment #id_question").fill(str(q.pk))
    page.get_by_role("button", name="Ghi cam kết").click()
    expect(page.locator("#commitments")).to_contain_text("Kéo đường ống nước sạch")
    check_page(page)
    _logout(page)

    # The citizen sees the answer and the commitment on the public page.
    _login(page, citizen)
    page.goto(f"/u/T0A/doi-thoai/{d.pk}/")
    expect(page.locator(f"#question-{q.pk} .answer")).to_contain_text("Quý II năm sau đường ống về đến thôn Đồng Quê.")
    expect(page.locator("#commitments")).to_contain_text("Kéo đường ống nước sạch về thôn Đồng Quê")
    expect(page.locator("#commitments")).to_contain_text("Công chức địa chính – xây dựng xã")
    expect(page.locator("#commitments")).to_contain_text(f"30/06/{today.year + 1}")
    expect(page.locator("#ask")).to_have_count(0)
    check_page(page)
