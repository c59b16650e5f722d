"""Administrative documents in the Decree 30/2020/NĐ-CP layout, as DOCX (python-docx) and PDF (reportlab).

Layout (Decree 30 Art. 8, Appendix I): A4 portrait, margins top/bottom 20 mm, left 30 mm,
right 15 mm, Times New Roman; top left the parent body (caps) and the issuing body (caps, bold,
underlined), "Số: 01/BC-UBND" under it; top right the national title (caps, bold) and the motto (bold,
underlined), the place and date (italic) below; the type ("BÁO CÁO", caps bold, centred) and the
summary (bold); the body justified with a 1.27 cm first-line indent; tables; the signature block on the
right and "Nơi nhận:" (bold italic) on the left.

Fonts: one set for both formats. Decree 30 Art. 8 prescribes Times New Roman (Unicode, TCVN
6909:2001), so the DOCX names it (`DOCX_FONT`; Word has it, LibreOffice substitutes Liberation Serif).
The PDF embeds Liberation Serif 2.1.5 shipped in `core/fonts/` (SIL OFL 1.1, LICENSE.txt beside the
files): metric-compatible with Times New Roman, so lines break as in the DOCX, and it has every
Vietnamese letter in all four faces (regular, bold, italic, bold italic). The files travel with the
code: no system font is read and nothing is downloaded at run time. Shared here so that any app can
print a document without importing another area app.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from .inputs import xml_safe

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DOCX_FONT = "Times New Roman"
# An unnumbered document keeps room for the number the clerk writes by hand when registering it
# (Decree 30 Art. 15): "Số:        /BC-UBND". No-break spaces, so that neither Word nor the PDF
# collapses the room to one space.
NUMBER_BLANK = "\u00a0" * 8
# The signer's full name goes under the signature (Decree 30 Art. 13, Appendix I); while it is not
# known, a dotted line where it is written by hand.
SIGNER_BLANK = "…" * 8
PDF_FONT_DIR = Path(__file__).resolve().parent / "fonts"
PDF_FAMILY = "LiberationSerif"
PDF_FACES = (("", "Regular"), ("-Bold", "Bold"), ("-Italic", "Italic"), ("-BoldItalic", "BoldItalic"))


def vn_date(d) -> str:
    """"ngày 05 tháng 03 năm 2026": leading zero for days 1–9 and months 1–2 (Decree 30, Appendix I)."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


@dataclass
class Block:
    kind: str  # "p" (body paragraph), "h" (bold heading), "table"
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    widths_mm: list[float] = field(default_factory=list)


@dataclass
class Document30:
    parent_body: str
    issuing_body: str
    symbol: str
    place_date: str
    doc_type: str  # "BÁO CÁO"
    summary: str
    blocks: list[Block] = field(default_factory=list)
    signer_title: str = ""  # "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    figures: dict = field(default_factory=dict)  # the data behind the document (JSON-safe)

    def p(self, text: str) -> None:
        self.blocks.append(Block("p", text))

    def h(self, text: str) -> None:
        self.blocks.append(Block("h", text))

    def table(self, rows: list[list[str]], widths_mm: list[float]) -> None:
        self.blocks.append(Block("table", rows=rows, widths_mm=widths_mm))


