"""Helpers for disclosure tests: tiny valid files of each allowed type, and a published disclosure."""

import io
import zipfile

from danchu.disclosures.models import DisclosureCategory
from danchu.disclosures.services import Content, Upload, disclosure_create_draft, disclosure_publish

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    buf = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Danh sách"
    wb.save(buf)
    return buf.getvalue()


def category(code: str) -> DisclosureCategory:
    return DisclosureCategory.objects.get(code=code)


CHANNELS = ["notice_commune", "notice_hamlet", "website"]


def content(**kw) -> Content:
    kw.setdefault("title", "Kế hoạch sử dụng đất năm 2026")
    kw.setdefault("body", "Ủy ban nhân dân xã công khai kế hoạch sử dụng đất.")
    kw.setdefault("channels", list(CHANNELS))
    return Content(**kw)


def published(user, unit, code="commune-11-3", files=None, **kw):
    d = disclosure_create_draft(user=user, unit=unit, category=category(code), content=content(**kw), files=files)
    return disclosure_publish(user=user, disclosure=d).disclosure


def pdf_upload(name="ke-hoach.pdf") -> Upload:
    return Upload(name=name, content=PDF)
