"""A commune with one live and one hidden item in every pillar, for the unit home's tests (the
live panels of core.registry) and its browser test. Made through the services where a builder exists,
and directly where only the state matters (a cancelled day, a closed recommendation)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from danchu.cases.models import Case
from danchu.cases.models import Status as CaseStatus
from danchu.cases.tests.factories import file_case
from danchu.consultations.tests.factories import consultation, end_period
from danchu.decisions.models import Convention, ConventionStatus, ConventionVersion, Kind, Matter, Recognition
from danchu.decisions.models import Status as MatterStatus
from danchu.decisions.tests.factories import hamlet_head, households, matter
from danchu.dialogues.models import Dialogue, DialogueStatus, ReceptionDay, ReceptionStatus
from danchu.dialogues.tests.helpers import days, dialogue, held_dialogue, reception_day
from danchu.disclosures.models import Disclosure
from danchu.disclosures.models import Status as DisclosureStatus
from danchu.disclosures.services import disclosure_create_draft
from danchu.disclosures.tests.factories import category, content, published
from danchu.movements.models import GoodPractice
from danchu.movements.models import Status as PracticeStatus
from danchu.oversight.models import (
    Board,
    BoardKind,
    Inspection,
    InvestmentProject,
    Recommendation,
    RecState,
    Supervision,
    SupervisionKind,
)

TODAY = timezone.localdate


def _disclosures(officer, tree) -> dict:
    a = tree["a"]
    published(officer, a, title="Kế hoạch sử dụng đất năm 2026")
    published(officer, a, code="commune-11-7", title="Danh sách hộ được hỗ trợ nhà ở 2026")
    disclosure_create_draft(user=officer, unit=a, category=category("commune-11-3"),
                            content=content(title="Dự toán ngân sách còn nháp"))
    w = published(officer, a, title="Thông báo đã thu hồi")
    Disclosure.objects.filter(pk=w.pk).update(status=DisclosureStatus.WITHDRAWN, withdrawn_at=timezone.now(),
                                                withdrawn_reason="Nhầm số liệu")
    return {"live": "Kế hoạch sử dụng đất năm 2026", "benefit": "Danh sách hộ được hỗ trợ nhà ở 2026",
            "hidden": ["Dự toán ngân sách còn nháp", "Thông báo đã thu hồi"]}


def _decisions(officer, tree) -> None:
    a, a1, a2 = tree["a"], tree["a1"], tree["a2"]
    households(a1, 2)
    households(a2, 2)
    head1 = hamlet_head(a1)
    closes = timezone.now() + dt.timedelta(days=6)
    matter(officer, a, kind=Kind.CONTRIBUTION, hamlets=[a1, a2], title="Làm đường bê tông liên thôn",
           closes_at=closes)
    matter(head1, a1, title="Mức đóng góp quỹ khuyến học thôn")
    matter(head1, a1, title="Việc còn dự thảo của thôn", open_=False)
    done = matter(head1, a1, title="Sửa nhà văn hóa thôn")
    pending = matter(hamlet_head(a2), a2, title="Bầu trưởng thôn chờ công nhận")
    now = timezone.now()
    Matter.objects.filter(pk=done.pk).update(status=MatterStatus.CLOSED, closed_at=now, result="adopted",
                                             recognition=Recognition.RECOGNIZED, recognized_at=now)
    Matter.objects.filter(pk=pending.pk).update(status=MatterStatus.CLOSED, closed_at=now, result="adopted",
                                                recognition=Recognition.PENDING)
    convention = Convention.objects.create(hamlet=a1, title="Hương ước thôn Đồng Quê")
    ConventionVersion.objects.create(convention=convention, number=1, text="…", status=ConventionStatus.IN_FORCE)
    ConventionVersion.objects.create(convention=convention, number=2, text="…", status=ConventionStatus.DRAFT)
    draft_only = Convention.objects.create(hamlet=a2, title="Quy ước thôn An Nội")
    ConventionVersion.objects.create(convention=draft_only, number=1, text="…", status=ConventionStatus.COMMENTING)


def _consultations(officer, tree) -> None:
    consultation(officer, tree["a"], title="Dự thảo quy hoạch xây dựng xã", days=25)
    consultation(officer, tree["a"], title="Dự thảo còn đang chuẩn bị", publish=False)
    end_period(consultation(officer, tree["a"], title="Dự thảo đã hết hạn góp ý"))


def _dialogues(chair, tree) -> None:
    a = tree["a"]
    dialogue(chair, a, topic="Đối thoại về giải phóng mặt bằng", held_on=days(9))
    cancelled = dialogue(chair, a, topic="Đối thoại đã hủy", held_on=days(4))
    Dialogue.objects.filter(pk=cancelled.pk).update(status=DialogueStatus.CANCELLED)
    late = dialogue(chair, a, topic="Đối thoại quá ngày chưa ghi kết quả", held_on=days(2))
    Dialogue.objects.filter(pk=late.pk).update(held_on=days(-3))
    held_dialogue(chair, a, ago=0, topic="Đối thoại đã tổ chức sáng nay")
    reception_day(chair, a, day=days(3), place="Phòng tiếp dân số 1")
    gone = reception_day(chair, a, day=days(5), place="Phòng tiếp dân đã hủy")
    ReceptionDay.objects.filter(pk=gone.pk).update(status=ReceptionStatus.CANCELLED)
    reception_day(chair, a, day=days(-2), place="Phòng tiếp dân hôm kia")


def _oversight(tree) -> None:
    a, today = tree["a"], TODAY()
    board = Board.objects.create(kind=BoardKind.INSPECTION, unit=a, term_start=today - dt.timedelta(days=300),
                                 term_end=today + dt.timedelta(days=1000), established_on=today - dt.timedelta(days=300))

    def inspection(subject, held):
        return Inspection.objects.create(
            board=board, unit=a, subject=subject, inspected_body="UBND xã", period_from=today - dt.timedelta(days=400),
            period_to=today - dt.timedelta(days=40), starts_on=today - dt.timedelta(days=30),
            ends_on=today - dt.timedelta(days=20), held_on=today - dt.timedelta(days=20) if held else None)

    def rec(source, text, state=RecState.SENT):
        done = {} if state == RecState.SENT else {"answer": "Đã bổ sung.", "answered_on": today, "outcome": "done",
                                                  "closed_on": today}
        return Recommendation.objects.create(
            unit=a, unit_path=a.path, inspection=source, source_kind="inspection", content=text,
            addressee_kind="commune_pc", addressee="UBND xã Bình Lục", sent_on=today - dt.timedelta(days=10),
            due_on=today + dt.timedelta(days=5), state=state, **done)

    held = inspection("Thu chi quỹ nhà văn hóa", held=True)
    rec(held, "Đề nghị bổ sung hai hóa đơn chi sửa mái nhà văn hóa")
    rec(held, "Kiến nghị đã kết thúc theo dõi", state=RecState.CLOSED)
    rec(inspection("Cuộc kiểm tra chưa xong", held=False), "Kiến nghị của cuộc kiểm tra chưa xong")
    front = Supervision.objects.create(kind=SupervisionKind.FRONT, unit=a, conducted_by="front", subject="Thu gom rác",
                                       supervised_body="UBND xã", starts_on=today - dt.timedelta(days=9),
                                       ends_on=today - dt.timedelta(days=8), held_on=today - dt.timedelta(days=8))
    Recommendation.objects.create(
        unit=a, unit_path=a.path, supervision=front, source_kind="front", content="Kiến nghị sau giám sát của Mặt trận",
        addressee_kind="commune_pc", addressee="UBND xã Bình Lục", sent_on=today, due_on=today + dt.timedelta(days=15))
    supervised = InvestmentProject.objects.create(
        unit=a, name="Cầu qua kênh Đồng Quê", investor="UBND xã", budget_vnd=1_500_000_000, location="Thôn Đồng Quê",
        starts_on=today - dt.timedelta(days=60), ends_on=today + dt.timedelta(days=90))
    Board.objects.create(kind=BoardKind.INVESTMENT, unit=a, project=supervised, term_start=today - dt.timedelta(days=60),
                         term_end=today + dt.timedelta(days=90), established_on=today - dt.timedelta(days=60))
    InvestmentProject.objects.create(
        unit=a, name="Công trình chưa có ban giám sát", investor="UBND xã", budget_vnd=1, location="Thôn An Nội",
        starts_on=today - dt.timedelta(days=60), ends_on=today + dt.timedelta(days=90))


def _movements(tree) -> None:
    a = tree["a"]
    common = {"unit": a, "unit_path": a.path, "province_code": a.province_code, "field": "land",
              "description": "Vận động từng hộ.", "started_on": TODAY() - dt.timedelta(days=30)}
    GoodPractice.objects.create(title="Mô hình vận động hiến đất làm đường", status=PracticeStatus.REGISTERED, **common)
    GoodPractice.objects.create(title="Mô hình đã dừng thực hiện", status=PracticeStatus.STOPPED, **common)


def _cases(tree) -> None:
    a, today = tree["a"], TODAY()
    received = [file_case(a, title=f"Phản ánh bí mật số {i}", body="Nội dung riêng tư của người gửi") for i in range(3)]
    file_case(a, "denunciation", title="Tố cáo không được công khai")
    Case.objects.filter(pk=received[0].pk).update(status=CaseStatus.RESOLVED, resolved_on=today, on_time=True,
                                                    answer="Đã sửa đèn.")
    Case.objects.filter(pk=received[1].pk).update(status=CaseStatus.RESOLVED, resolved_on=today, on_time=False,
                                                    answer="Đã trả lời.")



def build(tree, officer, chair):
    _disclosures(officer, tree)
    _decisions(officer, tree)
    _consultations(officer, tree)
    _dialogues(chair, tree)
    _oversight(tree)
    _movements(tree)
    _cases(tree)
    return tree
