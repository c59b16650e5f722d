"""Vietnamese text helpers shared by every search: fold diacritics and case.

SQLite FTS5's remove_diacritics does not fold đ/Đ, and Unicode NFD does not decompose
đ either, so "dak lak" must be matched against a folded column that the service layer
maintains (`search_name`), with đ → d done here explicitly.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics, đ→d, collapse spaces: "Bình Lục" → "binh luc"."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D").replace("\u2019", "'").replace("\u2018", "'")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


def compact(text: str | None) -> str:
    """Folded and without spaces or punctuation: "Bình Lục" → "binhluc" (for codes typed carelessly)."""
    return re.sub(r"[^a-z0-9]", "", fold(text))
