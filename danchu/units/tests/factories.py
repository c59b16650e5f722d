import factory
from factory.django import DjangoModelFactory

from danchu.core.text import fold
from danchu.units.models import Household, Level, Organization, OrganizationKind, Resident, Unit
from danchu.units.services.common import unit_search_name


class UnitFactory(DjangoModelFactory):
    """A unit with a consistent path; pass `parent=` to nest. Codes are unique per sequence."""

    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.LazyAttribute(lambda o: f"Xã Thử {o.code}")
    short_name = factory.LazyAttribute(lambda o: o.name.split(" ", 1)[-1])
    division_type = "xã"
    level = Level.COMMUNE
    parent = None
    path = factory.LazyAttribute(lambda o: (o.parent.path if o.parent else "/") + o.code + "/")
    depth = factory.LazyAttribute(lambda o: (o.parent.depth + 1) if o.parent else 1)
    province_code = factory.LazyAttribute(
        lambda o: (o.parent.province_code if o.parent else o.code)
    )
    search_name = factory.LazyAttribute(lambda o: unit_search_name(o.name, o.short_name))


def province(code="T01", name="Tỉnh Thử Nghiệm", **kw) -> Unit:
    return UnitFactory(code=code, name=name, short_name=name.split(" ", 1)[1], division_type="tỉnh",
                       level=Level.PROVINCE, **kw)


def commune(parent: Unit, code=None, name=None, **kw) -> Unit:
    kw.setdefault("division_type", "xã")
    if code:
        kw["code"] = code
    if name:
        kw["name"] = name
        kw.setdefault("short_name", name.split(" ", 1)[1])
    return UnitFactory(parent=parent, level=Level.COMMUNE, **kw)


def hamlet(parent: Unit, code=None, name=None, **kw) -> Unit:
    code = code or f"{parent.code}-{Unit.objects.filter(parent=parent).count() + 1:02d}"
    name = name or f"Thôn {code}"
    return UnitFactory(parent=parent, code=code, name=name, short_name=name.split(" ", 1)[1],
                       division_type="thôn", level=Level.HAMLET, is_official=False, **kw)


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    unit = factory.SubFactory(UnitFactory)
    kind = OrganizationKind.AGENCY
    name = factory.Sequence(lambda n: f"Cơ quan thử {n}")
    search_name = factory.LazyAttribute(lambda o: fold(o.name))
    province_code = factory.LazyAttribute(lambda o: o.unit.province_code)


class HouseholdFactory(DjangoModelFactory):
    class Meta:
        model = Household

    hamlet = factory.SubFactory(UnitFactory, level=Level.HAMLET)
    code = factory.Sequence(lambda n: f"H{n:04d}")
    address = "Xóm Giữa"
    province_code = factory.LazyAttribute(lambda o: o.hamlet.province_code)


class ResidentFactory(DjangoModelFactory):
    class Meta:
        model = Resident

    household = factory.SubFactory(HouseholdFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    identity_number = factory.Sequence(lambda n: f"{1000000000 + n:012d}")
    birth_year = 1980
    search_name = factory.LazyAttribute(lambda o: fold(o.full_name))
    province_code = factory.LazyAttribute(lambda o: o.household.province_code)
