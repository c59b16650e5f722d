"""Private, unit-scoped endpoints. Outside one's scope the answer is 404 (as for an unknown unit),
never data; inside the scope without the specific right it is 403."""

import pytest

from danchu.accounts.models import RoleGrant, User
from danchu.accounts.tests.factories import UserFactory, grant
from danchu.core.models import AuditEvent
from danchu.core.roles import Role
from danchu.core.text import fold
from danchu.units.tests.factories import HouseholdFactory, ResidentFactory


def _actor(request, name):
    return None if name is None else request.getfixturevalue(name)


@pytest.fixture
def households(tree):
    h1 = HouseholdFactory(hamlet=tree["a1"], code="H001", address="Xóm Đình")
    rep = ResidentFactory(household=h1, full_name="Nguyễn Văn Chủ Hộ", identity_number="001080000001")
    ResidentFactory(household=h1, full_name="Nguyễn Thị Con", search_name=fold("Nguyễn Thị Con"),
                    identity_number="001080000002")
    h1.representative = rep
    h1.save()
    h2 = HouseholdFactory(hamlet=tree["a2"], code="H002", address="Xóm Chợ")
    hb = HouseholdFactory(hamlet=tree["b1"], code="HB01", address="Xóm B")
    ResidentFactory(household=hb, full_name="Trần Văn Bê", identity_number="001080000003")
    return {"h1": h1, "h2": h2, "hb": hb}


# --- households ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("unauthenticated", None, 401),
        ("citizen without grants", "citizen", 404),
        ("officer of commune B", "officer_b", 404),
        ("officer of commune A", "officer_a", 200),
    ],
)
def test_households_authorization(client, request, households, bearer, _case, actor, status):
    response = client.get("/api/v1/units/T0A/households", headers=bearer(_actor(request, actor)))

    assert response.status_code == status
    body = response.json()
    if status == 200:
        assert [h["code"] for h in body["items"]] == ["H002", "H001"]  # by hamlet name: An Nội, Đồng Quê
    else:
        assert set(body) <= {"code", "message", "message_en"}
        assert "items" not in body


def test_households_out_of_scope_answers_like_an_unknown_unit(client, officer_b, households, bearer):
    other = client.get("/api/v1/units/T0A/households", headers=bearer(officer_b))
    unknown = client.get("/api/v1/units/NOPE/households", headers=bearer(officer_b))

    assert other.status_code == unknown.status_code == 404
    assert other.json() == unknown.json()


def test_household_list_is_minimal(client, officer_a, households, bearer):
    response = client.get("/api/v1/units/T0A-01/households", headers=bearer(officer_a))

    assert response.json() == {
        "items": [
            {"code": "H001", "address": "Xóm Đình", "hamlet_code": "T0A-01",
             "representative_name": "Nguyễn Văn Chủ Hộ", "residents_count": 2, "left_on": None}
        ],
        "count": 1,
    }
    assert "001080000001" not in response.content.decode()


def test_household_search(client, officer_a, households, bearer):
    by_name = client.get("/api/v1/units/T0A/households", {"q": "nguyen thi con"}, headers=bearer(officer_a))
    by_code = client.get("/api/v1/units/T0A/households", {"q": "H002"}, headers=bearer(officer_a))

    assert [h["code"] for h in by_name.json()["items"]] == ["H001"]
    assert [h["code"] for h in by_code.json()["items"]] == ["H002"]


def test_household_list_queries_do_not_grow_with_rows(client, officer_a, tree, bearer, django_assert_max_num_queries):
    for i in range(15):
        h = HouseholdFactory(hamlet=tree["a1"], code=f"H{i:03d}")
        h.representative = ResidentFactory(household=h)
        h.save()
        ResidentFactory(household=h)
    headers = bearer(officer_a)

    # token (+ its last-used update) + unit + caller's grants + count + page + residents
    with django_assert_max_num_queries(7):
        response = client.get("/api/v1/units/T0A/households", headers=headers)

    assert response.json()["count"] == 15


def test_in_scope_without_the_right_is_403(client, tree, households, bearer):
    board = UserFactory()
    grant(board, Role.INSPECTION_BOARD, unit=tree["a"])  # sees the commune, not its households

    response = client.get("/api/v1/units/T0A/households", headers=bearer(board))

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


# --- grants: list -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("unauthenticated", None, 401),
        ("citizen without grants", "citizen", 404),
        ("chair of commune B", "chair_b", 404),
        ("officer of commune A without the right to grant", "officer_a", 403),
        ("chair of commune A", "chair_a", 200),
    ],
)
def test_grants_list_authorization(client, request, officer_a, officer_b, bearer, _case, actor, status):
    response = client.get("/api/v1/units/T0A/grants", headers=bearer(_actor(request, actor)))

    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert sorted((g["user_full_name"], g["role"], g["unit_code"]) for g in body["items"]) == [
            ("Chủ tịch Xã A", "commune_chair", "T0A"),
            ("Cán bộ Xã A", "commune_officer", "T0A"),
        ]
        assert "phone" not in body["items"][0]
    else:
        assert "items" not in response.json()


@pytest.fixture
def chair_b(tree):
    user = UserFactory(username="chair_b", full_name="Chủ tịch Xã B")
    grant(user, Role.COMMUNE_CHAIR, unit=tree["b"])
    return user


