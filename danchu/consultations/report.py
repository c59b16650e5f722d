"""The synthesis report (báo cáo tổng hợp, tiếp thu, giải trình ý kiến — Law Art. 28(3); Arts. 55, 72
for agencies and enterprises), built from the data and printed in the Decree 30/2020 layout
(core.decree30): participants, forms, opinions per section, agreement levels, every opinion with its
answer, the changes made to the draft, the opinions hidden by moderation with their reasons.
"""

from __future__ import annotations

from django.utils import timezone

from danchu.core.decree30 import Document30, docx_bytes, pdf_bytes, vn_date

from .models import AnswerKind, Consultation, Form, Source
from .selectors import synthesis

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _agreement(o) -> str:
    cast = o.agree + o.disagree
    if not cast and not o.passes:
        return "—"
    pct = f" ({round(100 * o.agree / cast)}% đồng ý)" if cast else ""
    return f"{o.agree} đồng ý, {o.disagree} không đồng ý, {o.passes} bỏ qua{pct}"


def _answer(o) -> str:
    if o.answer_kind == AnswerKind.ACCEPTED:
        out = "Tiếp thu."
        if o.answer_text:
            out += f" {o.answer_text}"
        if o.answer_section_id:
            out += f" Sửa {o.answer_section.ref or o.answer_section.label}: “{o.answer_changed_text}”"
        return out
    if o.answer_kind == AnswerKind.EXPLAINED:
        return f"Giải trình: {o.answer_text}"
    return "(chưa trả lời)"


def _who(o) -> str:
    if o.author_id is None:
        src = Source(o.source).label
        name = o.author_name or "Không ghi tên"
        return f"{name} — {src}: {o.source_note}"
    return "Trực tuyến"


