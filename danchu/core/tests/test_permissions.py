import pytest

from danchu.accounts.tests.factories import UserFactory, grant
from danchu.core.permissions import can, unit_scope_q
from danchu.core.roles import Action, Role
from danchu.units.models import Unit


def test_grant_reaches_subtree_not_sibling(tree, officer_a):
    assert can(officer_a, Action.HOUSEHOLD_MANAGE, unit=tree["a"])
    assert can(officer_a, Action.HOUSEHOLD_MANAGE, unit=tree["a1"])
    assert not can(officer_a, Action.HOUSEHOLD_MANAGE, unit=tree["b"])
    assert not can(officer_a, Action.HOUSEHOLD_MANAGE, unit=tree["b1"])
    assert not can(officer_a, Action.HOUSEHOLD_MANAGE, unit=tree["province"])


def test_role_without_action_is_refused(tree):
    user = UserFactory()
    grant(user, Role.INSPECTION_BOARD, unit=tree["a"])
    assert can(user, Action.WORKSPACE_VIEW, unit=tree["a"])
    assert not can(user, Action.HOUSEHOLD_MANAGE, unit=tree["a"])


def test_anonymous_and_inactive_users_can_nothing(tree, officer_a, client):
    from django.contrib.auth.models import AnonymousUser

    assert not can(AnonymousUser(), Action.WORKSPACE_VIEW, unit=tree["a"])
    officer_a.is_active = False
    assert not can(officer_a, Action.WORKSPACE_VIEW, unit=tree["a"])


def test_revoked_grant_gives_nothing(tree):
    from django.utils import timezone

    user = UserFactory()
    g = grant(user, Role.COMMUNE_OFFICER, unit=tree["a"])
    g.revoked_at = timezone.now()
    g.save()
    assert not can(user, Action.WORKSPACE_VIEW, unit=tree["a"])


def test_scope_query_is_prefix_of_path(tree, officer_a):
    codes = set(Unit.objects.filter(unit_scope_q(officer_a, Action.HOUSEHOLD_VIEW)).values_list("code", flat=True))
    assert codes == {"T0A", "T0A-01", "T0A-02"}


def test_superuser_can_everything(tree):
    root = UserFactory(is_superuser=True)
    assert can(root, Action.ROLE_GRANT, unit=tree["b1"])


@pytest.mark.parametrize(("_case", "role", "allowed"), [
    ("hamlet head manages households", Role.HAMLET_HEAD, True),
    ("household rep does not", Role.HOUSEHOLD_REP, False),
    ("steering member does not", Role.STEERING_MEMBER, False),
])
def test_household_manage_by_role(tree, _case, role, allowed):
    user = UserFactory()
    grant(user, role, unit=tree["a1"] if role != Role.STEERING_MEMBER else tree["a"])
    assert can(user, Action.HOUSEHOLD_MANAGE, unit=tree["a1"]) is allowed
