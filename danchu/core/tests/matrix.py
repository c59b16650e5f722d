"""The permission matrix: every declared service, called as every kind of caller who must be refused.

Each app lists, in `<app>/tests/access_cases.py`, how to build valid arguments for each of its
declared services (`@case("app.function")`). The matrix test (test_access_matrix.py) then, for
every declaration in `core.access.REGISTRY`:

1. builds a small world (World below) and the service's arguments in it;
2. calls the service as each caller who must be refused — anonymous, a citizen without grants, the
   household representative of another hamlet, another commune's officer, someone of the same unit
   whose role lacks the action, a deactivated account and a revoked grant holding the right, and,
   for an organization's records, the commune's officer and chair and another organization's head —
   and asserts the refusal (404 outside the caller's scope, 403 inside it or on a public object) and
   that nothing changed: every table's rows (audit and transparency log included), stored files, and
   tasks enqueued;
3. calls it as a caller who holds the right, and asserts that it runs (so the arguments were valid
   and the refusals came from the check, not from bad input).

The expected answer is computed here, from the grants in the database and the unit tree walked
through `parent` — not from core.permissions' path prefixes — so a wrong rule there shows up.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from danchu.core.roles import ROLE_ACTIONS, ROLE_SCOPES, UNIT_REACHES_ORGANIZATION, Role

CASES: dict[str, Callable] = {}


def case(name: str):
    """Register the builder of a declared service's arguments: `builder(world) -> Variant | [Variant]`."""

    def decorate(builder):
        CASES[name] = builder
        return builder

    return decorate


@dataclass
class Variant:
    """One valid call: the arguments (without the caller), where it acts, and optionally who may make it."""

    where: Any  # a Unit or an Organization: the scope the call acts in
    kwargs: dict
    by: Any = None  # a user allowed to make this call (default: a fresh holder of a role with the action)
    label: str = ""


def variant(where, by=None, label: str = "", **kwargs) -> Variant:
    return Variant(where=where, kwargs=kwargs, by=by, label=label)


def load_cases() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("danchu."):
            continue
        try:
            importlib.import_module(f"{config.name}.tests.access_cases")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tests.access_cases":
                raise


# --- the world ------------------------------------------------------------------------------------


def _user(username: str, **kw):
    from danchu.accounts.tests.factories import UserFactory

    return UserFactory(username=username, full_name=f"Người thử {username}", **kw)


def _grant(user, role, unit=None, organization=None):
    from danchu.accounts.tests.factories import grant

    return grant(user, role, unit=unit, organization=organization)


@dataclass
class World:
    """province P ─┬─ commune A ─┬─ hamlet A1, hamlet A2; organizations org (enterprise), org2 (agency)
                   └─ commune B ─── hamlet B1"""

    p: Any
    a: Any
    b: Any
    a1: Any
    a2: Any
    b1: Any
    org: Any
    org2: Any
    officer_a: Any
    chair_a: Any
    officer_b: Any
    citizen: Any
    rep_a1: Any
    rep_a2: Any
    head_org: Any
    head_org2: Any
    extra: dict = field(default_factory=dict)
    _n: int = 0

    def fresh_user(self, role: str | None = None, where=None, **kw):
        """A new account, with `role` granted on `where` (a unit or an organization)."""
        self._n += 1
        user = _user(f"mx{self._n}", **kw)
        if role is not None:
            self.give(user, role, where)
        return user

    def give(self, user, role, where):
        from danchu.units.models import Organization

        if isinstance(where, Organization):
            return _grant(user, role, organization=where)
        return _grant(user, role, unit=where)


def build_world() -> World:
    from danchu.units.models import OrganizationKind
    from danchu.units.tests.factories import OrganizationFactory, commune, hamlet, province

    p = province(code="M01", name="Tỉnh Ma Trận")
    a = commune(p, code="M0A", name="Xã An Bình")
    b = commune(p, code="M0B", name="Xã Bình Minh")
    a1 = hamlet(a, code="M0A-01", name="Thôn Một")
    a2 = hamlet(a, code="M0A-02", name="Thôn Hai")
    b1 = hamlet(b, code="M0B-01", name="Thôn Ba")
    org = OrganizationFactory(unit=a, kind=OrganizationKind.ENTERPRISE, name="Công ty Ma Trận")
    org2 = OrganizationFactory(unit=a, kind=OrganizationKind.AGENCY, name="Trường Tiểu học An Bình")
    w = World(p=p, a=a, b=b, a1=a1, a2=a2, b1=b1, org=org, org2=org2,
              officer_a=_user("mx_officer_a"), chair_a=_user("mx_chair_a"), officer_b=_user("mx_officer_b"),
              citizen=_user("mx_citizen"), rep_a1=_user("mx_rep_a1"), rep_a2=_user("mx_rep_a2"),
              head_org=_user("mx_head_org"), head_org2=_user("mx_head_org2"))
    _grant(w.officer_a, Role.COMMUNE_OFFICER, unit=a)
    _grant(w.chair_a, Role.COMMUNE_CHAIR, unit=a)
    _grant(w.officer_b, Role.COMMUNE_OFFICER, unit=b)
    _grant(w.rep_a1, Role.HOUSEHOLD_REP, unit=a1)
    _grant(w.rep_a2, Role.HOUSEHOLD_REP, unit=a2)
    _grant(w.head_org, Role.ORG_HEAD, organization=org)
    _grant(w.head_org2, Role.ORG_HEAD, organization=org2)
    return w


