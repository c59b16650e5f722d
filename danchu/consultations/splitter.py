"""Split a Vietnamese draft into the parts people comment on: a pure function, no database.

Vietnamese legal and planning drafts are laid out by headings everybody recognises:

    Phần thứ nhất / PHẦN I           part
    Chương I  (title on the same or the next line, usually in capitals)      chapter
    Mục 1     (idem)                                                         mục
    I. MỤC TIÊU, YÊU CẦU             roman-numbered heading of a plan (kế hoạch, đề án)
    Điều 1. Phạm vi điều chỉnh       article
    1. …  /  1.1. …                  clause (khoản) or numbered item
    a) …  đ) …                       point (điểm)

Every heading opens a section; the lines up to the next heading are its text. Text before the first
heading (the title, the preamble "Căn cứ …") is a preamble section. Bullets ("- ", "+ ") stay in the
text of the section they belong to. "Điều 5 của Luật…" inside a sentence is not a heading: an article
heading needs the dot or colon after its number.

`split_draft(text)` returns `Part`s in document order, each with its reference in the usual legal form
("điểm a khoản 2 Điều 5") so that the synthesis report can cite it. The official can edit the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ROMAN = r"[IVXLCDM]+"
_WORD_ORDINALS = r"(?:thứ\s+)?(?:nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười)"

PART_RE = re.compile(rf"^(?:PHẦN|Phần)\s+({_WORD_ORDINALS}|THỨ\s+\S+|{_ROMAN}|\d+)\b\s*[.:\-–]?\s*(.*)$", re.IGNORECASE)
CHAPTER_RE = re.compile(rf"^(?:CHƯƠNG|Chương)\s+({_ROMAN}|\d+)\b\s*[.:\-–]?\s*(.*)$")
MUC_RE = re.compile(rf"^(?:MỤC|Mục)\s+(\d+|{_ROMAN})\b\s*[.:\-–]?\s*(.*)$")
ARTICLE_RE = re.compile(r"^Điều\s+(\d{1,3}[a-z]?)\s*[.:]\s*(.*)$")
ROMAN_RE = re.compile(rf"^({_ROMAN})\s*[.:]\s+(\S.*)$")
CLAUSE_RE = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,3})\s*[.)]\s+(\S.*)$")
CLAUSE_BARE_RE = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){1,3})\s+(\S.*)$")  # "1.1 Nội dung" without a final dot
POINT_RE = re.compile(r"^([a-zđ])\)\s*(\S.*)$")

KINDS = ("preamble", "part", "chapter", "muc", "roman", "article", "clause", "point")
DEPTH = {"preamble": 0, "part": 0, "chapter": 1, "muc": 2, "roman": 2, "article": 3, "clause": 4, "point": 5}
KIND_LABELS = {
    "preamble": "Phần mở đầu", "part": "Phần", "chapter": "Chương", "muc": "Mục", "roman": "Mục",
    "article": "Điều", "clause": "Khoản", "point": "Điểm",
}


@dataclass
class Part:
    kind: str
    number: str = ""
    heading: str = ""
    text: str = ""
    ref: str = ""  # "điểm a khoản 2 Điều 5", "Chương II", "Mục I", "Phần mở đầu"
    _lines: list[str] = field(default_factory=list, repr=False)

    @property
    def depth(self) -> int:
        return DEPTH[self.kind]

    @property
    def label(self) -> str:
        """How a reader names it: "Điều 5. Quyền của người dân", "Khoản 2", "Chương II — QUY ĐỊNH CHUNG"."""
        if self.kind == "preamble":
            return self.heading or KIND_LABELS["preamble"]
        if self.kind == "roman":
            return f"{self.number}. {self.heading}".strip()
        if self.kind == "clause":
            return f"{self.number}."
        if self.kind == "point":
            return f"{self.number})"
        base = f"{KIND_LABELS[self.kind]} {self.number}"
        if self.kind == "article":
            return f"{base}. {self.heading}".strip(". ") if self.heading else base
        return f"{base} — {self.heading}" if self.heading else base


def _is_title_line(line: str) -> bool:
    """A chapter or mục title written on its own line: mostly capitals, no final full stop."""
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters) and not line.endswith(".")


def _normalise(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\t", " ")
    return [re.sub(r"[ \u2000-\u200b]+", " ", line).strip() for line in text.split("\n")]


def split_draft(text: str) -> list[Part]:
    """The draft's sections in order. Empty input gives an empty list."""
    parts: list[Part] = []
    current: Part | None = None
    want_title: Part | None = None  # a chapter / mục / part whose title may come on the next line

    def start(kind: str, number: str, rest: str) -> Part:
        nonlocal current
        p = Part(kind=kind, number=number)
        if kind in ("article", "roman", "part", "chapter", "muc"):
            p.heading = rest
        else:
            p._lines.append(rest)
        parts.append(p)
        current = p
        return p

    for line in _normalise(text):
        if not line:
            if current is not None and current._lines and current._lines[-1] != "":
                current._lines.append("")
            continue
        if want_title is not None:
            cand = want_title
            want_title = None
            if not cand.heading and _is_title_line(line) and not ARTICLE_RE.match(line) and not CHAPTER_RE.match(line):
                cand.heading = line
                continue
        m = PART_RE.match(line)
        if m and (m.group(2) == "" or _is_title_line(m.group(2)) or line.isupper()):
            p = start("part", m.group(1), m.group(2))
            want_title = p
            continue
        m = CHAPTER_RE.match(line)
        if m:
            p = start("chapter", m.group(1).upper(), m.group(2))
            want_title = p
            continue
        m = MUC_RE.match(line)
        if m and (m.group(2) == "" or _is_title_line(m.group(2))):
            p = start("muc", m.group(1), m.group(2))
            want_title = p
            continue
        m = ARTICLE_RE.match(line)
        if m:
            start("article", m.group(1), m.group(2).strip())
            continue
        m = ROMAN_RE.match(line)
        if m and m.group(1) in _ROMANS:
            start("roman", m.group(1), m.group(2).strip())
            continue
        m = CLAUSE_RE.match(line) or CLAUSE_BARE_RE.match(line)
        if m:
            start("clause", m.group(1), m.group(2))
            continue
        m = POINT_RE.match(line)
        if m and (current is not None and current.kind in ("clause", "point", "article")):
            start("point", m.group(1), m.group(2))
            continue
        if current is None:
            current = Part(kind="preamble")
            parts.append(current)
        current._lines.append(line)
    # references ("điểm a khoản 2 Điều 5") from the enclosing article / roman heading / clause, and texts
    ctx: dict[str, str] = {}
    for p in parts:
        if p.kind in ("part", "chapter", "muc"):
            ctx = {}
        elif p.kind == "article":
            ctx = {"article": p.number}
        elif p.kind == "roman":
            ctx = {"roman": p.number}
        elif p.kind == "clause":
            ctx = {k: v for k, v in ctx.items() if k in ("article", "roman")} | {"clause": p.number}
        elif p.kind == "point":
            ctx = {k: v for k, v in ctx.items() if k != "point"} | {"point": p.number}
        _set_ref(p, ctx)
        while p._lines and p._lines[-1] == "":
            p._lines.pop()
        p.text = "\n".join(p._lines).strip()
        p._lines = []
    return parts


_ROMANS = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
           "XVII", "XVIII", "XIX", "XX"}


def _set_ref(p: Part, ctx: dict[str, str]) -> None:
    if p.kind == "preamble":
        p.ref = KIND_LABELS["preamble"]
    elif p.kind in ("part", "chapter", "muc"):
        p.ref = f"{KIND_LABELS[p.kind]} {p.number}"
    elif p.kind == "article":
        p.ref = f"Điều {p.number}"
    elif p.kind == "roman":
        p.ref = f"Mục {p.number}"
    else:
        bits = []
        if p.kind == "point":
            bits.append(f"điểm {p.number}")
        if ctx.get("clause"):
            # "khoản 2 Điều 5", "khoản 2 Mục I" (a plan's items under a roman heading); a bare list: "mục 2".
            bits.append(f"khoản {ctx['clause']}" if ctx.get("article") or ctx.get("roman") else f"mục {ctx['clause']}")
        if ctx.get("article"):
            bits.append(f"Điều {ctx['article']}")
        elif ctx.get("roman"):
            bits.append(f"Mục {ctx['roman']}")
        ref = " ".join(bits)
        p.ref = ref[:1].upper() + ref[1:] if ref else p.label
