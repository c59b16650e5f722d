import datetime as dt

import pytest

from danchu.units.models import UnitSuccession
from danchu.units.tests.factories import commune

FORMER = {"valid_from": dt.date(2008, 8, 1), "valid_to": dt.date(2025, 6, 30)}


def _codes(response):
    return [item["code"] for item in response.json()["items"]]


@pytest.mark.parametrize("q", ["binh luc", "Bình Lục", "BINH LUC", "  bình   lục "])
def test_search_ignores_diacritics_and_case(client, tree, q):
    response = client.get("/api/v1/units", {"q": q})

    assert response.status_code == 200
    assert _codes(response) == ["T0A"]
    assert response.json()["count"] == 1


def test_search_item_shape(client, tree):
    response = client.get("/api/v1/units", {"q": "Bình Lục"})

    assert response.json()["items"] == [
        {"code": "T0A", "name": "Xã Bình Lục", "short_name": "Bình Lục", "level": "commune", "division_type": "xã",
         "parent_code": "T01", "is_former": False, "valid_from": None, "valid_to": None, "successors": []}
    ]


def test_list_is_paginated_with_count(client, tree):
    first = client.get("/api/v1/units", {"page_size": 2})
    last = client.get("/api/v1/units", {"page_size": 2, "page": 3})

    assert first.status_code == 200
    assert first.json()["count"] == 6
    assert len(first.json()["items"]) == 2
    assert len(last.json()["items"]) == 2
    assert set(_codes(first)).isdisjoint(_codes(last))


def test_filter_by_level_and_parent(client, tree):
    hamlets = client.get("/api/v1/units", {"level": "hamlet"})
    under_a = client.get("/api/v1/units", {"parent": "T0A"})

    assert sorted(_codes(hamlets)) == ["T0A-01", "T0A-02", "T0B-01"]
    assert sorted(_codes(under_a)) == ["T0A-01", "T0A-02"]


def test_unknown_level_is_422(client, tree):
    response = client.get("/api/v1/units", {"level": "village"})

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert response.json()["details"][0]["field"] == "level"


def test_unknown_parent_is_404(client, tree):
    response = client.get("/api/v1/units", {"parent": "NOPE"})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_former_units_list_current_successors_and_can_be_hidden(client, tree):
    old = commune(tree["province"], code="L0X", name="Xã Bình Cũ", **FORMER)
    UnitSuccession.objects.create(predecessor=old, successor=tree["a"])

    with_former = client.get("/api/v1/units", {"q": "binh"})
    current_only = client.get("/api/v1/units", {"q": "binh", "include_former": "false"})

    items = {i["code"]: i for i in with_former.json()["items"]}
    assert items["L0X"]["is_former"] is True
    assert items["L0X"]["valid_to"] == "2025-06-30"
    assert items["L0X"]["successors"] == [{"code": "T0A", "name": "Xã Bình Lục"}]
    assert _codes(current_only) == ["T0A"]


def test_list_does_not_query_per_row(client, tree, django_assert_max_num_queries):
    # Ten former communes merged into A or B, and a chain: L0Z → L0Y (also former) → B.
    for i in range(10):
        old = commune(tree["province"], code=f"L1{i:02d}", name=f"Xã Cũ {i}", **FORMER)
        UnitSuccession.objects.create(predecessor=old, successor=tree["a"] if i % 2 else tree["b"])
    middle = commune(tree["province"], code="L0Y", name="Xã Cũ Giữa", **FORMER)
    first = commune(tree["province"], code="L0Z", name="Xã Cũ Đầu", valid_to=dt.date(2020, 1, 1))
    UnitSuccession.objects.create(predecessor=first, successor=middle)
    UnitSuccession.objects.create(predecessor=middle, successor=tree["b"])

    # count + page + (succession rows + successor units + their parents) for each step of the chain (2 steps)
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/units", {"q": "xa cu", "page_size": 100})

    items = {i["code"]: i for i in response.json()["items"]}
    assert len(items) == 12
    assert items["L101"]["successors"] == [{"code": "T0A", "name": "Xã Bình Lục"}]
    assert items["L100"]["successors"] == [{"code": "T0B", "name": "Xã Đông Hòa"}]
    assert items["L0Z"]["successors"] == [{"code": "T0B", "name": "Xã Đông Hòa"}]


def test_successors_primary_first(client, tree):
    old = commune(tree["province"], code="L0S", name="Xã Bị Chia", **FORMER)
    UnitSuccession.objects.create(predecessor=old, successor=tree["a"], is_primary=False)
    UnitSuccession.objects.create(predecessor=old, successor=tree["b"], is_primary=True)

    response = client.get("/api/v1/units", {"q": "bi chia"})

    assert [s["code"] for s in response.json()["items"][0]["successors"]] == ["T0B", "T0A"]


def test_detail(client, tree):
    old = commune(tree["province"], code="L0X", name="Xã Bình Cũ", **FORMER)
    UnitSuccession.objects.create(predecessor=old, successor=tree["a"])

    response = client.get("/api/v1/units/T0A")
    former = client.get("/api/v1/units/L0X")
    hamlet = client.get("/api/v1/units/T0A-01")

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "T0A"
    assert body["ancestors"] == [{"code": "T01", "name": "Tỉnh Thử Nghiệm"}]
    assert body["children_count"] == 2
    assert body["predecessors"] == [{"code": "L0X", "name": "Xã Bình Cũ"}]
    assert body["successors"] == []
    assert former.json()["successors"] == [{"code": "T0A", "name": "Xã Bình Lục"}]
    assert [a["code"] for a in hamlet.json()["ancestors"]] == ["T01", "T0A"]


def test_detail_of_unknown_code_is_404_json(client, tree):
    response = client.get("/api/v1/units/NOPE")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert response.json()["message"] == "Không tìm thấy đơn vị hành chính có mã này."


def test_units_are_public_even_with_a_bad_token(client, tree):
    response = client.get("/api/v1/units/T0A", headers={"Authorization": "Bearer sai"})

    assert response.status_code == 200
