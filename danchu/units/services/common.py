from danchu.core.text import fold

from ..models import Unit


def unit_search_name(name: str, short_name: str, aliases: list[str] | tuple[str, ...] = ()) -> str:
    """The folded search column: "<short>|<full name>|<alias>…" (the exact-match rank keys on the first part)."""
    parts = [fold(short_name), fold(name), *(fold(a) for a in aliases if a)]
    seen: list[str] = []
    for p in parts:
        if p and p not in seen:
            seen.append(p)
    return "|".join(seen)[:400]


def child_path(parent: Unit | None, code: str) -> str:
    return (parent.path if parent else "/") + code + "/"
