import io

import pytest
from docx import Document
from pypdf import PdfReader

from danchu.decisions import services
from danchu.decisions.minutes import minutes_docx, minutes_pdf, vn_date
from danchu.decisions.models import Form, Kind

from .factories import hamlet_head, households, matter, representative_user


@pytest.fixture
def closed(tree):
    hamlet = tree["a1"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 5)
    m = matter(head, hamlet, kind=Kind.CONTRIBUTION, title="Đóng góp làm đường bê tông xóm Giữa")
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs[:4]])
    services.meeting_secretary_record(actor=head, matter=m, name="Lê Thị Thư Ký", agreed=3)
    services.hands_record(actor=head, matter=m, choices={h.code: "agree" for h in hs[:4]})
    return services.matter_close(actor=head, matter=m)


def test_the_minutes_name_the_notice_the_secretary_and_the_two_household_representatives(closed):
    """Decree 59 Art. 3(3)–(5): the notice date, the secretary chosen (3 of the 4 present) and the two
    representatives of attending households who sign, in both the DOCX and the PDF."""
    notice = f"Thông báo họp và tài liệu gửi đến các hộ gia đình ngày {closed.notice_sent_on:%d/%m/%Y}."
    secretary = "Thư ký cuộc họp: Lê Thị Thư Ký, được 3/4 đại diện hộ gia đình có mặt đồng ý."
    assert closed.witness_1_name and closed.witness_2_name
    witnesses = f"Đại diện hộ gia đình dự họp ký biên bản: {closed.witness_1_name}, {closed.witness_2_name}."
    docx = _docx_text(minutes_docx(closed))
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(minutes_pdf(closed))).pages)
    for text in (docx, pdf):
        for line in (notice, secretary, witnesses):
            assert line in text
    assert "Lê Thị Thư Ký" in docx.split("THƯ KÝ CUỘC HỌP", 1)[1]


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_docx_has_the_decree_30_header_and_the_art_20_contents(closed):
    data = minutes_docx(closed)
    text = _docx_text(data)
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "THÔN ĐỒNG QUÊ",
                     "UBND XÃ BÌNH LỤC", "Số: 01/BB-TDC", "BIÊN BẢN", "Đóng góp làm đường bê tông xóm Giữa",
                     "Tổng số hộ gia đình trong cộng đồng dân cư: 5.",
                     "Số đại diện hộ gia đình có mặt tại cuộc họp: 4.", "không có đại diện tham dự: 1.",
                     "ĐƯỢC THÔNG QUA", "TRƯỞNG BAN CÔNG TÁC MẶT TRẬN", "ĐẠI DIỆN HỘ GIA ĐÌNH", closed.vote_set_sha256):
        assert expected in text
    assert "Bình Lục, ngày" in text
    doc = Document(io.BytesIO(data))
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert b"Times New Roman" in data or "Times New Roman" in doc.styles["Normal"].element.xml


def test_pdf_text_reads_back_in_vietnamese(closed):
    reader = PdfReader(io.BytesIO(minutes_pdf(closed)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BIÊN BẢN",
                     "Số: 01/BB-TDC", "Tổng số hộ gia đình", "ĐƯỢC THÔNG QUA"):
        assert expected in " ".join(text.split())


def test_online_minutes_list_the_participating_representatives(tree):
    hamlet = tree["a2"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 3)
    m = matter(head, hamlet, form=Form.ONLINE, online_agreed=2)
    services.vote_online(actor=representative_user(hs[0]), matter=m, choice="agree")
    m = services.matter_close(actor=head, matter=m)
    text = _docx_text(minutes_docx(m))
    assert "tham gia biểu quyết trực tuyến" in text
    assert f"{hs[0].code} — Chủ hộ" in text


def test_date_format_has_leading_zeros_as_decree_30_says():
    import datetime as dt

    assert vn_date(dt.date(2026, 3, 5)) == "ngày 05 tháng 3 năm 2026"
    assert vn_date(dt.date(2026, 2, 15)) == "ngày 15 tháng 02 năm 2026"


def test_pdf_fonts_travel_with_the_code_not_the_system():
    from pathlib import Path

    import danchu
    from danchu.core import decree30

    files = decree30.pdf_font_files()
    assert list(files) == list(decree30.pdf_fonts())
    for path in files.values():
        assert path.is_file() and Path(danchu.__file__).parent in path.parents


def test_minutes_pdf_draws_every_letter_with_a_glyph_of_its_face(closed):
    from danchu.core.decree30 import pdf_fonts
    from danchu.reports.tests.pdf_glyphs import embedded_glyphs

    drawn, missing = embedded_glyphs(minutes_pdf(closed))
    assert missing == {}
    regular, bold, italic, _ = pdf_fonts()
    assert {regular, bold, italic} <= set(drawn)
    assert "Bình Lục, ngày" in drawn[italic] and "(Ký, ghi rõ họ tên)" in drawn[italic]
    assert "ĐẠI DIỆN HỘ GIA ĐÌNH" in drawn[bold] and "Đóng góp làm đường" in drawn[bold]


def test_minutes_docx_ends_without_a_blank_page(closed):
    from danchu.reports.tests.test_documents import assert_no_blank_last_page

    assert_no_blank_last_page(minutes_docx(closed))


def test_percentages_use_the_decimal_comma_and_the_pages_rounding(tree):
    from danchu.decisions.minutes import minutes_content, percent

    hamlet = tree["a2"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 8)
    m = matter(head, hamlet, kind=Kind.CONTRIBUTION)
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs[:6]])
    services.hands_record(actor=head, matter=m, choices={**{h.code: "agree" for h in hs[:5]}, hs[5].code: "disagree"})
    m = services.matter_close(actor=head, matter=m)
    content = minutes_content(m)
    rows = {r[0]: r[1:] for r in content.table[1:]}
    agree = next(o["label"] for o in m.options if o["key"] == "agree")
    disagree = next(o["label"] for o in m.options if o["key"] == "disagree")
    assert rows[agree] == ["5", "62,5%"] and rows[disagree] == ["1", "12,5%"]  # of the 8 households (Art. 21)
    # turnout as the report pages compute it: voted / entitled, one decimal
    assert any("Số hộ gia đình đã biểu quyết (được tính): 6, bằng 75,0% tổng số hộ gia đình" in p
               for p in content.paragraphs)
    assert percent(2, 3) == "66,7%" and percent(0, 0) == "—"
    text = _docx_text(minutes_docx(m))
    assert "62,5%" in text and "62.50%" not in text


def test_the_signatures_stay_on_one_page(closed):
    """Law Art. 20(2) and, at a meeting, the secretary too (Decree 59 Art. 3(5)(c)): five signatures."""
    from docx.oxml.ns import qn

    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(minutes_pdf(closed))).pages]
    page = next(p for p in pages if "TRƯỞNG BAN CÔNG TÁC MẶT TRẬN" in p)
    assert page.count("ĐẠI DIỆN HỘ GIA ĐÌNH") == 2 and page.count("(Ký, ghi rõ họ tên)") == 5
    assert "THƯ KÝ CUỘC HỌP" in page
    sig = Document(io.BytesIO(minutes_docx(closed))).tables[-1]
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in sig.rows)
    assert all(p.paragraph_format.keep_with_next for row in sig.rows[:-1] for c in row.cells for p in c.paragraphs)
