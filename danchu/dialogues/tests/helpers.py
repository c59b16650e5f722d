"""Builders for the dialogue and reception tests: records made through the services, as pages do."""

import datetime as dt

from django.utils import timezone

from danchu.dialogues import services
from danchu.dialogues.models import LeaderRole, QuestionSource


def today() -> dt.date:
    return timezone.localdate()


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


def dialogue(actor, unit, *, held_on=None, topic="Đối thoại về xây dựng nông thôn mới", **kw):
    return services.dialogue_schedule(
        actor=actor, unit=unit, leader_role=kw.pop("leader_role", LeaderRole.COMMUNE_CHAIR),
        leader_name=kw.pop("leader_name", "Nguyễn Văn Chủ"), topic=topic, held_on=held_on or days(7),
        place=kw.pop("place", "Hội trường UBND xã"), audience=kw.pop("audience", "Nhân dân các thôn"), **kw)


def held_dialogue(actor, unit, *, ago=10, attendees=120, **kw):
    d = dialogue(actor, unit, held_on=days(-ago), **kw)
    return services.dialogue_mark_held(actor=actor, dialogue=d, attendees=attendees)


def paper_question(actor, d, text="Khi nào làm lại đường liên thôn?", **kw):
    kw.setdefault("source", QuestionSource.PAPER)
    kw.setdefault("source_note", "Hòm thư góp ý thôn Đồng Quê")
    return services.question_record(actor=actor, dialogue=d, text=text, **kw)


def reception_day(actor, unit, *, day=None, held=False, leader_role=LeaderRole.COMMUNE_CHAIR, **kw):
    r = services.reception_day_schedule(actor=actor, unit=unit, leader_role=leader_role,
                                        leader_name=kw.pop("leader_name", "Nguyễn Văn Chủ"), day=day or days(-1),
                                        place=kw.pop("place", "Trụ sở tiếp công dân xã"), **kw)
    if held:
        r = services.reception_day_record(actor=actor, reception_day=r, outcome="held")
    return r
