"""Who may do what with disclosures, through the service, the page and the API alike.

- An enterprise's internal disclosures (Law 10/2022 Arts. 64-66; an agency's, Arts. 46-48) are the
  business of its head only: the commune's officer and chair can neither draft, publish, correct nor
  withdraw them — and do not see them (404, as if they did not exist).
- Outside the caller's scope: 404; inside it without the right: 403.
- Every refusal changes nothing: no row, no audit event, no transparency-log entry.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.accounts.services import api_token_create
from danchu.accounts.tests.factories import UserFactory, grant
from danchu.core.errors import NotFound, PermissionDenied
from danchu.core.models import AuditEvent, LogEntry
from danchu.core.roles import Role
from danchu.disclosures.models import Attachment, Disclosure, DisclosureQuestion, DisclosureVersion, PersonRow
from danchu.disclosures.selectors import (
    disclosure_get,
    disclosure_list_for_editor,
    disclosure_list_for_organization,
    question_list,
    question_list_for_disclosure,
)
from danchu.disclosures.services import (
    disclosure_add_attachment,
    disclosure_correct,
    disclosure_create_draft,
    disclosure_publish,
    disclosure_update_draft,
    disclosure_withdraw,
    question_ask,
)
from danchu.units.tests.factories import OrganizationFactory

from .factories import PDF, category, content, pdf_upload, published

pytestmark = pytest.mark.django_db

ORG_CATEGORY = "enterprise-64-labour"


def _org_content(**kw):
    return content(channels=["notice_workplace"], **kw)


@pytest.fixture
def ent(tree):
    """An enterprise of commune A, its head, a published and a draft internal disclosure."""
    org = OrganizationFactory(unit=tree["a"], kind="enterprise", name="Công ty Cấp nước Bình Lục")
    head = UserFactory(username="head_ent", full_name="Giám đốc Công ty")
    grant(head, Role.ORG_HEAD, organization=org)
    d = disclosure_create_draft(user=head, unit=tree["a"], organization=org, category=category(ORG_CATEGORY),
                                content=_org_content(title="Nội quy lao động năm 2026"))
    pub = disclosure_publish(user=head, disclosure=d).disclosure
    draft = disclosure_create_draft(user=head, unit=tree["a"], organization=org, category=category(ORG_CATEGORY),
                                    content=_org_content(title="Quy chế lương (dự thảo nội bộ)"))
    return {"org": org, "head": head, "published": pub, "draft": draft}


def _state():
    """Everything a refused call must leave as it was."""
    from django.apps import apps

    return {
        "cases": apps.get_model("cases", "Case").objects.count(),
        "rows": (Disclosure.objects.count(), DisclosureVersion.objects.count(), Attachment.objects.count(),
                 PersonRow.objects.count(), DisclosureQuestion.objects.count()),
        "audit": AuditEvent.objects.count(),
        "log": LogEntry.objects.count(),
        "disclosures": sorted(Disclosure.objects.values_list("pk", "status", "current_version", "title", "withdrawn_reason")),
        "versions": sorted(DisclosureVersion.objects.values_list("pk", "title", "published_at", "superseded_at")),
    }


def _h(user):
    return {"Authorization": f"Bearer {api_token_create(user=user)}"}


@pytest.fixture(params=["officer", "chair"])
def commune_official(request, officer_a, chair_a):
    return {"officer": officer_a, "chair": chair_a}[request.param]


# --- an enterprise's internal disclosures: its head only (Arts. 64-66) ------------------------------


def test_commune_official_cannot_act_on_an_enterprise_disclosure_through_the_services(ent, tree, commune_official):
    before = _state()
    attempts = [
        lambda u: disclosure_create_draft(user=u, unit=tree["a"], organization=ent["org"], category=category(ORG_CATEGORY),
                                          content=_org_content(title="Soạn thay doanh nghiệp")),
        lambda u: disclosure_update_draft(user=u, disclosure=ent["draft"], content=_org_content(title="Sửa thay")),
        lambda u: disclosure_add_attachment(user=u, disclosure=ent["draft"], upload=pdf_upload()),
        lambda u: disclosure_publish(user=u, disclosure=ent["draft"]),
        lambda u: disclosure_correct(user=u, disclosure=ent["published"], content=_org_content(title="Đính chính thay"),
                                     note="Sai"),
        lambda u: disclosure_withdraw(user=u, disclosure=ent["published"], reason="Thu hồi thay"),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):  # outside the commune's reach: the enterprise's records do not exist for it
            attempt(commune_official)
    assert _state() == before
    # the head may (the refusals above came from the rule, not from the arguments)
    disclosure_publish(user=ent["head"], disclosure=ent["draft"])


def test_commune_official_cannot_act_on_an_enterprise_disclosure_through_the_pages(client, ent, commune_official):
    org, draft, pub = ent["org"], ent["draft"], ent["published"]
    client.force_login(commune_official)
    before = _state()
    form = {"category": ORG_CATEGORY, "title": "Soạn thay doanh nghiệp", "body": "x", "channels": ["notice_workplace"]}
    responses = {
        "org page": client.get(f"/to-chuc/{org.pk}/cong-khai/"),
        "new form": client.get(f"/to-chuc/{org.pk}/cong-khai/moi/"),
        "new": client.post(f"/to-chuc/{org.pk}/cong-khai/moi/", form),
        "edit form": client.get(f"/quan-ly/cong-khai/{draft.pk}/"),
        "edit": client.post(f"/quan-ly/cong-khai/{draft.pk}/", {"title": "Sửa thay", "channels": ["notice_workplace"]}),
        "publish": client.post(f"/quan-ly/cong-khai/{draft.pk}/cong-bo/"),
        "correct form": client.get(f"/quan-ly/cong-khai/{pub.pk}/dinh-chinh/"),
        "correct": client.post(f"/quan-ly/cong-khai/{pub.pk}/dinh-chinh/", {"title": "Đính chính thay",
                                                                           "channels": ["notice_workplace"], "note": "Sai"}),
        "withdraw": client.post(f"/quan-ly/cong-khai/{pub.pk}/thu-hoi/", {"reason": "Thu hồi thay"}),
        "draft page": client.get(f"/u/{org.unit.code}/cong-khai/{draft.pk}/"),
        "published page": client.get(f"/u/{org.unit.code}/cong-khai/{pub.pk}/"),
    }
    assert {k: r.status_code for k, r in responses.items()} == dict.fromkeys(responses, 404)
    assert "Quy chế lương" not in responses["edit form"].content.decode()
    assert _state() == before
    # nor do they appear in the commune's own queue
    manage = client.get(f"/quan-ly/{org.unit.code}/cong-khai/").content.decode()
    assert "Quy chế lương" not in manage and "Nội quy lao động" not in manage


def test_commune_official_cannot_act_on_an_enterprise_disclosure_through_the_api(client, ent, commune_official):
    org, draft, pub = ent["org"], ent["draft"], ent["published"]
    h = _h(commune_official)
    before = _state()
    body = {"unit": org.unit.code, "organization_id": org.pk, "category": ORG_CATEGORY, "title": "Soạn thay",
            "body": "x", "channels": ["notice_workplace"]}
    responses = {
        "create": client.post("/api/v1/disclosures", body, content_type="application/json", headers=h),
        "patch": client.patch(f"/api/v1/disclosures/{draft.pk}", {"title": "Sửa thay"}, content_type="application/json",
                              headers=h),
        "attach": client.post(f"/api/v1/disclosures/{draft.pk}/attachments",
                              {"file": SimpleUploadedFile("a.pdf", PDF)}, headers=h),
        "publish": client.post(f"/api/v1/disclosures/{draft.pk}/publish", headers=h),
        "correct": client.post(f"/api/v1/disclosures/{pub.pk}/correct",
                               {**body, "title": "Đính chính thay", "note": "Sai"}, content_type="application/json",
                               headers=h),
        "withdraw": client.post(f"/api/v1/disclosures/{pub.pk}/withdraw", {"reason": "Thu hồi thay"},
                                content_type="application/json", headers=h),
        "read draft": client.get(f"/api/v1/disclosures/{draft.pk}", headers=h),
        "read published": client.get(f"/api/v1/disclosures/{pub.pk}", headers=h),
    }
    assert {k: r.status_code for k, r in responses.items()} == dict.fromkeys(responses, 404)
    assert {r.json()["code"] for r in responses.values()} == {"not_found"}
    # the commune's drafts, listed through the API, leave the enterprise's out
    for url in (f"/api/v1/disclosures?status=draft&unit={org.unit.code}", "/api/v1/disclosures?status=draft"):
        assert draft.pk not in [d["id"] for d in client.get(url, headers=h).json()["items"]]
    assert _state() == before


def test_the_head_does_it_through_the_api(client, ent):
    h = _h(ent["head"])
    body = {"unit": ent["org"].unit.code, "organization_id": ent["org"].pk, "category": ORG_CATEGORY,
            "title": "Thỏa ước lao động tập thể", "body": "x", "channels": ["notice_workplace"]}
    r = client.post("/api/v1/disclosures", body, content_type="application/json", headers=h)
    assert r.status_code == 201, r.json()
    assert client.post(f"/api/v1/disclosures/{r.json()['id']}/publish", headers=h).status_code == 200


def test_commune_queues_leave_the_enterprise_out(ent, tree, officer_a):
    staff = UserFactory()
    grant(staff, Role.UNION_REP, organization=ent["org"])
    question_ask(user=staff, disclosure=ent["published"], text="Ca đêm tính lương thế nào?")
    assert ent["draft"] not in disclosure_list_for_editor(user=officer_a, unit=tree["a"])
    assert list(question_list(user=officer_a, unit=tree["a"])) == []


# --- outside the scope 404, inside without the right 403 -------------------------------------------


def test_another_communes_officer_gets_404_on_the_new_form_and_the_api(client, tree, officer_b):
    code = tree["a"].code
    client.force_login(officer_b)
    h = _h(officer_b)  # issuing a token is audited: before the snapshot
    before = _state()
    assert client.get(f"/quan-ly/{code}/cong-khai/moi/").status_code == 404
    r = client.post(f"/quan-ly/{code}/cong-khai/moi/", {"category": "commune-11-3", "title": "Soạn thay xã A",
                                                        "channels": ["notice_commune", "notice_hamlet"]})
    assert r.status_code == 404 and "Soạn thay xã A" not in r.content.decode()
    r = client.post("/api/v1/disclosures", {"unit": code, "category": "commune-11-3", "title": "Soạn thay xã A",
                                            "body": "x", "channels": ["notice_commune"]},
                    content_type="application/json", headers=h)
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    # and the same for a unit's drafts, its queue and its reminders
    assert client.get(f"/quan-ly/{code}/cong-khai/").status_code == 404
    assert client.get(f"/api/v1/disclosures?status=draft&unit={code}", headers=h).status_code == 404
    assert _state() == before


def test_inside_the_scope_without_the_right_is_403(client, tree, officer_a):
    front = UserFactory()
    grant(front, Role.FRONT_OFFICER, unit=tree["a"])  # reads the commune's records, does not publish
    draft = disclosure_create_draft(user=officer_a, unit=tree["a"], category=category("commune-11-3"), content=content())
    code = tree["a"].code
    client.force_login(front)
    h = _h(front)
    before = _state()
    assert client.get(f"/quan-ly/{code}/cong-khai/moi/").status_code == 403
    assert client.post(f"/quan-ly/{code}/cong-khai/moi/", {"category": "commune-11-3", "title": "X"}).status_code == 403
    assert client.get(f"/quan-ly/cong-khai/{draft.pk}/").status_code == 403
    assert client.post(f"/quan-ly/cong-khai/{draft.pk}/cong-bo/").status_code == 403
    assert client.get(f"/u/{code}/cong-khai/{draft.pk}/").status_code == 403
    r = client.post("/api/v1/disclosures", {"unit": code, "category": "commune-11-3", "title": "X", "body": "x",
                                            "channels": ["notice_commune"]}, content_type="application/json",
                    headers=h)
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    with pytest.raises(PermissionDenied):
        disclosure_get(user=front, pk=draft.pk)
    assert _state() == before


def test_a_published_disclosure_of_the_commune_is_public(client, tree, officer_a, citizen):
    d = published(officer_a, tree["a"])
    assert disclosure_get(user=None, pk=d.pk) == d
    assert client.get(f"/u/{tree['a'].code}/cong-khai/{d.pk}/").status_code == 200


# --- questions: an organization's disclosure is asked about by its people only ----------------------


def test_only_the_organizations_people_ask_about_its_disclosure(ent, officer_b, citizen):
    outsider_head = UserFactory()
    grant(outsider_head, Role.ORG_HEAD, organization=OrganizationFactory(unit=ent["org"].unit, kind="enterprise"))
    before = _state()
    for user in (citizen, officer_b, outsider_head):
        with pytest.raises(NotFound):
            question_ask(user=user, disclosure=ent["published"], text="Tôi muốn hỏi")
    assert _state() == before
    staff = UserFactory()
    grant(staff, Role.UNION_REP, organization=ent["org"])
    q = question_ask(user=staff, disclosure=ent["published"], text="Ca đêm tính lương thế nào?")
    # it stays with the organization: its head sees it, no feedback case is filed at the commune
    assert q.case_code == "" and q.status == "open"
    assert _state()["cases"] == before["cases"]
    assert list(question_list_for_disclosure(user=ent["head"], disclosure=ent["published"])) == [q]
    assert ent["published"] in disclosure_list_for_organization(user=staff, organization=ent["org"])


def test_anyone_may_ask_about_a_communes_disclosure_but_not_about_an_organizations(tree, officer_a, ent):
    # Law 10/2022 Art. 14: citizens ask about disclosed information, with or without an account; an
    # organization's internal disclosure (Arts. 46-48, 64-66) does not exist for someone outside it.
    from django.contrib.auth.models import AnonymousUser

    d = published(officer_a, tree["a"])
    q = question_ask(user=AnonymousUser(), disclosure=d, text="Ẩn danh hỏi", phone="091 234 5678")
    assert (q.author, q.contact_phone, q.text) == (None, "0912345678", "Ẩn danh hỏi") and q.case_code
    before = _state()
    for user in (None, AnonymousUser()):
        with pytest.raises(NotFound):
            question_ask(user=user, disclosure=ent["published"], text="Ẩn danh hỏi")
    assert _state() == before
