"""Every kind of record the public sees is in the transparency log and checked against it.

For each registered kind: the record, made public through its service, has a log entry whose
payload is its public content (an organization's internal records: the SHA-256 of it); an UPDATE
of the row behind the application's back (`Model.objects.filter(pk=…).update(…)`) makes
`danchu verify-log` fail, naming the record and the field that changed — in the database and
through a running server's public JSON (`--url`, which hashes the records' content itself); undoing
it passes again; a later change through the service appends a new entry and passes.

Core cannot import the area apps; its tests may (they build through each app's own test helpers).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from danchu.core import transparency as t
from danchu.core.models import LogEntry
from danchu.core.tests.matrix import build_world

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@dataclass
class Subject:
    """How to make one public record of a kind, edit it behind the application's back, and change
    it legitimately (None when its service never changes it once public)."""

    object_type: str
    make: Callable
    model: str  # "app.Model" of the row the UPDATE edits
    row: Callable  # the record → the pk of that row
    edit: dict  # the UPDATE
    field: str  # what verify-log names
    shown: str  # public text the entry's payload holds
    change: Callable | None = None
    hidden: tuple[str, ...] = ()  # text no log entry may hold


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


# --- how each kind is made, through its app's own test helpers ----------------------------------------


def _disclosure(w, *, organization=None, files=None):
    from danchu.disclosures.services import disclosure_create_draft, disclosure_publish
    from danchu.disclosures.tests.access_cases import _org_category, _org_content
    from danchu.disclosures.tests.factories import category, content

    if organization is None:
        d = disclosure_create_draft(user=w.officer_a, unit=w.a, category=category("commune-11-3"), files=files,
                                    content=content(body="Diện tích đất lúa chuyển đổi: 12 ha."))
        return disclosure_publish(user=w.officer_a, disclosure=d).disclosure
    d = disclosure_create_draft(user=w.head_org, unit=w.a, organization=organization, category=_org_category(w),
                                content=_org_content(title="Thang lương nội bộ", body="Bậc 1: 5.000.000 đồng."))
    return disclosure_publish(user=w.head_org, disclosure=d).disclosure


def _disclosure_correct(w, d):
    from danchu.disclosures.services import disclosure_correct
    from danchu.disclosures.tests.access_cases import _org_content
    from danchu.disclosures.tests.factories import content

    user = w.officer_a if d.organization_id is None else w.head_org
    new = content(title="Kế hoạch sử dụng đất (đính chính)") if d.organization_id is None else _org_content(
        title="Thang lương nội bộ (đính chính)")
    disclosure_correct(user=user, disclosure=d, note="Sai số liệu", content=new)


def _decision(w):
    from danchu.decisions.tests.access_cases import _closed, _hamlet_matter

    m, _ = _hamlet_matter(w, description="Mỗi hộ góp 200.000 đồng.")
    return _closed(m, w)


def _decision_scan(w, m):
    from danchu.decisions import services

    services.minutes_scan_attach(actor=w.officer_a, matter=m, name="bien-ban.pdf", content=PDF)


def _contribution(w):
    from danchu.decisions import services
    from danchu.decisions.models import Kind
    from danchu.decisions.tests.access_cases import _closed, _hamlet_matter

    m, _ = _hamlet_matter(w, kind=Kind.CONTRIBUTION)
    return services.contribution_record(actor=w.officer_a, matter=_closed(m, w), kind="collected", amount_vnd=1_200_000,
                                        on=_days(-1), note="Đợt 1")


def _consultation(w, organization=None):
    from danchu.consultations import services
    from danchu.consultations.tests.access_cases import _consultation as make
    from danchu.consultations.tests.access_cases import _maker
    from danchu.consultations.tests.factories import end_period

    c = end_period(make(w, organization))
    who = w.chair_a if organization is None else _maker(w, organization)  # the commune's chair publishes the report
    services.consultation_finalise(actor=who, consultation=c, decision_note="Quyết định số 15/QĐ")
    c.refresh_from_db()
    return c


def _commitment(w):
    from danchu.dialogues.tests.access_cases import _commitment as make

    return make(w, w.a)


def _commitment_progress(w, c):
    from danchu.dialogues import services

    services.commitment_progress(actor=w.officer_a, commitment=c, note="Đã mua vật tư")


def _answer(w):
    from danchu.dialogues import services
    from danchu.dialogues.tests.access_cases import _question

    q = _question(w, w.a)
    return services.question_answer(actor=w.officer_a, question=q, answer="Tháng sau sẽ sửa đường.")


def _answer_again(w, q):
    from danchu.dialogues import services

    services.question_answer(actor=w.officer_a, question=q, answer="Tháng sau sẽ sửa đường, kinh phí của xã.")


def _public_feedback(w):
    from danchu.cases.tests.access_cases import _case

    return _case(w, "feedback", is_public=True, location="Ngõ 5, Thôn Một")


def _resolve(w, case):
    from danchu.cases.services import case_resolve

    case_resolve(actor=w.officer_a, case=case, answer="Đã thay bóng đèn.", decision_ref="TB 12/TB-UBND")


def _conclusion(w):
    from danchu.cases.services import case_resolve
    from danchu.cases.tests.access_cases import _accepted

    case = _accepted(w, "denunciation")
    return case_resolve(actor=w.officer_a, case=case, answer="Tố cáo đúng một phần.", decision_ref="KL 3/KL-UBND")


def _inspection(w):
    from danchu.oversight.tests.access_cases import inspection

    return inspection(w)


def _inspection_again(w, ins):
    from danchu.oversight import services
    from danchu.oversight.tests.access_cases import _inspector

    services.inspection_record_findings(actor=_inspector(w), inspection=ins, findings="Thiếu 2 chứng từ chi; đã bổ sung 1.",
                                        held_on=ins.held_on)


def _supervision(w):
    from danchu.oversight.tests.access_cases import front_supervision

    return front_supervision(w)


def _supervision_again(w, s):
    from danchu.oversight import services
    from danchu.oversight.tests.access_cases import _front

    services.supervision_record_findings(actor=_front(w), supervision=s, findings="Danh sách đã niêm yết đủ.",
                                         held_on=s.held_on)


def _recommendation(w):
    from danchu.oversight.tests.access_cases import recommendation

    return recommendation(w, answered=True)


def _recommendation_close(w, rec):
    from danchu.oversight import services
    from danchu.oversight.tests.access_cases import _inspector

    services.recommendation_close(actor=_inspector(w), recommendation=rec, outcome="done")


def _criticism(w):
    from danchu.oversight.tests.access_cases import criticism

    return criticism(w)


def _criticism_send(w, c):
    from danchu.oversight import services
    from danchu.oversight.tests.access_cases import _front

    services.criticism_send_document(actor=_front(w), criticism=c, document="Văn bản phản biện số 05/PB-MTTQ",
                                     sent_on=_days(-4))


def _project(w):
    from danchu.oversight.tests.access_cases import project

    return project(w)


def _practice(w):
    from danchu.movements.tests.access_cases import _practice as make

    return make(w)


def _practice_results(w, p):
    from danchu.movements.services import practice_update_results

    practice_update_results(user=w.officer_a, practice=p, results="120 hộ tự nguyện hiến đất.")


def _pk(obj):
    return obj.pk


SUBJECTS = {
    "disclosure": Subject("disclosure", _disclosure, "disclosures.Disclosure", _pk, {"title": "Tiêu đề bị sửa ngầm"},
                          "title", "Kế hoạch sử dụng đất năm 2026", _disclosure_correct),
    "disclosure-body": Subject("disclosure", _disclosure, "disclosures.DisclosureVersion",
                               lambda d: d.versions.get(number=1).pk, {"body": "Diện tích: 1.200 ha."}, "current.body",
                               "12 ha", _disclosure_correct),
    "disclosure-attachment": Subject(
        "disclosure", lambda w: _disclosure(w, files=[_upload()]), "disclosures.Attachment",
        lambda d: d.versions.get(number=1).attachments.get().pk, {"sha256": "0" * 64}, "current.attachments[0].sha256",
        "ke-hoach.pdf"),
    "disclosure-internal": Subject("disclosure", lambda w: _disclosure(w, organization=w.org), "disclosures.Disclosure",
                                   _pk, {"title": "Sửa ngầm"}, "internal_content_sha256", "internal_content_sha256",
                                   _disclosure_correct, hidden=("Thang lương nội bộ", "5.000.000")),
    "decision": Subject("decision", _decision, "decisions.Matter", _pk, {"description": "Mỗi hộ góp 2.000.000 đồng."},
                        "description", "Mỗi hộ góp 200.000 đồng.", _decision_scan),
    "decision-result": Subject("decision", _decision, "decisions.Matter", _pk, {"result": "not_adopted"}, "result",
                               "Làm đường bê tông liên xóm", _decision_scan),
    "decision_contribution": Subject("decision_contribution", _contribution, "decisions.Contribution", _pk,
                                     {"amount_vnd": 12_000_000}, "amount_vnd", "Đợt 1"),
    "consultation": Subject("consultation", _consultation, "consultations.Report", lambda c: c.report.pk,
                            {"pdf": b"%PDF-1.4 forged"}, "report_pdf_sha256", "Quyết định số 15/QĐ"),
    "consultation-internal": Subject("consultation", lambda w: _consultation(w, w.org), "consultations.Consultation", _pk,
                                     {"decision_note": "Sửa ngầm"}, "internal_content_sha256", "internal_content_sha256",
                                     hidden=("Dự thảo thang lương",)),
    "dialogue_commitment": Subject("dialogue_commitment", _commitment, "dialogues.Commitment", _pk,
                                   {"due_on": _days(300)}, "due_on", "Sửa đường liên thôn", _commitment_progress),
    "dialogue_answer": Subject("dialogue_answer", _answer, "dialogues.DialogueQuestion", _pk,
                               {"answer": "Không có kinh phí."}, "answer", "Tháng sau sẽ sửa đường.", _answer_again),
    "case-public": Subject("case", _public_feedback, "cases.Case", _pk, {"body": "Nội dung bị sửa ngầm."}, "description",
                           "Đèn tắt từ tuần trước.", _resolve, hidden=("Trần Thị Khiếu", "0912000111", "khieu@example.vn")),
    "case-conclusion": Subject("case", _conclusion, "cases.Case", _pk, {"answer": "Tố cáo sai."}, "conclusion",
                               "Tố cáo đúng một phần.",
                               hidden=("Trần Thị Khiếu", "0912000111", "khieu@example.vn", "Đèn tắt từ tuần trước.")),
    "oversight_inspection": Subject("oversight_inspection", _inspection, "oversight.Inspection", _pk,
                                    {"findings": "Không có sai phạm."}, "findings", "Thiếu 2 chứng từ chi.",
                                    _inspection_again),
    "oversight_supervision": Subject("oversight_supervision", _supervision, "oversight.Supervision", _pk,
                                     {"findings": "Không có sai phạm."}, "findings", "Danh sách chưa niêm yết đủ.",
                                     _supervision_again),
    "oversight_recommendation": Subject("oversight_recommendation", _recommendation, "oversight.Recommendation", _pk,
                                        {"answer": "Không tiếp thu."}, "answer", "Bổ sung chứng từ", _recommendation_close),
    "oversight_criticism": Subject("oversight_criticism", _criticism, "oversight.SocialCriticism", _pk,
                                   {"draft_title": "Dự thảo khác"}, "draft_title", "Dự thảo Đề án nông thôn mới",
                                   _criticism_send),
    "oversight_project": Subject("oversight_project", _project, "oversight.InvestmentProject", _pk,
                                 {"budget_vnd": 9_000_000_000}, "budget_vnd", "Đường bê tông Thôn Một"),
    "movement_practice": Subject("movement_practice", _practice, "movements.GoodPractice", _pk,
                                 {"results": "Không có kết quả."}, "results", "Cán bộ đến từng hộ vận động.",
                                 _practice_results),
}


def _upload():
    from danchu.core.attachments import Upload

    return Upload(name="ke-hoach.pdf", content=PDF)


def test_every_registered_kind_is_covered():
    """A kind registered without a case here would be checked by nobody's test."""
    assert {s.object_type for s in SUBJECTS.values()} == set(t.subjects())


