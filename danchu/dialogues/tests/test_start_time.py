"""POST /api/v1/dialogues with a time of day carrying a UTC offset ("09:00:00+07:00"): the column holds
Vietnam's local time, so the service converts it (core.inputs.local_time) instead of storing an aware
time that SQLite refuses and that the answer could not be written from (it once answered 500 "not
saved" after saving the row on PostgreSQL)."""

import datetime as dt

import pytest

from danchu.accounts.services import api_token_create
from danchu.core.models import AuditEvent
from danchu.dialogues.models import Dialogue

from .helpers import days


def _post(client, headers, start_time):
    return client.post("/api/v1/dialogues", {
        "unit": "T0A", "leader_role": "commune_chair", "leader_name": "Nguyễn Văn Chủ", "topic": "Đối thoại về giao thông",
        "held_on": days(2).isoformat(), "start_time": start_time, "place": "UBND xã", "audience": "Nhân dân",
    }, content_type="application/json", **headers)


def _bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)}"}


@pytest.mark.parametrize(("sent", "stored"), [("09:00:00+07:00", dt.time(9, 0)), ("02:00:00Z", dt.time(9, 0)),
                                              ("08:30:00+06:00", dt.time(9, 30)), ("14:15:00", dt.time(14, 15))])
def test_a_time_with_an_offset_is_stored_as_local_time(client, tree, officer_a, sent, stored):
    r = _post(client, _bearer(officer_a), sent)
    assert r.status_code == 201, r.content
    d = Dialogue.objects.get()
    assert d.start_time == stored and r.json()["start_time"] == stored.isoformat()
    assert client.get(f"/api/v1/dialogues/{d.pk}").json()["start_time"] == stored.isoformat()


def test_a_time_that_falls_on_another_local_day_is_refused(client, tree, officer_a):
    headers = _bearer(officer_a)
    audits = AuditEvent.objects.count()
    r = _post(client, headers, "20:00:00-05:00")  # 08:00 the next day in Vietnam
    assert r.status_code == 400 and r.json()["code"] == "invalid_time" and r.json()["field"] == "start_time"
    assert Dialogue.objects.count() == 0 and AuditEvent.objects.count() == audits
