"""Matrix cases (core/tests/matrix.py): valid arguments for each declared oversight service and selector.

Records are made through the services, by the people the law gives them to: the commune Front sets up
the commune's People's Inspection Board and the investment supervision board (Arts. 40(2), 45(1)), an
organization's trade union its board (Art. 60); the boards inspect and supervise; the commune People's
Committee (the organization's head) answers. An organization's variant acts on the organization: the
matrix then also refuses the commune's officer and chair (404) and another organization's head.
"""

import datetime as dt

from django.utils import timezone

from danchu.core.roles import Role
from danchu.core.tests.matrix import case, variant
from danchu.oversight import selectors, services  # noqa: F401 — the selectors' declarations register on import
from danchu.oversight.models import AddresseeKind, BoardKind, Position, Seat

D = dt.timedelta
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _today() -> dt.date:
    return timezone.localdate()


def _start() -> dt.date:
    return _today() - D(days=30)


def _once(w, key, make):
    if key not in w.extra:
        w.extra[key] = make()
    return w.extra[key]


def _front(w):
    return _once(w, "front", lambda: w.fresh_user(Role.FRONT_OFFICER, w.a))


def _union(w, org):
    return _once(w, f"union{org.pk}", lambda: w.fresh_user(Role.UNION_REP, org))


def _inspector(w, org=None):
    where = org or w.a
    return _once(w, f"inspector{where._meta.model_name}{where.pk}", lambda: w.fresh_user(Role.INSPECTION_BOARD, where))


def _supervisor(w):
    return _once(w, "supervisor", lambda: w.fresh_user(Role.INVESTMENT_SUPERVISOR, w.a))


# --- boards ----------------------------------------------------------------------------------------------


def commune_board(w, *, members=True):
    def make():
        front, start = _front(w), _start()
        board = services.board_create(actor=front, kind=BoardKind.INSPECTION, unit=w.a, term_start=start,
                                      established_on=start)
        if members:
            for i, h in enumerate((w.a1, w.a2)):
                services.member_add(actor=front, board=board, full_name=f"Thành viên thôn {i}", seat=Seat.HAMLET,
                                    hamlet=h, elected_on=start, position=Position.HEAD if i == 0 else Position.MEMBER)
        return board

    return _once(w, f"commune_board{members}", make)


def org_board(w, org=None, *, members=True):
    org = org or w.org

    def make():
        union, start = _union(w, org), _start()
        board = services.board_create(actor=union, kind=BoardKind.INSPECTION, unit=org.unit, organization=org,
                                      term_start=start, established_on=start)
        if members:
            for i in range(3):
                services.member_add(actor=union, board=board, full_name=f"Người lao động {i}", seat=Seat.STAFF,
                                    elected_on=start, position=Position.HEAD if i == 0 else Position.MEMBER)
        return board

    return _once(w, f"org_board{org.pk}{members}", make)


def project(w):
    return _once(w, "project", lambda: services.project_create(
        actor=_front(w), unit=w.a, name="Đường bê tông Thôn Một", investor="UBND xã An Bình", budget_vnd=900_000_000,
        location="Thôn Một", starts_on=_today() - D(days=60), ends_on=_today() + D(days=60), hamlets=[w.a1]))


def investment_board(w, *, members=True):
    def make():
        p, front = project(w), _front(w)
        board = services.board_create(actor=front, kind=BoardKind.INVESTMENT, unit=w.a, project=p,
                                      term_start=p.starts_on, established_on=p.starts_on)
        if members:
            for seat, name, hamlet, position in ((Seat.FRONT, "Đại diện MTTQ", None, Position.HEAD),
                                                 (Seat.INSPECTION_BOARD, "Đại diện Ban TTND", None, Position.MEMBER),
                                                 (Seat.RESIDENT, "Người dân Thôn Một", w.a1, Position.MEMBER)):
                services.member_add(actor=front, board=board, full_name=name, seat=seat, hamlet=hamlet,
                                    elected_on=p.starts_on, position=position, no_conflict_declared=True)
        return board

    return _once(w, f"investment_board{members}", make)


# --- inspections, supervisions, criticism -------------------------------------------------------------------


