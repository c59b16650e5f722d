import datetime as dt

import pytest

from danchu.accounts.tests.factories import UserFactory, grant
from danchu.core.roles import Role
from danchu.units.models import Level, UnitSuccession
from danchu.units.tests.factories import UnitFactory

OLD_TO = dt.date(2025, 6, 30)


@pytest.fixture
def reform(tree):
    """Before 1 July 2025: district L001 "Huyện Bình Lục" under the province, with communes L00101
    (merged into today's commune A, primary) and L00102 (no link of its own: goes where its district went);
    L00201, an old commune merged into commune B. The district itself is linked to commune A."""
    p, a, b = tree["province"], tree["a"], tree["b"]
    district = UnitFactory(code="L001", name="Huyện Bình Lục", short_name="Bình Lục", division_type="huyện",
                           level=Level.DISTRICT, parent=p, valid_to=OLD_TO)
    c1 = UnitFactory(code="L00101", name="Xã Bồ Đề", short_name="Bồ Đề", parent=district, valid_to=OLD_TO)
    c2 = UnitFactory(code="L00102", name="Xã An Ninh", short_name="An Ninh", parent=district, valid_to=OLD_TO)
    c3 = UnitFactory(code="L00201", name="Xã Đồn Xá", short_name="Đồn Xá", parent=p, valid_to=OLD_TO)
    UnitSuccession.objects.create(predecessor=c1, successor=a, is_primary=True)
    UnitSuccession.objects.create(predecessor=c1, successor=b, is_primary=False)  # part of its land only
    UnitSuccession.objects.create(predecessor=district, successor=a, is_primary=True)
    UnitSuccession.objects.create(predecessor=c3, successor=b, is_primary=True)
    return {"district": district, "c1": c1, "c2": c2, "c3": c3}


@pytest.fixture
def steering_province(tree):
    user = UserFactory(username="bcd_tinh", full_name="Thành viên BCĐ tỉnh")
    grant(user, Role.STEERING_MEMBER, unit=tree["province"])
    return user


@pytest.fixture
def steering_a(tree):
    user = UserFactory(username="bcd_xa_a", full_name="Thành viên BCĐ xã A")
    grant(user, Role.STEERING_MEMBER, unit=tree["a"])
    return user