# --- records a page or an API path names by id ----------------------------------------------------
#
# The service cases hand most records to their service, and the HTTP and page matrices
# (api/tests/test_access_matrix_http.py, test_access_matrix_pages.py) take their ids from there. Some
# records are named by a page or a path but never handed to a service as a record: a read given
# only an id, a stored file, an import's report, a finished export. Each is built here, in commune A,
# by the app's own service or test factory, once a world; an app may register its own with `record`
# in its tests/access_cases.py. A page or path naming a record found nowhere fails those matrices.

RECORDS: dict[str, Callable[[World], Any]] = {}


def record(label: str):
    """Register the builder of one record, `builder(world) -> instance`, under "app_label.model_name"."""

    def decorate(builder):
        RECORDS[label] = builder
        return builder

    return decorate


def records(w: World, app: str | None = None) -> dict[str, Any]:
    """{model_name: instance} of the records above (of `app` only, with `app`), built on first use."""
    built = w.extra.setdefault("records", {})
    for label, builder in RECORDS.items():
        if label not in built and (app is None or label.split(".", 1)[0] == app):
            with transaction.atomic():
                obj = builder(w)
            assert f"{obj._meta.app_label}.{obj._meta.model_name}" == label, (label, obj)
            built[label] = obj
    return {label.split(".", 1)[1]: obj for label, obj in built.items()
            if app is None or label.split(".", 1)[0] == app}


@record("units.household")
def _record_household(w):
    """A household of hamlet A1 with one resident (its page lists the residents)."""
    from danchu.units.tests.factories import HouseholdFactory, ResidentFactory

    household = HouseholdFactory(hamlet=w.a1, code="MX-H1")
    ResidentFactory(household=household)
    return household


@record("units.householdimport")
def _record_household_import(w):
    """An import of hamlet A1's register with one accepted and one rejected row (the rejections file)."""
    from danchu.units.services.households import households_import

    csv = ("Mã hộ,Họ và tên,Số CCCD,Đại diện hộ\n"
           "MX-H2,Nguyễn Văn Nhập,001080099902,x\n"
           "MX-H3,Trần Thị Lỗi,12,x\n").encode()
    return households_import(actor=w.officer_a, hamlet=w.a1, file_bytes=csv, filename="so-ho-ma-tran.csv")


@record("reports.reportexport")
def _record_report_export(w):
    """Commune A's report file, requested and then run as the worker runs it (finished: downloadable)."""
    from danchu.reports.models import ReportExport
    from danchu.reports.services import export_request, export_run

    e = export_request(user=w.officer_a, unit=w.a, period="2025", fmt="xlsx")
    export_run(export_id=e.pk)  # the task is enqueued on commit, which a test's transaction never reaches
    return ReportExport.objects.get(pk=e.pk)


@record("oversight.document")
def _record_oversight_document(w):
    """The minutes of an inspection by commune A's People's Inspection Board, filed by the board."""
    from danchu.oversight import services
    from danchu.oversight.tests.access_cases import PDF, _inspector, inspection

    return services.document_add(actor=_inspector(w), owner=inspection(w), title="Biên bản kiểm tra",
                                 name="bien-ban-kiem-tra.pdf", content=PDF)


@record("dialogues.receptionday")
def _record_reception_day(w):
    """A regular reception day of commune A's chair, held (visits can be recorded on it)."""
    import datetime as dt

    from danchu.dialogues import services
    from danchu.dialogues.models import LeaderRole

    day = services.reception_day_schedule(actor=w.officer_a, unit=w.a, leader_role=LeaderRole.COMMUNE_CHAIR,
                                          leader_name="Nguyễn Văn Chủ", day=timezone.localdate() - dt.timedelta(days=9),
                                          place="Trụ sở UBND xã")
    return services.reception_day_record(actor=w.officer_a, reception_day=day, outcome="held")


# --- the oracle: who is in scope, written without core.permissions --------------------------------


def _is_org(where) -> bool:
    return where._meta.model_name == "organization"


def _ancestors(unit) -> list:
    out = []
    while unit is not None:
        out.append(unit.pk)
        unit = unit.parent
    return out


