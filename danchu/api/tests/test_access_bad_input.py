"""Credentials and ids that must be refused with the Vietnamese error, nothing written: a token of a
deleted or deactivated account, a revoked grant, another unit's id, a forged organization id."""

import pytest
from django.utils import timezone

from danchu.accounts.services import api_token_create
from danchu.accounts.tests.factories import UserFactory, grant
from danchu.core.models import AuditEvent
from danchu.core.roles import Role
from danchu.disclosures.models import Disclosure
from danchu.units.tests.factories import OrganizationFactory


def _counts():
    return (Disclosure.objects.count(), AuditEvent.objects.count())


def test_a_token_of_a_deleted_account_is_401(client, tree):
    user = UserFactory()
    grant(user, Role.COMMUNE_OFFICER, unit=tree["a"])
    token = api_token_create(user=user)
    user.delete()
    response = client.get("/api/v1/units/T0A/households", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json()["message"] == "Cần đăng nhập hoặc token hợp lệ."


def test_a_token_of_a_deactivated_account_is_401(client, tree, officer_a):
    token = api_token_create(user=officer_a)
    officer_a.is_active = False
    officer_a.save()
    before = _counts()
    response = client.post("/api/v1/disclosures", {"unit": "T0A", "category": "commune-11-3", "title": "X",
                                                   "body": "Y", "channels": ["website"]},
                           content_type="application/json", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert _counts() == before


def test_a_revoked_grant_reaches_nothing(client, tree):
    user = UserFactory()
    g = grant(user, Role.COMMUNE_OFFICER, unit=tree["a"])
    g.revoked_at = timezone.now()
    g.save()
    token = api_token_create(user=user)
    response = client.get("/api/v1/units/T0A/households", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found" and response.json()["message"] == "Không tìm thấy."
    client.force_login(user)
    page = client.get("/quan-ly/T0A/ho-so/")
    assert page.status_code == 404 and "Không tìm thấy" in page.content.decode()


@pytest.mark.parametrize("where", ["other commune", "nonexistent"])
def test_a_forged_organization_id_is_404_and_writes_nothing(client, tree, officer_a, where):
    other = OrganizationFactory(unit=tree["b"], name="Công ty ở xã B")
    org_id = other.pk if where == "other commune" else 987654
    token = api_token_create(user=officer_a)
    before = _counts()
    response = client.post("/api/v1/disclosures", {"unit": "T0A", "organization_id": org_id, "category": "enterprise-64-business",
                                                   "title": "Nội bộ", "body": "Y", "channels": ["notice_workplace"]},
                           content_type="application/json", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert _counts() == before


def test_another_units_page_is_the_same_404_as_a_missing_unit(client, tree, officer_b):
    client.force_login(officer_b)
    other = client.get("/quan-ly/T0A/ho-so/moi/")
    missing = client.get("/quan-ly/KHONG-CO/ho-so/moi/")
    assert other.status_code == missing.status_code == 404