# --- grants: create -----------------------------------------------------------------------
GRANT_BODY = {"identifier": "0987654321", "role": "hamlet_head", "scope_code": "T0A-01",
              "full_name": "Lê Văn Trưởng", "password": "mat-khau-moi-1"}


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("unauthenticated", None, 401),
        ("citizen without grants", "citizen", 404),
        ("chair of commune B", "chair_b", 404),
        ("officer of commune A without the right to grant", "officer_a", 403),
        ("chair of commune A", "chair_a", 201),
    ],
)
def test_grant_create_authorization(client, request, tree, bearer, _case, actor, status):
    headers = bearer(_actor(request, actor))  # before counting: issuing a token is audited
    grants_before, users_before, audit_before = RoleGrant.objects.count(), User.objects.count(), AuditEvent.objects.count()

    response = client.post("/api/v1/units/T0A/grants", GRANT_BODY, content_type="application/json", headers=headers)

    assert response.status_code == status
    if status == 201:
        body = response.json()
        assert (body["role"], body["unit_code"], body["user_full_name"]) == ("hamlet_head", "T0A-01", "Lê Văn Trưởng")
        new = RoleGrant.objects.get(pk=body["id"])
        assert (new.user.phone, new.granted_by.username) == ("0987654321", "chair_a")
        assert AuditEvent.objects.filter(action="accounts.role_grant", object_id=str(new.pk)).count() == 1
    else:
        assert RoleGrant.objects.count() == grants_before
        assert User.objects.count() == users_before
        assert AuditEvent.objects.count() == audit_before


def test_grant_on_a_unit_outside_the_path_unit_is_refused(client, chair_a, bearer):
    headers = bearer(chair_a)
    audit_before = AuditEvent.objects.count()

    response = client.post("/api/v1/units/T0A/grants", {**GRANT_BODY, "scope_code": "T0B-01"},
                           content_type="application/json", headers=headers)

    assert response.status_code == 400
    assert response.json()["code"] == "grant_scope_invalid"
    assert not User.objects.filter(phone="0987654321").exists()
    assert AuditEvent.objects.count() == audit_before


def test_grant_of_a_role_the_chair_may_not_give_is_403(client, chair_a, bearer):
    headers = bearer(chair_a)
    grants_before = RoleGrant.objects.count()

    response = client.post("/api/v1/units/T0A/grants", {**GRANT_BODY, "role": "commune_chair", "scope_code": None},
                           content_type="application/json", headers=headers)

    assert response.status_code == 403
    assert RoleGrant.objects.count() == grants_before
    assert not User.objects.filter(phone="0987654321").exists()


def test_grant_to_a_new_person_without_name_is_400_user_not_found(client, chair_a, bearer):
    response = client.post("/api/v1/units/T0A/grants", {"identifier": "0987654321", "role": "commune_officer"},
                           content_type="application/json", headers=bearer(chair_a))

    assert response.status_code == 400
    assert response.json()["code"] == "user_not_found"
    assert response.json()["field"] == "identifier"


def test_grant_to_an_existing_person_defaults_to_the_path_unit(client, chair_a, citizen, bearer):
    response = client.post("/api/v1/units/T0A/grants", {"identifier": "citizen", "role": "commune_officer"},
                           content_type="application/json", headers=bearer(chair_a))

    assert response.status_code == 201
    assert RoleGrant.objects.filter(user=citizen, role="commune_officer", unit__code="T0A").count() == 1


def test_grant_with_both_scopes_or_an_unknown_role_is_422(client, chair_a, bearer):
    headers = bearer(chair_a)

    both = client.post("/api/v1/units/T0A/grants", {**GRANT_BODY, "organization_id": 1},
                       content_type="application/json", headers=headers)
    role = client.post("/api/v1/units/T0A/grants", {**GRANT_BODY, "role": "king"},
                       content_type="application/json", headers=headers)

    assert (both.status_code, both.json()["code"]) == (422, "invalid_input")
    assert (role.status_code, role.json()["code"]) == (422, "invalid_input")
    assert role.json()["details"][0]["field"] == "role"


# --- grants: revoke -----------------------------------------------------------------------
@pytest.fixture
def hamlet_head(tree):
    user = UserFactory(full_name="Trưởng Thôn Đồng Quê")
    return grant(user, Role.HAMLET_HEAD, unit=tree["a1"])


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("unauthenticated", None, 401),
        ("citizen without grants", "citizen", 404),
        ("chair of commune B", "chair_b", 404),
        ("officer of commune A without the right to grant", "officer_a", 403),
        ("chair of commune A", "chair_a", 204),
    ],
)
def test_grant_revoke_authorization(client, request, hamlet_head, bearer, _case, actor, status):
    headers = bearer(_actor(request, actor))
    audit_before = AuditEvent.objects.count()

    response = client.delete(f"/api/v1/grants/{hamlet_head.pk}", headers=headers)

    assert response.status_code == status
    hamlet_head.refresh_from_db()
    if status == 204:
        assert hamlet_head.revoked_at is not None
        assert AuditEvent.objects.filter(action="accounts.role_revoke", object_id=str(hamlet_head.pk)).count() == 1
    else:
        assert hamlet_head.revoked_at is None
        assert AuditEvent.objects.count() == audit_before


def test_revoke_of_a_missing_grant_is_404(client, chair_a, bearer):
    response = client.delete("/api/v1/grants/-1", headers=bearer(chair_a))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_revoke_twice_is_400(client, chair_a, hamlet_head, bearer):
    headers = bearer(chair_a)
    client.delete(f"/api/v1/grants/{hamlet_head.pk}", headers=headers)

    response = client.delete(f"/api/v1/grants/{hamlet_head.pk}", headers=headers)

    assert response.status_code == 400
    assert response.json()["code"] == "grant_revoked"
