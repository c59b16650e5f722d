"""Role grants: a commune chair staffs only their commune; denied actions change nothing."""

import pytest
from django.urls import reverse

from danchu.accounts.models import RoleGrant, User
from danchu.accounts.services import role_grant, role_grant_to_person, role_revoke
from danchu.accounts.tests.factories import UserFactory, grant
from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.core.models import AuditEvent
from danchu.core.roles import Role


def _snapshot():
    return (RoleGrant.objects.count(), User.objects.count(), AuditEvent.objects.count())


def test_chair_grants_hamlet_head_in_own_commune(tree, chair_a):
    person = UserFactory()
    g = role_grant(actor=chair_a, person=person, role=Role.HAMLET_HEAD, unit=tree["a1"])
    assert g.granted_by == chair_a
    assert AuditEvent.objects.filter(action="accounts.role_grant", object_id=str(g.pk)).count() == 1


@pytest.mark.parametrize(
    ("_case", "role", "unit_key", "refusal"),
    [
        ("other commune's hamlet", Role.HAMLET_HEAD, "b1", NotFound),
        ("other commune", Role.COMMUNE_OFFICER, "b", NotFound),
        ("the province above", Role.STEERING_MEMBER, "province", NotFound),
        # In the chair's scope, with ROLE_GRANT there: the finer rule (GRANTABLE_ROLES) refuses.
        ("a role the chair may not hand out", Role.COMMUNE_CHAIR, "a", PermissionDenied),
        ("admin role", Role.ADMIN, "a", PermissionDenied),
    ],
)
def test_chair_cannot_grant_outside_commune_or_beyond_their_roles(tree, chair_a, _case, role, unit_key, refusal):
    person = UserFactory()
    before = _snapshot()
    with pytest.raises(refusal):
        role_grant(actor=chair_a, person=person, role=role, unit=tree[unit_key])
    assert _snapshot() == before


def test_front_may_staff_the_boards_only(tree):
    """The Front holds ROLE_GRANT on its commune but hands out the boards' roles only (Law Arts. 36, 41)."""
    front = UserFactory()
    grant(front, Role.FRONT_OFFICER, unit=tree["a"])
    person = UserFactory()
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        role_grant(actor=front, person=person, role=Role.COMMUNE_OFFICER, unit=tree["a"])
    assert _snapshot() == before
    g = role_grant(actor=front, person=person, role=Role.INSPECTION_BOARD, unit=tree["a"])
    assert g.granted_by == front


def test_chair_cannot_take_back_a_role_they_may_not_give(tree, chair_a):
    """ROLE_GRANT on the commune is not enough to revoke another chair: the finer rule refuses."""
    other_chair = UserFactory()
    g = grant(other_chair, Role.COMMUNE_CHAIR, unit=tree["a"])
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        role_revoke(actor=chair_a, grant=g)
    g.refresh_from_db()
    assert g.revoked_at is None and _snapshot() == before


def test_a_role_the_chair_may_not_give_is_refused_before_the_person_is_looked_at(tree, chair_a):
    """role_grant_to_person checks the role first: a weak password or an unknown person is not even
    examined (no `user_invalid`), and no account is created."""
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        role_grant_to_person(actor=chair_a, identifier="0987654321", role=Role.COMMUNE_CHAIR, unit=tree["a"],
                             full_name="Lê Văn Tám", password="123")
    assert _snapshot() == before


def test_officer_without_grant_right_is_refused(tree, officer_a):
    person = UserFactory()
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        role_grant(actor=officer_a, person=person, role=Role.HAMLET_HEAD, unit=tree["a1"])
    assert _snapshot() == before


def test_role_must_fit_the_level(tree, chair_a):
    person = UserFactory()
    with pytest.raises(DomainError) as err:
        role_grant(actor=chair_a, person=person, role=Role.HAMLET_HEAD, unit=tree["a"])
    assert err.value.code == "grant_scope_invalid"


def test_same_active_grant_twice_is_a_clear_error(tree, chair_a):
    person = UserFactory()
    role_grant(actor=chair_a, person=person, role=Role.HAMLET_HEAD, unit=tree["a1"])
    with pytest.raises(DomainError) as err:
        role_grant(actor=chair_a, person=person, role=Role.HAMLET_HEAD, unit=tree["a1"])
    assert err.value.code == "grant_exists"
    assert RoleGrant.objects.filter(user=person).count() == 1


def test_grant_to_new_person_creates_the_account(tree, chair_a):
    g = role_grant_to_person(
        actor=chair_a, identifier="0987 654 321", role=Role.HAMLET_HEAD, unit=tree["a2"],
        full_name="Lê Văn Tám", password="mat-khau-moi-123",
    )
    assert g.user.phone == "0987654321"
    assert g.user.check_password("mat-khau-moi-123")


def test_refused_grant_to_new_person_creates_no_account(tree, officer_b):
    before = _snapshot()
    with pytest.raises(NotFound):  # commune A is outside officer_b's scope
        role_grant_to_person(
            actor=officer_b, identifier="0987654321", role=Role.HAMLET_HEAD, unit=tree["a2"],
            full_name="Lê Văn Tám", password="mat-khau-moi-123",
        )
    assert _snapshot() == before