def inspection(w, org=None, *, held=True):
    def make():
        board = org_board(w, org) if org is not None else commune_board(w)
        who = _inspector(w, org)
        ins = services.inspection_create(
            actor=who, board=board, subject="Thu, chi quỹ xây dựng nhà văn hóa", inspected_body="Bộ phận kế toán",
            period_from=_today() - D(days=100), period_to=_today() - D(days=10), starts_on=_today() - D(days=5),
            ends_on=_today() - D(days=3), team=list(board.members.all())[:1], notified_on=_today() - D(days=20))
        if held:
            services.inspection_record_findings(actor=who, inspection=ins, findings="Thiếu 2 chứng từ chi.",
                                                held_on=_today() - D(days=3))
        return ins

    return _once(w, f"inspection{getattr(org, 'pk', None)}{held}", make)


def visit(w, *, held=True):
    def make():
        board = investment_board(w)
        v = services.supervision_create(actor=_supervisor(w), kind="investment", board=board, subject="Chất lượng mặt đường",
                                        supervised_body="", starts_on=_today() - D(days=5), ends_on=_today() - D(days=4),
                                        team=list(board.members.all())[:2])
        if held:
            services.supervision_record_findings(actor=_supervisor(w), supervision=v, findings="", quality="Đạt mác bê tông",
                                                 held_on=_today() - D(days=4))
        return v

    return _once(w, f"visit{held}", make)


def front_supervision(w, *, held=True):
    def make():
        s = services.supervision_create(actor=_front(w), kind="front", unit=w.a, conducted_by="women",
                                        subject="Chính sách hỗ trợ hộ nghèo", supervised_body="UBND xã",
                                        team_text="Hội LHPN xã, MTTQ xã", starts_on=_today() - D(days=10),
                                        ends_on=_today() - D(days=9))
        if held:
            services.supervision_record_findings(actor=_front(w), supervision=s, findings="Danh sách chưa niêm yết đủ.",
                                                 held_on=_today() - D(days=9))
        return s

    return _once(w, f"front_supervision{held}", make)


def criticism(w, *, sent=False):
    def make():
        c = services.criticism_create(actor=_front(w), unit=w.a, draft_title="Dự thảo Đề án nông thôn mới",
                                      drafting_body="UBND xã", draft_received_on=_today() - D(days=20),
                                      held_on=_today() - D(days=5), participants="MTTQ xã, các đoàn thể")
        if sent:
            services.criticism_send_document(actor=_front(w), criticism=c, document="Văn bản phản biện số 05/PB-MTTQ",
                                             sent_on=_today() - D(days=4))
        return c

    return _once(w, f"criticism{sent}", make)


# --- recommendations ----------------------------------------------------------------------------------------

SOURCES = ("commune", "organization", "investment", "front")


def _source(w, kind):
    """(the source, who made it, the addressee kind, who answers)"""
    if kind == "commune":
        return inspection(w), _inspector(w), AddresseeKind.COMMUNE_PC, w.officer_a
    if kind == "organization":
        return inspection(w, w.org), _inspector(w, w.org), AddresseeKind.ORG_HEAD, w.head_org
    if kind == "investment":
        return visit(w), _supervisor(w), AddresseeKind.INVESTOR, w.officer_a
    return front_supervision(w), _front(w), AddresseeKind.COMMUNE_PC, w.officer_a


def recommendation(w, kind="commune", *, answered=False):
    def make():
        source, by, addressee_kind, answerer = _source(w, kind)
        rec = services.recommendation_make(actor=by, source=source, content="Bổ sung chứng từ và công khai quyết toán.",
                                           addressee_kind=addressee_kind, addressee="Cơ quan nhận kiến nghị",
                                           sent_on=source.held_on, due_on=source.held_on + D(days=10))
        if answered:
            rec = services.recommendation_answer(actor=answerer, recommendation=rec, answer="Tiếp thu.", position="accepted")
        return rec

    return _once(w, f"rec{kind}{answered}", make)


def _where(w, kind):
    return w.org if kind == "organization" else w.a


# --- services ---------------------------------------------------------------------------------------------


@case("oversight.board_create")
def board_create(w):
    start, p = _start(), project(w)
    return [
        variant(w.a, label="commune board", kind=BoardKind.INSPECTION, unit=w.a, term_start=start, established_on=start),
        variant(w.org, label="organization board", kind=BoardKind.INSPECTION, unit=w.a, organization=w.org,
                term_start=start, established_on=start),
        variant(w.a, label="investment board", kind=BoardKind.INVESTMENT, unit=w.a, project=p, term_start=p.starts_on,
                established_on=p.starts_on),
    ]


