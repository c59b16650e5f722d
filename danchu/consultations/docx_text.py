"""The text of an uploaded DOCX draft, read safely.

The upload is checked by content (core.attachments: a ZIP holding word/document.xml, extension and
size); the XML parts are parsed with defusedxml (no DTD, no entity expansion: a "billion laughs" file
is refused), each part's uncompressed size is bounded (a ZIP bomb is refused before it is inflated).
Word's automatic numbering (numbering.xml: "Điều %1.", "%1.", "%1)") is rebuilt into the text, since
drafts often number their articles, clauses and points that way and the splitter needs the numbers.
Anything that cannot be read is one clear Vietnamese DomainError.
"""

from __future__ import annotations

import io
import zipfile

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from danchu.core.attachments import check_upload
from danchu.core.errors import DomainError

from .errors import Code

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_PART_BYTES = 30 * 1024 * 1024


def _unreadable(name: str, why: str = "") -> DomainError:
    return DomainError(Code.DOCX_UNREADABLE,
                       f"Không đọc được tệp “{name}”: tệp DOCX bị hỏng hoặc không đúng định dạng Word."
                       + (f" ({why})" if why else "") + " Hãy lưu lại bằng Word (.docx) hoặc dán nội dung dự thảo.",
                       message_en="The DOCX file cannot be read.", field="file")


def _part(z: zipfile.ZipFile, name: str, label: str):
    try:
        info = z.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise _unreadable(label, "nội dung giải nén quá lớn")
    with z.open(info) as fh:
        data = fh.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise _unreadable(label, "nội dung giải nén quá lớn")
    return SafeET.fromstring(data, forbid_dtd=True)


_ROMAN_VALUES = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                 (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
_VI_LETTERS = "abcdđeghiklmnopqrstuvxy"


def _roman(n: int) -> str:
    out = ""
    for value, sym in _ROMAN_VALUES:
        while n >= value:
            out += sym
            n -= value
    return out


def _fmt(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("lowerLetter", "upperLetter"):
        # Vietnamese drafts letter their points a, b, c, d, đ, e, g… (Word itself counts a–z).
        s = _VI_LETTERS[(n - 1) % len(_VI_LETTERS)]
        return s.upper() if fmt == "upperLetter" else s
    if fmt == "bullet":
        return "-"
    return str(n)


class _Numbering:
    def __init__(self, root):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.num_to_abstract: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for a in root.findall(f"{W}abstractNum"):
            aid = a.get(f"{W}abstractNumId")
            lv = {}
            for lvl in a.findall(f"{W}lvl"):
                ilvl = int(lvl.get(f"{W}ilvl", "0"))
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                lv[ilvl] = (fmt.get(f"{W}val") if fmt is not None else "decimal",
                            text.get(f"{W}val") if text is not None else f"%{ilvl + 1}.",
                            int(start.get(f"{W}val")) if start is not None else 1)
            abstract[aid] = lv
        for n in root.findall(f"{W}num"):
            ref = n.find(f"{W}abstractNumId")
            if ref is not None:
                self.num_to_abstract[n.get(f"{W}numId")] = ref.get(f"{W}val")
        self.abstract = abstract

    def label(self, num_id: str, ilvl: int) -> str:
        aid = self.num_to_abstract.get(num_id)
        levels = getattr(self, "abstract", {}).get(aid or "", {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(aid, {})
        fmt, text, start = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        out = text
        for k in range(ilvl + 1):
            if f"%{k + 1}" in out:
                value = counters.get(k, levels.get(k, ("decimal", "", 1))[2])
                out = out.replace(f"%{k + 1}", _fmt(value, levels.get(k, ("decimal",))[0]))
        return out


def _paragraph_text(p) -> str:
    bits = []
    for node in p.iter():
        if node.tag == f"{W}t":
            bits.append(node.text or "")
        elif node.tag == f"{W}tab":
            bits.append(" ")
        elif node.tag in (f"{W}br", f"{W}cr"):
            bits.append("\n")
    return "".join(bits)


def docx_text(*, name: str, content: bytes) -> str:
    """The draft's paragraphs as lines (tables row by row), automatic numbers written out."""
    checked = check_upload(name=name, content=content, kinds=frozenset({"docx"}))
    try:
        z = zipfile.ZipFile(io.BytesIO(content))
        body = _part(z, "word/document.xml", checked.name)
        numbering = _Numbering(_part(z, "word/numbering.xml", checked.name))
    except DomainError:
        raise
    except (zipfile.BadZipFile, SafeET.ParseError, DefusedXmlException, ValueError, OSError, EOFError,
            NotImplementedError, RuntimeError) as exc:
        raise _unreadable(checked.name) from exc
    if body is None:
        raise _unreadable(checked.name)
    lines: list[str] = []
    for p in body.iter(f"{W}p"):
        text = _paragraph_text(p)
        num = p.find(f"{W}pPr/{W}numPr")
        if num is not None:
            num_id = num.find(f"{W}numId")
            ilvl = num.find(f"{W}ilvl")
            if num_id is not None and num_id.get(f"{W}val") not in (None, "0"):
                label = numbering.label(num_id.get(f"{W}val"), int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0)
                if label:
                    text = f"{label} {text}"
        lines.append(text)
    text = "\n".join(lines).strip()
    if not text:
        raise DomainError(Code.DRAFT_EMPTY, f"Tệp “{checked.name}” không có nội dung chữ để lấy ý kiến.",
                          message_en="The DOCX file has no text.", field="file")
    return text
