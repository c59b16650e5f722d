"""The filing page in two steps: the person chooses the kind (each with what the law asks of it),
then sees that kind's fields only; a refusal comes back with an error summary at the top, each error
linked to its field, what was typed kept and nothing saved. The deadline table in the reader's language."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.cases import services
from danchu.cases.models import Case, CaseAttachment, CaseEvent, CaseIdentity
from danchu.core.models import AuditEvent

from .factories import DENOUNCER, file_case

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
URL = "/u/T0A/phan-anh/gui/"
CONTENT = {"category", "title", "body", "location", "event_date"}
IDENTITY = {"full_name", "address", "phone", "email", "id_number"}
ALWAYS = {"csrfmiddlewaretoken", "kind", "idempotency_key", "files"}
FIELDS = {
    "feedback": CONTENT | IDENTITY | ALWAYS | {"is_public"},
    "recommendation": CONTENT | IDENTITY | ALWAYS | {"is_public"},
    "complaint": CONTENT | IDENTITY | ALWAYS | {"decision_complained", "second_time", "first_decision_on"},
    "denunciation": CONTENT | IDENTITY | ALWAYS | {"accused", "violation"},
}
DENUNCIATION = {"kind": "denunciation", "category": "officials", "title": "Tố cáo cán bộ địa chính",
                "body": "Cán bộ địa chính nhận tiền.", "accused": "Ông Lê Văn C", "violation": "Nhận tiền làm thủ tục",
                "full_name": DENOUNCER.full_name, "phone": DENOUNCER.phone, "idempotency_key": "k-den"}


def _counts():
    return (Case.objects.count(), CaseIdentity.objects.count(), CaseEvent.objects.count(),
            CaseAttachment.objects.count(), AuditEvent.objects.count())


def _names(html: str) -> set[str]:
    return set(re.findall(r'name="([^"]+)"', html.split('id="case-form"', 1)[1].split("</form>", 1)[0]))


def _summary(html: str) -> str:
    m = re.search(r'<div class="msg error" id="error-summary"[^>]*>.*?</div>', html, re.S)
    assert m, "no error summary"
    return m.group(0)


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


# --- step one: the kind --------------------------------------------------------------------------------


def test_step_one_offers_the_four_kinds_with_what_the_law_asks_and_no_fields(client, tree):
    r = client.get(URL)
    html = r.content.decode()
    assert r.status_code == 200
    assert re.findall(r'type="radio" name="loai" id="loai-(\w+)"', html) == ["feedback", "recommendation", "complaint",
                                                                           "denunciation"]
    assert '<form method="get"' in html and 'name="title"' not in html and 'id="case-form"' not in html
    assert "Luật Tố cáo 2018, Điều 23" in html and "Luật Khiếu nại 2011, Điều 8" in html
    assert 'aria-describedby="loai-denunciation-help"' in html and 'id="loai-denunciation-help"' in html
    assert "error-summary" not in html


@pytest.mark.parametrize("kind", list(FIELDS))
def test_step_two_shows_that_kinds_fields_only(client, tree, kind):
    r = client.get(URL, {"loai": kind})
    html = r.content.decode()
    assert r.status_code == 200
    assert _names(html) == FIELDS[kind]
    assert f'action="?loai={kind}"' in html and 'method="post"' in html
    assert re.search(r'<a href="/u/T0A/phan-anh/gui/" id="change-kind">Đổi loại</a>', html)
    named = kind in ("complaint", "denunciation")
    assert ("Họ và tên (bắt buộc)" in html) is named and ("Họ và tên (không bắt buộc)" in html) is not named


def test_an_unknown_kind_is_the_choice_again_with_the_error(client, tree):
    r = client.get(URL, {"loai": "khac"})
    html = r.content.decode()
    assert r.status_code == 400 and 'id="case-form"' not in html
    assert 'href="#loai-feedback"' in _summary(html) and 'id="loai-feedback"' in html


def test_a_form_sent_without_a_kind_saves_nothing_and_asks_for_the_kind(client, tree):
    before = _counts()
    r = client.post(URL, {"title": "Đèn hỏng", "body": "Đèn tắt", "category": "roads"})
    assert r.status_code == 400 and "Có 1 lỗi cần sửa" in _summary(r.content.decode())
    assert _counts() == before


# --- step two: filing ------------------------------------------------------------------------------------


def test_a_denunciation_without_address_is_refused_with_the_summary_linking_to_the_field(client, tree):
    before = _counts()
    r = client.post(f"{URL}?loai=denunciation", {**DENUNCIATION,
                                                 "files": [SimpleUploadedFile("chung-cu.pdf", PDF, "application/pdf")]})
    html = r.content.decode()
    assert r.status_code == 400
    summary = _summary(html)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert "Có 1 lỗi cần sửa" in summary
    assert re.search(r'<a href="#id_address">[^<]*Còn thiếu: địa chỉ\.', summary)
    assert 'id="id_address_error"' in html
    address = re.search(r'<input type="text" name="address"[^>]*>', html).group(0)
    assert 'aria-describedby="id_address_error"' in address and 'aria-invalid="true"' in address
    # What was typed is kept; the chosen file is asked for again (a browser never sends it back).
    assert 'value="Ông Lê Văn C"' in html and f'value="{DENOUNCER.full_name}"' in html
    assert 'href="#id_files"' in summary and 'id="id_files_again"' in html
    files = re.search(r'<input type="file" name="files"[^>]*>', html).group(0)
    assert 'aria-describedby="id_files_again"' in files
    assert DENOUNCER.phone not in html.split("<form")[0]  # the summary says what is missing, not what was typed
    assert _counts() == before


def test_the_summary_lists_every_error_in_the_order_of_the_page(client, tree):
    r = client.post(f"{URL}?loai=feedback", {"kind": "feedback", "title": "Đèn hỏng", "body": "Đèn tắt",
                                             "email": "khong-phai-thu", "event_date": "hôm qua"})
    summary = _summary(r.content.decode())
    assert r.status_code == 400 and "Có 3 lỗi cần sửa" in summary
    assert re.findall(r'href="#(id_\w+)"', summary) == ["id_category", "id_event_date", "id_email"]
    assert "hôm qua" in r.content.decode()  # kept
    assert not Case.objects.exists()


def test_the_summary_in_english(client, tree):
    _english(client)
    r = client.post(f"{URL}?loai=complaint", {"kind": "complaint", "category": "land", "title": "Thu hồi đất",
                                              "body": "Quyết định sai.", "full_name": "Trần Thị Khiếu",
                                              "address": "Thôn An Nội"})
    summary = _summary(r.content.decode())
    assert r.status_code == 400 and "There is 1 problem" in summary
    assert re.search(r'<a href="#id_decision_complained">Administrative decision or act complained about: '
                     r"State the decision or act complained about\.</a>", summary)
    assert not Case.objects.exists()


def test_the_fields_of_another_kind_are_not_read(client, tree):
    """Feedback sent with a denunciation's fields in the request: they are not on its form, so not kept."""
    r = client.post(f"{URL}?loai=feedback", {"kind": "feedback", "category": "roads", "title": "Ổ gà",
                                             "body": "Ổ gà sâu.", "accused": "Ông C", "violation": "Nhận tiền",
                                             "decision_complained": "QĐ 1", "idempotency_key": "k-fb"})
    assert r.status_code == 200
    case = Case.objects.get()
    assert (case.kind, case.accused, case.violation, case.decision_complained) == ("feedback", "", "", "")


