"""What a PDF really shows: for every font embedded in it, the characters written in that font and
those the embedded font program has no glyph for (a reader draws them as empty boxes).

Read from the PDF itself: each font's ToUnicode map gives the character behind each code, and the
embedded TrueType program (FontFile2, opened with fontTools) says which glyph that code draws; a code
the program maps to no glyph, or to .notdef, is a missing letter.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict

from fontTools.ttLib import TTFont
from pypdf import PdfReader

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def _to_unicode(font) -> dict[int, str]:
    data = font["/ToUnicode"].get_object().get_data()
    out = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in _BFCHAR.findall(block):
            out[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, start in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int(start, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(first + i)
    return out


def embedded_glyphs(data: bytes) -> tuple[dict[str, str], dict[str, set[str]]]:
    """(the text drawn in each face, the characters of it that face's embedded program cannot draw).
    The face is the embedded font's name without its subset prefix ("LiberationSerif-Italic").
    reportlab writes a character its font lacks as code 0 (.notdef), read back as U+0000: that is
    reported as "\\x00" since the letter itself is lost in the file."""
    drawn: dict[str, list[str]] = defaultdict(list)
    missing: dict[str, set[str]] = defaultdict(set)
    for page in PdfReader(io.BytesIO(data)).pages:
        by_font: dict[int, list[str]] = defaultdict(list)
        fonts: dict[int, object] = {}

        def visit(text, cm, tm, font, size, by_font=by_font, fonts=fonts):
            if font is not None and text.strip():
                key = id(font.get_object())
                fonts[key] = font.get_object()
                by_font[key].append(text)

        page.extract_text(visitor_text=visit)
        for key, texts in by_font.items():
            font = fonts[key]
            face = _face(font)
            text = "".join(texts)
            drawn[face].append(text)
            descriptor = font.get("/FontDescriptor")
            program = descriptor.get_object().get("/FontFile2") if descriptor is not None else None
            if program is None:  # a standard PDF font (Helvetica) has no Vietnamese letters
                missing[face] |= {c for c in text if c.strip()}
                continue
            tt = TTFont(io.BytesIO(program.get_object().get_data()))
            cmap: dict[int, str] = {}
            for table in tt["cmap"].tables:
                cmap.update(table.cmap)
            code_of = {char: code for code, char in _to_unicode(font).items()}
            for char in set(text):
                if not char.strip():
                    continue
                code = code_of.get(char)
                if char == "\x00" or code is None or cmap.get(code, ".notdef") == ".notdef":
                    missing[face].add(char)
    return {k: "".join(v) for k, v in drawn.items()}, {k: v for k, v in missing.items() if v}


def _face(font) -> str:
    return str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1]
