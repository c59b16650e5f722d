"""Shared fixtures: a small tree of two communes in one province, and officials of each.

    province T01 ─┬─ commune A (T0A) ─┬─ hamlet T0A-01
                  │                   └─ hamlet T0A-02
                  └─ commune B (T0B) ─── hamlet T0B-01
"""

import pytest

from danchu.accounts.tests.factories import UserFactory, grant
from danchu.core.roles import Role
from danchu.units.tests.factories import commune, hamlet, province


@pytest.fixture
def tree(db):
    p = province()
    a = commune(p, code="T0A", name="Xã Bình Lục")
    b = commune(p, code="T0B", name="Xã Đông Hòa")
    return {
        "province": p,
        "a": a,
        "b": b,
        "a1": hamlet(a, code="T0A-01", name="Thôn Đồng Quê"),
        "a2": hamlet(a, code="T0A-02", name="Thôn An Nội"),
        "b1": hamlet(b, code="T0B-01", name="Thôn Hạ"),
    }


@pytest.fixture
def officer_a(tree):
    user = UserFactory(username="officer_a", full_name="Cán bộ Xã A")
    grant(user, Role.COMMUNE_OFFICER, unit=tree["a"])
    return user


@pytest.fixture
def chair_a(tree):
    user = UserFactory(username="chair_a", full_name="Chủ tịch Xã A")
    grant(user, Role.COMMUNE_CHAIR, unit=tree["a"])
    return user


@pytest.fixture
def officer_b(tree):
    user = UserFactory(username="officer_b", full_name="Cán bộ Xã B")
    grant(user, Role.COMMUNE_OFFICER, unit=tree["b"])
    return user


@pytest.fixture
def citizen(db):
    return UserFactory(username="citizen", full_name="Người Dân")