# --- helpers ------------------------------------------------------------------------------------------


def _run(**kw) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify_log", stdout=out, **kw)
        return 0, out.getvalue()
    except CommandError as exc:
        return exc.returncode, out.getvalue() + str(exc)


def _codes(text: str) -> list[str]:
    return sorted(set(re.findall(r"^\[(\w+)\]", text, re.MULTILINE)))


def _update(s: Subject, obj, values: dict) -> None:
    with transaction.atomic():
        assert _model(s.model).objects.filter(pk=s.row(obj)).update(**values) == 1


def _original(s: Subject, obj) -> dict:
    return _model(s.model).objects.filter(pk=s.row(obj)).values(*s.edit).get()


def _entries(s: Subject, obj) -> list[LogEntry]:
    return list(LogEntry.objects.filter(object_type=s.object_type, object_id=str(obj.pk)).order_by("seq"))


def _problem_text(text: str, s: Subject, obj) -> None:
    assert _codes(text) == ["record_altered"], text
    line = next(x for x in text.splitlines() if x.startswith("[record_altered]"))
    assert f"{s.object_type}:{obj.pk} " in line and s.field in line, line


def _made(s: Subject):
    w = build_world()
    obj = s.make(w)
    entries = _entries(s, obj)
    assert entries, f"{s.object_type}:{obj.pk} was made public without a log entry"
    assert s.shown in entries[-1].payload
    for text in s.hidden:
        assert not LogEntry.objects.filter(payload__contains=text).exists(), f"{text!r} is in the public log"
    return w, obj


