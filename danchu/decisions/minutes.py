"""The minutes (biên bản) of a community decision, as DOCX and PDF in the Decree 30/2020 layout.

Layout (Decree 30/2020 Art. 8, Appendix I): A4 portrait, margins 20/20/30/15 mm, Times New
Roman; top left the parent body (caps) and the issuing body (caps, bold), under it "Số: 01/BB-…";
top right the national title (caps, bold) and the motto (bold) with the place and date (italic)
below; the type "BIÊN BẢN" (caps, bold, centred) and the summary; the body; signatures.

Contents (Law Art. 20(2)): time; total households of the community; household representatives
present; households not represented; the matter; the form; the vote results; the decision content;
signatures of the village head, the village Front committee head and two household representatives (named,
with the notice date and the secretary, at a meeting: Decree 59 Art. 3(3)–(5)).
Online votes add the start and end time and the list of participating representatives (Decree 59
Art. 5(4)).

Fonts: core.decree30's one set (Times New Roman named in the DOCX, Liberation Serif shipped with the
code embedded in the PDF, every Vietnamese letter in all four faces).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils import timezone

from danchu.core.decree30 import DOCX_FONT, MOTTO, NATIONAL_TITLE, docx_opening, docx_save, pdf_fonts, vn_date

from .models import MEETING_FORMS, Channel, Form, Matter, Result
from .selectors import electorate, minutes_symbol, other_opinions

CHOICE_VI = {"agree": "Đồng ý", "disagree": "Không đồng ý", "other": "Ý kiến khác"}
RESULT_VI = {Result.ADOPTED: "ĐƯỢC THÔNG QUA", Result.NOT_ADOPTED: "KHÔNG ĐƯỢC THÔNG QUA",
             Result.NOT_VALID: "KHÔNG HỢP LỆ (không đủ số hộ tham gia để có thể đạt tỷ lệ luật định)"}
THRESHOLD_VI = {"2/3": "ít nhất 2/3 tổng số hộ gia đình", ">1/2": "trên 50% tổng số hộ gia đình"}


def percent(n: int, total: int) -> str:
    """A share of the community's households as the pages print a ratio: rounded to one decimal,
    with the Vietnamese decimal comma ("75,0%"); "—" when there is no household."""
    if not total:
        return "—"
    return f"{round(100 * n / total, 1):.1f}".replace(".", ",") + "%"


@dataclass
class Minutes:
    parent_body: str
    issuing_body: str
    symbol: str
    place_date: str
    summary: str
    paragraphs: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    # Decree 59 Art. 5(2)(d): what the households choosing "Ý kiến khác" wrote, without naming them.
    opinions_heading: str = ""
    opinions: list[str] = field(default_factory=list)
    # (title, hint, name printed under the signature; "" when the minutes leave it to be written)
    signatures: list[tuple[str, str, str]] = field(default_factory=list)


def minutes_content(matter: Matter) -> Minutes:
    from .tally import threshold_for

    unit = matter.unit
    commune = unit if unit.level == "commune" else unit.parent
    closed = timezone.localtime(matter.closed_at) if matter.closed_at else timezone.localtime()
    c = matter.counts or {}
    total = c.get("households_total", 0)
    present = c.get("households_present", 0)
    place = (commune.short_name if commune else unit.short_name)
    m = Minutes(
        parent_body=(f"UBND {commune.name}" if unit.level == "hamlet" and commune else f"UBND TỈNH {unit.parent.short_name}"
                     if unit.parent else "").upper(),
        issuing_body=(unit.name if unit.level == "hamlet" else f"UBND {unit.name}").upper(),
        symbol=f"Số: {minutes_symbol(matter)}" if matter.minutes_number else "Số: …/BB",
        place_date=f"{place}, {vn_date(closed.date())}",
        summary=f"Về việc: {matter.title}",
    )
    opened = timezone.localtime(matter.opened_at) if matter.opened_at else None
    meeting = timezone.localtime(matter.meeting_at) if matter.meeting_at else None
    p = m.paragraphs
    p.append(f"Thời gian: {'họp lúc ' + meeting.strftime('%H giờ %M, %d/%m/%Y') + '; ' if meeting else ''}"
             f"mở biểu quyết {opened.strftime('%H giờ %M, %d/%m/%Y') if opened else '…'}; "
             f"kết thúc {closed.strftime('%H giờ %M, %d/%m/%Y')}."
             + (f" Địa điểm: {matter.meeting_place}." if matter.meeting_place else ""))
    if matter.form in MEETING_FORMS:
        # Decree 59 Art. 3(3)–(5): the notice sent at least 02 days ahead, the secretary the meeting chose,
        # the two household representatives who sign with the chair and the secretary.
        p.append("Thông báo họp và tài liệu gửi đến các hộ gia đình ngày "
                 + (f"{matter.notice_sent_on:%d/%m/%Y}." if matter.notice_sent_on else "…."))
        p.append(f"Thư ký cuộc họp: {matter.secretary_name}, được {matter.secretary_agreed}/{matter.secretary_present} "
                 "đại diện hộ gia đình có mặt đồng ý." if matter.secretary_name else "Thư ký cuộc họp: ….")
        p.append("Đại diện hộ gia đình dự họp ký biên bản: "
                 + (f"{matter.witness_1_name}, {matter.witness_2_name}." if matter.witness_1_name else "…."))
    p.append(f"Nội dung bàn và quyết định: {matter.get_kind_display()}. {matter.description}".strip())
    p.append(f"Hình thức: {matter.get_form_display()}{' (bỏ phiếu kín)' if matter.secret else ''}.")
    p.append(f"Tổng số hộ gia đình trong cộng đồng dân cư: {total}.")
    p.append(f"Số đại diện hộ gia đình có mặt tại cuộc họp: {present}. "
             f"Số hộ gia đình không có đại diện tham dự: {total - present}.")
    p.append(f"Số hộ gia đình đã biểu quyết (được tính): {c.get('households_participated', 0)}, bằng "
             f"{percent(c.get('households_participated', 0), total)} tổng số hộ gia đình; "
             + "; ".join(f"{Channel(k).label.lower()}: {v}" for k, v in c.get("by_channel", {}).items()) + ".")
    if c.get("double_channel"):
        p.append(f"Số hộ biểu quyết trên hai hình thức: {c['double_channel']} (chỉ tính một lần theo quy tắc: "
                 f"{matter.get_channel_rule_display().lower()}).")
    m.table = [["Phương án", "Số hộ", "Tỷ lệ trên tổng số hộ"]]
    for o in matter.options:
        n = c.get("by_option", {}).get(o["key"], 0)
        m.table.append([o["label"], str(n), percent(n, total)])  # Art. 21: shares of the total
    others = other_opinions(matter, with_households=False)
    if others:
        n_other = c.get("by_option", {}).get("other", 0)
        m.opinions_heading = (f"Ý kiến khác của các hộ gia đình ({n_other} hộ chọn “Ý kiến khác”, {len(others)} hộ ghi "
                              "ý kiến; không ghi tên hộ):")
        m.opinions = [f"{i}. {o['text']}" for i, o in enumerate(others, 1)]
    if matter.unit.level == "commune":
        p.append(f"Số thôn, tổ dân phố đồng ý (đạt ít nhất 2/3 số hộ của thôn): {c.get('hamlets_approving', 0)}"
                 f"/{c.get('hamlets_total', 0)}.")
    rule = THRESHOLD_VI[threshold_for(matter.kind)]
    p.append(f"Tỷ lệ thông qua theo Điều 21 Luật Thực hiện dân chủ ở cơ sở: {rule}"
             + (" và ít nhất 2/3 số thôn, tổ dân phố." if matter.unit.level == "commune" else "."))
    result = RESULT_VI.get(matter.result, "…")
    decided = matter.option_label(matter.adopted_option) if matter.adopted_option else ""
    p.append(f"Kết quả: {result}." + (f" Nội dung được quyết định: {decided}." if decided else ""))
    if Form.ONLINE in matter.form or matter.form == Form.MEETING_ONLINE:
        m.participants = [f"{r['entry'].household_code} — {r['entry'].representative_name}"
                          for r in electorate(matter) if r["votes"].get(Channel.ONLINE)]
    if matter.vote_set_sha256:
        p.append(f"Mã kiểm tra bộ phiếu (SHA-256, đã ghi vào nhật ký minh bạch): {matter.vote_set_sha256}.")
    sign = "(Ký, ghi rõ họ tên)"
    m.signatures = [
        ("TRƯỞNG THÔN / TỔ TRƯỞNG TỔ DÂN PHỐ" if unit.level == "hamlet" else "TM. ỦY BAN NHÂN DÂN", sign, ""),
        ("TRƯỞNG BAN CÔNG TÁC MẶT TRẬN", sign, ""),
        ("ĐẠI DIỆN HỘ GIA ĐÌNH", sign, matter.witness_1_name),
        ("ĐẠI DIỆN HỘ GIA ĐÌNH", sign, matter.witness_2_name),
    ]
    if matter.form in MEETING_FORMS:
        # Decree 59 Art. 3(5)(c): the secretary signs the minutes with the chair.
        m.signatures.append(("THƯ KÝ CUỘC HỌP", sign, matter.secretary_name))
    return m


# --- DOCX -----------------------------------------------------------------------------------------


def minutes_docx(matter: Matter) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    content = minutes_content(matter)
    doc, para = docx_opening(parent_body=content.parent_body, issuing_body=content.issuing_body, symbol=content.symbol,
                             place_date=content.place_date, doc_type="BIÊN BẢN", summary=content.summary)
    for text in content.paragraphs:
        par = para(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        par.paragraph_format.first_line_indent = Cm(1.27)
        par.paragraph_format.space_after = Pt(6)
    table = doc.add_table(rows=0, cols=3)
    table.style = "Table Grid"
    for i, row in enumerate(content.table):
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(value)
            run.bold = i == 0
            run.font.name = DOCX_FONT
    if content.opinions:
        para(doc, content.opinions_heading, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for text in content.opinions:
            para(doc, text, align=WD_ALIGN_PARAGRAPH.LEFT, size=12)
    if content.participants:
        para(doc, "Danh sách đại diện hộ gia đình tham gia biểu quyết trực tuyến:", bold=True,
             align=WD_ALIGN_PARAGRAPH.LEFT)
        for name in content.participants:
            para(doc, f"- {name}", align=WD_ALIGN_PARAGRAPH.LEFT, size=12)
    sig = doc.add_table(rows=(len(content.signatures) + 1) // 2, cols=2)
    for idx, (title, hint, name) in enumerate(content.signatures):
        cell = sig.rows[idx // 2].cells[idx % 2]
        cell.paragraphs[0].text = ""
        para(cell, title, bold=True, size=13)
        para(cell, hint, italic=True, size=12)
        para(cell, "\n\n", size=13)
        if name:
            para(cell, name, bold=True, size=13)
    # The signatures on one page: rows that do not break, each row kept with the next.
    from docx.oxml import OxmlElement

    for i, row in enumerate(sig.rows):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if i < len(sig.rows) - 1:
            for cell in row.cells:
                for par in cell.paragraphs:
                    par.paragraph_format.keep_with_next = True
    return docx_save(doc)


# --- PDF ------------------------------------------------------------------------------------------

def minutes_pdf(matter: Matter) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold, italic, _ = pdf_fonts()
    content = minutes_content(matter)

    def style(name, font=regular, size=13, align=TA_CENTER, indent=0):
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.3, alignment=align,
                              firstLineIndent=indent, spaceAfter=4)

    centre, centre_b, centre_i = style("c"), style("cb", bold), style("ci", italic)
    body = style("b", align=TA_JUSTIFY, indent=12.7 * mm)
    left = style("l", align=TA_LEFT, size=12)
    e = escape
    header = Table([
        [Paragraph(e(content.parent_body), style("p", size=12)), Paragraph(e(NATIONAL_TITLE), style("n", bold, 12))],
        [Paragraph(f"<u>{e(content.issuing_body)}</u>", style("i", bold, 12)), Paragraph(f"<u>{e(MOTTO)}</u>", centre_b)],
        [Paragraph(e(content.symbol), centre), Paragraph(e(content.place_date), centre_i)],
    ], colWidths=[65 * mm, 100 * mm])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [header, Spacer(1, 8 * mm), Paragraph("BIÊN BẢN", style("t", bold, 14)),
             Paragraph(e(content.summary), style("s", bold, 14)), Spacer(1, 4 * mm)]
    story += [Paragraph(e(t), body) for t in content.paragraphs]
    grid = Table([[Paragraph(e(v), left) for v in row] for row in content.table], colWidths=[85 * mm, 30 * mm, 50 * mm])
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story += [Spacer(1, 3 * mm), grid, Spacer(1, 4 * mm)]
    if content.opinions:
        story.append(Paragraph(e(content.opinions_heading), style("ol", bold, 12, TA_LEFT)))
        story += [Paragraph(e(t).replace("\n", "<br/>"), left) for t in content.opinions]
    if content.participants:
        story.append(Paragraph("Danh sách đại diện hộ gia đình tham gia biểu quyết trực tuyến:", style("pl", bold, 12, TA_LEFT)))
        story += [Paragraph(e(f"- {n}"), left) for n in content.participants]
    sig_cells = [[Paragraph(e(t), centre_b), Paragraph(e(h), centre_i), Spacer(1, 18 * mm)]
                 + ([Paragraph(e(n), centre_b)] if n else []) for t, h, n in content.signatures]
    if len(sig_cells) % 2:
        sig_cells.append("")
    sigs = Table([sig_cells[i:i + 2] for i in range(0, len(sig_cells), 2)], colWidths=[82 * mm, 83 * mm])
    story.append(KeepTogether([Spacer(1, 6 * mm), sigs]))  # the signatures on one page
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, topMargin=20 * mm, bottomMargin=20 * mm, leftMargin=30 * mm, rightMargin=15 * mm,
                      title=f"Biên bản {content.symbol}", author=content.issuing_body).build(story)
    return buf.getvalue()


MINUTES_CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def minutes_response(matter: Matter, fmt: str):
    """The minutes of a closed matter as a download (pages and API alike)."""
    from django.http import HttpResponse

    data = minutes_docx(matter) if fmt == "docx" else minutes_pdf(matter)
    response = HttpResponse(data, content_type=MINUTES_CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="bien-ban-{matter.pk}.{fmt}"'
    return response
