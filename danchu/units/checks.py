"""`danchu check`: every unit's materialized path agrees with its parent.

Every scope check ("this unit and everything under it") reads `Unit.path`; a path that disagrees
with `parent` would let a grant reach the wrong subtree or miss its own. Services keep them
together and the admin cannot edit units; this check finds any row changed around them (a
hand-written UPDATE, a restored dump)."""

from django.core.checks import Error, register
from django.db import DatabaseError, connection
from django.db.models import F, Q, Value
from django.db.models.functions import Concat

CHECK_ID = "danchu.units.E001"


def inconsistent_units(limit: int = 20) -> list[tuple[str, str, str]]:
    """(code, stored path, path from the parent) of units whose path disagrees with their parent."""
    from .models import Unit

    expected = Concat(F("parent__path"), F("code"), Value("/"))
    rows = (Unit.objects.filter(Q(parent__isnull=False) & ~Q(path=expected)).annotate(expected=expected)
            .values_list("code", "path", "expected")[:limit])
    roots = (Unit.objects.filter(parent__isnull=True).exclude(path=Concat(Value("/"), F("code"), Value("/")))
             .annotate(expected=Concat(Value("/"), F("code"), Value("/"))).values_list("code", "path", "expected")[:limit])
    depth = (Unit.objects.filter(parent__isnull=False).exclude(depth=F("parent__depth") + 1)
             .annotate(expected=F("path")).values_list("code", "path", "expected")[:limit])
    return sorted({*rows, *roots, *depth})[:limit]


@register("danchu")
def unit_paths_consistent(app_configs=None, **kwargs):
    try:
        if "units_unit" not in connection.introspection.table_names():
            return []
        bad = inconsistent_units()
    except DatabaseError:
        return []  # no database yet (before migrate): nothing to check
    return [
        Error(f"Đường dẫn đơn vị {code} không khớp đơn vị cấp trên: đang là {path!r}, phải là {expected!r}. "
              f"(Unit {code}: path {path!r} does not match its parent; expected {expected!r}.)",
              hint="Sửa bằng dịch vụ của danchu (danchu units import) hoặc khôi phục bản sao lưu; "
                   "đừng sửa trực tiếp trong cơ sở dữ liệu. (Repair through danchu's services or a backup.)",
              id=CHECK_ID)
        for code, path, expected in bad
    ]