def docx_page():
    """A python-docx Document with the Decree 30 page (A4, margins 20/20/30/15 mm, Times New Roman
    13) and the paragraph helper `para(where, text, bold=..., ...)` every document here uses."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    d = Document()
    section = d.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = d.styles["Normal"]
    style.font.name = DOCX_FONT
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), DOCX_FONT)

    def para(where, text, *, bold=False, italic=False, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, underline=False):
        par = where.add_paragraph()
        par.alignment = align
        run = par.add_run(xml_safe(text))  # text stored before control characters were refused
        run.bold, run.italic, run.underline = bold, italic, underline
        run.font.size = Pt(size)
        run.font.name = DOCX_FONT
        return par

    return d, para


def docx_save(d) -> bytes:
    """The document's bytes. A Word body must end with a paragraph: after a closing table (the
    signature block) Word and LibreOffice add an empty one of the Normal size, and when the table ends
    at the foot of a page that paragraph alone makes a blank last page. So the body ends with a
    paragraph of 1 pt with no spacing, which fits under the table."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    end = d.add_paragraph()
    end.paragraph_format.space_before = end.paragraph_format.space_after = Pt(0)
    end.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    end.paragraph_format.line_spacing = Pt(1)
    mark, size = OxmlElement("w:rPr"), OxmlElement("w:sz")  # the paragraph mark's own size: 1 pt
    size.set(qn("w:val"), "2")
    mark.append(size)
    end._p.get_or_add_pPr().append(mark)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def docx_opening(*, parent_body: str, issuing_body: str, symbol: str, place_date: str, doc_type: str, summary: str):
    """`docx_page` with the State layout's two header columns, the type and the summary written
    (minutes, synthesis reports); returns the document and the paragraph helper."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    d, para = docx_page()
    header = d.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    left.paragraphs[0].text = ""
    right.paragraphs[0].text = ""
    para(left, parent_body, size=12)
    para(left, issuing_body, bold=True, size=12, underline=True)
    para(left, symbol, size=13)
    para(right, NATIONAL_TITLE, bold=True, size=12)
    para(right, MOTTO, bold=True, size=13, underline=True)
    para(right, place_date, italic=True, size=13)
    para(d, doc_type, bold=True, size=14)
    para(d, summary, bold=True, size=14)
    return d, para


def docx_bytes(doc: Document30) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Mm, Pt

    d, para = docx_opening(parent_body=doc.parent_body, issuing_body=doc.issuing_body, symbol=doc.symbol,
                           place_date=doc.place_date, doc_type=doc.doc_type, summary=doc.summary)
    for b in doc.blocks:
        if b.kind == "table":
            t = d.add_table(rows=0, cols=len(b.rows[0]) if b.rows else 1)
            t.style = "Table Grid"
            for i, row in enumerate(b.rows):
                cells = t.add_row().cells
                for j, (cell, value) in enumerate(zip(cells, row, strict=True)):
                    cell.text = ""
                    if b.widths_mm:
                        cell.width = Mm(b.widths_mm[j])
                    run = cell.paragraphs[0].add_run(xml_safe(value))
                    run.bold = i == 0
                    run.font.size = Pt(11)
                    run.font.name = DOCX_FONT
            continue
        par = para(d, b.text, bold=b.kind == "h", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        par.paragraph_format.first_line_indent = Cm(1.27)
        par.paragraph_format.space_after = Pt(6)
    foot = d.add_table(rows=1, cols=2)
    left, right = foot.rows[0].cells
    left.paragraphs[0].text = ""
    right.paragraphs[0].text = ""
    if doc.recipients:
        para(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
        for r in doc.recipients:
            para(left, f"- {r};", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in doc.signer_title.split("\n"):
        para(right, line, bold=True, size=13)
    para(right, "\n\n", size=13)
    para(right, doc.signer_name or SIGNER_BLANK, bold=True, size=13)
    return docx_save(d)


def pdf_font_files() -> dict[str, Path]:
    """The registered PDF font name of each face and its TrueType file."""
    return {PDF_FAMILY + suffix: PDF_FONT_DIR / f"{PDF_FAMILY}-{face}.ttf" for suffix, face in PDF_FACES}


def pdf_fonts() -> tuple[str, str, str, str]:
    """Register (regular, bold, italic, bold-italic) and return their names."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    out = []
    for name, path in pdf_font_files().items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))
        out.append(name)
    pdfmetrics.registerFontFamily(PDF_FAMILY, normal=out[0], bold=out[1], italic=out[2], boldItalic=out[3])
    return out[0], out[1], out[2], out[3]


def pdf_bytes(doc: Document30) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold, italic, bold_italic = pdf_fonts()

    def style(name, font=regular, size=13, align=TA_CENTER, indent=0):
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.3, alignment=align,
                              firstLineIndent=indent, spaceAfter=4)

    def e(text: str) -> str:
        return escape(xml_safe(text)).replace("\n", "<br/>")

    centre, centre_b, centre_i = style("c"), style("cb", bold), style("ci", italic)
    body = style("b", align=TA_JUSTIFY, indent=12.7 * mm)
    heading = style("h", bold, align=TA_JUSTIFY, indent=12.7 * mm)
    cell = style("cell", size=10, align=TA_LEFT)
    cell_b = style("cellb", bold, size=10, align=TA_LEFT)
    header = Table([
        [Paragraph(e(doc.parent_body), style("p", size=12)), Paragraph(e(NATIONAL_TITLE), style("n", bold, 12))],
        [Paragraph(f"<u>{e(doc.issuing_body)}</u>", style("i", bold, 12)), Paragraph(f"<u>{e(MOTTO)}</u>", centre_b)],
        [Paragraph(e(doc.symbol), centre), Paragraph(e(doc.place_date), centre_i)],
    ], colWidths=[65 * mm, 100 * mm])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [header, Spacer(1, 8 * mm), Paragraph(e(doc.doc_type), style("t", bold, 14)),
             Paragraph(e(doc.summary), style("s", bold, 14)), Spacer(1, 4 * mm)]
    for b in doc.blocks:
        if b.kind == "table":
            rows = [[Paragraph(e(v), cell_b if i == 0 else cell) for v in row] for i, row in enumerate(b.rows)]
            t = Table(rows, colWidths=[w * mm for w in b.widths_mm] if b.widths_mm else None, repeatRows=1)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story += [Spacer(1, 2 * mm), t, Spacer(1, 3 * mm)]
        else:
            story.append(Paragraph(e(b.text), heading if b.kind == "h" else body))
    left = [Paragraph("Nơi nhận:", style("nn", bold_italic, 12, TA_LEFT))] if doc.recipients else []
    left += [Paragraph(e(f"- {r};"), style("r", size=11, align=TA_LEFT)) for r in doc.recipients]
    right = [Paragraph(e(line), centre_b) for line in doc.signer_title.split("\n")]
    right += [Spacer(1, 18 * mm), Paragraph(e(doc.signer_name or SIGNER_BLANK), centre_b)]
    foot = Table([[left, right]], colWidths=[80 * mm, 85 * mm])
    foot.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [Spacer(1, 6 * mm), foot]

    def page_number(canvas, document):
        # Decree 30 Appendix I: page numbers from page 2, centred in the top margin.
        if document.page > 1:
            canvas.setFont(regular, 12)
            canvas.drawCentredString(A4[0] / 2, A4[1] - 12 * mm, str(document.page))

    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, topMargin=20 * mm, bottomMargin=20 * mm, leftMargin=30 * mm, rightMargin=15 * mm,
                      title=f"{doc.doc_type} {doc.symbol}", author=doc.issuing_body).build(
        story, onFirstPage=page_number, onLaterPages=page_number)
    return buf.getvalue()
