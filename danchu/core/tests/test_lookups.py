import pytest

from danchu.units.models import Unit
from danchu.units.tests.factories import UnitFactory


@pytest.fixture
def paths(db):
    # Codes chosen to sit right at the range edges: "/37/" vs "/370/", "/37-x/" and "/3/".
    for code in ("37", "370", "3"):
        UnitFactory(code=code, path=f"/{code}/")
    parent = Unit.objects.get(code="37")
    UnitFactory(code="37A", parent=parent)
    UnitFactory(code="37B", parent=Unit.objects.get(code="37A"))
    UnitFactory(code="37-x", path="/37-x/")
    UnitFactory(code="3_7", path="/3_7/")


def test_under_is_exactly_the_subtree(paths):
    got = set(Unit.objects.filter(path__under="/37/").values_list("code", flat=True))
    assert got == {"37", "37A", "37B"}


def test_under_does_not_treat_like_wildcards_as_wildcards(paths):
    assert set(Unit.objects.filter(path__under="/3_7/").values_list("code", flat=True)) == {"3_7"}


def test_under_refuses_a_prefix_that_is_not_a_path(paths):
    with pytest.raises(ValueError, match="materialized path"):
        list(Unit.objects.filter(path__under="/37"))
