"""Matrix cases (core/tests/matrix.py): valid arguments for each declared accounts service and selector.

Role grants are declared on Action.ROLE_GRANT where the grant goes; each variant gives a role the
default allowed caller (a fresh commune chair on a commune, a fresh organization head on an
organization) may hand out, or names the caller who may (`by=`)."""

from danchu.accounts import selectors, services  # noqa: F401 — registers the declarations
from danchu.accounts.tests.factories import grant
from danchu.core.roles import Role
from danchu.core.tests.matrix import case, record, variant

PASSWORD = "mat-khau-moi-123"


@case("accounts.role_grant")
def role_grant(w):
    return [
        variant(w.a, person=w.fresh_user(), role=Role.COMMUNE_OFFICER, unit=w.a),
        variant(w.a1, label="a hamlet head, by the commune chair", by=w.chair_a, person=w.fresh_user(),
                role=Role.HAMLET_HEAD, unit=w.a1),
        variant(w.org, label="enterprise", person=w.fresh_user(), role=Role.UNION_REP, organization=w.org),
    ]


@case("accounts.role_grant_to_person")
def role_grant_to_person(w):
    return [
        variant(w.a, identifier="0987654321", role=Role.COMMUNE_OFFICER, unit=w.a, full_name="Lê Văn Tám",
                password=PASSWORD),
        variant(w.org, label="enterprise, an existing account", identifier=w.citizen.username, role=Role.UNION_REP,
                organization=w.org),
    ]


@case("accounts.role_revoke")
def role_revoke(w):
    return [
        variant(w.a, grant=grant(w.fresh_user(), Role.COMMUNE_OFFICER, unit=w.a)),
        variant(w.a1, label="a hamlet head, by the commune chair", by=w.chair_a,
                grant=grant(w.fresh_user(), Role.HAMLET_HEAD, unit=w.a1)),
        variant(w.org, label="enterprise", grant=grant(w.fresh_user(), Role.UNION_REP, organization=w.org)),
    ]


@case("accounts.grants_in_unit")
def grants_in_unit(w):
    return [variant(w.a, unit=w.a), variant(w.a1, label="hamlet", by=w.chair_a, unit=w.a1)]


@case("accounts.grant_get_for_user")
def grant_get_for_user(w):
    return [
        variant(w.a, grant_id=grant(w.fresh_user(), Role.COMMUNE_OFFICER, unit=w.a).pk),
        variant(w.org, label="enterprise", grant_id=grant(w.fresh_user(), Role.UNION_REP, organization=w.org).pk),
    ]


@record("accounts.apitoken")
def _record_api_token(w):
    """A token of commune A's officer: `DELETE /auth/tokens/{token_id}` names it; anyone else gets 404."""
    from danchu.accounts.services import api_token_issue

    return api_token_issue(user=w.officer_a)[1]
