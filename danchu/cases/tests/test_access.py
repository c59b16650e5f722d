"""Who may do what with cases, through the pages and the API (the declared rules, core.access) and the
finer rule of the Law on Denunciations (Arts. 9(1), 47, 56) kept in the services' bodies: a refused
call answers 404 outside the caller's scope, 403 inside it, and changes nothing."""

import pytest
from django.core.cache import cache

from danchu.accounts.services import api_token_create
from danchu.accounts.tests.factories import UserFactory, grant
from danchu.cases import services
from danchu.cases.models import Case, CaseAttachment, CaseEvent, CaseIdentity, IdentityAccess, Status
from danchu.cases.selectors import QueueFilters, case_queue, queue_counts
from danchu.core.attachments import Upload
from danchu.core.errors import NotFound, PermissionDenied
from danchu.core.models import AuditEvent, LogEntry
from danchu.core.roles import Role

from .factories import DENOUNCER, file_case

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
INTAKE = {"kind": "feedback", "category": "other", "title": "Đơn thư gửi qua bưu điện", "body": "Nội dung đơn",
          "channel": "letter", "received_on": "2026-01-05", "idempotency_key": "officer-intake-1"}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def front_a(tree):
    """Inside commune A (the Front's committee), without the right to handle cases."""
    user = UserFactory(username="front_a")
    grant(user, Role.FRONT_OFFICER, unit=tree["a"])
    return user


def _state() -> tuple:
    return (list(Case.objects.values_list("pk", "status", "unit_id", "assigned_to_id", "answer")),
            CaseEvent.objects.count(), CaseIdentity.objects.count(), CaseAttachment.objects.count(),
            IdentityAccess.objects.count(), AuditEvent.objects.count(), LogEntry.objects.count())


def _bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)}"}


# --- the officer's intake form (received in person / by letter) ---------------------------------------


@pytest.mark.parametrize(("who", "status"), [("officer_b", 404), ("citizen", 404), ("front_a", 403)])
def test_the_officer_intake_form_is_refused_before_it_is_shown(client, tree, request, who, status):
    client.force_login(request.getfixturevalue(who))
    before = _state()
    url = f"/quan-ly/{tree['a'].code}/ho-so/moi/"
    get = client.get(url)
    assert get.status_code == status
    assert 'name="received_on"' not in get.content.decode()  # not the form
    post = client.post(url, INTAKE)
    assert post.status_code == status
    assert _state() == before and not Case.objects.exists()


def test_the_officer_intake_form_for_the_units_officer(client, tree, officer_a):
    client.force_login(officer_a)
    url = f"/quan-ly/{tree['a'].code}/ho-so/moi/"
    assert client.get(url).status_code == 200
    r = client.post(url, INTAKE)
    case = Case.objects.get()
    assert r.status_code == 302 and (case.channel, case.unit) == ("letter", tree["a"])
    assert client.post(url, INTAKE).status_code == 302 and Case.objects.count() == 1  # same key: the same case


def test_anonymous_is_sent_to_sign_in_for_the_intake_form(client, tree):
    r = client.get(f"/quan-ly/{tree['a'].code}/ho-so/moi/")
    assert r.status_code == 302 and "next=" in r["Location"] and "<form" not in r.content.decode()


def test_a_reception_fact_from_another_communes_officer_makes_no_case(tree, officer_b):
    from danchu.cases.facts import case_from_reception

    with pytest.raises(NotFound):
        case_from_reception(actor=officer_b, unit=tree["a"], kind="feedback", title="t", body="b",
                            received_on=None, identity={})
    assert not Case.objects.exists()


# --- officers' pages and API: 404 outside, 403 inside without the right ----------------------------------


@pytest.mark.parametrize(("who", "status"), [("officer_b", 404), ("citizen", 404), ("front_a", 403)])
def test_officer_pages_refuse_the_same_way(client, tree, request, who, status):
    case = file_case(tree["a"], "complaint")
    client.force_login(request.getfixturevalue(who))
    before = _state()
    code = tree["a"].code
    for url in [f"/quan-ly/{code}/ho-so/", f"/quan-ly/ho-so/{case.pk}/"]:
        assert client.get(url).status_code == status, url
    for step, data in [("accept", {}), ("refuse", {"ground": "Quá thời hiệu"}), ("identity", {}),
                       ("transfer", {"target": "T0B", "reason": "Thuộc xã B"}), ("resolve", {"answer": "x"})]:
        assert client.post(f"/quan-ly/ho-so/{case.pk}/{step}/", data).status_code == status, step
    r = client.post(f"/quan-ly/{code}/ho-so/chuyen/", {"case": [case.pk], "target": "T0B", "reason": "Thuộc xã B"})
    assert r.status_code == status
    assert _state() == before


def test_a_bulk_transfer_with_a_case_of_another_unit_is_not_found(client, tree, officer_a):
    mine, other = file_case(tree["a"]), file_case(tree["b"])
    client.force_login(officer_a)
    before = _state()
    r = client.post(f"/quan-ly/{tree['a'].code}/ho-so/chuyen/", {"case": [mine.pk, other.pk], "target": "T0B",
                                                                 "reason": "Thuộc xã B"})
    assert r.status_code == 404 and _state() == before


