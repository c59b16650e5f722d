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


_NON_WORD = re.compile(r"[^a-z0-9]+")


def search_words(text: str | None, *, distinct: bool = False) -> str:
    """Folded words, punctuation dropped, one space between and one around:
    "Kế hoạch (sửa), 2026" → " ke hoach sua 2026 ". A query word then matches a whole word (a
    Vietnamese syllable) — `LIKE '% word %'` on every database, `to_tsquery('simple', 'word')` on
    PostgreSQL, the same rows either way: "ho ngheo" finds "hộ nghèo" but not "thôn", "chợ" or
    "hoạch". Whole words, not prefixes: a prefix such as "su" would match most of a million
    documents (sự, sửa, sung, sức...) and no index answers that quickly."""
    words = _NON_WORD.sub(" ", fold(text)).split()
    if distinct:
        # Each word once, where it first appears: the same matches, a shorter column to read (a
        # long text repeats its common syllables many times over).
        words = list(dict.fromkeys(words))
    return f" {' '.join(words)} " if words else ""


def query_words(q: str | None, *, limit: int = 12) -> list[str]:
    """The words of a search box, as `search_words` stores them."""
    return search_words((q or "")[:200]).split()[:limit]


def compact(text: str | None) -> str:
    """Folded and without spaces or punctuation: "Bình Lục" → "binhluc" (for codes typed carelessly)."""
    return re.sub(r"[^a-z0-9]", "", fold(text))