def test_revoke_keeps_the_row_and_removes_the_right(tree, chair_a):
    from danchu.core.permissions import can
    from danchu.core.roles import Action

    person = UserFactory()
    g = role_grant(actor=chair_a, person=person, role=Role.HAMLET_HEAD, unit=tree["a1"])
    assert can(person, Action.HOUSEHOLD_MANAGE, unit=tree["a1"])
    role_revoke(actor=chair_a, grant=g)
    person = User.objects.get(pk=person.pk)
    assert not can(person, Action.HOUSEHOLD_MANAGE, unit=tree["a1"])
    assert RoleGrant.objects.filter(pk=g.pk, revoked_at__isnull=False).exists()
    with pytest.raises(DomainError) as err:
        role_revoke(actor=chair_a, grant=g)
    assert err.value.code == "grant_revoked"


# --- the page ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("_case", "who", "status"),
    [
        ("anonymous is sent to login", None, 302),
        ("citizen without grants", "citizen", 404),
        ("officer of the same commune without grant right", "officer_a", 403),
        ("officer of another commune", "officer_b", 404),
        ("chair of the commune", "chair_a", 200),
    ],
)
def test_grants_page_matrix(client, tree, request, _case, who, status):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("accounts:grants", args=["T0A"]))
    assert response.status_code == status
    if status == 404:
        assert "Xã Bình Lục" not in response.content.decode() or who is None


def test_chair_grants_from_the_page(client, tree, chair_a):
    client.force_login(chair_a)
    response = client.post(
        reverse("accounts:grants", args=["T0A"]),
        {"identifier": "0911222333", "full_name": "Phạm Thị Hoa", "password": "khoi-tao-2025",
         "role": Role.HAMLET_HEAD, "scope": "u:T0A-01"},
    )
    assert response.status_code == 302
    g = RoleGrant.objects.get(user__phone="0911222333")
    assert (g.role, g.unit.code) == (Role.HAMLET_HEAD, "T0A-01")


def test_page_refuses_scope_from_another_commune(client, tree, chair_a):
    client.force_login(chair_a)
    before = _snapshot()
    response = client.post(
        reverse("accounts:grants", args=["T0A"]),
        {"identifier": "0911222333", "full_name": "Phạm Thị Hoa", "password": "khoi-tao-2025",
         "role": Role.HAMLET_HEAD, "scope": "u:T0B-01"},
    )
    assert response.status_code == 400
    assert _snapshot() == before


def test_other_commune_cannot_revoke(client, tree, chair_a, officer_b):
    person = UserFactory()
    g = grant(person, Role.HAMLET_HEAD, unit=tree["a1"])
    client.force_login(officer_b)
    response = client.post(reverse("accounts:grant_revoke", args=[g.pk]))
    assert response.status_code == 404
    g.refresh_from_db()
    assert g.revoked_at is None


def test_weak_initial_password_is_refused_and_nothing_is_created(tree, chair_a):
    before = _snapshot()
    with pytest.raises(DomainError) as err:
        role_grant_to_person(actor=chair_a, identifier="0987654321", role=Role.HAMLET_HEAD, unit=tree["a2"],
                             full_name="Lê Văn Tám", password="123")
    assert err.value.code == "user_invalid"
    assert _snapshot() == before


def test_revoking_someone_elses_revoked_grant_reveals_nothing(tree, chair_a, officer_b):
    person = UserFactory()
    g = role_grant(actor=chair_a, person=person, role=Role.HAMLET_HEAD, unit=tree["a1"])
    role_revoke(actor=chair_a, grant=g)
    with pytest.raises(NotFound):
        role_revoke(actor=officer_b, grant=g)


def test_two_new_people_without_email_can_both_be_granted(tree, chair_a):
    for phone in ("0987654321", "0987654322"):
        g = role_grant_to_person(actor=chair_a, identifier=phone, role=Role.HAMLET_HEAD, unit=tree["a2"],
                                 full_name="Lê Văn Tám", password="mat-khau-moi-123")
        assert g.user.email is None


# --- accounts ---------------------------------------------------------------------------------
def test_only_the_system_creates_an_administrator_account(tree, chair_a):
    """An account gives no right by itself (open to create), but the staff and superuser flags are the
    system's: a person's call, even an operator's, is refused and creates nothing."""
    from danchu.accounts.services import user_create

    operator = UserFactory(is_superuser=True)
    before = _snapshot()
    for actor in (chair_a, operator):
        with pytest.raises(PermissionDenied):
            user_create(actor=actor, username="quantri2", password="mat-khau-moi-123", is_superuser=True)
        with pytest.raises(PermissionDenied):
            user_create(actor=actor, username="nhanvien2", password="mat-khau-moi-123", is_staff=True)
    assert _snapshot() == before
    system_made = user_create(username="quantri2", password="mat-khau-moi-123", is_superuser=True)
    assert system_made.is_superuser
    plain = user_create(actor=chair_a, username="congdan2", password="mat-khau-moi-123")
    assert not (plain.is_staff or plain.is_superuser)
