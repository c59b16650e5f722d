"""Organizations (agencies, public service units, enterprises) of a unit."""

import pytest

from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.core.models import AuditEvent
from danchu.units.models import Organization, OrganizationKind
from danchu.units.services.organizations import organization_create, organization_update


def test_create(tree, officer_a):
    org = organization_create(actor=officer_a, unit=tree["a"], kind=OrganizationKind.PUBLIC_SERVICE_UNIT,
                              name=" Trường  Tiểu học Bình Lục ", tax_code="0101234567001")
    assert (org.name, org.search_name, org.tax_code, org.province_code) == (
        "Trường Tiểu học Bình Lục", "truong tieu hoc binh luc", "0101234567-001", "T01")
    assert AuditEvent.objects.get(action="units.organization_create").unit_path == tree["a"].path


@pytest.mark.parametrize(("_case", "kwargs", "code"), [
    ("empty name", {"name": " "}, "organization_name_required"),
    ("unknown kind", {"kind": "party"}, "organization_kind_invalid"),
    ("bad tax code", {"tax_code": "12345"}, "tax_code_invalid"),
    ("duplicate, other case", {"name": "ủy ban nhân dân xã"}, "organization_duplicate"),
])
def test_create_refuses_bad_input(tree, officer_a, _case, kwargs, code):
    organization_create(actor=officer_a, unit=tree["a"], kind=OrganizationKind.AGENCY, name="Ủy ban nhân dân xã")
    args = {"kind": OrganizationKind.AGENCY, "name": "Công ty Mới", **kwargs}
    with pytest.raises(DomainError) as exc:
        organization_create(actor=officer_a, unit=tree["a"], **args)
    assert exc.value.code == code
    assert Organization.objects.count() == 1


@pytest.mark.parametrize("who", ["officer_b", "citizen"])
def test_create_outside_scope_is_refused(tree, request, who):
    audits = AuditEvent.objects.count()
    with pytest.raises(NotFound):
        organization_create(actor=request.getfixturevalue(who), unit=tree["a"], kind="agency", name="Lạ")
    assert not Organization.objects.exists() and AuditEvent.objects.count() == audits


def test_update_changes_only_given_fields(tree, officer_a):
    org = organization_create(actor=officer_a, unit=tree["a1"], kind="enterprise", name="HTX Nông nghiệp")
    org = organization_update(actor=officer_a, organization=org, name="Hợp tác xã Nông nghiệp", is_active=False)
    assert (org.name, org.search_name, org.kind, org.is_active) == ("Hợp tác xã Nông nghiệp",
                                                                    "hop tac xa nong nghiep", "enterprise", False)
    assert AuditEvent.objects.get(action="units.organization_update").extra == {"fields": ["is_active", "name"]}
    organization_update(actor=officer_a, organization=org, name="Hợp tác xã Nông nghiệp")
    assert AuditEvent.objects.filter(action="units.organization_update").count() == 1


def test_update_by_other_commune_is_refused(tree, officer_a, officer_b):
    org = organization_create(actor=officer_a, unit=tree["a"], kind="agency", name="Công an xã")
    with pytest.raises(NotFound):
        organization_update(actor=officer_b, organization=org, name="Đổi")
    org.refresh_from_db()
    assert org.name == "Công an xã"


def test_the_organization_itself_does_not_edit_the_register(tree, officer_a):
    """The commune keeps the register (ORGANIZATION_MANAGE reaches organizations from the commune);
    the organization's own head is in its scope but without the right: 403, nothing changed."""
    from danchu.accounts.tests.factories import UserFactory, grant
    from danchu.core.roles import Role

    org = organization_create(actor=officer_a, unit=tree["a"], kind="enterprise", name="Công ty May")
    head = UserFactory()
    grant(head, Role.ORG_HEAD, organization=org)
    audits = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        organization_update(actor=head, organization=org, name="Đổi tên")
    org.refresh_from_db()
    assert org.name == "Công ty May" and AuditEvent.objects.count() == audits
