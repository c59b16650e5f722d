"""The Steering Committee's report as DOCX, XLSX and PDF, in the State or the Party layout.

State layout (Decree 30/2020/NĐ-CP Art. 8, Appendix I): top left the parent body (caps) and the
issuing body (caps, bold), "Số: 12/BC-BCĐ" under it; top right "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
and "Độc lập - Tự do - Hạnh phúc", the place and date in italics; "BÁO CÁO" centred, the summary.
Party layout (Hướng dẫn 36-HD/VPTW, UNVERIFIED replacement by 05-HD/VPTW): "ĐẢNG CỘNG SẢN
VIỆT NAM" top right instead of the national title, an asterisk under the issuing body, the number
written "12-BC/BCĐ". Steering Committees set up by a Party committee issue in the Party layout, so it is
the default; the issuing body's type chooses (ReportDraft.doc_format).

Replaceable by a province: the narrative text comes from the Django template
`reports/provinces/<province code>/report_body.txt` when it exists, else `reports/report_body.txt`
(drop a file in a templates directory; nothing else changes). Numbers restart each year (Art. 15).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.template.loader import select_template
from django.utils import timezone

from danchu.core.decree30 import (
    DOCX_FONT,
    MOTTO,
    NATIONAL_TITLE,
    NUMBER_BLANK,
    SIGNER_BLANK,
    docx_page,
    docx_save,
    pdf_fonts,
    vn_date,
)
from danchu.core.indicators import indicators as all_indicators
from danchu.core.inputs import xml_safe
from danchu.units.models import Unit

from .charts import bars_png, trend_png
from .models import DocFormat, ReportDraft
from .periods import Period
from .selectors import PILLAR_TITLE, Dashboard

PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
# Collective bodies whose head signs on their behalf: the issuing body's name starts with one of these.
COLLECTIVES = (("BAN CHỈ ĐẠO", "BAN CHỈ ĐẠO"), ("ỦY BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN"),
               ("UỶ BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN"), ("UBND", "ỦY BAN NHÂN DÂN"),
               ("BAN THƯỜNG VỤ", "BAN THƯỜNG VỤ"), ("BAN CHẤP HÀNH", "BAN CHẤP HÀNH"))
# Already a complete authority line (on behalf of, deputy, acting, by order, by authorisation).
AUTHORITY = ("TM.", "T/M", "KT.", "K/T", "Q.", "TL.", "T/L", "TUQ.", "T/UQ")


def signer_lines(draft: ReportDraft) -> list[str]:
    """The signature block's title lines. A collective body signs through its head on its behalf:
    "TM. BAN CHỈ ĐẠO" / "TRƯỞNG BAN" (Decree 30/2020 Art. 13(1)(a), State layout), "T/M BAN CHỈ ĐẠO"
    in the Party layout (Hướng dẫn 36-HD/VPTW); "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH" for a commune.
    A title the drafter wrote with its own authority line is kept as written."""
    lines = [x.strip() for x in (draft.signer_title or "").splitlines() if x.strip()]
    if lines and lines[0].upper().startswith(AUTHORITY):
        return lines
    body = " ".join((draft.issuing_body or "").upper().split())
    collective = next((name for prefix, name in COLLECTIVES if body.startswith(prefix)), None)
    if collective:
        lines.insert(0, f"{'T/M' if draft.doc_format == DocFormat.PARTY else 'TM.'} {collective}")
    return lines


def number_symbol(draft: ReportDraft) -> str:
    """State: "Số: 12/BC-BCĐ"; Party: "Số 12-BC/BCĐ". An unnumbered draft keeps room for the number
    written by hand ("Số:        /BC-BCĐ"), the same in the DOCX, the PDF and the XLSX."""
    n = f"{draft.number:02d}" if draft.number else NUMBER_BLANK
    if draft.doc_format == DocFormat.PARTY:
        return f"Số {n}-BC/{draft.issuer_abbr}"
    return f"Số: {n}/BC-{draft.issuer_abbr}"


def fmt_value(v, measure: str = "") -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.1f}".replace(".", ",") + ("%" if measure == "%" else "")
    return f"{v:,}".replace(",", ".")


def default_draft(unit: Unit | None, period: Period) -> ReportDraft:
    """What a new draft starts from: the Steering Committee of the unit, Party layout."""
    name = unit.name if unit is not None else "toàn quốc"
    parent = ""
    if unit is not None:
        parent = f"ĐẢNG BỘ {unit.name.upper()}" if unit.level in ("province", "commune") else ""
    return ReportDraft(
        unit=unit, period=period.key, doc_format=DocFormat.PARTY, parent_body=parent,
        issuing_body=f"BAN CHỈ ĐẠO THỰC HIỆN DÂN CHỦ Ở CƠ SỞ {name.upper()}", issuer_abbr="BCĐ",
        place=(unit.short_name if unit is not None else "Hà Nội"),
        summary=f"Kết quả thực hiện dân chủ ở cơ sở {period.label}",
        limitations="", next_tasks="", signer_title="TRƯỞNG BAN", signer_name="",
        recipients="- Thường trực cấp ủy;\n- Các thành viên Ban Chỉ đạo;\n- Lưu: VT.")


@dataclass(frozen=True)
class Num:
    """A figure as the spreadsheet stores it: the number itself, its unit, and whether the unit lags."""

    value: int | float | None
    measure: str = ""
    lagging: bool = False


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    charts: list[tuple[str, bytes]] = field(default_factory=list)


@dataclass
class ReportDoc:
    draft: ReportDraft
    period: Period
    header_left: list[tuple[str, bool]]
    header_right: list[tuple[str, bool]]
    number: str
    place_date: str
    title: str
    summary: str
    intro: str
    sections: list[Section]
    limitations: str
    next_tasks: str
    table: list[list[str]]
    children_table: list[list[str]]
    practices: list[str]
    signer_title: str
    signer_name: str
    recipients: list[str]
    monthly: list[list[str]] = field(default_factory=list)
    # The same tables for the spreadsheet: labels as text, figures as Num (numbers a reader can sum).
    table_cells: list[list] = field(default_factory=list)
    children_cells: list[list] = field(default_factory=list)
    monthly_cells: list[list] = field(default_factory=list)


def build(*, board: Dashboard, draft: ReportDraft, practices: list[str] | None = None, charts: bool = True,
          progress=None) -> ReportDoc:
    period = board.period
    issued = draft.issued_on or timezone.localdate()
    party = draft.doc_format == DocFormat.PARTY
    left = ([(draft.parent_body, False)] if draft.parent_body else []) + [(draft.issuing_body, True)]
    if party:
        left.append(("*", False))
    right = [(PARTY_TITLE, True)] if party else [(NATIONAL_TITLE, True), (MOTTO, True)]
    sections = []
    total = max(1, len(board.pillars))
    for idx, (pillar, rows) in enumerate(board.pillars, start=1):
        s = Section(f"{idx}. {PILLAR_TITLE.get(pillar, pillar)}")
        for r in rows:
            s.paragraphs.append(
                f"- {r.ind.name}: {fmt_value(r.value, r.ind.measure)} {'' if r.ind.measure == '%' else r.ind.measure}"
                f" (kỳ trước: {fmt_value(r.previous, r.ind.measure)}; cùng kỳ năm trước: "
                f"{fmt_value(r.last_year, r.ind.measure)}).".replace("  ", " "))
        counted = next((r for r in rows if r.ind.counter is not None), None)
        if charts and counted is not None and len(period.months()) > 1:
            series = board.trend[counted.ind.code]
            s.charts.append((f"Biểu đồ: {counted.ind.name} theo tháng", trend_png(
                title=counted.ind.name, labels=[x[0] for x in series], now=[x[1] for x in series],
                last_year=[x[2] for x in series], now_label=period.label, ly_label="Cùng kỳ năm trước")))
        sections.append(s)
        if progress:
            progress(10 + int(60 * idx / total))
    table = [["Chỉ tiêu", "Đơn vị tính", "Kỳ báo cáo", "Kỳ trước", "Cùng kỳ năm trước"]]
    table_cells = [list(table[0])]
    for r in board.rows:
        m = r.ind.measure
        table.append([r.ind.name, m, fmt_value(r.value, m), fmt_value(r.previous, m), fmt_value(r.last_year, m)])
        table_cells.append([r.ind.name, m, Num(r.value, m), Num(r.previous, m), Num(r.last_year, m)])
    codes = board.child_codes
    by_code = {i.code: i for i in all_indicators()}
    children_table = [["Đơn vị"] + [by_code[c].name for c in codes]]
    children_cells = [list(children_table[0])]
    for c in board.children:
        name = c.unit.name + (" (*)" if c.lagging else "")
        children_table.append([name] + [fmt_value(c.values.get(k), by_code[k].measure) + (" ↓" if k in c.lagging else "")
                                        for k in codes])
        children_cells.append([name] + [Num(c.values.get(k), by_code[k].measure, k in c.lagging) for k in codes])
    if charts and board.children and codes:
        first = codes[0]
        sections.append(Section("Kết quả theo đơn vị trực thuộc", [
            "Đơn vị đánh dấu (*) có chỉ tiêu thấp hơn nhiều so với mặt bằng chung (↓)."],
            [(f"Biểu đồ: {by_code[first].name} theo đơn vị", bars_png(
                title=by_code[first].name, labels=[c.unit.short_name for c in board.children[:40]],
                values=[c.values.get(first) for c in board.children[:40]],
                highlight={i for i, c in enumerate(board.children[:40]) if first in c.lagging}))]))
    monthly = [["Chỉ tiêu"] + [f"{m:02d}/{y}" for y, m in period.months()]]
    monthly_cells = [list(monthly[0])]
    for r in board.rows:
        monthly.append([r.ind.name] + [fmt_value(v, r.ind.measure) for _, v, _ in board.trend[r.ind.code]])
        monthly_cells.append([r.ind.name] + [Num(v, r.ind.measure) for _, v, _ in board.trend[r.ind.code]])
    names = ["reports/report_body.txt"]
    if board.unit is not None:
        names.insert(0, f"reports/provinces/{board.unit.province_code}/report_body.txt")
    body = select_template(names)
    intro = draft.intro or body.render({"unit": board.unit, "period": period, "draft": draft}).strip()
    return ReportDoc(
        draft=draft, period=period, header_left=left, header_right=right, number=number_symbol(draft),
        place_date=f"{draft.place}, {vn_date(issued)}", title="BÁO CÁO", summary=draft.summary, intro=intro,
        sections=sections, limitations=draft.limitations or "(Chưa nhập.)", next_tasks=draft.next_tasks or "(Chưa nhập.)",
        table=table, children_table=children_table, practices=practices or [],
        signer_title="\n".join(signer_lines(draft)), signer_name=draft.signer_name or SIGNER_BLANK,
        recipients=[x for x in draft.recipients.splitlines() if x.strip()], monthly=monthly,
        table_cells=table_cells, children_cells=children_cells, monthly_cells=monthly_cells)


# --- DOCX -----------------------------------------------------------------------------------------


def to_docx(doc: ReportDoc) -> bytes:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    # The page is Decree 30's; the header columns differ by layout (State or Party), so they are here.
    d, para = docx_page()
    header = d.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.width, right.width = Cm(7), Cm(9)
    left.paragraphs[0].text = right.paragraphs[0].text = ""
    for text, bold in doc.header_left:
        para(left, text, bold=bold, size=12)
    para(left, doc.number, size=13)
    for i, (text, bold) in enumerate(doc.header_right):
        para(right, text, bold=bold, size=12 if i == 0 else 13, underline=i == len(doc.header_right) - 1)
    para(right, doc.place_date, italic=True)
    para(d, doc.title, bold=True, size=14)
    para(d, doc.summary, bold=True, size=14)

    def body(text):
        p = para(d, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        p.paragraph_format.first_line_indent = Cm(1.27)
        p.paragraph_format.space_after = Pt(6)

    def heading(text):
        para(d, text, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)

    for line in doc.intro.splitlines():
        if line.strip():
            body(line.strip())
    heading("I. KẾT QUẢ THỰC HIỆN")
    for s in doc.sections:
        heading(s.heading)
        for t in s.paragraphs:
            body(t)
        for caption, png in s.charts:
            d.add_picture(io.BytesIO(png), width=Cm(16))
            para(d, caption, italic=True, size=11)
    if doc.practices:
        heading("Mô hình “Dân vận khéo”")
        for t in doc.practices:
            body(f"- {t}")
    heading("II. HẠN CHẾ, NGUYÊN NHÂN")
    for line in doc.limitations.splitlines():
        if line.strip():
            body(line.strip())
    heading("III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI")
    for line in doc.next_tasks.splitlines():
        if line.strip():
            body(line.strip())
    heading("PHỤ LỤC: BẢNG CHỈ TIÊU")

    def grid(rows):
        """A bordered table; rows written as XML at once (python-docx's cell API is slow for large tables)."""
        from xml.sax.saxutils import escape

        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        t = d.add_table(rows=0, cols=len(rows[0]))
        t.style = "Table Grid"
        font = f'<w:rFonts w:ascii="{DOCX_FONT}" w:hAnsi="{DOCX_FONT}"/><w:sz w:val="20"/>'
        for i, row in enumerate(rows):
            cells = "".join(
                f'<w:tc><w:p><w:r><w:rPr>{"<w:b/>" if i == 0 else ""}{font}</w:rPr>'
                f'<w:t xml:space="preserve">{escape(xml_safe(value))}</w:t></w:r></w:p></w:tc>' for value in row)
            t._tbl.append(parse_xml(f"<w:tr {nsdecls('w')}>{cells}</w:tr>"))

    grid(doc.table)
    if len(doc.children_table) > 1:
        heading("Kết quả theo đơn vị trực thuộc")
        grid(doc.children_table)
    sig = d.add_table(rows=1, cols=2)
    lc, rc = sig.rows[0].cells
    lc.paragraphs[0].text = rc.paragraphs[0].text = ""
    para(lc, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    for r in doc.recipients:
        para(lc, r, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in doc.signer_title.splitlines():
        para(rc, line, bold=True)
    para(rc, "\n\n")
    para(rc, doc.signer_name, bold=True)
    return docx_save(d)


# --- XLSX -----------------------------------------------------------------------------------------


def to_xlsx(doc: ReportDoc) -> bytes:
    """Figures as numbers a reader can sum or chart: counts as integers, ratios as fractions shown
    with a percent format (75,0% in a Vietnamese Excel), amounts in đồng with thousands grouping; a
    ratio with nothing to divide ("—" in the DOCX and PDF) is an empty cell. A figure far below the
    others (↓ in the DOCX and PDF) is shaded."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    lag_fill = PatternFill("solid", start_color="FFF4CCCC", end_color="FFF4CCCC")

    def append(sheet, row):
        # Names stored before control characters were refused (core.inputs) must not break the file:
        # openpyxl refuses what XML cannot hold.
        sheet.append([_xlsx_value(v) for v in row])
        for cell, v in zip(sheet[sheet.max_row], row, strict=False):
            if isinstance(v, Num):
                cell.number_format = _xlsx_format(v)
                if v.lagging:
                    cell.fill = lag_fill

    def bold_last(sheet):
        for c in sheet[sheet.max_row]:
            c.font = Font(bold=True)

    wb = Workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu"
    append(ws, [doc.summary])
    ws["A1"].font = Font(bold=True)
    append(ws, [doc.draft.issuing_body, doc.number, doc.place_date])
    ws.append([])
    for i, row in enumerate(doc.table_cells):
        append(ws, row)
        if i == 0:
            bold_last(ws)
    ws.column_dimensions["A"].width = 60
    for name, rows in (("Đơn vị trực thuộc", doc.children_cells), ("Theo tháng", doc.monthly_cells)):
        sh = wb.create_sheet(name)
        for i, row in enumerate(rows):
            append(sh, row)
            if i == 0:
                bold_last(sh)
        sh.column_dimensions["A"].width = 45
        if name == "Đơn vị trực thuộc" and len(rows) > 1:
            sh.append([])
            sh.append(["(*) Đơn vị có chỉ tiêu thấp hơn nhiều so với mặt bằng chung (ô được tô màu)."])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _xlsx_value(v):
    if isinstance(v, Num):
        if v.value is None:
            return None
        return v.value / 100 if v.measure == "%" else v.value
    return xml_safe(v)


def _xlsx_format(v: Num) -> str:
    if v.measure == "%":
        return "0.0%"
    if isinstance(v.value, float):
        return "#,##0.0"
    return "#,##0"


# --- PDF ------------------------------------------------------------------------------------------


def to_pdf(doc: ReportDoc) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


    regular, bold, italic, bold_italic = pdf_fonts()

    def st(name, font=regular, size=13, align=TA_CENTER, indent=0):
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.3, alignment=align,
                              firstLineIndent=indent, spaceAfter=4)

    def esc(t: str) -> str:
        return xml_safe(t).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    c12, c12b, c13, c13b, c13i = st("c12", size=12), st("c12b", bold, 12), st("c13"), st("c13b", bold), st("c13i", italic)
    just, head, small = st("j", align=TA_JUSTIFY, indent=1.27 * 28.35), st("h", bold, align=TA_LEFT), st("s", size=9, align=TA_LEFT)
    left = [Paragraph(esc(t), c12b if b else c12) for t, b in doc.header_left] + [Paragraph(esc(doc.number), c13)]
    right = [Paragraph(esc(t), c12b if i == 0 else c13b) for i, (t, _) in enumerate(doc.header_right)]
    right.append(Paragraph(esc(doc.place_date), c13i))
    story = [Table([[left, right]], colWidths=[70 * mm, 95 * mm],
                   style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")])), Spacer(1, 6 * mm),
             Paragraph(doc.title, st("t", bold, 14)), Paragraph(esc(doc.summary), st("t2", bold, 14)), Spacer(1, 4 * mm)]
    for line in doc.intro.splitlines():
        if line.strip():
            story.append(Paragraph(esc(line.strip()), just))
    story.append(Paragraph("I. KẾT QUẢ THỰC HIỆN", head))
    for s in doc.sections:
        story.append(Paragraph(esc(s.heading), head))
        story += [Paragraph(esc(t), just) for t in s.paragraphs]
        for caption, png in s.charts:
            img = Image(io.BytesIO(png))
            ratio = img.imageHeight / img.imageWidth
            img.drawWidth, img.drawHeight = 160 * mm, 160 * mm * ratio
            story += [img, Paragraph(esc(caption), st("cap", italic, 11))]
    if doc.practices:
        story.append(Paragraph("Mô hình “Dân vận khéo”", head))
        story += [Paragraph(esc("- " + t), just) for t in doc.practices]
    for title, text in (("II. HẠN CHẾ, NGUYÊN NHÂN", doc.limitations), ("III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", doc.next_tasks)):
        story.append(Paragraph(title, head))
        story += [Paragraph(esc(line.strip()), just) for line in text.splitlines() if line.strip()]
    story.append(Paragraph("PHỤ LỤC: BẢNG CHỈ TIÊU", head))

    def grid(rows, widths):
        data = [[Paragraph(esc(v), small) for v in row] for row in rows]
        return Table(data, colWidths=widths, repeatRows=1, style=TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))

    story.append(grid(doc.table, [75 * mm, 20 * mm, 22 * mm, 22 * mm, 26 * mm]))
    if len(doc.children_table) > 1:
        n = len(doc.children_table[0])
        story += [Spacer(1, 4 * mm), Paragraph("Kết quả theo đơn vị trực thuộc", head),
                  grid(doc.children_table, [45 * mm] + [120 * mm / (n - 1)] * (n - 1))]
    story.append(Spacer(1, 8 * mm))
    rec = [Paragraph("Nơi nhận:", st("nn", bold_italic, 12, TA_LEFT))] + [Paragraph(esc(r), st("r", size=11, align=TA_LEFT))
                                                                  for r in doc.recipients]
    sig = [Paragraph(esc(line), c13b) for line in doc.signer_title.splitlines()]
    sig += [Spacer(1, 18 * mm), Paragraph(esc(doc.signer_name), c13b)]
    story.append(Table([[rec, sig]], colWidths=[80 * mm, 85 * mm], style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")])))
    buf = io.BytesIO()

    def page_number(canvas, document):  # Decree 30 Appendix I: page numbers from page 2, top centre
        if document.page > 1:
            canvas.setFont(regular, 12)
            canvas.drawCentredString(A4[0] / 2, A4[1] - 12 * mm, str(document.page))

    SimpleDocTemplate(buf, pagesize=A4, topMargin=20 * mm, bottomMargin=20 * mm, leftMargin=30 * mm,
                      rightMargin=15 * mm, title=doc.summary).build(story, onLaterPages=page_number)
    return buf.getvalue()


RENDERERS = {"docx": to_docx, "xlsx": to_xlsx, "pdf": to_pdf}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