def synthesis_document(c: Consultation, *, symbol: str, on) -> Document30:
    s = synthesis(c)
    unit = c.unit
    if c.organization_id:
        parent, issuer, place = unit.name.upper(), c.organization.name.upper(), unit.short_name
        signer = "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"
        recipients = ["Ban Chấp hành công đoàn", "Người lao động (niêm yết, mạng nội bộ)", "Lưu: VT"]
    else:
        province = unit.parent
        parent = f"UBND {province.name}".upper() if province else ""
        issuer = f"ỦY BAN NHÂN DÂN {unit.name}".upper()
        place = unit.short_name
        signer = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
        recipients = ["Thường trực Hội đồng nhân dân xã", "Ủy ban Mặt trận Tổ quốc Việt Nam xã",
                      "Các thôn, tổ dân phố (niêm yết)", "Cổng thông tin điện tử xã", "Lưu: VT"]
    doc = Document30(
        parent_body=parent, issuing_body=issuer, symbol=f"Số: {symbol}", place_date=f"{place}, {vn_date(on)}",
        doc_type="BÁO CÁO", summary=f"Tổng hợp, tiếp thu, giải trình ý kiến đối với {c.title}",
        signer_title=signer, recipients=recipients,
    )
    opens = timezone.localtime(c.opens_at) if c.opens_at else None
    closes = timezone.localtime(c.closes_at)
    forms = ", ".join(Form(f).label.lower() for f in c.forms if f in Form.values) or "cổng thông tin điện tử"
    doc.h("I. TÌNH HÌNH TỔ CHỨC LẤY Ý KIẾN")
    doc.p(f"Nội dung lấy ý kiến: {c.get_kind_display()}. Dự thảo: {c.title}.")
    doc.p(f"Thời gian lấy ý kiến: từ {opens:%H giờ %M ngày %d/%m/%Y} đến {closes:%H giờ %M ngày %d/%m/%Y}"
          + (f" (căn cứ thời hạn: {c.period_basis})" if c.period_basis else "") + f". Hình thức: {forms}.")
    doc.p(f"Số người tham gia: {s['participants']} (trực tuyến: {s['participants_online']}; ý kiến thu tại cuộc họp, "
          f"phiếu giấy, hòm thư, đường dây nóng: {s['opinions_offline']}). Tổng số ý kiến: {s['opinions']}; số lượt bày tỏ "
          f"đồng ý, không đồng ý với ý kiến của người khác: {s['votes']}.")
    if s["by_source"]:
        doc.p("Ý kiến theo nguồn: " + "; ".join(f"{Source(k).label.lower()}: {v}" for k, v in sorted(s["by_source"].items()))
              + ".")
    doc.h("II. TỔNG HỢP Ý KIẾN THEO NỘI DUNG DỰ THẢO")
    rows = [["Phần dự thảo", "Số ý kiến", "Tiếp thu", "Giải trình"]]
    if s["whole_draft"]:
        whole = [o for o in s["opinion_rows"] if o.section_id is None]
        rows.append(["Toàn bộ dự thảo", str(len(whole)), str(sum(o.answer_kind == AnswerKind.ACCEPTED for o in whole)),
                     str(sum(o.answer_kind == AnswerKind.EXPLAINED for o in whole))])
    for r in s["per_section"]:
        sec = r["section"]
        rows.append([sec.ref or sec.label, str(r["opinions"]), str(r["accepted"]), str(r["explained"])])
    doc.table(rows, [85, 25, 25, 30])
    a = s["agreement"]
    doc.p(f"Mức độ đồng thuận (theo lượt bày tỏ đồng ý, không đồng ý; ý kiến có từ 3 lượt trở lên): {a['broad']} ý kiến được "
          f"đa số (từ 2/3) đồng ý; {a['split']} ý kiến còn nhiều quan điểm khác nhau; {a['rejected']} ý kiến đa số "
          f"không đồng ý; {a['few']} ý kiến có dưới 3 lượt bày tỏ.")
    doc.h("III. Ý KIẾN VÀ VIỆC TIẾP THU, GIẢI TRÌNH")
    doc.p(f"Tiếp thu {s['accepted']} ý kiến; giải trình {s['explained']} ý kiến.")
    rows = [["TT", "Phần", "Ý kiến", "Nguồn", "Đồng thuận", "Tiếp thu, giải trình"]]
    for i, o in enumerate(s["opinion_rows"], 1):
        text = o.text + (f" [Trích: “{o.quote}”]" if o.quote else "")
        rows.append([str(i), o.section.ref if o.section_id else "Toàn bộ", text, _who(o), _agreement(o), _answer(o)])
    doc.table(rows, [9, 20, 45, 25, 26, 40])
    if s["changes"]:
        doc.h("IV. NỘI DUNG DỰ THẢO ĐƯỢC CHỈNH SỬA")
        for ch in s["changes"]:
            refs = ", ".join(f"ý kiến số {[x.pk for x in s['opinion_rows']].index(o.pk) + 1}"
                             for o in ch.opinions if o.pk in {x.pk for x in s["opinion_rows"]})
            doc.p(f"{ch.section.ref or ch.section.label} được sửa thành: “{ch.section.revised_text}”"
                  + (f" (tiếp thu {refs})." if refs else "."))
    if s["hidden"]:
        doc.h("V. Ý KIẾN BỊ ẨN DO VI PHẠM QUY ĐỊNH")
        for o in s["hidden"]:
            doc.p(f"Một ý kiến gửi ngày {timezone.localtime(o.created_at):%d/%m/%Y} bị ẩn, lý do: {o.hidden_reason}.")
    if c.decision_note:
        doc.h("VI. QUYẾT ĐỊNH CUỐI CÙNG")
        doc.p(c.decision_note)
    doc.figures = {
        "participants": s["participants"], "participants_online": s["participants_online"], "opinions": s["opinions"],
        "opinions_offline": s["opinions_offline"], "votes": s["votes"], "accepted": s["accepted"],
        "explained": s["explained"], "hidden": len(s["hidden"]), "whole_draft": s["whole_draft"],
        "per_section": [{"section": r["section"].ref or r["section"].label, "opinions": r["opinions"],
                         "accepted": r["accepted"], "explained": r["explained"]} for r in s["per_section"]],
        "agreement": a, "by_source": s["by_source"], "changed_sections": len(s["changes"]),
    }
    return doc


def report_docx(doc: Document30) -> bytes:
    return docx_bytes(doc)


def report_pdf(doc: Document30) -> bytes:
    return pdf_bytes(doc)


def report_response(report, fmt: str):
    from django.http import HttpResponse

    data = bytes(report.docx if fmt == "docx" else report.pdf)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="bao-cao-gop-y-{report.consultation_id}.{fmt}"'
    return response
