"""The Django admin is not a second write path: what services write is read-only there, and the
few admin writes left go through a service or leave an audit row."""

import pytest
from django.contrib import admin

from danchu.accounts.models import RoleGrant
from danchu.accounts.tests.factories import UserFactory, grant
from danchu.core.models import AuditEvent
from danchu.core.roles import Role

# Admin pages that may still write, and what each write goes through.
WRITABLE = {
    "accounts.user": "UserAdmin.save_model / delete_model write an audit row",
    "disclosures.disclosurecategory": "only `is_active` (switching a statutory item off) is editable",
    "core.calendaroverride": "save_model calls core.calendar.calendar_override_set",
    "core.calendaryear": "save_model calls core.calendar.calendar_year_declare",
}


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


@pytest.mark.parametrize("model", sorted(admin.site._registry, key=_label), ids=_label)
def test_admin_writes_nothing_that_services_write(rf, model):
    model_admin = admin.site._registry[model]
    if model._meta.app_label in {"auth", "django_tasks_database", "otp_totp", "otp_static", "sessions"}:
        pytest.skip("framework model")
    request = rf.get("/")
    request.user = UserFactory.build(is_superuser=True, is_staff=True, is_active=True)
    may_write = (model_admin.has_add_permission(request) or model_admin.has_change_permission(request, model())
                 or model_admin.has_delete_permission(request, model()))
    if _label(model) in WRITABLE:
        return
    assert not may_write, f"{_label(model)} is writable in the admin"
    for inline in model_admin.get_inline_instances(request):
        assert not (inline.has_add_permission(request, None) or inline.has_change_permission(request, None)
                    or inline.has_delete_permission(request, None)), f"{_label(model)} inline {inline}"


def test_role_grants_cannot_be_added_in_the_admin(admin_client, tree):
    user = UserFactory()
    before = (RoleGrant.objects.count(), AuditEvent.objects.count())
    response = admin_client.post("/admin/accounts/rolegrant/add/", {"user": user.pk, "role": Role.COMMUNE_CHAIR,
                                                                    "unit": tree["a"].pk}, HTTP_HOST="localhost")
    assert response.status_code == 403
    assert (RoleGrant.objects.count(), AuditEvent.objects.count()) == before


def test_a_grant_cannot_be_edited_in_the_admin(admin_client, tree):
    user = UserFactory()
    g = grant(user, Role.COMMUNE_OFFICER, unit=tree["a"])
    response = admin_client.post(f"/admin/accounts/rolegrant/{g.pk}/change/", {"role": Role.COMMUNE_CHAIR},
                                 HTTP_HOST="localhost")
    assert response.status_code == 403
    g.refresh_from_db()
    assert g.role == Role.COMMUNE_OFFICER


def test_a_units_parent_cannot_be_changed_in_the_admin(admin_client, tree):
    hamlet = tree["a1"]
    response = admin_client.post(f"/admin/units/unit/{hamlet.pk}/change/", {"parent": tree["b"].pk, "code": "X"},
                                 HTTP_HOST="localhost")
    assert response.status_code == 403
    hamlet.refresh_from_db()
    assert (hamlet.parent_id, hamlet.code) == (tree["a"].pk, "T0A-01")


def test_residents_personal_data_is_not_in_the_admin(admin_client, tree):
    from danchu.units.models import Household, Resident

    h = Household.objects.create(hamlet=tree["a1"], code="H1")
    Resident.objects.create(household=h, full_name="Nguyễn Văn Riêng", identity_number="001234567890")
    page = admin_client.get(f"/admin/units/household/{h.pk}/change/", HTTP_HOST="localhost").content.decode()
    assert "001234567890" not in page and "Nguyễn Văn Riêng" not in page


def test_an_account_change_in_the_admin_is_audited(admin_client, db):
    user = UserFactory(is_active=True)
    page = admin_client.get(f"/admin/accounts/user/{user.pk}/change/", HTTP_HOST="localhost")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list | tuple)}
    data.update({"username": user.username, "full_name": user.full_name, "is_active": "", "date_joined_0": "2026-01-01",
                 "date_joined_1": "00:00:00", "role_grants-TOTAL_FORMS": "0", "role_grants-INITIAL_FORMS": "0"})
    data.pop("password", None)
    data.pop("last_login", None)
    admin_client.post(f"/admin/accounts/user/{user.pk}/change/", data, HTTP_HOST="localhost")
    user.refresh_from_db()
    assert user.is_active is False
    event = AuditEvent.objects.get(action="admin.user_change")
    assert "is_active" in event.extra["fields"] and user.full_name not in str(event.extra)