@case("oversight.member_add")
def member_add(w):
    cb, ob, ib = commune_board(w, members=False), org_board(w, members=False), investment_board(w, members=False)
    return [
        variant(w.a, label="commune board", board=cb, full_name="Trần Văn Một", seat=Seat.HAMLET, hamlet=w.a1,
                elected_on=cb.term_start),
        variant(w.org, label="organization board", board=ob, full_name="Lê Thị Hai", seat=Seat.STAFF,
                elected_on=ob.term_start),
        variant(w.a, label="investment board", board=ib, full_name="Đại diện MTTQ", seat=Seat.FRONT,
                elected_on=ib.term_start, no_conflict_declared=True),
    ]


@case("oversight.member_end")
def member_end(w):
    return [variant(w.a, label="commune board", member=commune_board(w).members.first(), ended_on=_today(),
                    reason="Chuyển nơi ở"),
            variant(w.org, label="organization board", member=org_board(w).members.first(), ended_on=_today(),
                    reason="Nghỉ việc")]


@case("oversight.plan_add")
def plan_add(w):
    kw = {"year": _today().year, "period": "year", "content": "Kế hoạch kiểm tra năm", "adopted_on": _today()}
    return [variant(w.a, label="commune board", board=commune_board(w), **kw),
            variant(w.org, label="organization board", board=org_board(w), **kw),
            variant(w.a, label="investment board", board=investment_board(w), **kw)]


def _inspection_kw(board) -> dict:
    return {"board": board, "subject": "Quỹ vì người nghèo", "inspected_body": "UBND xã",
            "period_from": _today() - D(days=90), "period_to": _today() - D(days=2), "starts_on": _today() - D(days=2),
            "ends_on": _today() - D(days=1), "team": list(board.members.all())[:1]}


@case("oversight.inspection_create")
def inspection_create(w):
    return [variant(w.a, label="commune board", **_inspection_kw(commune_board(w))),
            variant(w.org, label="organization board", **_inspection_kw(org_board(w)))]


@case("oversight.inspection_record_findings")
def inspection_record_findings(w):
    kw = {"findings": "Chi đúng mục đích.", "held_on": _today() - D(days=3)}
    return [variant(w.a, label="commune", inspection=inspection(w, held=False), **kw),
            variant(w.org, label="organization", inspection=inspection(w, w.org, held=False), **kw)]


@case("oversight.project_create")
def project_create(w):
    return variant(w.a, unit=w.a, name="Nhà văn hóa Thôn Hai", investor="UBND xã", budget_vnd=500_000_000,
                   location="Thôn Hai", starts_on=_today(), ends_on=_today() + D(days=90), hamlets=[w.a2],
                   funding=[("commune", 300_000_000, ""), ("people", 200_000_000, "Nhân dân đóng góp")])


@case("oversight.supervision_create")
def supervision_create(w):
    board = investment_board(w)
    return [
        variant(w.a, label="investment board's visit", kind="investment", board=board, subject="Tiến độ thi công",
                supervised_body="", starts_on=_today() - D(days=2), ends_on=_today() - D(days=1),
                team=list(board.members.all())[:2]),
        variant(w.a, label="Front supervision", kind="front", unit=w.a, conducted_by="farmers",
                subject="Hỗ trợ giống lúa", supervised_body="UBND xã", team_text="Hội Nông dân xã",
                starts_on=_today(), ends_on=_today()),
    ]


@case("oversight.supervision_record_findings")
def supervision_record_findings(w):
    return [variant(w.a, label="investment", supervision=visit(w, held=False), findings="", progress="Chậm 10 ngày",
                    held_on=_today() - D(days=4)),
            variant(w.a, label="Front", supervision=front_supervision(w, held=False), findings="Đã niêm yết.",
                    held_on=_today() - D(days=9))]


@case("oversight.criticism_create")
def criticism_create(w):
    return variant(w.a, unit=w.a, draft_title="Dự thảo quy hoạch chung xã", drafting_body="UBND xã",
                   draft_received_on=_today() - D(days=3), held_on=_today(), participants="MTTQ, đoàn thể")


@case("oversight.criticism_add_opinion")
def criticism_add_opinion(w):
    return variant(w.a, criticism=criticism(w), speaker="Hội Nông dân", text="Làm rõ nguồn vốn đối ứng.")


@case("oversight.criticism_send_document")
def criticism_send_document(w):
    return variant(w.a, criticism=criticism(w), document="Văn bản phản biện", sent_on=_today() - D(days=4))


