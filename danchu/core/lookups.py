"""`path__under=prefix`: "this unit and everything under it" on a materialized path, written the
way each database can answer from an index.

PostgreSQL: `LIKE 'prefix%'`, served by the `varchar_pattern_ops` index Django adds to indexed
CharFields. SQLite: its LIKE is case-insensitive and cannot use an ordinary index, so the same
subtree is asked as a range on the binary-collated column: every path starting with "/37/" lies
in ["/37/", "/370") because "0" is the character right after "/" — and paths always end in "/".
"""

from django.db.models import CharField, Lookup


@CharField.register_lookup
class Under(Lookup):
    lookup_name = "under"
    prepare_rhs = False

    def _prefix(self) -> str:
        prefix = self.rhs
        if not isinstance(prefix, str) or not prefix.endswith("/"):
            raise ValueError("path__under takes a materialized path ending in '/'")
        return prefix

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        prefix = self._prefix()
        upper = prefix[:-1] + chr(ord("/") + 1)
        return f"({lhs} >= %s AND {lhs} < %s)", [*lhs_params, prefix, *lhs_params, upper]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        escaped = self._prefix().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{lhs} LIKE %s", [*lhs_params, escaped + "%"]
