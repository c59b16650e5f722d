"""Recognition by the commune chair's written decision (Law 10/2022 Art. 21; Decree 61/2023 Art. 11):
its number and date are required to recognise, checked, stored, logged, published and shown; a
refusal keeps its written reasons and may carry a number and date. Every refusal changes nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from danchu.core.errors import DomainError
from danchu.core.inputs import InputError
from danchu.core.models import LogEntry
from danchu.decisions import services
from danchu.decisions.models import Kind, Matter, OptionsKind, Recognition
from danchu.decisions.selectors import decision_log_payload

from .factories import hamlet_head, households, matter
from .test_access import Unchanged, _h

pytestmark = pytest.mark.django_db


@pytest.fixture
def election(tree, chair_a):
    """A village-head election adopted at the meeting, awaiting the commune's recognition."""
    hamlet = tree["a1"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 3)
    # Called by the commune chair (Decree 59 Art. 3(1)); the village head records the meeting.
    m = matter(chair_a, hamlet, kind=Kind.HAMLET_HEAD, options_kind=OptionsKind.LIST, labels=["Nguyễn Văn A", "Lê Thị B"])
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs])
    services.hands_record(actor=head, matter=m, choices={hs[0].code: "o2", hs[1].code: "o2", hs[2].code: "o1"})
    m = services.matter_close(actor=head, matter=m)
    assert m.recognition == Recognition.PENDING
    return m


def _refused(exc_type, **kw):
    with Unchanged(), pytest.raises(exc_type) as err:
        services.matter_recognize(**kw)
    return err.value


@pytest.mark.parametrize(("number", "on", "code"), [
    ("", "today", "decision_number_invalid"),  # a recognition is a numbered written decision
    ("   ", "today", "decision_number_invalid"),  # trimmed before it is checked
    ("QĐ-UBND", "today", "decision_number_invalid"),  # no sequence number
    ("1" * 51, "today", "decision_number_invalid"),  # bounded
    ("12/QĐ-UBND", None, "decision_date_invalid"),  # the date is required
    ("12/QĐ-UBND", "tomorrow", "decision_date_invalid"),  # not in the future
    ("12/QĐ-UBND", "before_close", "decision_date_invalid"),  # not before the vote closed
])
def test_recognising_needs_a_valid_decision_number_and_date(election, chair_a, number, on, code):
    today = timezone.localdate()
    day = {"today": today, "tomorrow": today + dt.timedelta(days=1), None: None,
           "before_close": timezone.localdate(election.closed_at) - dt.timedelta(days=1)}[on]
    err = _refused(DomainError, actor=chair_a, matter=election, accept=True, decision_number=number, decision_date=day)
    assert err.code == code and err.field in ("decision_number", "decision_date")
    election.refresh_from_db()
    assert election.recognition == Recognition.PENDING


@pytest.mark.parametrize("number", ["12/QĐ\x00-UBND", "12/QĐ-UBND\n13"])
def test_decision_number_with_control_characters_is_refused(election, chair_a, number):
    err = _refused(InputError, actor=chair_a, matter=election, accept=True, decision_number=number,
                   decision_date=timezone.localdate())
    assert err.code == "invalid_characters"


def test_recognition_records_logs_and_publishes_the_decision(election, chair_a):
    today = timezone.localdate()
    m = services.matter_recognize(actor=chair_a, matter=election, accept=True, decision_number="  12/QĐ-UBND ",
                                  decision_date=today)
    m.refresh_from_db()
    assert (m.recognition, m.recognition_number, m.recognition_date) == (Recognition.RECOGNIZED, "12/QĐ-UBND", today)
    entry = LogEntry.objects.filter(object_type="decision", object_id=str(m.pk), kind="decision.recognition").get()
    payload = json.loads(entry.payload)
    assert payload["recognition_number"] == "12/QĐ-UBND" and payload["recognition_date"] == today.isoformat()
    body = services._recognized_body(m)
    assert f"Quyết định số 12/QĐ-UBND ngày {today:%d/%m/%Y}" in body and "Biên bản số 01/BB-TDC" in body


def test_a_refusal_keeps_its_reasons_and_may_carry_a_number_and_date(election, chair_a):
    _refused(DomainError, actor=chair_a, matter=election, accept=False, decision_number="7/UBND")  # no reasons
    m = services.matter_recognize(actor=chair_a, matter=election, accept=False, reason="Sai thủ tục triệu tập",
                                  decision_number="7/UBND-VP", decision_date=timezone.localdate())
    assert (m.recognition, m.recognition_note, m.recognition_number) == (Recognition.REFUSED, "Sai thủ tục triệu tập",
                                                                          "7/UBND-VP")


def test_a_refusal_without_number_or_date_is_accepted(election, chair_a):
    m = services.matter_recognize(actor=chair_a, matter=election, accept=False, reason="Chưa đủ hồ sơ")
    assert (m.recognition, m.recognition_number, m.recognition_date) == (Recognition.REFUSED, "", None)


