"""`danchu check` reports a unit whose path disagrees with its parent."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from danchu.units.checks import CHECK_ID, unit_paths_consistent
from danchu.units.models import Unit


def test_consistent_tree_passes(tree):
    assert unit_paths_consistent() == []


def test_a_path_changed_around_the_services_is_reported(tree):
    Unit.objects.filter(pk=tree["a1"].pk).update(path="/T01/T0B/T0A-01/")
    errors = unit_paths_consistent()
    assert [e.id for e in errors] == [CHECK_ID]
    assert "T0A-01" in errors[0].msg and "không khớp" in errors[0].msg


def test_a_parent_changed_without_the_path_is_reported(tree):
    Unit.objects.filter(pk=tree["a1"].pk).update(parent=tree["b"])
    assert [e.id for e in unit_paths_consistent()] == [CHECK_ID]


def test_danchu_check_fails_on_it(tree):
    Unit.objects.filter(pk=tree["b1"].pk).update(path="/T01/T0A/T0B-01/")
    with pytest.raises(SystemCheckError, match="T0B-01"):
        call_command("check")