def live_grants(user) -> list:
    from danchu.accounts.models import RoleGrant

    if user is None or not user.is_authenticated or not user.is_active:
        return []
    return list(RoleGrant.objects.filter(user_id=user.pk, revoked_at__isnull=True).select_related("unit", "organization"))


def reaches(grant, where, actions=()) -> bool:
    if _is_org(where):
        if grant.organization_id is not None:
            return grant.organization_id == where.pk
        return any(a in UNIT_REACHES_ORGANIZATION for a in actions) and grant.unit_id in _ancestors(where.unit)
    return grant.unit_id is not None and grant.unit_id in _ancestors(where)


def expected_refusal(user, where, *, public: bool) -> str:
    """'not_found' outside the caller's scope on a private object, else 'permission_denied'."""
    if public:
        return "permission_denied"
    in_scope = any(reaches(g, where) for g in live_grants(user))
    return "permission_denied" if in_scope else "not_found"


def _level(where) -> str:
    return "organization" if _is_org(where) else where.level


def role_with(actions, where) -> str | None:
    """A role that holds one of `actions` and may be granted where the call acts."""
    for role in Role:
        if role == Role.ADMIN:
            continue
        if _level(where) in ROLE_SCOPES[role] and set(actions) & set(ROLE_ACTIONS[role]):
            return role
    return None


_WITHOUT_PREFERENCE = [Role.FRONT_OFFICER, Role.INSPECTION_BOARD, Role.HAMLET_HEAD, Role.UNION_REP, Role.CITIZEN,
                       Role.STEERING_MEMBER, Role.COMMUNE_OFFICER, Role.INVESTMENT_SUPERVISOR, Role.ORG_HEAD,
                       Role.HOUSEHOLD_REP, Role.COMMUNE_CHAIR]


def roles_without(actions, where) -> list[str]:
    """Roles grantable where the call acts that hold none of `actions` (at most two, officials first)."""
    out = [r for r in _WITHOUT_PREFERENCE
           if _level(where) in ROLE_SCOPES[r] and not (set(actions) & set(ROLE_ACTIONS[r]))]
    return out[:2]


@dataclass
class Caller:
    label: str
    user: Any


def refused_callers(w: World, where, actions, allowed_role: str | None) -> list[Caller]:
    out = [Caller("anonymous", AnonymousUser()), Caller("citizen without grants", w.citizen)]
    other_hamlet = w.rep_a1 if getattr(where, "pk", None) == w.a2.pk and not _is_org(where) else w.rep_a2
    out.append(Caller("household representative of another hamlet", other_hamlet))
    out.append(Caller("another commune's officer", w.officer_b))
    holder_where = where
    for role in roles_without(actions, where):
        out.append(Caller(f"{role} of the same {_level(where)} (without the right)", w.fresh_user(role, where)))
    if allowed_role is not None:
        inactive = w.fresh_user(allowed_role, holder_where)
        inactive.is_active = False
        inactive.save(update_fields=["is_active"])
        out.append(Caller(f"deactivated {allowed_role}", inactive))
        revoked = w.fresh_user()
        g = w.give(revoked, allowed_role, holder_where)
        g.revoked_at = timezone.now()
        g.save(update_fields=["revoked_at"])
        out.append(Caller(f"revoked {allowed_role}", revoked))
    if _is_org(where):
        if not (set(actions) & set(UNIT_REACHES_ORGANIZATION)):
            out.append(Caller("commune officer on an organization", w.officer_a))
            out.append(Caller("commune chair on an organization", w.chair_a))
        other_head = w.head_org2 if where.pk == w.org.pk else w.head_org
        out.append(Caller("another organization's head", other_head))
    else:
        out.append(Caller("an organization's head", w.head_org2))
    return out


# --- "nothing changed" ----------------------------------------------------------------------------


def _tables() -> list[str]:
    return sorted(connection.introspection.table_names())


def _storage_files(path: str = "") -> list[tuple[str, int]]:
    try:
        dirs, files = default_storage.listdir(path)
    except (FileNotFoundError, NotADirectoryError, OSError):
        return []
    out = []
    for name in files:
        full = f"{path}/{name}" if path else name
        out.append((full, default_storage.size(full)))
    for d in dirs:
        out.extend(_storage_files(f"{path}/{d}" if path else d))
    return sorted(out)


class TaskCounter:
    def __init__(self):
        self.count = 0


def snapshot(tasks: TaskCounter) -> dict:
    state = {}
    with connection.cursor() as cur:
        for table in _tables():
            cur.execute(f'SELECT * FROM "{table}"')  # noqa: S608 — table names from introspection
            rows = sorted(repr(r) for r in cur.fetchall())
            state[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    state["__files__"] = tuple(_storage_files())
    state["__tasks__"] = tasks.count
    return state


def changes(before: dict, after: dict) -> list[str]:
    return [k for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]