# --- in the database ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SUBJECTS))
def test_an_update_behind_the_service_is_caught_and_named(db, name):
    s = SUBJECTS[name]
    w, obj = _made(s)
    code, out = _run()
    assert code == 0, out
    before = _original(s, obj)
    _update(s, obj, s.edit)
    code, out = _run()
    assert code == 1
    _problem_text(out, s, obj)
    _update(s, obj, before)  # undone: the record is again what was logged
    assert _run()[0] == 0
    if s.change is not None:  # a change through the service is logged, and verifies
        n = len(_entries(s, obj))
        s.change(w, obj)
        assert len(_entries(s, obj)) == n + 1
        code, out = _run()
        assert code == 0, out


def test_a_step_that_changes_nothing_public_adds_no_entry(db):
    """A follow-up note is an event, not public content: no entry; the answer is: one entry."""
    from danchu.oversight import services
    from danchu.oversight.tests.access_cases import _inspector, recommendation

    w = build_world()
    rec = recommendation(w)
    s = SUBJECTS["oversight_recommendation"]
    assert len(_entries(s, rec)) == 1
    services.recommendation_follow_up(actor=_inspector(w), recommendation=rec, note="Đã nhắc qua điện thoại")
    assert len(_entries(s, rec)) == 1
    services.recommendation_answer(actor=w.officer_a, recommendation=rec, answer="Tiếp thu.", position="accepted")
    assert [e.kind for e in _entries(s, rec)] == ["oversight.recommendation_sent", "oversight.recommendation_answered"]


