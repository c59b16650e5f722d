"""The hamlet meeting of Decree 59/2023 Art. 3(3)–(5), for matters decided at a meeting: the notice
reaches the households at least 02 days ahead (Art. 3(3)); the meeting chooses its secretary by more
than 50% of the households attending (Art. 3(4)); two representatives of attending households sign the
minutes with the chair and the secretary (Art. 3(5)(c)). Every refusal leaves the database as it was."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from danchu.accounts.services import api_token_create
from danchu.core.errors import DomainError
from danchu.core.tests.matrix import TaskCounter, snapshot
from danchu.decisions import services
from danchu.decisions.models import ElectorEntry, Form, Matter, Status

from .factories import hamlet_head, households, matter


@pytest.fixture
def hamlet(tree):
    return tree["a1"]


@pytest.fixture
def head(hamlet):
    return hamlet_head(hamlet)


@pytest.fixture
def hs(hamlet):
    return households(hamlet, 5)


def _refused(code: str, fn, **kw) -> DomainError:
    before = snapshot(TaskCounter())
    with pytest.raises(DomainError) as exc:
        fn(**kw)
    assert exc.value.code == code
    assert snapshot(TaskCounter()) == before
    return exc.value


# --- notice (Art. 3(3)) --------------------------------------------------------------------------------


@pytest.mark.parametrize("form", [Form.MEETING, Form.MEETING_BALLOT])
def test_no_attendance_nor_hands_at_a_meeting_whose_notice_was_not_recorded(head, hamlet, hs, form):
    m = matter(head, hamlet, form=form, notice=False)
    err = _refused("meeting_notice_missing", services.attendance_record, actor=head, matter=m,
                   present_codes=[h.code for h in hs])
    assert "Điều 3 khoản 3 Nghị định 59/2023" in err.message
    ElectorEntry.objects.filter(matter=m).update(present=True)  # as if recorded before the rule
    _refused("meeting_notice_missing", services.hands_record, actor=head, matter=m,
             choices={h.code: "agree" for h in hs})
    services.meeting_notice_record(actor=head, matter=m, sent_on=timezone.localdate())
    assert services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs]) == 5


def test_a_notice_sent_less_than_two_days_before_the_meeting_is_refused_with_the_latest_day(head, hamlet, hs):
    meeting_at = timezone.now() - dt.timedelta(hours=1)
    day = timezone.localdate(meeting_at)
    m = matter(head, hamlet, meeting_at=meeting_at, notice=False)
    services.meeting_notice_record(actor=head, matter=m, sent_on=day - dt.timedelta(days=1))
    err = _refused("meeting_notice_missing", services.attendance_record, actor=head, matter=m,
                   present_codes=[h.code for h in hs])
    assert f"chậm nhất ngày {day - dt.timedelta(days=2):%d/%m/%Y}" in err.message
    services.meeting_notice_record(actor=head, matter=m, sent_on=day - dt.timedelta(days=2))  # exactly 02 days
    assert services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs]) == 5


def test_a_ballot_only_matter_needs_no_meeting_notice(head, hamlet, hs):
    m = matter(head, hamlet, form=Form.BALLOT, notice=False)
    _refused("channel_not_used", services.meeting_notice_record, actor=head, matter=m, sent_on=timezone.localdate())


def test_the_notice_date_is_not_after_today_nor_recorded_after_the_close(head, hamlet, hs):
    m = matter(head, hamlet)
    _refused("meeting_notice_invalid", services.meeting_notice_record, actor=head, matter=m,
             sent_on=timezone.localdate() + dt.timedelta(days=1))
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs])
    services.hands_record(actor=head, matter=m, choices={h.code: "agree" for h in hs})
    m = services.matter_close(actor=head, matter=m)
    _refused("already_closed", services.meeting_notice_record, actor=head, matter=m, sent_on=timezone.localdate())


# --- secretary (Art. 3(4)) ------------------------------------------------------------------------------


def test_the_secretary_needs_more_than_half_of_the_households_present(head, hamlet, hs):
    m = matter(head, hamlet)
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs[:4]])
    err = _refused("meeting_secretary_invalid", services.meeting_secretary_record, actor=head, matter=m,
                   name="Lê Văn Thư", agreed=2)  # 2 of 4 is not more than 50%
    assert "trên 50% số hộ có mặt (4 hộ)" in err.message
    _refused("meeting_secretary_invalid", services.meeting_secretary_record, actor=head, matter=m,
             name="Lê Văn Thư", agreed=5)  # more than are present
    _refused("meeting_secretary_invalid", services.meeting_secretary_record, actor=head, matter=m,
             name="   ", agreed=3)
    m = services.meeting_secretary_record(actor=head, matter=m, name="  Lê   Văn Thư ", agreed=3)
    m.refresh_from_db()
    assert (m.secretary_name, m.secretary_agreed, m.secretary_present) == ("Lê Văn Thư", 3, 4)


def test_no_secretary_before_anyone_is_present_nor_before_opening(head, hamlet, hs):
    draft = matter(head, hamlet, open_=False)
    _refused("not_open", services.meeting_secretary_record, actor=head, matter=draft, name="Lê Văn Thư", agreed=0)
    m = services.matter_open(actor=head, matter=draft)
    _refused("meeting_secretary_invalid", services.meeting_secretary_record, actor=head, matter=m,
             name="Lê Văn Thư", agreed=0)


# --- witnesses (Art. 3(5)(c)) ---------------------------------------------------------------------------


def test_two_different_household_representatives_sign(head, hamlet, hs):
    m = matter(head, hamlet, witnesses=False)
    _refused("meeting_witnesses_invalid", services.meeting_witnesses_record, actor=head, matter=m,
             first="Nguyễn Văn Một", second="  nguyễn văn  một")
    _refused("meeting_witnesses_invalid", services.meeting_witnesses_record, actor=head, matter=m,
             first="Nguyễn Văn Một", second="")
    services.meeting_witnesses_record(actor=head, matter=m, first="Nguyễn Văn Một", second="Trần Thị Hai")
    m.refresh_from_db()
    assert (m.witness_1_name, m.witness_2_name) == ("Nguyễn Văn Một", "Trần Thị Hai")


def test_a_meeting_is_not_closed_before_its_two_signing_representatives_are_recorded(head, hamlet, hs):
    m = matter(head, hamlet, witnesses=False)
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs])
    services.hands_record(actor=head, matter=m, choices={h.code: "agree" for h in hs})
    err = _refused("meeting_witnesses_missing", services.matter_close, actor=head, matter=m)
    assert "Điều 3 khoản 5 Nghị định 59/2023" in err.message
    assert Matter.objects.get(pk=m.pk).status == Status.OPEN
    services.meeting_witnesses_record(actor=head, matter=m, first="Nguyễn Văn Một", second="Trần Thị Hai")
    assert services.matter_close(actor=head, matter=m).status == Status.CLOSED


def test_a_meeting_with_ballots_that_no_household_attended_closes_on_its_ballots_without_witnesses(head, hamlet, hs):
    m = matter(head, hamlet, form=Form.MEETING_BALLOT, witnesses=False)
    other = hamlet_head(hamlet, username="typist")
    for h in hs:
        services.paper_enter(actor=head, matter=m, household_code=h.code, choice="agree")
        services.paper_enter(actor=other, matter=m, household_code=h.code, choice="agree")
    assert services.matter_close(actor=head, matter=m).status == Status.CLOSED


def test_a_meeting_with_ballots_that_households_attended_needs_its_witnesses(head, hamlet, hs):
    m = matter(head, hamlet, form=Form.MEETING_BALLOT, witnesses=False)
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs])
    services.hands_record(actor=head, matter=m, choices={h.code: "agree" for h in hs})
    _refused("meeting_witnesses_missing", services.matter_close, actor=head, matter=m)


# --- pages and API -------------------------------------------------------------------------------------


def test_meeting_page_records_the_secretary_and_refuses_too_few_with_a_message(client, head, hamlet, hs):
    m = matter(head, hamlet)
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs[:4]])
    client.force_login(head)
    url = reverse("decisions:meeting", args=[m.pk])
    page = client.get(url).content.decode()
    for field in ("id_secretary-name", "id_secretary-agreed", "id_witnesses-first", "id_witnesses-second"):
        assert f'for="{field}"' in page and f'id="{field}"' in page
    before = snapshot(TaskCounter())
    r = client.post(url, {"step": "secretary", "secretary-name": "Lê Văn Thư", "secretary-agreed": "2"}, follow=True)
    assert "trên 50% số hộ có mặt" in r.content.decode()
    assert snapshot(TaskCounter()) == before
    client.post(url, {"step": "secretary", "secretary-name": "Lê Văn Thư", "secretary-agreed": "3"})
    assert "Lê Văn Thư (3/4 hộ có mặt đồng ý)" in client.get(url).content.decode()


def test_detail_page_records_the_notice_of_a_draft(client, head, hamlet, hs):
    m = matter(head, hamlet, open_=False, notice=False)
    client.force_login(head)
    page = client.get(reverse("decisions:detail", args=[m.pk])).content.decode()
    assert 'for="id_notice-sent_on"' in page and "Chưa ghi nhận (phải gửi trước cuộc họp ít nhất 02 ngày)" in page
    day = timezone.localdate() - dt.timedelta(days=3)
    r = client.post(reverse("decisions:action", args=[m.pk, "notice"]), {"notice-sent_on": day.isoformat()})
    assert r.status_code == 302
    assert Matter.objects.get(pk=m.pk).notice_sent_on == day


def test_api_records_the_meeting_procedure(client, head, hamlet, hs):
    m = matter(head, hamlet, notice=False, witnesses=False)
    auth = {"headers": {"Authorization": f"Bearer {api_token_create(user=head)}"}}
    base = f"/api/v1/decisions/matters/{m.pk}/meeting"
    r = client.post(base + "/notice", {"sent_on": timezone.localdate().isoformat()}, content_type="application/json",
                    **auth)
    assert r.status_code == 200 and r.json()["notice_sent_on"] == timezone.localdate().isoformat()
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs])
    before = snapshot(TaskCounter())
    r = client.post(base + "/secretary", {"name": "Lê Văn Thư", "agreed": 2}, content_type="application/json", **auth)
    assert r.status_code == 400 and r.json()["code"] == "meeting_secretary_invalid"
    r = client.post(base + "/witnesses", {"first": "An", "second": "an"}, content_type="application/json", **auth)
    assert r.status_code == 400 and r.json()["code"] == "meeting_witnesses_invalid"
    assert snapshot(TaskCounter()) == before
    r = client.post(base + "/secretary", {"name": "Lê Văn Thư", "agreed": 3}, content_type="application/json", **auth)
    assert r.status_code == 200 and (r.json()["secretary_agreed"], r.json()["secretary_present"]) == (3, 5)
    r = client.post(base + "/witnesses", {"first": "An", "second": "Bình"}, content_type="application/json", **auth)
    assert r.status_code == 200
    assert client.get(base).json()["witnesses"] == ["An", "Bình"]


def test_a_matter_under_way_before_the_procedure_was_recorded_is_not_stranded(head, hamlet, hs):
    # The migration marks matters that existed before: their meetings were convened on paper, so their
    # attendance, hands and close go on without a recorded notice or signers.
    import importlib

    from django.apps import apps

    m = matter(head, hamlet, form=Form.MEETING, notice=False, witnesses=False)
    importlib.import_module("danchu.decisions.migrations.0010_matters_under_way_keep_their_procedure").under_way(
        apps, None)
    m.refresh_from_db()
    assert m.meeting_procedure is False
    assert services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs]) == 5
    services.hands_record(actor=head, matter=m, choices={h.code: "agree" for h in hs})
    Matter.objects.filter(pk=m.pk).update(meeting_at=timezone.now() - dt.timedelta(hours=1))
    m.refresh_from_db()
    assert services.matter_close(actor=head, matter=m).status == Status.CLOSED
    # a matter created now carries the procedure
    assert matter(head, hamlet, form=Form.MEETING, open_=False, title="Việc mới").meeting_procedure is True


def test_a_meeting_whose_notice_went_out_too_late_is_moved_then_held(client, head, hamlet, hs):
    # Decree 59 Art. 3(3): notice sent yesterday for a meeting tomorrow is too late; the meeting is moved
    # to a time at least 02 days after the notice, and then takes its attendance.
    soon = timezone.now() + dt.timedelta(days=1)
    m = matter(head, hamlet, form=Form.MEETING, notice=False, meeting_at=soon)
    services.meeting_notice_record(actor=head, matter=m, sent_on=timezone.localdate() - dt.timedelta(days=1))
    Matter.objects.filter(pk=m.pk).update(meeting_at=timezone.now() - dt.timedelta(hours=1))  # the hour has come
    m.refresh_from_db()
    _refused("meeting_notice_missing", services.attendance_record, actor=head, matter=m,
             present_codes=[h.code for h in hs])
    _refused("meeting_time_invalid", services.meeting_reschedule, actor=head, matter=m,
             meeting_at=timezone.now() - dt.timedelta(minutes=5))
    client.force_login(head)
    r = client.post(reverse("decisions:action", args=[m.pk, "reschedule"]), {
        "reschedule-meeting_at": timezone.localtime(timezone.now() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.meeting_at > timezone.now() + dt.timedelta(days=1)
    # the notice is now 02 days or more before the meeting: its attendance is taken
    assert services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs]) == 5
    # once the meeting has taken place it is not moved
    _refused("meeting_time_invalid", services.meeting_reschedule, actor=head, matter=m,
             meeting_at=timezone.now() + dt.timedelta(days=3))