@pytest.mark.parametrize(("who", "status"), [("officer_b", 404), ("citizen", 404), ("front_a", 403)])
def test_the_api_refuses_the_same_way(client, tree, request, who, status):
    case = file_case(tree["a"], "complaint")
    h = _bearer(request.getfixturevalue(who))
    before = _state()
    code = tree["a"].code
    for url in [f"/api/v1/cases?unit={code}", f"/api/v1/cases/{case.pk}"]:
        assert client.get(url, **h).status_code == status, url
    for step, data in [("accept", {}), ("refuse", {"ground": "x"}), ("identity", {}), ("resolve", {"answer": "x"}),
                       ("transfer", {"target": "T0B", "reason": "r"})]:
        r = client.post(f"/api/v1/cases/{case.pk}/{step}", data, content_type="application/json", **h)
        assert r.status_code == status, step
    assert _state() == before


def test_the_figures_of_a_unit_one_does_not_reach_are_not_found(client, tree, officer_b):
    url = f"/api/v1/cases/indicators?unit={tree['a'].code}&start=2026-01-01&end=2026-12-31"
    assert client.get(url, **_bearer(officer_b)).status_code == 404
    client.force_login(officer_b)
    assert client.get(f"/quan-ly/{tree['a'].code}/ho-so/chi-so/").status_code == 404


def test_queue_selectors_are_declared(tree, officer_a, officer_b, front_a):
    file_case(tree["a"])
    assert queue_counts(user=officer_a, unit=tree["a"])["open"] == 1
    for user, error in [(officer_b, NotFound), (front_a, PermissionDenied)]:
        with pytest.raises(error):
            queue_counts(user=user, unit=tree["a"])
        with pytest.raises(error):
            case_queue(user=user, unit=tree["a"], filters=QueueFilters())


def test_filing_stays_open_to_everyone(client, tree, citizen):
    """Law on Complaints Art. 8, Law on Denunciations Art. 23, Citizen Reception Law Art. 7: no grant needed."""
    services.case_submit(user=None, unit=tree["a"], kind="feedback", title="t", body="b")
    services.case_submit(user=citizen, unit=tree["a"], kind="denunciation", title="t", body="b", identity=DENOUNCER,
                         accused="Ông C", violation="Nhận tiền")
    r = client.post("/open311/v2/requests.json", {"jurisdiction_id": tree["a"].code, "service_code": "roads",
                                                   "description": "Ổ gà"})
    assert r.status_code == 200 and Case.objects.count() == 3


# --- the finer rule: a denunciation's protected parts are for the assigned officer only --------------------


@pytest.fixture
def denunciation(tree, officer_a):
    case = file_case(tree["a"], "denunciation", files=[Upload("don-to-cao.pdf", PDF)])
    return services.case_accept(actor=officer_a, case=case)  # officer_a is assigned


def test_the_denouncers_identity_is_refused_to_a_case_officer_not_assigned(denunciation, chair_a):
    """The chair handles commune A's cases (the declared rule lets them in), but is not assigned."""
    before = _state()
    with pytest.raises(PermissionDenied) as exc:
        services.case_identity_read(actor=chair_a, case=denunciation)
    assert "người được giao giải quyết tố cáo" in exc.value.message and exc.value.message_en
    assert DENOUNCER.full_name not in exc.value.message
    assert _state() == before
    assert not IdentityAccess.objects.filter(user=chair_a).exists()


def test_the_denouncers_documents_are_refused_to_a_case_officer_not_assigned(denunciation, chair_a, officer_a):
    att = denunciation.attachments.get()
    before = _state()
    with pytest.raises(PermissionDenied) as exc:
        services.case_attachment_open(actor=chair_a, attachment=att)
    assert "người được giao giải quyết tố cáo" in exc.value.message
    assert _state() == before
    opened = services.case_attachment_open(actor=officer_a, attachment=att)
    assert (opened.name, opened.content) == ("don-to-cao.pdf", PDF)  # decrypted for the assigned officer
    assert IdentityAccess.objects.filter(user=officer_a, purpose=f"attachment:{att.pk}").count() == 1


def test_the_finer_rule_answers_403_with_its_reason_on_the_pages_and_the_api(client, denunciation, chair_a):
    att = denunciation.attachments.get()
    client.force_login(chair_a)
    h = _bearer(chair_a)
    before = _state()
    for r in [client.post(f"/quan-ly/ho-so/{denunciation.pk}/identity/"), client.get(f"/quan-ly/ho-so/tep/{att.pk}/"),
              client.post(f"/quan-ly/ho-so/{denunciation.pk}/resolve/", {"answer": "Kết luận"})]:
        html = r.content.decode()
        assert r.status_code == 403 and "Chỉ người được giao giải quyết tố cáo" in html
        assert DENOUNCER.full_name not in html
    r = client.post(f"/api/v1/cases/{denunciation.pk}/identity", **h)
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    assert _state() == before and Case.objects.get().status == Status.ACCEPTED


def test_other_kinds_are_read_by_any_case_officer_of_the_unit(tree, officer_a, chair_a):
    complaint = file_case(tree["a"], "complaint")
    assert services.case_identity_read(actor=chair_a, case=complaint)["full_name"] == "Trần Thị Khiếu"
    assert IdentityAccess.objects.filter(user=chair_a, case=complaint).count() == 1
