"""Dân bàn, dân quyết in a real browser: the hamlet head runs a community meeting end to end on a
phone — creates the matter, opens voting, takes attendance, records the hands per
household, closes, reads the result and finds the minutes; a household representative sees the result
on a phone."""

import re

import pytest
from playwright.sync_api import expect

from danchu.accounts.tests.factories import PASSWORD
from danchu.browser_tests.conftest import check_page, console_errors
from danchu.core.models import LogEntry
from danchu.decisions.models import Matter
from danchu.decisions.tests.factories import hamlet_head, households, representative_user

pytestmark = pytest.mark.browser


def _login(page, user):
    page.goto("/tai-khoan/dang-nhap/")
    page.locator("#id_identifier").fill(user.phone)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()


def test_hamlet_head_runs_a_meeting_end_to_end(page, tree):
    hamlet = tree["a1"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 5)
    _login(page, head)

    page.goto(f"/quan-ly/{hamlet.code}/ban-quyet/")
    check_page(page)
    page.get_by_role("link", name="Đưa việc ra cộng đồng bàn và quyết định").click()
    page.locator("#id_kind").select_option("contribution")
    page.locator("#id_title").fill("Đóng góp bê tông hóa đường xóm Giữa")
    page.locator("#id_form").select_option("meeting")
    page.get_by_role("button", name="Tạo").click()
    expect(page).to_have_url(re.compile(r"/quan-ly/ban-quyet/\d+/$"))
    # Decree 59 Art. 3(3): the notice and documents went to the households (today, no meeting time set).
    from django.utils import timezone

    page.locator("#id_notice-sent_on").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Ghi nhận ngày gửi thông báo").click()
    expect(page.locator("#notice-sent-on")).to_contain_text(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Mở biểu quyết (chốt danh sách hộ)").click()
    expect(page.locator("#turnout")).to_contain_text("0/5")
    check_page(page)

    page.get_by_role("link", name="Trang cuộc họp: điểm danh, biểu quyết, nhập phiếu").click()
    for h in hs[:4]:
        page.locator(f"#p-{h.code}").check()
    page.get_by_role("button", name="Lưu điểm danh").click()
    expect(page.locator("#turnout")).to_contain_text("Có mặt 4/5 hộ")
    for h in hs[:4]:
        page.get_by_label(f"{h.code} Đồng ý").check()
    page.get_by_role("button", name="Lưu biểu quyết").click()
    expect(page.locator("#turnout")).to_contain_text("đã biểu quyết 4")
    # Decree 59 Art. 3(4), 3(5)(c): the secretary chosen by 3 of the 4 present; two of them sign the minutes.
    page.get_by_label("Họ tên thư ký cuộc họp").fill(hs[2].representative.full_name)
    page.get_by_label("Số hộ có mặt đồng ý chọn thư ký").fill("3")
    page.get_by_role("button", name="Lưu thư ký").click()
    expect(page.locator("#secretary")).to_contain_text("3/4")
    page.get_by_label("Đại diện hộ gia đình ký biên bản thứ nhất").fill(hs[0].representative.full_name)
    page.get_by_label("Đại diện hộ gia đình ký biên bản thứ hai").fill(hs[1].representative.full_name)
    page.get_by_role("button", name="Lưu người ký biên bản").click()
    expect(page.locator("#witnesses")).to_contain_text(hs[1].representative.full_name)
    check_page(page)

    page.get_by_role("link", name="Đóng góp bê tông hóa đường xóm Giữa").click()
    page.get_by_role("button", name="Kết thúc biểu quyết và kiểm phiếu").click()
    expect(page.locator("#result")).to_contain_text("Được thông qua")  # 4 of 5 ≥ 2/3 of ALL households
    expect(page.get_by_role("link", name="Biên bản (DOCX)")).to_be_visible()
    check_page(page)
    m = Matter.objects.get()
    assert m.counts["households_present"] == 4
    assert LogEntry.objects.filter(object_type="decision").count() == 1

    rep = representative_user(hs[0])
    page.goto("/tai-khoan/")
    page.get_by_role("button", name="Đăng xuất").click()
    _login(page, rep)
    page.goto("/bieu-quyet/")
    expect(page.locator("#my-matters")).to_contain_text("đã biểu quyết (Giơ tay tại cuộc họp)")
    check_page(page)
    page.get_by_role("link", name="Đóng góp bê tông hóa đường xóm Giữa").click()
    expect(page.locator("#result")).to_contain_text("Được thông qua")
    check_page(page)


def test_other_opinion_and_recognition_by_decision_on_a_phone(page, tree, chair_a):
    """A representative writes the household's other opinion beside the option; the chair records the
    recognition decision's number and date; the public page names it; zero counts read 0."""
    import datetime as dt

    from django.utils import timezone

    from danchu.decisions import services
    from danchu.decisions.models import Form, Kind, OptionsKind
    from danchu.decisions.tests.factories import matter

    hamlet = tree["a1"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 3)
    m = matter(head, hamlet, form=Form.ONLINE, online_agreed=2, title="Lắp đèn đường trục thôn")
    _login(page, representative_user(hs[0]))
    page.goto(f"/bieu-quyet/{m.pk}/")
    page.get_by_label("Ý kiến khác", exact=True).check()
    page.get_by_label("Ý kiến khác của hộ là gì").fill("Đề nghị lắp thêm đèn ở ngõ xóm Giữa.")
    check_page(page)
    page.get_by_role("button", name="Gửi biểu quyết").click()
    expect(page.locator("#current")).to_contain_text("Đề nghị lắp thêm đèn ở ngõ xóm Giữa.")
    check_page(page)

    e = matter(chair_a, hamlet, kind=Kind.HAMLET_HEAD, options_kind=OptionsKind.LIST, labels=["Nguyễn Văn A", "Lê Thị B"],
               title="Bầu Trưởng thôn Đồng Quê")
    services.attendance_record(actor=head, matter=e, present_codes=[h.code for h in hs])
    services.hands_record(actor=head, matter=e, choices={h.code: "o2" for h in hs})
    services.matter_close(actor=head, matter=e)
    page.goto("/tai-khoan/")
    page.get_by_role("button", name="Đăng xuất").click()
    _login(page, chair_a)
    page.goto(f"/quan-ly/ban-quyet/{e.pk}/")
    page.get_by_label("Số quyết định").fill("12/QĐ-UBND")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page.locator("#id_recognize-decision_date").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Công nhận", exact=True).click()  # a future date: refused, the field named
    expect(page.locator("#recognize-errors")).to_contain_text("Ngày quyết định")
    console_errors(page).clear()  # the refused form answers 400, which the console reports
    check_page(page)
    page.locator("#id_recognize-decision_date").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Công nhận", exact=True).click()
    expect(page.locator("#recognition")).to_contain_text("Quyết định số 12/QĐ-UBND")
    check_page(page)
    page.goto(f"/u/{hamlet.code}/ban-quyet/{e.pk}/")
    expect(page.locator("#recognition")).to_contain_text("Kết quả đã được Chủ tịch UBND xã công nhận")
    expect(page.locator("#result-table")).to_contain_text("0")  # Nguyễn Văn A: no household
    check_page(page)