def test_older_rows_without_a_number_keep_their_logged_payload(election):
    """Results recognised before the number was recorded: blank, and their log entries stay verifiable."""
    Matter.objects.filter(pk=election.pk).update(recognition=Recognition.RECOGNIZED, recognized_at=timezone.now())
    election.refresh_from_db()
    payload = decision_log_payload(election)
    assert "recognition_number" not in payload and "recognition_date" not in payload


def test_recognition_page_form_shows_errors_by_the_fields_then_records(client, election, chair_a):
    client.force_login(chair_a)
    url = reverse("decisions:action", args=[election.pk, "recognize"])
    detail = client.get(reverse("decisions:detail", args=[election.pk])).content.decode()
    assert 'id="id_recognize-decision_number"' in detail and 'id="id_recognize-decision_date"' in detail
    assert 'for="id_recognize-decision_number"' in detail
    with Unchanged():
        r = client.post(url, {"recognize-decision_number": "", "recognize-decision_date": ""})
    assert r.status_code == 400
    page = r.content.decode()
    assert 'href="#id_recognize-decision_number"' in page and 'href="#id_recognize-decision_date"' in page
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with Unchanged():
        r = client.post(url, {"recognize-decision_number": "12/QĐ-UBND", "recognize-decision_date": tomorrow.isoformat()})
    assert r.status_code == 400 and 'href="#id_recognize-decision_date"' in r.content.decode()
    assert 'value="12/QĐ-UBND"' in r.content.decode()  # what was typed is kept
    today = timezone.localdate()
    r = client.post(url, {"recognize-decision_number": "12/QĐ-UBND", "recognize-decision_date": today.isoformat()})
    assert r.status_code == 302
    election.refresh_from_db()
    assert (election.recognition_number, election.recognition_date) == ("12/QĐ-UBND", today)
    shown = f"Quyết định số 12/QĐ-UBND ngày {today:%d/%m/%Y}"
    assert shown in client.get(reverse("decisions:detail", args=[election.pk])).content.decode()
    client.logout()
    public = client.get(reverse("decisions:public_detail", args=[election.unit.code, election.pk])).content.decode()
    assert "Kết quả đã được Chủ tịch UBND xã công nhận" in public and shown in public


def test_refusal_page_form_and_public_page_state_the_reasons(client, election, chair_a):
    client.force_login(chair_a)
    url = reverse("decisions:action", args=[election.pk, "refuse"])
    with Unchanged():
        r = client.post(url, {"refuse-reason": "", "refuse-decision_number": "5/UBND"})
    assert r.status_code == 400 and 'href="#id_refuse-reason"' in r.content.decode()
    today = timezone.localdate()
    r = client.post(url, {"refuse-reason": "Sai thủ tục triệu tập", "refuse-decision_number": "5/UBND",
                          "refuse-decision_date": today.isoformat()})
    assert r.status_code == 302
    client.logout()
    public = client.get(reverse("decisions:public_detail", args=[election.unit.code, election.pk])).content.decode()
    assert "Chủ tịch UBND xã từ chối công nhận kết quả" in public and "văn bản số 5/UBND" in public
    assert f"ngày {today:%d/%m/%Y}" in public and "Sai thủ tục triệu tập" in public


def test_recognition_through_the_api(client, election, chair_a):
    headers = _h(client, chair_a)  # the token used once already: its last-use time is not a change
    url = f"/api/v1/decisions/matters/{election.pk}/recognition"
    with Unchanged():
        r = client.post(url, {"accept": True, "decision_date": timezone.localdate().isoformat()},
                        content_type="application/json", headers=headers)
    assert r.status_code == 400 and r.json()["code"] == "decision_number_invalid"
    r = client.post(url, {"accept": True, "decision_number": "12/QĐ-UBND",
                          "decision_date": timezone.localdate().isoformat()},
                    content_type="application/json", headers=headers)
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["recognition"], body["recognition_number"], body["recognition_date"]) == (
        "recognized", "12/QĐ-UBND", timezone.localdate().isoformat())


def test_each_kind_names_who_recognises_it():
    # Law Art. 21 items 3-5: the commune People's Committee a convention, its chair a village head,
    # the commune Front's standing committee the inspection and supervision boards.
    from django.utils import translation

    from danchu.core.labels import label
    from danchu.decisions.models import Kind, Matter

    who = {k: Matter(kind=k).recognizer for k in (Kind.CONVENTION, Kind.HAMLET_HEAD, Kind.BOARDS)}
    assert who == {Kind.CONVENTION: "UBND xã", Kind.HAMLET_HEAD: "Chủ tịch UBND xã",
                   Kind.BOARDS: "Ban Thường trực Ủy ban MTTQ Việt Nam xã"}
    with translation.override("en"):
        assert label(who[Kind.BOARDS]) == "the standing committee of the commune Fatherland Front"
