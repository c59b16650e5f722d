"""“Dân vận khéo” registry: register, evidence, evaluations by level, recognition, the indicator, pages and API."""

import datetime as dt

import pytest
from django.urls import reverse

from danchu.accounts.tests.factories import UserFactory, grant
from danchu.core.errors import DomainError, NotFound, PermissionDenied
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
    # The province level acts on the province: outside a commune chair's scope (404).
    p = _register(chair_a, tree["a"])
    with pytest.raises(NotFound):
        services.practice_evaluate(user=chair_a, practice=p, level="province", rating="good", evaluated_on=D(2025, 9, 1))
    with pytest.raises(NotFound):
        services.practice_recognize(user=chair_a, practice=p, level="province", recognized_on=D(2025, 9, 1), reference="x")
    with pytest.raises(NotFound):
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


def test_the_central_level_is_recorded_by_the_platforms_operators_only(tree, chair_a, steering_province):
    """No unit is national and no role records central-level results: the province's Steering
    Committee is in scope but without the right (403), a commune's chair is outside (404); the
    platform's operator (a superuser: core's business) records it."""
    p = _register(chair_a, tree["a"])
    kw = {"practice": p, "level": "central", "recognized_on": D(2025, 10, 2), "reference": "Quyết định 9-QĐ/BDVTW"}
    with pytest.raises(PermissionDenied):
        services.practice_recognize(user=steering_province, **kw)
    with pytest.raises(NotFound):
        services.practice_recognize(user=chair_a, **kw)
    with pytest.raises(PermissionDenied):
        services.practice_evaluate(user=steering_province, practice=p, level="central", rating="good",
                                   evaluated_on=D(2025, 9, 1))
    p.refresh_from_db()
    assert p.status == Status.REGISTERED and not Evaluation.objects.exists()
    operator = UserFactory(is_superuser=True)
    services.practice_recognize(user=operator, **kw)
    p.refresh_from_db()
    assert (p.status, p.recognized_level) == (Status.RECOGNIZED, "central")


def test_a_model_built_in_an_organization_is_still_the_communes(tree, officer_a):
    """The movement is not an organization's internal democracy: the commune keeps its models, those
    built in an enterprise too; the enterprise's head has no say over them."""
    from danchu.units.tests.factories import OrganizationFactory

    org = OrganizationFactory(unit=tree["a"], name="Công ty May Bình Lục")
    head = UserFactory()
    grant(head, Role.ORG_HEAD, organization=org)
    p = _register(officer_a, tree["a"], organization=org)
    services.practice_update_results(user=officer_a, practice=p, results="Công nhân tham gia 100%.")
    with pytest.raises(NotFound):
        services.practice_update_results(user=head, practice=p, results="x")
    p.refresh_from_db()
    assert p.results == "Công nhân tham gia 100%."


@pytest.fixture
def board_a(tree):
    """An official of commune A without the movement's rights (the People's Inspection Board): 403."""
    u = UserFactory(username="bttnd_a_mv")
    grant(u, Role.INSPECTION_BOARD, unit=tree["a"])
    return u


def test_pages_answer_404_outside_the_scope_and_403_inside_without_the_right(client, tree, officer_a, officer_b,
                                                                             board_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    p = _register(officer_a, tree["a"])
    ev = services.practice_add_evidence(user=officer_a, practice=p, name="ket-qua.pdf", content=PDF)
    manage = reverse("movements:manage", args=["T0A"])
    form = {"title": "x", "field": "other", "description": "y", "started_on": "2025-01-01"}
    steps = [("ket-qua", {"results": "Đã sửa"}), ("danh-gia", {"level": "commune", "rating": "good",
                                                               "evaluated_on": "2025-09-01"}),
             ("cong-nhan", {"level": "commune", "recognized_on": "2025-09-02", "reference": "QĐ 1"}),
             ("danh-gia", {"level": "", "rating": "good"})]
    evidence = reverse("movements:evidence", args=[p.pk, ev.pk])
    for user, status in ((officer_b, 404), (board_a, 403)):
        client.force_login(user)
        assert client.get(manage).status_code == status  # the register form is not shown
        assert client.post(manage, form).status_code == status
        for what, data in steps:
            assert client.post(reverse("movements:step", args=[p.pk, what]), data).status_code == status, (what, user)
        assert client.get(evidence).status_code == status
    client.logout()
    assert client.get(evidence).status_code == 404
    p.refresh_from_db()
    assert (GoodPractice.objects.count(), p.results, p.status, Evaluation.objects.count()) == (1, "", Status.REGISTERED, 0)
    # The officer of A: the form, and a wrong step is a message, not a refusal.
    client.force_login(officer_a)
    assert client.get(manage).status_code == 200
    assert client.get(evidence).status_code == 200
    r = client.post(reverse("movements:step", args=[p.pk, "danh-gia"]), {"level": "commune", "rating": "good",
                                                                         "evaluated_on": "2025-09-01"})
    assert r.status_code == 403  # an officer registers models; the chair evaluates them
    r = client.post(reverse("movements:step", args=[p.pk, "ket-qua"]), {"results": ""})
    assert r.status_code == 302


def test_api_registering_in_another_commune_is_404(client, tree, officer_b):
    from danchu.accounts.services import api_token_create

    r = client.post("/api/v1/good-practices", {"unit": "T0A", "title": "x", "field": "other", "description": "y",
                                               "started_on": "2025-01-01"}, content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=officer_b)}")
    assert (r.status_code, r.json()["code"]) == (404, "not_found")
    assert not GoodPractice.objects.exists()
