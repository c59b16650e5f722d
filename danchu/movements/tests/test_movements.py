"""“Dân vận khéo” registry: register, evidence, evaluations by level, recognition, the indicator, pages and API."""

import datetime as dt

import pytest
from django.urls import reverse

from danchu.accounts.tests.factories import UserFactory, grant
from danchu.core.errors import DomainError, PermissionDenied
from danchu.core.indicators import indicator
from danchu.core.roles import Role
from danchu.movements import services
from danchu.movements.models import Evaluation, GoodPractice, Status

D = dt.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _register(user, unit, **kw):
    data = {"title": "Mô hình “Dân vận khéo” trong giải phóng mặt bằng", "field": "land",
            "description": "Cán bộ đến từng hộ vận động, công khai phương án bồi thường.", "started_on": D(2025, 3, 1)}
    data.update(kw)
    return services.practice_register(user=user, unit=unit, **data)


@pytest.fixture
def steering_province(tree):
    u = UserFactory(username="bcd_tinh_mv")
    grant(u, Role.STEERING_MEMBER, unit=tree["province"])
    return u


def test_register_evaluate_recognize_and_count(tree, officer_a, chair_a, steering_province, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    p = _register(officer_a, tree["a"])
    services.practice_add_evidence(user=officer_a, practice=p, name="ket-qua.pdf", content=PDF)
    services.practice_evaluate(user=chair_a, practice=p, level="commune", rating="good", evaluated_on=D(2025, 9, 1))
    services.practice_evaluate(user=steering_province, practice=p, level="province", rating="excellent",
                               evaluated_on=D(2025, 10, 1))
    services.practice_recognize(user=steering_province, practice=p, level="province", recognized_on=D(2025, 10, 2),
                                reference="Quyết định 123-QĐ/BCĐ")
    p.refresh_from_db()
    assert (p.status, p.recognized_level, p.evidence.count()) == (Status.RECOGNIZED, "province", 1)
    assert [e.level for e in p.evaluations.all()] == ["commune", "province"]
    start, end = D(2025, 1, 1), D(2025, 12, 31)
    assert indicator("movements.registered").counter(start=start, end=end) == [(tree["a"].pk, D(2025, 3, 1), 1)]
    assert indicator("movements.recognized").counter(start=start, end=end) == [(tree["a"].pk, D(2025, 10, 2), 1)]
    with pytest.raises(DomainError) as e:
        services.practice_recognize(user=steering_province, practice=p, level="province", recognized_on=D(2025, 10, 3),
                                    reference="x")
    assert e.value.code == "already_recognized"


def test_commune_cannot_evaluate_at_province_level_and_nothing_changes(tree, chair_a, officer_b):
    p = _register(chair_a, tree["a"])
    with pytest.raises(PermissionDenied):
        services.practice_evaluate(user=chair_a, practice=p, level="province", rating="good", evaluated_on=D(2025, 9, 1))
    with pytest.raises(PermissionDenied):
        services.practice_recognize(user=chair_a, practice=p, level="province", recognized_on=D(2025, 9, 1), reference="x")
    with pytest.raises(PermissionDenied):
        _register(officer_b, tree["a"])
    p.refresh_from_db()
    assert p.status == Status.REGISTERED and not Evaluation.objects.exists()
    assert GoodPractice.objects.count() == 1


@pytest.mark.parametrize(("_case", "kw", "field"), [
    ("no title", {"title": "  "}, "title"),
    ("bad field", {"field": "sports"}, "field"),
    ("future start", {"started_on": D(2999, 1, 1)}, "started_on"),
    ("no description", {"description": ""}, "description"),
])
def test_bad_input(_case, kw, field, tree, officer_a):
    with pytest.raises(DomainError) as e:
        _register(officer_a, tree["a"], **kw)
    assert e.value.field == field
    assert not GoodPractice.objects.exists()


def test_pages_and_api(client, tree, officer_a):
    client.force_login(officer_a)
    r = client.post(reverse("movements:manage", args=["T0A"]), {
        "title": "Tổ tự quản “Ngõ xóm bình yên”", "field": "security", "description": "Các hộ luân phiên tuần tra.",
        "started_on": "2025-02-01", "results": ""})
    p = GoodPractice.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("movements:detail", args=[p.pk])
    client.logout()
    page = client.get(reverse("movements:public", args=["T01"]) + "?q=ngo xom binh yen").content.decode()
    assert "Tổ tự quản “Ngõ xóm bình yên”" in page
    api = client.get("/api/v1/good-practices", {"unit": "T0A"}).json()
    assert [x["title"] for x in api] == ["Tổ tự quản “Ngõ xóm bình yên”"]
    r = client.post("/api/v1/good-practices", {"unit": "T0A", "title": "x", "field": "other", "description": "y",
                                               "started_on": "2025-01-01"}, content_type="application/json")
    assert r.status_code == 401
