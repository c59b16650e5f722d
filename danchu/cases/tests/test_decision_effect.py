"""When a complaint decision has legal effect (Law on Complaints Art. 44): 30 days after it is issued,
45 in remote areas where travel is hard; shown on the officer's page, the tracking page and in the API."""

import datetime as dt

import pytest
from django.conf import settings

from danchu.cases import deadlines, services
from danchu.cases.models import Case
from danchu.cases.selectors import complaint_decision_effect

from .factories import file_case

pytestmark = pytest.mark.django_db
D = dt.date


def _decided(**kw):
    base = {"kind": "complaint", "status": "resolved", "received_on": D(2026, 10, 1), "accepted_on": D(2026, 10, 2),
            "resolved_on": D(2026, 11, 2)}
    base.update(kw)
    return Case(**base)


@pytest.mark.parametrize(("facts", "ends", "effective"), [
    ({}, D(2026, 12, 2), D(2026, 12, 3)),                                   # Mon 2/11 + 30 → Wed 2/12
    ({"remote_area": True}, D(2026, 12, 17), D(2026, 12, 18)),              # + 45 → Thu 17/12
    ({"second_time": True}, D(2026, 12, 2), D(2026, 12, 3)),
    # + 30 from 3/8/2026 → 2/9, National Day (31/8, 1/9, 2/9 off) → 3/9 (Civil Code Art. 148)
    ({"resolved_on": D(2026, 8, 3), "received_on": D(2026, 7, 1), "accepted_on": D(2026, 7, 2)}, D(2026, 9, 3), D(2026, 9, 4)),
])
def test_art_44_thirty_days_forty_five_in_remote_areas(facts, ends, effective):
    effect = complaint_decision_effect(case=_decided(**facts))
    assert (effect["period_ends"], effect["effective_on"]) == (ends, effective)
    assert effect["days"] == (45 if facts.get("remote_area") else 30)
    assert effect["article"] == "Luật Khiếu nại 2011, Điều 44"


@pytest.mark.parametrize("facts", [{"status": "accepted", "resolved_on": None}, {"status": "refused"},
                                   {"kind": "denunciation"}, {"kind": "feedback"}])
def test_no_effect_date_without_a_complaint_decision(facts):
    assert deadlines.decision_effect(_decided(**facts)) is None


def _decide(tree, officer, monkeypatch, *, remote=False):
    monkeypatch.setattr(services, "_today", lambda: D(2026, 10, 5))
    case = services.case_accept(actor=officer, case=file_case(tree["a"], "complaint", received_on=None),
                                remote_area=remote)
    monkeypatch.setattr(services, "_today", lambda: D(2026, 11, 2))
    return services.case_resolve(actor=officer, case=case, answer="Giữ nguyên quyết định 12/QĐ-UBND.",
                                 decision_ref="25/QĐ-UBND")


def test_officer_and_tracking_pages_show_the_effect_date_vietnamese_first(tree, officer_a, client, monkeypatch):
    case = _decide(tree, officer_a, monkeypatch)
    html = client.get("/tra-cuu/", {"code": case.tracking_code}).content.decode()
    assert ('Quyết định giải quyết khiếu nại lần đầu có hiệu lực pháp luật từ ngày 03/12/2026 nếu người khiếu nại '
            'không khiếu nại lần hai, không khởi kiện vụ án hành chính (30 ngày kể từ ngày ban hành 02/11/2026).') in html
    assert 'id="decision-effect"' in html and "Luật Khiếu nại 2011, Điều 44" in html
    client.force_login(officer_a)
    html = client.get(f"/quan-ly/ho-so/{case.pk}/").content.decode()
    assert "có hiệu lực pháp luật từ ngày 03/12/2026" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/quan-ly/ho-so/{case.pk}/").content.decode()
    assert ("The first-time complaint decision has legal effect from 03/12/2026 unless the complainant complains a "
            "second time or brings an administrative lawsuit (30 days from its issue on 02/11/2026).") in html
    assert "Law on Complaints 2011, Art. 44" in html


def test_remote_area_shows_forty_five_days(tree, officer_a, client, monkeypatch):
    case = _decide(tree, officer_a, monkeypatch, remote=True)
    html = client.get("/tra-cuu/", {"code": case.tracking_code}).content.decode()
    assert "từ ngày 18/12/2026" in html and "(45 ngày kể từ ngày ban hành 02/11/2026)" in html
    assert "vùng sâu, vùng xa đi lại khó khăn" in html


def test_no_effect_line_before_the_decision(tree, officer_a, client):
    case = services.case_accept(actor=officer_a, case=file_case(tree["a"], "complaint"))
    client.force_login(officer_a)
    assert 'id="decision-effect"' not in client.get(f"/quan-ly/ho-so/{case.pk}/").content.decode()


def test_api_detail_and_tracking_carry_the_effect_date(tree, officer_a, client, monkeypatch):
    from danchu.accounts.services import api_token_create

    case = _decide(tree, officer_a, monkeypatch, remote=True)
    h = {"Authorization": f"Bearer {api_token_create(user=officer_a)}"}
    detail = client.get(f"/api/v1/cases/{case.pk}", headers=h).json()["decision_effect"]
    assert detail == {"issued_on": "2026-11-02", "days": 45, "period_ends": "2026-12-17", "effective_on": "2026-12-18",
                      "second_time": False, "remote_area": True, "article": "Luật Khiếu nại 2011, Điều 44"}
    tracked = client.get(f"/api/v1/cases/track/{case.tracking_code}").json()["decision_effect"]
    assert tracked == detail
    open_case = services.case_accept(actor=officer_a, case=file_case(tree["a"], "complaint"))
    assert client.get(f"/api/v1/cases/{open_case.pk}", headers=h).json()["decision_effect"] is None


def test_reports_count_complaint_decisions_on_the_day_they_take_effect(tree):
    # A decision issued Mon 2/11/2026 takes effect Thu 3/12 (30 days), one in a remote area on Fri 18/12
    # (45 days): both count in December, none in November; a resolved feedback case never counts.
    from danchu.core.indicators import indicator

    plain, remote, feedback = (file_case(tree["a"], "complaint"), file_case(tree["a"], "complaint"),
                               file_case(tree["a"], "feedback"))
    Case.objects.filter(pk__in=[plain.pk, remote.pk, feedback.pk]).update(status="resolved", resolved_on=D(2026, 11, 2),
                                                                     answer="Quyết định giải quyết khiếu nại lần đầu.")
    Case.objects.filter(pk=remote.pk).update(remote_area=True)
    ind = indicator("cases.complaint_decisions_effective")
    unit = tree["a"].pk
    assert list(ind.counter(start=D(2026, 11, 1), end=D(2026, 11, 30), unit_ids=[unit])) == []
    assert list(ind.counter(start=D(2026, 12, 1), end=D(2026, 12, 31), unit_ids=[unit])) == [
        (unit, D(2026, 12, 3), 1), (unit, D(2026, 12, 18), 1)]
    assert list(ind.counter(start=D(2026, 12, 1), end=D(2026, 12, 31), unit_ids=[tree["b"].pk])) == []
    records = ind.records(start=D(2026, 12, 1), end=D(2026, 12, 31), unit_ids=[unit], limit=10)
    assert [(r[1], r[2].split(" · ")[0]) for r in records] == [
        (D(2026, 12, 3), plain.display_code), (D(2026, 12, 18), remote.display_code)]
    assert all("Trần Thị Khiếu" not in r[2] for r in records)
