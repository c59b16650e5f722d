"""Matrix cases (core/tests/matrix.py): valid arguments for each declared cases service and selector.

Cases land on communes, never on an organization: one variant in commune A for each rule, and for
the steps that touch a denunciation's protected parts (identity, the denouncer's documents, the
conclusion) a second variant made by the officer assigned to resolve it (Law on Denunciations
Arts. 9(1), 47, 56) — the finer rule in the body is tested in test_access.py."""

import datetime as dt

from django.utils import timezone

from danchu.cases.selectors import QueueFilters
from danchu.cases.services import Identity, case_accept, case_submit, case_suspend
from danchu.core.attachments import Upload
from danchu.core.tests.matrix import case, variant

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FILER = Identity(full_name="Trần Thị Khiếu", address="Thôn Một", phone="0912000111", email="khieu@example.vn")


def _case(w, kind="feedback", *, files=None, identity=FILER, **kw):
    if kind == "complaint":
        kw.setdefault("decision_complained", "Quyết định 12/QĐ-UBND thu hồi đất")
    if kind == "denunciation":
        kw.setdefault("accused", "Ông Lê Văn C, cán bộ địa chính")
        kw.setdefault("violation", "Nhận tiền để xác nhận sai nguồn gốc đất")
    filed, _ = case_submit(user=None, unit=w.a, kind=kind, title="Đèn đường hỏng ở ngõ 5", body="Đèn tắt từ tuần trước.",
                           identity=identity, files=files, **kw)
    return filed


def _accepted(w, kind, *, files=None, **kw):
    """Accepted by officer_a, who is then the officer assigned to resolve it."""
    return case_accept(actor=w.officer_a, case=_case(w, kind, files=files), **kw)


# --- services -----------------------------------------------------------------------------------


@case("cases.case_receive")
def receive(w):
    return variant(w.a, unit=w.a, kind="complaint", title="Đơn khiếu nại gửi qua bưu điện", body="Nội dung đơn.",
                   channel="letter", identity=FILER, decision_complained="Quyết định 12/QĐ-UBND thu hồi đất",
                   received_on=timezone.localdate() - dt.timedelta(days=2))


@case("cases.case_accept")
def accept(w):
    return variant(w.a, case=_case(w, "complaint"), complex_case=True)


@case("cases.case_extend")
def extend(w):
    return variant(w.a, case=_accepted(w, "denunciation", complex_case=True), reason="Cần trưng cầu giám định")


@case("cases.case_suspend")
def suspend(w):
    return variant(w.a, case=_accepted(w, "complaint"), reason="Chờ kết quả giám định")


@case("cases.case_resume")
def resume(w):
    suspended = case_suspend(actor=w.officer_a, case=_accepted(w, "complaint"), reason="Chờ kết quả giám định")
    return variant(w.a, case=suspended, note="Đã có kết quả giám định")


@case("cases.case_transfer_external")
def transfer_external(w):
    return variant(w.a, case=_case(w), body="Tòa án nhân dân khu vực 3", reason="Tranh chấp thuộc thẩm quyền Tòa án")


@case("cases.case_transfer")
def transfer(w):
    return variant(w.a, case=_case(w), target_code=w.b.code, reason="Thuộc địa bàn xã Bình Minh")


@case("cases.case_bulk_transfer")
def bulk_transfer(w):
    return variant(w.a, unit=w.a, cases=[_case(w), _case(w)], target_code=w.b.code, reason="Thuộc địa bàn xã Bình Minh")


@case("cases.case_merge")
def merge(w):
    return variant(w.a, case=_case(w), into=_case(w))


@case("cases.case_refuse")
def refuse(w):
    return variant(w.a, case=_case(w, "complaint"), ground="Quá thời hiệu khiếu nại (Luật Khiếu nại, Điều 9)")


@case("cases.case_resolve")
def resolve(w):
    return [variant(w.a, label="feedback", case=_case(w), answer="Đã thay bóng đèn."),
            variant(w.a, label="denunciation, by the assigned officer", by=w.officer_a,
                    case=_accepted(w, "denunciation"), answer="Tố cáo đúng một phần.", decision_ref="KL 3/KL-UBND")]


@case("cases.case_identity_read")
def identity_read(w):
    return [variant(w.a, label="complaint", case=_case(w, "complaint")),
            variant(w.a, label="denunciation, by the assigned officer", by=w.officer_a, case=_accepted(w, "denunciation"))]


@case("cases.case_attachment_open")
def attachment_open(w):
    feedback = _case(w, files=[Upload("anh-hien-truong.pdf", PDF)])
    denunciation = _accepted(w, "denunciation", files=[Upload("don-to-cao.pdf", PDF)])
    return [variant(w.a, label="feedback", attachment=feedback.attachments.get()),
            variant(w.a, label="a denunciation's own document, by the assigned officer", by=w.officer_a,
                    attachment=denunciation.attachments.get())]


# --- selectors (officers' reads) ------------------------------------------------------------------


@case("cases.case_get_for_officer")
def get_for_officer(w):
    return variant(w.a, pk=_case(w).pk)


@case("cases.cases_for_officer")
def for_officer(w):
    return variant(w.a, unit=w.a, ids=[_case(w).pk, _case(w).pk])


@case("cases.case_queue")
def queue(w):
    _case(w)
    return variant(w.a, unit=w.a, filters=QueueFilters(queue="all"))


@case("cases.queue_counts")
def counts(w):
    _case(w)
    return variant(w.a, unit=w.a)


@case("cases.case_indicators")
def indicators(w):
    _case(w)
    today = timezone.localdate()
    return variant(w.a, unit=w.a, start=dt.date(today.year, 1, 1), end=dt.date(today.year, 12, 31))


@case("cases.all_events")
def events(w):
    return variant(w.a, case=_accepted(w, "complaint"))


@case("cases.identity_reads")
def reads(w):
    return variant(w.a, case=_accepted(w, "complaint"))


@case("cases.attachments_for_officer")
def attachments(w):
    return [variant(w.a, label="feedback", case=_case(w, files=[Upload("anh-hien-truong.pdf", PDF)])),
            variant(w.a, label="a denunciation's own documents, by the assigned officer", by=w.officer_a,
                    case=_accepted(w, "denunciation", files=[Upload("don-to-cao.pdf", PDF)]))]
