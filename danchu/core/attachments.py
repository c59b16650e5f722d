"""Checking an uploaded attachment: allowed type by content (magic bytes), not by name; size limit; SHA-256.

Shared by every area that takes documents (disclosures, the signed minutes of community decisions,
cases). Allowed: PDF, DOCX, XLSX and images (JPEG, PNG, WebP, GIF), or a narrower set a caller
names. The extension must agree with the content: a PDF renamed .docx, or an executable renamed
.pdf, is refused.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePath

import filetype
from django.conf import settings

from danchu.core.errors import DomainError


class Code(StrEnum):
    ATTACHMENT_TOO_LARGE = "attachment_too_large"
    ATTACHMENT_EMPTY = "attachment_empty"
    ATTACHMENT_TYPE = "attachment_type_not_allowed"
    ATTACHMENT_MISMATCH = "attachment_content_mismatch"

EXTENSIONS = {
    ".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx",
    ".jpg": "image", ".jpeg": "image", ".png": "image", ".webp": "image", ".gif": "image",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_IMAGE_MIMES = {"image/jpeg", "image/png", "image/webp", "image/gif"}


@dataclass(frozen=True)
class Upload:
    """A file as received (name as the sender gave it, raw bytes), before any check."""

    name: str
    content: bytes


@dataclass(frozen=True)
class CheckedFile:
    name: str
    kind: str
    content_type: str
    size: int
    sha256: str
    content: bytes


def _detect(content: bytes) -> tuple[str, str] | None:
    """(kind, content type) from the bytes themselves, or None."""
    if content[:4] == b"PK\x03\x04":
        try:
            names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx", CONTENT_TYPES["docx"]
        if "xl/workbook.xml" in names:
            return "xlsx", CONTENT_TYPES["xlsx"]
        return None
    guess = filetype.guess(content[:8192])
    if guess is None:
        return None
    if guess.mime == "application/pdf":
        return "pdf", guess.mime
    if guess.mime in _IMAGE_MIMES:
        return "image", guess.mime
    return None


_KIND_LABELS = {"pdf": "PDF", "docx": "DOCX", "xlsx": "XLSX", "image": "ảnh (JPG, PNG, WebP, GIF)"}


def _kinds_label(kinds: frozenset[str] | None) -> str:
    labels = [label for kind, label in _KIND_LABELS.items() if kinds is None or kind in kinds]
    return ", ".join(labels[:-1]) + " và " + labels[-1] if len(labels) > 1 else labels[0]


def check_upload(*, name: str, content: bytes, kinds: frozenset[str] | None = None) -> CheckedFile:
    """The checked file, or a DomainError naming what is wrong. `kinds` narrows the allowed types."""
    limit = settings.DANCHU_ATTACHMENT_MAX_BYTES
    clean_name = PurePath(name.replace("\\", "/")).name.strip()[:200] or "tep-dinh-kem"
    if len(content) > limit:
        raise DomainError(
            Code.ATTACHMENT_TOO_LARGE,
            f"Tệp “{clean_name}” quá lớn ({len(content) / 1048576:.1f} MB); tối đa {limit / 1048576:.0f} MB.",
            message_en=f"File {clean_name} is larger than the limit of {limit} bytes.", field="files",
        )
    if not content:
        raise DomainError(Code.ATTACHMENT_EMPTY, f"Tệp “{clean_name}” rỗng.", message_en="Empty file.", field="files")
    expected = EXTENSIONS.get(PurePath(clean_name).suffix.lower())
    if expected is None or (kinds is not None and expected not in kinds):
        raise DomainError(
            Code.ATTACHMENT_TYPE,
            f"Tệp “{clean_name}” không thuộc loại được phép. Chỉ nhận {_kinds_label(kinds)}.",
            message_en="File type not allowed.", field="files",
        )
    detected = _detect(content)
    if detected is None or detected[0] != expected:
        raise DomainError(
            Code.ATTACHMENT_MISMATCH,
            f"Nội dung tệp “{clean_name}” không khớp với phần mở rộng của tên tệp.",
            message_en="The file's content does not match its extension.", field="files",
        )
    return CheckedFile(name=clean_name, kind=detected[0], content_type=detected[1], size=len(content),
                       sha256=hashlib.sha256(content).hexdigest(), content=content)
