"""Who may do what in consultations, beyond the permission matrix (core/tests/test_access_matrix.py):

- an organization's staff consultation (Law 10/2022 Arts. 53-55, 71) belongs to the organization: the
  commune's officer and chair are refused with 404 everywhere — services, the officials' reads, pages,
  the API — as for a consultation that does not exist;
- giving an opinion and agreeing / disagreeing are open to the residents of the commune (or the staff
  of the organization): the finer rules in the services' bodies (who takes part, never on one's own
  opinion, a consultation one may not see) each refuse with nothing written;
- pages and the API answer 404 outside one's scope and 403 inside it without the right, and a page
  that shows a write's form never shows it to someone refused.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from danchu.accounts.services import api_token_create
from danchu.accounts.tests.factories import PASSWORD, UserFactory, grant
from danchu.consultations import selectors, services
from danchu.consultations.errors import Code
from danchu.consultations.models import Consultation, Kind, Opinion, Participant, Source, Vote
from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.core.models import AuditEvent
from danchu.core.roles import Role
from danchu.core.tests.matrix import TaskCounter, changes, snapshot
from danchu.units.models import Organization, OrganizationKind

from .factories import consultation, end_period, resident


class Unchanged:
    """Asserts that no table, stored file or task changed inside the block (but `ignore`: an API
    token's last use)."""

    def __init__(self, ignore=()):
        self.ignore = set(ignore)

    def __enter__(self):
        self.before = snapshot(TaskCounter())
        return self

    def __exit__(self, *exc):
        assert [t for t in changes(self.before, snapshot(TaskCounter())) if t not in self.ignore] == []
        return False


API = ("accounts_apitoken",)


def _h(user):
    return {"Authorization": f"Bearer {api_token_create(user=user)}"}


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def org(tree):
    return Organization.objects.create(unit=tree["a"], kind=OrganizationKind.ENTERPRISE, name="Công ty May Bình Lục",
                                       search_name="cong ty may binh luc", province_code="T01")


@pytest.fixture
def head(org):
    user = UserFactory(username="head_org")
    grant(user, Role.ORG_HEAD, organization=org)
    return user


@pytest.fixture
def worker(org):
    user = UserFactory(username="worker")
    grant(user, Role.CITIZEN, organization=org)
    return user


def _staff_consultation(head, org, *, publish=True, **kw):
    return consultation(head, None, organization=org, kind=Kind.ORG_PAY, days=10, title="Dự thảo thang lương 2027",
                        text="Điều 1. Bảng lương\n1. Bậc 1: 5.000.000 đồng.", publish=publish, **kw)


def _org_input():
    return services.ConsultationInput(kind=Kind.ORG_PAY, title="Thang lương", closes_at=timezone.now() + dt.timedelta(days=10))


# --- an organization's staff consultation is the organization's own ----------------------------------


def test_the_commune_officer_and_chair_are_refused_404_on_a_staff_consultation(tree, officer_a, chair_a, org, head, worker):
    draft = _staff_consultation(head, org, publish=False)
    c = _staff_consultation(head, org)
    o = services.opinion_create(actor=worker, consultation=c, text="Bậc 1 thấp hơn lương tối thiểu vùng.")
    hidden = services.opinion_record(actor=head, consultation=c, text="Lộ số điện thoại", source=Source.PAPER,
                                     source_note="Phiếu 2")
    services.opinion_hide(actor=head, opinion=hidden, reason="Lộ thông tin cá nhân")
    over = end_period(_staff_consultation(head, org))
    calls = [
        lambda u: services.consultation_create(actor=u, organization=org, data=_org_input()),
        lambda u: services.draft_set(actor=u, consultation=draft, text="Điều 1. Khác"),
        lambda u: services.sections_replace(actor=u, consultation=draft, sections=[
            services.SectionInput(kind="article", number="1", text="Khác")]),
        lambda u: services.consultation_publish(actor=u, consultation=draft),
        lambda u: services.opinion_record(actor=u, consultation=c, text="Ý kiến", source=Source.PAPER, source_note="Phiếu"),
        lambda u: services.opinion_hide(actor=u, opinion=o, reason="Không thích"),
        lambda u: services.opinion_unhide(actor=u, opinion=hidden),
        lambda u: services.opinion_answer(actor=u, opinion=o, kind="explained", text="Giữ nguyên."),
        lambda u: services.opinion_map_request(actor=u, consultation=c),
        lambda u: services.consultation_finalise(actor=u, consultation=over),
        lambda u: services.opinion_create(actor=u, consultation=c, text="Ý kiến của xã"),
        lambda u: services.vote_cast(actor=u, opinion=o, choice="agree"),
        lambda u: selectors.consultation_for_manage(user=u, pk=draft.pk),
        lambda u: selectors.consultation_get(user=u, pk=c.pk),
        lambda u: selectors.consultation_get(user=u, pk=draft.pk),
        lambda u: selectors.consultations_of_organization(user=u, organization=org),
        lambda u: selectors.organization_for(user=u, pk=org.pk),
        lambda u: selectors.unanswered(user=u, consultation=c),
        lambda u: selectors.hidden_opinions(user=u, consultation=c),
    ]
    for user in (officer_a, chair_a):
        for call in calls:
            with Unchanged(), pytest.raises(NotFound):
                call(user)
        # the commune's own list does not carry the organization's consultations
        assert selectors.consultations_for_official(user=user, unit=tree["a"]) == []
    # the organization's head does all of it
    assert selectors.consultation_for_manage(user=head, pk=draft.pk) == draft
    assert [x.pk for x in selectors.unanswered(user=head, consultation=c)] == [o.pk]
    services.opinion_answer(actor=head, opinion=o, kind="explained", text="Bậc 1 đã bằng mức tối thiểu vùng từ 1/7.")


def test_staff_consultation_pages_and_api_answer_404_to_the_commune(client, tree, officer_a, chair_a, org, head, worker):
    c = _staff_consultation(head, org)
    o = services.opinion_create(actor=worker, consultation=c, text="Bậc 1 thấp.")
    for user in (officer_a, chair_a):
        _login(client, user)
        for url in (f"/quan-ly/to-chuc/{org.pk}/gop-y/", f"/quan-ly/to-chuc/{org.pk}/gop-y/moi/", f"/quan-ly/gop-y/{c.pk}/",
                    f"/quan-ly/gop-y/{c.pk}/cac-phan/", f"/quan-ly/gop-y/y-kien/{o.pk}/", f"/gop-y/{c.pk}/"):
            assert client.get(url).status_code == 404, url
        with Unchanged():
            assert client.post(f"/quan-ly/gop-y/y-kien/{o.pk}/", {"step": "hide", "reason": "x"}).status_code == 404
            assert client.post(f"/quan-ly/gop-y/{c.pk}/record/", {"source": "paper", "source_note": "Phiếu",
                                                                   "text": "x"}).status_code == 404
        client.logout()
        headers = _h(user)
        with Unchanged(ignore=API):
            body = {"organization": org.pk, "kind": "org_pay", "title": "Thang lương",
                    "closes_at": (timezone.now() + dt.timedelta(days=10)).isoformat()}
            assert client.post("/api/v1/consultations", body, content_type="application/json",
                               headers=headers).status_code == 404
            for path, payload in ((f"/api/v1/opinions/{o.pk}/answer", {"kind": "explained", "text": "x"}),
                                  (f"/api/v1/opinions/{o.pk}/hide", {"reason": "x"}),
                                  (f"/api/v1/opinions/{o.pk}/vote", {"choice": "agree"}),
                                  (f"/api/v1/consultations/{c.pk}/publish", {}),
                                  (f"/api/v1/consultations/{c.pk}/opinions", {"text": "x"})):
                r = client.post(path, payload, content_type="application/json", headers=headers)
                assert r.status_code == 404 and r.json()["code"] == "not_found", path
            assert client.get(f"/api/v1/consultations/{c.pk}", headers=headers).status_code == 404
    _login(client, head)
    assert client.get(f"/quan-ly/to-chuc/{org.pk}/gop-y/").status_code == 200
    assert client.get(f"/quan-ly/gop-y/y-kien/{o.pk}/").status_code == 200


# --- residents: the finer rules of opinions and votes -------------------------------------------------


def test_only_the_communes_residents_comment_and_a_refusal_writes_nothing(tree, officer_a, citizen):
    c = consultation(officer_a, tree["a"])
    for outsider in (resident(tree["b1"]), citizen, AnonymousUser()):  # another commune, no residence, anonymous
        with Unchanged(), pytest.raises(PermissionDenied) as exc:
            services.opinion_create(actor=outsider, consultation=c, text="Tôi không ở xã này")
        assert "Chỉ người dân cư trú" in exc.value.message and exc.value.message_en
    draft = consultation(officer_a, tree["a"], publish=False, title="Bản nháp")
    neighbour = resident(tree["a1"])
    with Unchanged(), pytest.raises(NotFound):  # a draft is not shown, so not commented
        services.opinion_create(actor=neighbour, consultation=draft, text="Sớm quá")
    assert services.opinion_create(actor=neighbour, consultation=c, text="Đồng ý").pk


def test_only_the_staff_comment_and_vote_on_a_staff_consultation(tree, org, head, worker):
    c = _staff_consultation(head, org)
    o = services.opinion_create(actor=worker, consultation=c, text="Bậc 1 thấp.")
    other_staff = UserFactory()
    grant(other_staff, Role.CITIZEN, organization=org)
    for outsider in (resident(tree["a1"]), UserFactory()):
        with Unchanged(), pytest.raises(NotFound):
            services.opinion_create(actor=outsider, consultation=c, text="Tôi không làm ở công ty")
        with Unchanged(), pytest.raises(NotFound):
            services.vote_cast(actor=outsider, opinion=o, choice="agree")
    services.vote_cast(actor=other_staff, opinion=o, choice="agree")
    o.refresh_from_db()
    assert o.agree == 1


def test_votes_only_by_residents_never_on_ones_own_opinion_and_a_refusal_writes_nothing(tree, officer_a):
    c = consultation(officer_a, tree["a"])
    author, other = resident(tree["a1"]), resident(tree["a2"])
    o = services.opinion_create(actor=author, consultation=c, text="Nên kéo dài thời gian niêm yết")
    with Unchanged(), pytest.raises(DomainError) as exc:
        services.vote_cast(actor=author, opinion=o, choice="agree")
    assert exc.value.code == Code.OWN_COMMENT and "chính mình" in exc.value.message
    stranger = resident(tree["b1"])
    with Unchanged(), pytest.raises(PermissionDenied) as exc:
        services.vote_cast(actor=stranger, opinion=o, choice="agree")
    assert "Chỉ người dân cư trú" in exc.value.message
    services.vote_cast(actor=other, opinion=o, choice="agree")
    o.refresh_from_db()
    c.refresh_from_db()
    assert (o.agree, c.votes_count, Vote.objects.count(), Participant.objects.filter(consultation=c).count()) == (1, 1, 1, 2)


def test_a_draft_takes_no_opinion_even_from_its_officer(tree, officer_a):
    draft = consultation(officer_a, tree["a"], publish=False)
    with Unchanged(), pytest.raises(DomainError) as exc:
        services.opinion_create(actor=officer_a, consultation=draft, text="Thử")
    assert exc.value.code == Code.NOT_OPEN


# --- pages and the API: 404 outside, 403 inside without the right, no form to the refused -------------


@pytest.fixture
def front_a(tree):
    user = UserFactory(username="front_a")  # CONSULTATION_VIEW, not MANAGE
    grant(user, Role.FRONT_OFFICER, unit=tree["a"])
    return user


def test_forms_are_not_shown_to_the_refused(client, tree, officer_a, officer_b, citizen, front_a):
    c = consultation(officer_a, tree["a"], publish=False)
    new = f"/quan-ly/{tree['a'].code}/gop-y/moi/"
    for user, status in ((officer_b, 404), (citizen, 404), (resident(tree["a"]), 403), (front_a, 403)):
        _login(client, user)
        assert client.get(new).status_code == status, user
        assert client.get(f"/quan-ly/gop-y/{c.pk}/cac-phan/").status_code == (404 if status == 404 else 403), user
        with Unchanged():
            assert client.post(new, {"kind": "land_use", "title": "X", "forms_used": ["portal"],
                                     "closes_at": "2099-01-01T00:00"}).status_code == status
            assert client.post(f"/quan-ly/gop-y/{c.pk}/record/", {"text": ""}).status_code == status
            assert client.post(f"/quan-ly/gop-y/{c.pk}/publish/").status_code == status
        client.logout()
    _login(client, front_a)  # may look at the officials' page, without the forms of a write
    page = client.get(f"/quan-ly/gop-y/{c.pk}/")
    assert page.status_code == 200 and 'id="prepare"' not in page.text
    client.logout()
    _login(client, officer_a)
    assert client.get(new).status_code == 200
    assert Consultation.objects.count() == 1


def test_the_public_page_refuses_a_non_residents_comment_with_403(client, tree, officer_a):
    c = consultation(officer_a, tree["a"])
    _login(client, resident(tree["b1"]))
    with Unchanged():
        assert client.post(f"/gop-y/{c.pk}/y-kien/", {"text": "Tôi ở xã khác"}).status_code == 403
    assert not Opinion.objects.exists() and not AuditEvent.objects.filter(action="consultations.opinion").exists()


def test_api_officials_endpoints_answer_404_to_another_commune(client, tree, officer_a, officer_b):
    c = consultation(officer_a, tree["a"], publish=False)
    headers = _h(officer_b)
    with Unchanged(ignore=API):
        r = client.put(f"/api/v1/consultations/{c.pk}/sections", [{"kind": "article", "number": "1", "text": "x"}],
                       content_type="application/json", headers=headers)
        assert r.status_code == 404
        assert client.post(f"/api/v1/consultations/{c.pk}/finalise", {}, content_type="application/json",
                           headers=headers).status_code == 404