@case("oversight.criticism_record_answer")
def criticism_record_answer(w):
    return variant(w.a, criticism=criticism(w, sent=True), answer="Tiếp thu", position="accepted", answered_on=_today())


@case("oversight.document_add")
def document_add(w):
    kw = {"title": "Biên bản", "name": "bien-ban.pdf", "content": PDF}
    return [variant(w.a, label="commune inspection", owner=inspection(w), **kw),
            variant(w.org, label="organization's inspection", owner=inspection(w, w.org), **kw),
            variant(w.a, label="investment visit", owner=visit(w), **kw),
            variant(w.a, label="Front supervision", owner=front_supervision(w), **kw),
            variant(w.a, label="social criticism", owner=criticism(w), **kw),
            variant(w.a, label="commune recommendation", owner=recommendation(w), **kw),
            variant(w.org, label="organization's recommendation", owner=recommendation(w, "organization"), **kw)]


@case("oversight.recommendation_make")
def recommendation_make(w):
    out = []
    for kind in SOURCES:
        source, _, addressee_kind, _ = _source(w, kind)
        out.append(variant(_where(w, kind), label=kind, source=source, content="Công khai quỹ", addressee_kind=addressee_kind,
                           addressee="Cơ quan nhận", sent_on=source.held_on, due_on=source.held_on + D(days=10)))
    return out


@case("oversight.recommendation_answer")
def recommendation_answer(w):
    return [variant(_where(w, kind), label=kind, recommendation=recommendation(w, kind), answer="Tiếp thu",
                    position="accepted") for kind in SOURCES]


@case("oversight.recommendation_follow_up")
def recommendation_follow_up(w):
    return [variant(_where(w, kind), label=kind, recommendation=recommendation(w, kind), note="Đã xem bản niêm yết.")
            for kind in SOURCES]


@case("oversight.recommendation_close")
def recommendation_close(w):
    return [variant(_where(w, kind), label=kind, recommendation=recommendation(w, kind, answered=True), outcome="done")
            for kind in SOURCES]


# --- selectors of what is not public ---------------------------------------------------------------------


@case("oversight.board_get")
def board_get(w):
    return [variant(w.a, label="commune board", pk=commune_board(w).pk),
            variant(w.org, label="organization board", pk=org_board(w).pk),
            variant(w.a, label="investment board", pk=investment_board(w).pk)]


@case("oversight.member_get")
def member_get(w):
    return [variant(w.a, label="commune board", pk=commune_board(w).members.first().pk),
            variant(w.org, label="organization board", pk=org_board(w).members.first().pk)]


@case("oversight.inspection_get")
def inspection_get(w):
    return [variant(w.a, label="commune", pk=inspection(w).pk),
            variant(w.org, label="organization", pk=inspection(w, w.org).pk)]


@case("oversight.supervision_get")
def supervision_get(w):
    return [variant(w.a, label="investment", pk=visit(w).pk), variant(w.a, label="Front", pk=front_supervision(w).pk)]


@case("oversight.project_get")
def project_get(w):
    return variant(w.a, pk=project(w).pk)


@case("oversight.criticism_get")
def criticism_get(w):
    return variant(w.a, pk=criticism(w).pk)


@case("oversight.recommendation_get")
def recommendation_get(w):
    return [variant(w.a, label="commune", pk=recommendation(w).pk),
            variant(w.org, label="organization", pk=recommendation(w, "organization").pk)]


@case("oversight.document_get")
def document_get(w):
    def doc(owner, by):
        return services.document_add(actor=by, owner=owner, title="Biên bản", name="bien-ban.pdf", content=PDF).pk

    return [variant(w.a, label="commune inspection", pk=doc(inspection(w), _inspector(w))),
            variant(w.org, label="organization's inspection", pk=doc(inspection(w, w.org), _inspector(w, w.org))),
            variant(w.a, label="social criticism", pk=doc(criticism(w), _front(w)))]


def _unit_list(w):
    recommendation(w)
    recommendation(w, "organization")
    return variant(w.a, unit=w.a)


for _name in ("overview", "recommendations_for", "boards_for", "inspections_for", "projects_for", "supervisions_for",
              "criticisms_for"):
    case(f"oversight.{_name}")(_unit_list)


@case("oversight.organization_for")
def organization_for(w):
    return [variant(w.org, label="enterprise", pk=w.org.pk), variant(w.org2, label="agency", pk=w.org2.pk)]


@case("oversight.organization_overview")
def organization_overview(w):
    recommendation(w, "organization")
    return variant(w.org, organization=w.org)