def test_each_kind_files_through_its_form(client, tree):
    complaint = {"kind": "complaint", "category": "land", "title": "Thu hồi đất", "body": "Quyết định sai.",
                 "decision_complained": "Quyết định 12/QĐ-UBND", "full_name": "Trần Thị Khiếu", "address": "Thôn An Nội",
                 "idempotency_key": "k-kn"}
    assert client.post(f"{URL}?loai=complaint", complaint).status_code == 200
    assert client.post(f"{URL}?loai=denunciation", {**DENUNCIATION, "address": DENOUNCER.address}).status_code == 200
    assert sorted(Case.objects.values_list("kind", flat=True)) == ["complaint", "denunciation"]
    denunciation = Case.objects.get(kind="denunciation")
    assert denunciation.accused == "Ông Lê Văn C" and denunciation.submitted_by is None
    assert CaseIdentity.objects.filter(case=denunciation).exists()  # the identity sealed, as before


def test_the_officer_intake_is_split_the_same_way(client, tree, officer_a):
    client.force_login(officer_a)
    url = f"/quan-ly/{tree['a'].code}/ho-so/moi/"
    first = client.get(url).content.decode()
    assert 'name="loai"' in first and 'name="received_on"' not in first
    feedback = _names(client.get(url, {"loai": "feedback"}).content.decode())
    assert {"channel", "received_on", "from_board", "is_public"} <= feedback and "accused" not in feedback
    denunciation = _names(client.get(url, {"loai": "denunciation"}).content.decode())
    assert {"channel", "received_on", "accused"} <= denunciation and "from_board" not in denunciation


