"""Helpers to file cases in tests through the service (the only way cases are made)."""

from danchu.cases import services
from danchu.cases.services import Identity

DENOUNCER = Identity(full_name="Nguyễn Văn Bímá", address="Số 7 ngõ Hoa Sữa, Thôn Đồng Quê", phone="0912345678",
                     email="bimat@example.vn", id_number="001099012345")


def file_case(unit, kind="feedback", *, user=None, identity=None, key=None, **kw):
    fields = {"title": kw.pop("title", "Đèn đường hỏng ở ngõ 5"), "body": kw.pop("body", "Đèn tắt từ tuần trước.")}
    if kind == "complaint":
        kw.setdefault("decision_complained", "Quyết định 12/QĐ-UBND thu hồi đất")
        identity = identity or Identity(full_name="Trần Thị Khiếu", address="Thôn An Nội")
    if kind == "denunciation":
        kw.setdefault("accused", "Ông Lê Văn C, cán bộ địa chính")
        kw.setdefault("violation", "Nhận tiền để xác nhận sai nguồn gốc đất")
        identity = identity if identity is not None else DENOUNCER
    case, _ = services.case_submit(user=user, unit=unit, kind=kind, identity=identity, idempotency_key=key, **fields, **kw)
    return case
