"""Village conventions (Decree 61/2023): draft → 30-day comments → vote → recognition → in force;
an amendment follows the same path and the earlier text becomes history."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from danchu.core.errors import DomainError
from danchu.decisions import services
from danchu.decisions.models import Convention, ConventionStatus, ConventionVersion, Kind, Matter, Result

from .factories import convene, decision, hamlet_head, households


def _age(version, days=30):
    ConventionVersion.objects.filter(pk=version.pk).update(comment_until=version.comment_until - dt.timedelta(days=days))
    version.refresh_from_db()


def _vote(head, m, hs, yes: int):
    m = convene(head, services.matter_open(actor=head, matter=m))
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs])
    services.hands_record(actor=head, matter=m, choices={h.code: ("agree" if i < yes else "disagree")
                                                          for i, h in enumerate(hs)})
    return services.matter_close(actor=head, matter=m)


def test_convention_path_and_amendment(client, tree, chair_a, citizen):
    hamlet = tree["a1"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 5)
    v1 = services.convention_draft(actor=head, hamlet=hamlet, title="thôn Đồng Quê", text="Điều 1. Giữ gìn vệ sinh chung.")
    services.convention_post(actor=head, version=v1)
    services.convention_comment(actor=citizen, version=v1, text="Đề nghị thêm quy định về tiếng ồn.")
    with pytest.raises(DomainError) as exc:
        services.convention_to_vote(actor=head, version=v1)  # the 30 days are not over
    assert exc.value.code == "convention_state"
    _age(v1)
    m = services.convention_to_vote(actor=head, version=v1)
    assert m.kind == "convention" and m.description.startswith("Điều 1.")
    m = _vote(head, m, hs, yes=3)  # 3 of 5 > 50%
    assert m.result == Result.ADOPTED
    services.matter_recognize(actor=chair_a, matter=m, accept=True, **decision())
    v1.refresh_from_db()
    assert v1.status == ConventionStatus.IN_FORCE and v1.in_force_from is not None

    v2 = services.convention_draft(actor=head, hamlet=hamlet, title="", text="Điều 1. Giữ gìn vệ sinh, không gây ồn.",
                                   convention=v1.convention)
    with pytest.raises(DomainError):
        services.convention_draft(actor=head, hamlet=hamlet, title="", text="x", convention=v1.convention)
    services.convention_post(actor=head, version=v2)
    _age(v2)
    m2 = _vote(head, services.convention_to_vote(actor=head, version=v2), hs, yes=5)
    services.matter_recognize(actor=chair_a, matter=m2, accept=True, **decision("15/QĐ-UBND"))
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == (ConventionStatus.SUPERSEDED, ConventionStatus.IN_FORCE)

    page = client.get(reverse("decisions:conventions", args=[hamlet.code])).content.decode()
    assert "không gây ồn" in page and "Đã được thay thế" in page and "Đề nghị thêm quy định" in page
    assert "không gây ồn" in client.get(reverse("decisions:conventions", args=[tree["a"].code])).content.decode()


def test_convention_not_adopted_is_rejected_and_nothing_in_force(tree):
    hamlet = tree["a2"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 4)
    v = services.convention_draft(actor=head, hamlet=hamlet, title="thôn An Nội", text="Điều 1.")
    services.convention_post(actor=head, version=v)
    _age(v)
    m = _vote(head, services.convention_to_vote(actor=head, version=v), hs, yes=2)  # 2 of 4 is not > 50%
    assert m.result == Result.NOT_ADOPTED
    v.refresh_from_db()
    assert v.status == ConventionStatus.REJECTED


def test_conventions_page_names_the_text_in_force_and_its_recognition_decision(client, tree, chair_a):
    hamlet = tree["a1"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 3)
    v1 = services.convention_draft(actor=head, hamlet=hamlet, title="thôn Đồng Quê", text="Điều 1. Giữ gìn vệ sinh chung.")
    services.convention_post(actor=head, version=v1)
    _age(v1)
    m1 = _vote(head, services.convention_to_vote(actor=head, version=v1), hs, yes=3)
    Matter.objects.filter(pk=m1.pk).update(closed_at=timezone.now() - dt.timedelta(days=6))  # closed last week
    day1 = timezone.localdate() - dt.timedelta(days=3)  # the chair signed three days ago, recorded today
    services.matter_recognize(actor=chair_a, matter=m1, accept=True, **decision("12/QĐ-UBND", day1))
    v1.refresh_from_db()
    assert v1.in_force_from == day1  # in force from the recognition decision's date (Decree 61 Art. 11)
    url = reverse("decisions:conventions", args=[hamlet.code])
    page = client.get(url).content.decode()
    assert f"UBND xã công nhận tại Quyết định số 12/QĐ-UBND ngày {day1:%d/%m/%Y}" in page
    v2 = services.convention_draft(actor=head, hamlet=hamlet, title="", text="Điều 1. Không gây ồn sau 22 giờ.",
                                   convention=v1.convention)
    services.convention_post(actor=head, version=v2)
    _age(v2)
    m2 = _vote(head, services.convention_to_vote(actor=head, version=v2), hs, yes=3)
    services.matter_recognize(actor=chair_a, matter=m2, accept=True, **decision("15/QĐ-UBND"))
    page = client.get(url).content.decode()
    in_force = page.split(f'id="in-force-{v1.convention.pk}"', 1)[1].split("</p>", 1)[0]
    assert "văn bản lần 2" in in_force and "sửa đổi lần 1" in in_force and "15/QĐ-UBND" in in_force
    assert "12/QĐ-UBND" not in in_force and "12/QĐ-UBND" in page  # the earlier text's decision stays in the history


def test_a_convention_voted_from_the_new_matter_form_is_listed_once_recognised(client, tree, chair_a):
    """The hamlet put its convention to the vote from the new-matter form (no draft on the platform):
    recognised, it is a convention of the hamlet in force, listed on the conventions page."""
    hamlet = tree["a1"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 3)
    m = services.matter_create(actor=head, unit=hamlet, hamlets=[hamlet], data=services.MatterInput(
        kind=Kind.CONVENTION, title="Quy ước thôn Đồng Quê", description="Điều 1. Giữ gìn an ninh trật tự."))
    m = _vote(head, m, hs, yes=2)
    url = reverse("decisions:conventions", args=[hamlet.code])
    assert "Giữ gìn an ninh trật tự" not in client.get(url).content.decode()
    services.matter_recognize(actor=chair_a, matter=m, accept=True, **decision("21/QĐ-UBND"))
    v = ConventionVersion.objects.get(matter=m)
    assert (v.status, v.number, v.convention.hamlet, v.convention.name_kind, v.convention.title) == (
        ConventionStatus.IN_FORCE, 1, hamlet, "quy_uoc", "thôn Đồng Quê")
    page = client.get(url).content.decode()
    assert "Giữ gìn an ninh trật tự" in page and "Quyết định số 21/QĐ-UBND" in page
    public = client.get(reverse("decisions:public_detail", args=[hamlet.code, m.pk])).content.decode()
    assert "Kết quả đã được UBND xã công nhận" in public and "21/QĐ-UBND" in public


def test_a_refused_convention_from_the_new_matter_form_is_not_put_in_force(tree, chair_a):
    hamlet = tree["a1"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 3)
    m = services.matter_create(actor=head, unit=hamlet, hamlets=[hamlet], data=services.MatterInput(
        kind=Kind.CONVENTION, title="Hương ước thôn", description="Điều 1."))
    m = _vote(head, m, hs, yes=2)
    services.matter_recognize(actor=chair_a, matter=m, accept=False, reason="Trái pháp luật")
    assert not Convention.objects.exists() and not ConventionVersion.objects.exists()


def test_migration_records_conventions_recognised_before(tree, chair_a):
    """Older data: a convention matter recognised with no version is recorded as a convention in force."""
    import importlib

    from django.apps import apps

    hamlet = tree["a1"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 3)
    m = services.matter_create(actor=head, unit=hamlet, hamlets=[hamlet], data=services.MatterInput(
        kind=Kind.CONVENTION, title="Hương ước thôn An Bình", description="Điều 1. Giữ gìn vệ sinh."))
    m = _vote(head, m, hs, yes=2)
    recognized_at = timezone.now() - dt.timedelta(days=40)
    Matter.objects.filter(pk=m.pk).update(recognition="recognized", recognized_at=recognized_at)
    importlib.import_module("danchu.decisions.migrations.0007_conventions_recognized_from_matters").record(apps, None)
    v = ConventionVersion.objects.get(matter=m)
    assert (v.status, v.in_force_from, v.convention.title, v.convention.name_kind) == (
        ConventionStatus.IN_FORCE, timezone.localdate(recognized_at), "thôn An Bình", "huong_uoc")