def test_a_private_case_is_not_logged_and_one_made_public_behind_the_service_is_caught(db):
    from danchu.cases.tests.access_cases import _case

    w = build_world()
    private = _case(w, "feedback")
    complaint = _case(w, "complaint")
    assert not LogEntry.objects.filter(object_type="case").exists()
    assert _run()[0] == 0
    with transaction.atomic():
        _model("cases.Case").objects.filter(pk=private.pk).update(is_public=True)
    code, out = _run()
    assert code == 1 and _codes(out) == ["record_not_logged"] and f"case:{private.pk} " in out
    assert complaint.tracking_code not in out


def test_the_fields_that_changed_are_named_down_to_the_nested_path():
    assert t.payload_differences({"a": 1, "b": {"c": [1, 2], "d": "x"}}, {"a": 1, "b": {"c": [1, 3], "d": "x"}}) == ["b.c[1]"]
    assert t.payload_differences({"a": [1]}, {"a": [1, 2]}) == ["a"]
    assert t.payload_differences({"a": 1}, {"a": 1, "e": None}) == ["e"]
    assert t.payload_differences({"x": 1}, {"x": 1}) == []


def test_records_endpoint_serves_the_public_content(client, db):
    s = SUBJECTS["disclosure"]
    _, d = _made(s)
    data = client.get("/log/records/disclosure/?content=1").json()
    row = next(r for r in data["records"] if r["object_id"] == str(d.pk))
    assert row["payload"]["title"] == "Kế hoạch sử dụng đất năm 2026"
    assert row["payload_sha256"] == t.sha256_hex(t.canonical_json(row["payload"])) == _entries(s, d)[-1].payload_sha256
    plain = client.get("/log/records/disclosure/").json()["records"]
    assert [r["payload_sha256"] for r in plain] == [r["payload_sha256"] for r in data["records"]]
    assert "payload" not in plain[0]


# --- through a running server -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", ["disclosure", "disclosure-body", "decision", "consultation", "dialogue_commitment",
                                  "dialogue_answer", "case-public", "case-conclusion", "oversight_recommendation",
                                  "oversight_criticism", "oversight_project", "movement_practice",
                                  "disclosure-internal", "decision_contribution", "oversight_inspection",
                                  "oversight_supervision", "disclosure-attachment", "decision-result",
                                  "consultation-internal"])
def test_url_an_update_behind_the_service_is_caught_and_named(live_server, name):
    from danchu.disclosures.catalogue import sync_catalogue

    sync_catalogue()  # data a migration ships: a transactional test's flush removed it
    s = SUBJECTS[name]
    w, obj = _made(s)
    code, out = _run(url=live_server.url)
    assert code == 0, out
    before = _original(s, obj)
    _update(s, obj, s.edit)
    code, out = _run(url=live_server.url)
    assert code == 1
    _problem_text(out, s, obj)
    _update(s, obj, before)
    assert _run(url=live_server.url)[0] == 0
    if s.change is not None:
        s.change(w, obj)
        code, out = _run(url=live_server.url)
        assert code == 0, out