# --- the deadline table in the reader's language ------------------------------------------------------------


def _deadline_table(html: str) -> str:
    return re.search(r'<table class="deadlines".*?</table>', html, re.S).group(0)


def test_the_deadline_table_in_english(client, tree, officer_a, monkeypatch):
    monkeypatch.setattr(services, "_today", lambda: dt.date(2026, 3, 2))
    case = services.case_accept(actor=officer_a, case=file_case(tree["a"], "complaint"))
    _english(client)
    table = _deadline_table(client.get("/tra-cuu/", {"code": case.tracking_code}).content.decode())
    assert "Accept the complaint for resolution" in table and "Law on Complaints 2011, Arts. 27, 36" in table
    assert "Resolve the first-time complaint" in table and "Law on Complaints 2011, Art. 28" in table
    assert "10 calendar days" in table and "10 working days" in table and "30 calendar days" in table
    assert "02/04/2026" not in table and "01/04/2026" in table
    assert not re.search(r"ngày|Luật|Thụ lý|Giải quyết", table)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    table = _deadline_table(client.get("/tra-cuu/", {"code": case.tracking_code}).content.decode())
    assert "Thụ lý khiếu nại" in table and "10 ngày làm việc" in table and "Luật Khiếu nại 2011, Điều 27, Điều 36" in table


def test_an_extended_and_suspended_denunciation_in_english(client, tree, officer_a, monkeypatch):
    monkeypatch.setattr(services, "_today", lambda: dt.date(2026, 3, 2))
    case = services.case_accept(actor=officer_a, case=file_case(tree["a"], "denunciation"), complex_case=True)
    case = services.case_extend(actor=officer_a, case=case, reason="Phải xác minh thêm")
    case = services.case_suspend(actor=officer_a, case=case, reason="Chờ giám định")
    monkeypatch.setattr(services, "_today", lambda: dt.date(2026, 3, 12))
    case = services.case_resume(actor=officer_a, case=case)
    assert "(đã gia hạn 1 lần) (không tính 10 ngày tạm đình chỉ)" in case.deadline_rules[-1]["label"]
    client.force_login(officer_a)
    _english(client)
    table = _deadline_table(client.get(f"/quan-ly/ho-so/{case.pk}/").content.decode())
    assert "Resolve the denunciation (extended 1 time) (not counting 10 days of suspension)" in table
    assert "60 calendar days" in table and "Law on Denunciations 2018, Art. 30" in table
    assert not re.search(r"ngày|Luật|tố cáo", table)


def test_both_steps_in_english(client, tree):
    _english(client)
    first = client.get(URL).content.decode()
    assert "What do you want to send?" in first and "Law on Denunciations 2018, Art. 23" in first
    assert "Continue" in first and "Bạn muốn gửi gì" not in first and "Phải ghi" not in first
    second = client.get(URL, {"loai": "complaint"}).content.decode()
    assert "Change kind" in second and "Full name (required)" in second
    assert "Date you received or learned of the decision or act" in second
    assert not re.search(r"bắt buộc|Đổi loại|Người gửi|Tài liệu kèm theo", second)
