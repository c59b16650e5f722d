"""Law 10/2022 Art. 24(2): household members who disagree with their representative register to speak
at the hamlet meeting; the chair sees them on the meeting page, the public does not."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from danchu.accounts.tests.factories import UserFactory
from danchu.core.errors import DomainError, PermissionDenied
from danchu.decisions import services
from danchu.decisions.models import Form, SpeakerRegistration
from danchu.units.tests.factories import ResidentFactory

from .factories import hamlet_head, households, matter

TITLE = "Đăng ký phát biểu tại cuộc họp (Điều 24 khoản 2 Luật 10/2022)"


@pytest.fixture
def setup(tree):
    hamlet = tree["a1"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 3)
    return hamlet, head, hs


def member_user(household, name="Nguyễn Thị Con", username="member"):
    """A signed-in member of `household` who is not its representative."""
    user = UserFactory(username=username)
    user.resident = ResidentFactory(household=household, full_name=name)
    user.save(update_fields=["resident"])
    return user


def public_url(m):
    return reverse("decisions:public_detail", args=[m.unit.code, m.pk])


def test_member_registers_shown_to_the_chair_not_to_the_public(client, setup):
    hamlet, head, hs = setup
    m = matter(head, hamlet)
    member = member_user(hs[1])
    client.force_login(member)
    body = client.get(public_url(m)).content.decode()
    assert TITLE in body and 'id="speak-name"' in body
    r = client.post(public_url(m), {"name": "  Nguyễn   Thị Con ", "note": "Không đồng ý mức đóng góp"})
    assert r.status_code == 302 and r.url.startswith(public_url(m))
    s = SpeakerRegistration.objects.get()
    assert (s.matter_id, s.household_id, s.name, s.note, s.registered_by_id) == (
        m.pk, hs[1].pk, "Nguyễn Thị Con", "Không đồng ý mức đóng góp", member.pk)
    client.force_login(head)
    meeting = client.get(reverse("decisions:meeting", args=[m.pk])).content.decode()
    assert 'id="speakers"' in meeting and "Nguyễn Thị Con" in meeting and hs[1].code in meeting
    assert "Không đồng ý mức đóng góp" in meeting
    client.logout()
    public = client.get(public_url(m)).content.decode()
    assert "Nguyễn Thị Con" not in public and "Không đồng ý mức đóng góp" not in public


def test_the_same_person_registers_once(setup):
    hamlet, head, hs = setup
    m = matter(head, hamlet)
    member = member_user(hs[0])
    services.speaker_register(actor=member, matter=m, name="Nguyễn Thị Con")
    with pytest.raises(DomainError):
        services.speaker_register(actor=member, matter=m, name="Nguyễn  Thị Con")
    assert SpeakerRegistration.objects.count() == 1


def test_representative_is_not_refused(setup):
    hamlet, head, hs = setup
    m = matter(head, hamlet)
    rep = UserFactory(username="rep")
    rep.resident = hs[2].representative
    rep.save(update_fields=["resident"])
    services.speaker_register(actor=rep, matter=m, name=hs[2].representative.full_name)
    assert SpeakerRegistration.objects.get().household_id == hs[2].pk


def test_refused_outside_the_electorate(client, setup, tree, citizen):
    hamlet, head, hs = setup
    m = matter(head, hamlet)
    other = households(tree["a2"], 1)[0]
    outsider = member_user(other, username="outsider")
    with pytest.raises(PermissionDenied):
        services.speaker_register(actor=outsider, matter=m, name="Người Ngoài")
    with pytest.raises(PermissionDenied):
        services.speaker_register(actor=citizen, matter=m, name="Người Ngoài")  # no resident record
    client.force_login(outsider)
    assert client.post(public_url(m), {"name": "Người Ngoài"}).status_code == 403
    client.logout()
    assert client.post(public_url(m), {"name": "Người Ngoài"}).status_code == 403
    assert not SpeakerRegistration.objects.exists()


def test_refused_on_a_closed_matter(setup):
    hamlet, head, hs = setup
    m = matter(head, hamlet)
    member = member_user(hs[0])
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs])
    services.hands_record(actor=head, matter=m, choices={h.code: "agree" for h in hs})
    m = services.matter_close(actor=head, matter=m)
    with pytest.raises(DomainError) as exc:
        services.speaker_register(actor=member, matter=m, name="Nguyễn Thị Con")
    assert exc.value.code == "already_closed"
    assert not SpeakerRegistration.objects.exists()


def test_refused_once_the_meeting_has_begun(setup):
    hamlet, head, hs = setup
    m = matter(head, hamlet)
    member = member_user(hs[0])
    services.attendance_record(actor=head, matter=m, present_codes=[hs[1].code])
    with pytest.raises(DomainError) as exc:
        services.speaker_register(actor=member, matter=m, name="Nguyễn Thị Con")
    assert exc.value.code == "speaker_registration_invalid"
    assert not SpeakerRegistration.objects.exists()


def test_refused_when_the_meeting_time_has_come(setup):
    hamlet, head, hs = setup
    m = matter(head, hamlet, meeting_at=timezone.now() + dt.timedelta(days=3))
    member = member_user(hs[0])
    m.meeting_at = timezone.now() - dt.timedelta(minutes=1)
    m.save(update_fields=["meeting_at"])
    with pytest.raises(DomainError):
        services.speaker_register(actor=member, matter=m, name="Nguyễn Thị Con")
    assert not SpeakerRegistration.objects.exists()


def test_refused_on_a_matter_not_decided_at_a_meeting(client, setup):
    hamlet, head, hs = setup
    m = matter(head, hamlet, form=Form.BALLOT)
    member = member_user(hs[0])
    with pytest.raises(DomainError) as exc:
        services.speaker_register(actor=member, matter=m, name="Nguyễn Thị Con")
    assert exc.value.code == "channel_not_used"
    client.force_login(member)
    assert TITLE not in client.get(public_url(m)).content.decode()
    assert not SpeakerRegistration.objects.exists()


@pytest.mark.parametrize(("name", "note"), [("", ""), ("   ", ""), ("A" * 121, ""), ("Tên\nHai dòng", ""),
                                       ("Nguyễn Thị Con", "x" * 1001)])
def test_refused_bad_input(client, setup, name, note):
    hamlet, head, hs = setup
    m = matter(head, hamlet)
    member = member_user(hs[0])
    with pytest.raises(DomainError):
        services.speaker_register(actor=member, matter=m, name=name, note=note)
    client.force_login(member)
    r = client.post(public_url(m), {"name": name, "note": note})
    assert r.status_code == 400 and 'id="speak-errors"' in r.content.decode()
    assert not SpeakerRegistration.objects.exists()


def test_page_says_why_no_form(client, setup, tree):
    hamlet, head, hs = setup
    m = matter(head, hamlet)
    body = client.get(public_url(m)).content.decode()
    assert TITLE in body and 'id="speak-name"' not in body and reverse("accounts:login") in body
    client.force_login(member_user(households(tree["a2"], 1)[0], username="outsider"))
    body = client.get(public_url(m)).content.decode()
    assert TITLE in body and 'id="speak-name"' not in body
    assert "Chỉ thành viên của hộ gia đình có trong danh sách biểu quyết việc này được đăng ký phát biểu." in body
