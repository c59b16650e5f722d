"""Report files: DOCX and PDF title lines, number and symbol, figures; XLSX tables; the command;
exports in the background with a visible failure."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from danchu.reports import services
from danchu.reports.models import ExportStatus, ReportExport
from danchu.reports.periods import parse_period
from danchu.reports.tests.records import case, disclosure, practice

D = dt.date


@pytest.fixture
def records(tree, reform):
    for i in range(12):
        case(tree["a"], received=D(2025, 1 + i % 12, 3))
    case(reform["c3"], received=D(2025, 2, 1))  # old commune → B
    for i in range(7):
        disclosure(tree["b"], published=D(2025, 5, 1 + i), on_time=True)
    practice(tree["a"], started=D(2025, 1, 1), recognized=D(2025, 10, 1))


def docx_text(data: bytes) -> str:
    from docx import Document

    d = Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                parts.append(c.text)
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_docx_party_layout_with_figures(tree, records, steering_province):
    d = services.draft_create(user=steering_province, unit=tree["province"], period="2025")
    services.draft_update(user=steering_province, draft=d, limitations="Một số xã cập nhật số liệu chậm.",
                          next_tasks="Đẩy mạnh đối thoại giữa người đứng đầu cấp ủy với Nhân dân.")
    services.draft_issue(user=steering_province, draft=d, issued_on=D(2026, 1, 3))
    assert d.number == 1
    data = services.render_report(user=steering_province, unit=tree["province"], period=parse_period("2025"),
                                  fmt="docx", draft=d)
    text = docx_text(data)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert "Số 01-BC/BCĐ" in text
    assert "BÁO CÁO" in text and "Kết quả thực hiện dân chủ ở cơ sở năm 2025" in text
    assert "ngày 03 tháng 01 năm 2026" in text
    assert "Phản ánh, kiến nghị, khiếu nại, tố cáo tiếp nhận: 13 vụ việc" in text
    assert "Thông tin đã công khai: 7 tin" in text
    assert "Tỷ lệ công khai đúng thời hạn: 100,0%" in text
    assert "Một số xã cập nhật số liệu chậm." in text
    assert "Đẩy mạnh đối thoại" in text
    assert "Mô hình “Ngõ xóm sáng, xanh, sạch”" in text
    assert "II. HẠN CHẾ, NGUYÊN NHÂN" in text and "III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI" in text


def test_state_layout_numbering_restarts_each_year(tree, steering_province):
    numbers = []
    for issued in (D(2025, 12, 30), D(2025, 12, 31), D(2026, 1, 2)):
        d = services.draft_create(user=steering_province, unit=tree["province"], period="2025")
        services.draft_update(user=steering_province, draft=d, doc_format="state")
        numbers.append(services.draft_issue(user=steering_province, draft=d, issued_on=issued).number)
    assert numbers == [1, 2, 1]  # Decree 30/2020 Art. 15
    data = services.render_report(user=steering_province, unit=tree["province"], period=parse_period("2025-Q3"),
                                  fmt="docx", draft=d)
    text = docx_text(data)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 01/BC-BCĐ" in text
    assert "quý III năm 2025" in text


def test_issued_draft_cannot_change_and_denied_changes_nothing(tree, steering_province, steering_a):
    from danchu.core.errors import DomainError, NotFound

    d = services.draft_create(user=steering_province, unit=tree["province"], period="2025")
    with pytest.raises(NotFound):  # the province is above commune A's member: outside their scope
        services.draft_update(user=steering_a, draft=d, limitations="Sửa trái phép")
    d.refresh_from_db()
    assert d.limitations == ""
    services.draft_issue(user=steering_province, draft=d)
    with pytest.raises(DomainError) as e:
        services.draft_update(user=steering_province, draft=d, limitations="Sửa sau khi ban hành")
    assert e.value.code == "draft_issued"


def test_pdf_content(tree, records, steering_province):
    data = services.render_report(user=steering_province, unit=tree["province"], period=parse_period("2025"), fmt="pdf")
    assert data[:5] == b"%PDF-"
    text = pdf_text(data)
    for expected in ("ĐẢNG CỘNG SẢN VIỆT NAM", "BÁO CÁO", "Kết quả thực hiện dân chủ ở cơ sở năm 2025", "-BC/BCĐ",
                     "13 vụ việc", "Xã Bình Lục"):
        assert expected in text, expected


def test_xlsx_tables(tree, records, steering_province):
    from openpyxl import load_workbook

    data = services.render_report(user=steering_province, unit=tree["province"], period=parse_period("2025"), fmt="xlsx")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Chỉ tiêu", "Đơn vị trực thuộc", "Theo tháng"]
    rows = {r[0]: r for r in wb["Chỉ tiêu"].iter_rows(values_only=True) if r and r[0]}
    assert rows["Phản ánh, kiến nghị, khiếu nại, tố cáo tiếp nhận"][2] == 13
    sheet = wb["Đơn vị trực thuộc"]
    units = list(sheet.iter_rows(values_only=True))
    assert units[0][0] == "Đơn vị" and "Thông tin đã công khai" in units[0]
    col = units[0].index("Thông tin đã công khai")
    by_unit = {r[0].replace(" (*)", ""): r[col] for r in units[1:] if r and r[0] and r[0].startswith("Xã")}
    assert by_unit == {"Xã Đông Hòa": 7, "Xã Bình Lục": 0}
    # A lags on disclosures: "(*)" by its name, its cell shaded (the DOCX writes "0 ↓")
    cells = {row[0].value: row[col] for row in sheet.iter_rows(min_row=2) if row[0].value and row[0].value.startswith("Xã")}
    assert cells["Xã Bình Lục (*)"].fill.fill_type == "solid" and cells["Xã Đông Hòa"].fill.fill_type is None


def test_command_writes_the_file(tree, records, tmp_path):
    out = tmp_path / "bc.docx"
    call_command("report", unit="T01", period="2025", fmt="docx", output=str(out), layout="state", number=12)
    text = docx_text(out.read_bytes())
    assert "Số: 12/BC-BCĐ" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Phản ánh, kiến nghị, khiếu nại, tố cáo tiếp nhận: 13 vụ việc" in text
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="trước ngày bắt đầu"):
        call_command("report", unit="T01", period="2025-12-31..2025-01-01", fmt="pdf", output=str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_export_runs_in_background_and_downloads(client, tree, records, steering_province, django_capture_on_commit_callbacks):
    client.force_login(steering_province)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("reports:export_new", args=["T01"]), {"ky": "2025", "fmt": "pdf"})
    e = ReportExport.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("reports:export", args=[e.pk])
    assert e.status == ExportStatus.DONE and e.progress == 100
    page = client.get(reverse("reports:export", args=[e.pk]))
    assert "Đã xong" in page.content.decode()
    f = client.get(reverse("reports:export_download", args=[e.pk]))
    assert f.status_code == 200 and f.content[:5] == b"%PDF-"


def test_failed_export_is_visible_and_offers_no_file(client, tree, steering_province, monkeypatch,
                                                     django_capture_on_commit_callbacks):
    def boom(doc):
        raise RuntimeError("disk full")

    monkeypatch.setitem(services.RENDERERS, "docx", boom)
    client.force_login(steering_province)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:export_new", args=["T01"]), {"ky": "2025", "fmt": "docx"})
    e = ReportExport.objects.get()
    assert e.status == ExportStatus.FAILED and "RuntimeError" in e.error
    assert ReportExport.objects.filter(pk=e.pk, content__isnull=True).exists()
    page = client.get(reverse("reports:export", args=[e.pk])).content.decode()
    assert "Lỗi" in page and "Tải tệp" not in page
    assert client.get(reverse("reports:export_download", args=[e.pk])).status_code == 409


def test_export_of_another_unit_is_refused(client, tree, steering_a):
    client.force_login(steering_a)
    r = client.post(reverse("reports:export_new", args=["T0B"]), {"ky": "2025", "fmt": "pdf"})
    assert r.status_code == 404
    assert not ReportExport.objects.exists()


def test_export_of_another_unit_cannot_be_read(client, tree, steering_province, steering_a,
                                              django_capture_on_commit_callbacks):
    client.force_login(steering_province)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:export_new", args=["T01"]), {"ky": "2025", "fmt": "xlsx"})
    e = ReportExport.objects.get()
    client.force_login(steering_a)
    assert client.get(reverse("reports:export", args=[e.pk])).status_code == 404
    assert client.get(reverse("reports:export_download", args=[e.pk])).status_code == 404


def test_the_worker_renders_as_the_system(tree, records, steering_province):
    """export_run is a system job: it renders what export_request accepted, without a user (the
    requester's account may be gone by then)."""
    e = services.export_request(user=steering_province, unit=tree["province"], period="2025", fmt="xlsx")
    ReportExport.objects.filter(pk=e.pk).update(requested_by=None)
    services.export_run(export_id=e.pk)
    e.refresh_from_db()
    assert e.status == ExportStatus.DONE and e.filename.endswith(".xlsx")


# Every Vietnamese letter: the 12 vowels and đ with each of the five tone marks, both cases.
VIETNAMESE = ("aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
              "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬEÈÉẺẼẸÊỀẾỂỄỆIÌÍỈĨỊOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢUÙÚỦŨỤƯỪỨỬỮỰYỲÝỶỸỴĐ“”–…↓")


def test_every_pdf_face_has_every_vietnamese_letter():
    from fontTools.ttLib import TTFont

    from danchu.core.decree30 import pdf_font_files

    files = pdf_font_files()
    assert len(files) == 4  # regular, bold, italic, bold italic
    for name, path in files.items():
        cmap = TTFont(path).getBestCmap()
        assert [c for c in VIETNAMESE if ord(c) not in cmap] == [], name


@pytest.mark.parametrize("layout", ["party", "state"])
def test_report_pdf_draws_every_letter_with_a_glyph_of_its_face(tree, records, steering_province, layout):
    from danchu.core.decree30 import pdf_fonts
    from danchu.reports.tests.pdf_glyphs import embedded_glyphs

    d = services.draft_create(user=steering_province, unit=tree["a"], period="2025")
    services.draft_update(user=steering_province, draft=d, doc_format=layout, place="Bình Lục",
                          signer_name="Nguyễn Thị Hường")
    data = services.render_report(user=steering_province, unit=tree["a"], period=parse_period("2025"), fmt="pdf",
                                  draft=d)
    drawn, missing = embedded_glyphs(data)
    assert missing == {}
    regular, bold, italic, bold_italic = pdf_fonts()
    assert set(drawn) == {regular, bold, italic, bold_italic}  # only the embedded faces, all four used
    assert "Bình Lục, ngày" in drawn[italic] and "Biểu đồ" in drawn[italic]  # date line, chart captions
    assert "Nơi nhận:" in drawn[bold_italic] and "Nguyễn Thị Hường" in drawn[bold]


def docx_last_body_paragraph(data: bytes):
    """The last element of the body before the section properties, and whether it is a paragraph."""
    from docx import Document
    from docx.oxml.ns import qn

    body = Document(io.BytesIO(data)).element.body
    children = [c for c in body.iterchildren() if c.tag != qn("w:sectPr")]
    return children[-1]


def assert_no_blank_last_page(data: bytes) -> None:
    from docx.oxml.ns import qn

    last = docx_last_body_paragraph(data)
    assert last.tag == qn("w:p")  # not a table: Word would add a full-size empty paragraph after it
    assert not last.findall(".//" + qn("w:br")) and not last.findall(".//" + qn("w:sectPr"))
    assert "".join(last.itertext()).strip() == ""
    size = last.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:sz')}")
    spacing = last.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    assert size is not None and int(size.get(qn("w:val"))) <= 2  # half-points: 1 pt
    assert spacing.get(qn("w:lineRule")) == "exact" and int(spacing.get(qn("w:line"))) <= 20
    assert spacing.get(qn("w:after")) == "0" and spacing.get(qn("w:before")) == "0"


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_unnumbered_draft_keeps_room_for_the_number_and_signs_for_the_committee(tree, steering_province, fmt):
    d = services.draft_create(user=steering_province, unit=tree["province"], period="2025")
    services.draft_update(user=steering_province, draft=d, doc_format="state")
    data = services.render_report(user=steering_province, unit=tree["province"], period=parse_period("2025"), fmt=fmt,
                                  draft=d)
    text = docx_text(data) if fmt == "docx" else pdf_text(data)
    assert re.search(r"Số:[ \xa0]{8,}/BC-BCĐ", text)  # room for the number, not collapsed to one space
    lines = [x.strip() for x in text.splitlines()]
    at = lines.index("TM. BAN CHỈ ĐẠO")
    assert lines[at + 1] == "TRƯỞNG BAN"
    assert "…" * 8 in lines[at + 2:]  # the line for the signer's name, written by hand


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_party_report_signs_on_behalf_with_the_signers_name(tree, steering_province, fmt):
    d = services.draft_create(user=steering_province, unit=tree["province"], period="2025")
    services.draft_update(user=steering_province, draft=d, signer_name="Nguyễn Văn An")
    services.draft_issue(user=steering_province, draft=d, issued_on=D(2026, 1, 3))
    data = services.render_report(user=steering_province, unit=tree["province"], period=parse_period("2025"), fmt=fmt,
                                  draft=d)
    lines = [x.strip() for x in (docx_text(data) if fmt == "docx" else pdf_text(data)).splitlines()]
    assert "Số 01-BC/BCĐ" in lines
    at = lines.index("T/M BAN CHỈ ĐẠO")
    assert lines[at + 1] == "TRƯỞNG BAN" and "Nguyễn Văn An" in lines[at + 2:]


def test_commune_people_committee_report_signs_for_the_committee(tree, steering_a):
    d = services.draft_create(user=steering_a, unit=tree["a"], period="2025")
    services.draft_update(user=steering_a, draft=d, doc_format="state", issuing_body="ỦY BAN NHÂN DÂN XÃ BÌNH LỤC",
                          issuer_abbr="UBND", signer_title="CHỦ TỊCH")
    lines = [x.strip() for x in docx_text(services.render_report(
        user=steering_a, unit=tree["a"], period=parse_period("2025"), fmt="docx", draft=d)).splitlines()]
    at = lines.index("TM. ỦY BAN NHÂN DÂN")
    assert lines[at + 1] == "CHỦ TỊCH"
    assert any(re.fullmatch(r"Số:[ \xa0]{8,}/BC-UBND", x) for x in lines)


def test_a_title_with_its_own_authority_line_is_kept(tree, steering_province):
    d = services.draft_create(user=steering_province, unit=tree["province"], period="2025")
    services.draft_update(user=steering_province, draft=d, signer_title="KT. TRƯỞNG BAN")
    lines = [x.strip() for x in docx_text(services.render_report(
        user=steering_province, unit=tree["province"], period=parse_period("2025"), fmt="docx", draft=d)).splitlines()]
    assert "KT. TRƯỞNG BAN" in lines and "T/M BAN CHỈ ĐẠO" not in lines


def test_report_docx_ends_without_a_blank_page(tree, records, steering_province):
    data = services.render_report(user=steering_province, unit=tree["province"], period=parse_period("2025"),
                                  fmt="docx")
    assert_no_blank_last_page(data)


def test_xlsx_figures_are_numbers_a_reader_can_sum(tree, records, steering_province):
    from openpyxl import load_workbook

    from danchu.core.indicators import indicators

    measure = {i.name: i.measure for i in indicators()}
    data = services.render_report(user=steering_province, unit=tree["province"], period=parse_period("2025"), fmt="xlsx")
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Chỉ tiêu"]
    header = next(i for i, r in enumerate(ws.iter_rows(values_only=True), 1) if r and r[0] == "Chỉ tiêu")
    seen_percent = seen_count = 0
    for row in ws.iter_rows(min_row=header + 1):
        name, unit, *figures = row
        assert measure[name.value] == unit.value
        for cell in figures:
            if cell.value is None:  # a ratio of nothing ("—" in the DOCX)
                assert unit.value == "%"
            elif unit.value == "%":
                assert isinstance(cell.value, int | float) and 0 <= cell.value <= 1 and cell.number_format == "0.0%"
                seen_percent += 1
            else:
                assert type(cell.value) is int and cell.number_format == "#,##0"
                seen_count += 1
    assert seen_percent and seen_count
    rows = {r[0]: r for r in ws.iter_rows(min_row=header + 1, values_only=True)}
    assert rows["Tỷ lệ công khai đúng thời hạn"][2] == 1.0  # 100,0% on the pages
    for name in ("Đơn vị trực thuộc", "Theo tháng"):
        figures = [c for row in wb[name].iter_rows(min_row=2, min_col=2) for c in row if c.value is not None]
        assert figures and all(isinstance(c.value, int | float) for c in figures), name
    monthly = {r[0]: r[1:] for r in wb["Theo tháng"].iter_rows(min_row=2, values_only=True)}
    assert sum(monthly["Phản ánh, kiến nghị, khiếu nại, tố cáo tiếp nhận"]) == 13  # the months add up to the year


def test_report_docx_names_one_font_everywhere(tree, records, steering_province):
    import zipfile

    from danchu.core.decree30 import DOCX_FONT

    data = services.render_report(user=steering_province, unit=tree["province"], period=parse_period("2025"),
                                  fmt="docx")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    named = set(re.findall(r'w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"', xml))
    assert named == {DOCX_FONT} == {"Times New Roman"}  # Decree 30 Art. 8
