"""Hamlets and the household register over the API: scoped like the pages, nothing written on refusal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.core.models import AuditEvent
from danchu.units.models import Household, HouseholdImport, Resident, Unit

CSV = (
    "Mã hộ,Họ và tên,Số CCCD,Năm sinh,Đại diện hộ\r\n"
    "H001,Nguyễn Văn An,001080012345,1980,x\r\n"
    "H001,Trần Thị Bình,001182012346,1982,\r\n"
    "H002,Lê Thị Dung,001175000001,1975,có\r\n"
    "H003,Người Sai Năm,001175000002,1700,\r\n"
).encode()


def _actor(request, name):
    return None if name is None else request.getfixturevalue(name)


def _upload(content=CSV, name="so_ho.csv"):
    return {"file": SimpleUploadedFile(name, content, content_type="text/csv")}


def _counts():
    return (Unit.objects.count(), Household.objects.count(), Resident.objects.count(), HouseholdImport.objects.count(),
            AuditEvent.objects.count())


# --- hamlets ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("unauthenticated", None, 401),
        ("citizen without grants", "citizen", 404),
        ("officer of commune B", "officer_b", 404),
        ("officer of commune A", "officer_a", 201),
    ],
)
def test_hamlet_create_authorization(client, request, tree, bearer, _case, actor, status):
    headers = bearer(_actor(request, actor))
    before = _counts()

    response = client.post("/api/v1/units/T0A/hamlets", {"name": "Thôn Đông"}, content_type="application/json",
                           headers=headers)

    assert response.status_code == status
    if status == 201:
        body = response.json()
        assert (body["name"], body["level"], body["parent_code"]) == ("Thôn Đông", "hamlet", "T0A")
        assert Unit.objects.filter(code=body["code"], parent=tree["a"]).count() == 1
        assert AuditEvent.objects.filter(action="units.hamlet_create").count() == 1
    else:
        assert _counts() == before


def test_hamlet_with_a_taken_name_is_400(client, officer_a, tree, bearer):
    headers = bearer(officer_a)
    before = _counts()

    response = client.post("/api/v1/units/T0A/hamlets", {"name": "Thôn Đồng Quê"}, content_type="application/json",
                           headers=headers)

    assert response.status_code == 400
    assert response.json()["message"]
    assert _counts() == before


def test_hamlet_without_a_name_is_422(client, officer_a, tree, bearer):
    response = client.post("/api/v1/units/T0A/hamlets", {"division_type": "thôn"}, content_type="application/json",
                           headers=bearer(officer_a))

    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "name"


# --- household register import ------------------------------------------------------------
@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("unauthenticated", None, 401),
        ("citizen without grants", "citizen", 404),
        ("officer of commune B", "officer_b", 404),
        ("officer of commune A", "officer_a", 201),
    ],
)
def test_household_import_authorization(client, request, tree, bearer, _case, actor, status):
    headers = bearer(_actor(request, actor))
    before = _counts()

    response = client.post("/api/v1/units/T0A-01/households/import", _upload(), headers=headers)

    assert response.status_code == status
    if status == 201:
        body = response.json()
        assert (body["hamlet_code"], body["rows_total"], body["households_created"], body["residents_created"]) == (
            "T0A-01", 4, 2, 3)
        assert [(r["row"], r["column"]) for r in body["rejected"]] == [(5, "Năm sinh")]
        assert Household.objects.filter(hamlet=tree["a1"]).count() == 2
    else:
        assert _counts() == before


def test_import_into_a_commune_is_400_and_writes_nothing(client, officer_a, tree, bearer):
    headers = bearer(officer_a)
    before = _counts()

    response = client.post("/api/v1/units/T0A/households/import", _upload(), headers=headers)

    assert response.status_code == 400
    assert response.json()["code"] == "household_hamlet_required"
    assert _counts() == before


def test_unreadable_file_is_400_and_writes_nothing(client, officer_a, tree, bearer):
    headers = bearer(officer_a)
    before = _counts()

    response = client.post("/api/v1/units/T0A-01/households/import", _upload(b"", "trong.csv"), headers=headers)

    assert response.status_code == 400
    assert response.json()["code"] == "file_empty"
    assert _counts() == before


def test_file_over_the_limit_is_refused_by_the_service(client, officer_a, tree, bearer, settings):
    settings.DANCHU_MAX_UPLOAD_BYTES = 50
    headers = bearer(officer_a)

    response = client.post("/api/v1/units/T0A-01/households/import", _upload(), headers=headers)

    assert response.status_code == 400
    assert response.json()["code"] == "file_too_large"
    assert HouseholdImport.objects.count() == 0


def test_import_without_a_file_is_422(client, officer_a, tree, bearer):
    response = client.post("/api/v1/units/T0A-01/households/import", {}, headers=bearer(officer_a))

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
