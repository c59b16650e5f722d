"""Demo records for `make demo`: the People's Inspection Board of the demo commune with one member per
hamlet, its plan, inspections with recommendations at every stage (closed, answered, overdue, waiting),
a road project under community investment supervision, Front supervisions and social-criticism
conferences. Everything goes through the services, acting as the seed's system account. Re-running adds
nothing when the commune already has a board."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from . import services
from .models import Board, BoardKind, Position, Seat

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Hữu", "Ngọc", "Quang"]
GIVEN = ["Hùng", "Lan", "Bình", "Hoa", "Tuấn", "Hương", "Dũng", "Mai", "Thắng", "Yến", "Sơn", "Hạnh"]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def seed_oversight_demo(*, commune, actor, rng: random.Random) -> dict:
    if Board.objects.filter(unit=commune).exists():
        return {"created": False}
    today = timezone.localdate()
    D = dt.timedelta  # noqa: N806
    hamlets = list(commune.children.filter(level="hamlet", valid_to__isnull=True).order_by("name"))
    start = today - D(days=420)
    board = services.board_create(actor=actor, kind=BoardKind.INSPECTION, unit=commune, term_start=start,
                                  established_on=start + D(days=5), decision_ref="12/QĐ-MTTQ")
    for i, h in enumerate(hamlets):
        services.member_add(actor=actor, board=board, full_name=_name(rng), seat=Seat.HAMLET, hamlet=h,
                            elected_on=start, position=Position.HEAD if i == 0 else Position.DEPUTY if i == 1 else Position.MEMBER)
    members = list(board.members.all())
    services.plan_add(actor=actor, board=board, year=today.year, period="year", adopted_on=today.replace(month=1, day=15)
                      if today.month > 1 else today, content=(
                          "Quý I: kiểm tra việc thu, chi quỹ đóng góp xây dựng đường giao thông nông thôn.\n"
                          "Quý II: giám sát việc bình xét hộ nghèo, hộ cận nghèo.\n"
                          "Quý III: kiểm tra việc giải quyết đơn thư của công dân.\n"
                          "Quý IV: giám sát việc thực hiện hương ước các thôn."))

    def inspection(subject, body, held_days_ago, findings):
        held = today - D(days=held_days_ago)
        ins = services.inspection_create(actor=actor, board=board, subject=subject, inspected_body=body,
                                         period_from=held - D(days=365), period_to=held - D(days=3),
                                         starts_on=held - D(days=2), ends_on=held, notified_on=held - D(days=14),
                                         team=rng.sample(members, k=min(3, len(members))))
        return services.inspection_record_findings(actor=actor, inspection=ins, findings=findings, held_on=held)

    pc = services.commune_pc_name(commune)
    i1 = inspection("Thu, chi quỹ đóng góp làm đường giao thông nông thôn năm trước", pc, 200,
                    "Thu đúng mức đã biểu quyết; 3 khoản chi thiếu hóa đơn, tổng 12.500.000 đồng; chưa niêm yết quyết toán.")
    r = services.recommendation_make(actor=actor, source=i1, content="Bổ sung chứng từ 3 khoản chi và niêm yết công khai "
                                     "quyết toán quỹ tại nhà văn hóa các thôn.", addressee_kind="commune_pc", addressee=pc,
                                     sent_on=i1.held_on, due_on=services.answer_deadline(i1.held_on))
    services.recommendation_answer(actor=actor, recommendation=r, answer="Tiếp thu; đã bổ sung chứng từ, niêm yết quyết toán "
                                   "từ ngày làm việc kế tiếp.", position="accepted", answered_on=i1.held_on + D(days=9))
    services.recommendation_follow_up(actor=actor, recommendation=r, note="Ban đã xem bản niêm yết tại 8 nhà văn hóa.",
                                      on=i1.held_on + D(days=20))
    services.recommendation_close(actor=actor, recommendation=r, outcome="done", closed_on=i1.held_on + D(days=21))

    i2 = inspection("Bình xét hộ nghèo, hộ cận nghèo", pc, 90,
                    "Hai thôn chưa họp bình xét công khai; danh sách niêm yết chưa đủ thời gian.")
    r = services.recommendation_make(actor=actor, source=i2, content="Tổ chức lại việc bình xét tại hai thôn, niêm yết danh "
                                     "sách đủ thời gian theo quy định.", addressee_kind="commune_pc", addressee=pc,
                                     sent_on=i2.held_on, due_on=services.answer_deadline(i2.held_on))
    services.recommendation_answer(actor=actor, recommendation=r, answer="Tiếp thu một phần: tổ chức lại ở một thôn; thôn còn "
                                   "lại đã họp nhưng thiếu biên bản, sẽ bổ sung.", position="partly",
                                   answered_on=i2.held_on + D(days=12))

    i3 = inspection("Giải quyết đơn kiến nghị về ô nhiễm từ trại chăn nuôi", pc, 40,
                    "Đơn của 12 hộ chưa được trả lời sau 30 ngày.")
    services.recommendation_make(actor=actor, source=i3, content="Trả lời bằng văn bản cho 12 hộ dân và kiểm tra trại chăn nuôi.",
                                 addressee_kind="commune_pc", addressee=pc, sent_on=i3.held_on,
                                 due_on=services.answer_deadline(i3.held_on))  # unanswered: overdue
    services.recommendations_sweep()

    # Community investment supervision of a road project with people's contributions.
    road_hamlets = hamlets[:2]
    project = services.project_create(
        actor=actor, unit=commune, name="Cứng hóa đường trục thôn " + (road_hamlets[0].name if road_hamlets else ""),
        kind="public", investor=pc, contractor="Công ty TNHH Xây dựng Thành Nam", budget_vnd=2_400_000_000,
        location="Đường trục thôn, dài 1,8 km", starts_on=today - D(days=150), ends_on=today + D(days=120),
        hamlets=road_hamlets, description="Mặt đường bê tông xi măng rộng 3,5 m, rãnh thoát nước hai bên.",
        funding=[("state", 1_500_000_000, "Chương trình mục tiêu quốc gia xây dựng nông thôn mới"),
                 ("commune", 500_000_000, ""), ("people", 400_000_000, "Nhân dân đóng góp theo kết quả biểu quyết")])
    ib = services.board_create(actor=actor, kind=BoardKind.INVESTMENT, unit=commune, project=project,
                               term_start=project.starts_on, established_on=project.starts_on)
    seats = [(Seat.FRONT, None, Position.HEAD), (Seat.INSPECTION_BOARD, None, Position.MEMBER)]
    seats += [(Seat.RESIDENT, road_hamlets[i % len(road_hamlets)] if road_hamlets else None,
               Position.DEPUTY if i == 0 else Position.MEMBER) for i in range(3)]
    for seat, hamlet, position in seats:
        services.member_add(actor=actor, board=ib, full_name=_name(rng), seat=seat, hamlet=hamlet, position=position,
                            elected_on=project.starts_on, no_conflict_declared=True)
    team = list(ib.members.all())[:3]
    v = services.supervision_create(actor=actor, kind="investment", board=ib, subject="Giám sát thi công mặt đường đoạn 1",
                                    supervised_body="", starts_on=today - D(days=30), ends_on=today - D(days=30), team=team)
    services.supervision_record_findings(
        actor=actor, supervision=v, findings="", held_on=today - D(days=30), report_on=today - D(days=28),
        quality="Bê tông đạt chiều dày thiết kế; một đoạn 40 m nứt chân chim.",
        progress="Chậm khoảng 15 ngày do mưa.", spending="Đã giải ngân 60% phần vốn nhân dân đóng góp; có sổ theo dõi.",
        environment="Vật liệu để tràn lề đường, gây bụi.")
    services.recommendation_make(actor=actor, source=v, content="Xử lý đoạn nứt, che chắn vật liệu, bổ sung biển báo thi công.",
                                 addressee_kind="investor", addressee=pc + " (chủ đầu tư)", sent_on=today - D(days=28),
                                 due_on=today + D(days=2))

    # Front supervision and social criticism (the seeds: "86 cuộc giám sát và 125 hội nghị phản biện xã hội").
    for by, subject, days in (("farmers", "Hỗ trợ giống lúa chất lượng cao cho hộ nông dân", 120),
                              ("front", "Thực hiện quy chế dân chủ trong công tác cải cách hành chính", 60)):
        s = services.supervision_create(actor=actor, kind="front", unit=commune, conducted_by=by, subject=subject,
                                        supervised_body=pc, team_text="Đại diện Ủy ban MTTQ xã, Hội Nông dân, Hội LHPN",
                                        plan="Nghe báo cáo, kiểm tra hồ sơ, làm việc với một số hộ dân.",
                                        plan_sent_on=today - D(days=days + 20), starts_on=today - D(days=days),
                                        ends_on=today - D(days=days - 1))
        services.supervision_record_findings(actor=actor, supervision=s, held_on=today - D(days=days - 1),
                                             report_on=today - D(days=days - 8),
                                             findings="Thực hiện cơ bản đúng quy định; còn chậm công khai một số nội dung.")
        rec = services.recommendation_make(actor=actor, source=s, content="Công khai kịp thời danh sách và kết quả thực hiện.",
                                           addressee_kind="commune_pc", addressee=pc, sent_on=today - D(days=days - 8),
                                           due_on=services.answer_deadline(today - D(days=days - 8)))
        services.recommendation_answer(actor=actor, recommendation=rec, answer="Tiếp thu, đã công khai trên loa truyền thanh "
                                       "và cổng thông tin xã.", position="accepted", answered_on=today - D(days=days - 15))
    for title, days, position in (("Dự thảo Kế hoạch phát triển kinh tế - xã hội năm tới", 45, "partly"),
                                  ("Dự thảo Đề án xây dựng xã nông thôn mới kiểu mẫu", 20, "")):
        c = services.criticism_create(actor=actor, unit=commune, draft_title=title, drafting_body=pc,
                                      draft_received_on=today - D(days=days + 20), held_on=today - D(days=days),
                                      place="Hội trường UBND xã",
                                      participants="Ủy ban MTTQ xã, các tổ chức chính trị - xã hội, trưởng thôn, người có uy tín")
        for speaker, text in (("Hội Nông dân xã", "Cần tính đến nguồn vốn đối ứng của nhân dân, tránh huy động quá sức."),
                              ("Hội Cựu chiến binh xã", "Bổ sung chỉ tiêu về môi trường nông thôn và nước sạch.")):
            services.criticism_add_opinion(actor=actor, criticism=c, speaker=speaker, text=text)
        services.criticism_send_document(actor=actor, criticism=c, sent_on=today - D(days=days - 3),
                                         document="Văn bản phản biện xã hội: đề nghị điều chỉnh mức huy động đóng góp và "
                                                  "bổ sung chỉ tiêu môi trường.")
        if position:
            services.criticism_record_answer(actor=actor, criticism=c, answer="Tiếp thu chỉ tiêu môi trường.", position=position,
                                             explanation="Mức huy động đã được các thôn biểu quyết, giữ nguyên.",
                                             answered_on=today - D(days=days - 10))
    return {"created": True, "board": board.pk, "project": project.pk}
