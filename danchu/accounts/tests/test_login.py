import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from danchu.accounts.tests.factories import PASSWORD, UserFactory
from danchu.core.roles import Role


@pytest.mark.parametrize(
    ("_case", "identifier"),
    [
        ("phone as stored", "0912345678"),
        ("phone with +84 and spaces", "+84 912 345 678"),
        ("phone with dots", "0912.345.678"),
        ("e-mail any case", "Chi.Tran@Example.vn"),
        ("username", "chitran"),
    ],
)
def test_login_by_phone_email_or_username(client, db, _case, identifier):
    UserFactory(username="chitran", phone="0912345678", email="chi.tran@example.vn")
    response = client.post(reverse("accounts:login"), {"identifier": identifier, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:workspace")


def test_wrong_password_is_refused_in_vietnamese_and_counted(client, db):
    UserFactory(username="chitran")
    response = client.post(reverse("accounts:login"), {"identifier": "chitran", "password": "sai-mat-khau"})
    assert response.status_code == 400
    assert "mật khẩu không đúng" in response.content.decode()
    attempt = AccessAttempt.objects.get()  # django-axes: one record of (account, client), one failure
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == ("chitran", "127.0.0.1", 1)
    assert "sai-mat-khau" not in attempt.post_data


def test_repeated_failures_pause_the_account_even_with_the_right_password(client, db, settings):
    settings.LOGIN_MAX_FAILURES = 3
    UserFactory(username="chitran")
    for _ in range(2):
        assert client.post(reverse("accounts:login"), {"identifier": "chitran", "password": "sai"}).status_code == 400
    third = client.post(reverse("accounts:login"), {"identifier": "chitran", "password": "sai"})
    assert third.status_code == 429  # the failure that reaches the limit already answers the lockout page
    response = client.post(reverse("accounts:login"), {"identifier": "chitran", "password": PASSWORD})
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_open_redirect_is_ignored(client, db):
    UserFactory(username="chitran")
    response = client.post(
        reverse("accounts:login"), {"identifier": "chitran", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("accounts:workspace")


def test_workspace_requires_login(client, db):
    response = client.get(reverse("accounts:workspace"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_workspace_lists_units_and_the_pages_each_role_opens(client, officer_a, tree):
    client.force_login(officer_a)
    html = client.get(reverse("accounts:workspace")).content.decode()
    assert "Xã Bình Lục" in html
    assert "Cán bộ, công chức cấp xã" in html
    assert reverse("units:households", args=["T0A"]) in html
    # an officer does not staff the commune: no grants page link
    assert reverse("accounts:grants", args=["T0A"]) not in html
    assert "T0B" not in html


def test_logout_needs_post(client, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_workspace_links_come_from_what_each_app_announced(client, chair_a, tree):
    client.force_login(chair_a)
    html = client.get(reverse("accounts:workspace")).content.decode()
    for name in ("units:hamlets", "units:organizations", "disclosures:manage", "accounts:grants"):
        assert reverse(name, args=["T0A"]) in html


def test_a_citizen_without_roles_finds_their_own_pages(client, citizen, tree):
    from danchu.units.tests.factories import HouseholdFactory, ResidentFactory

    client.force_login(citizen)
    html = client.get(reverse("accounts:workspace")).content.decode()
    assert reverse("cases:mine") in html
    assert reverse("units:home", args=["T0A"]) not in html  # not on any register yet
    assert reverse("decisions:my") not in html

    household = HouseholdFactory(hamlet=tree["a1"])
    citizen.resident = ResidentFactory(household=household)
    citizen.save(update_fields=["resident"])
    html = client.get(reverse("accounts:workspace")).content.decode()
    assert reverse("units:home", args=["T0A"]) in html
    assert reverse("units:home", args=["T0A-01"]) in html
    assert reverse("decisions:my") not in html  # lives there, represents no household

    household.representative = citizen.resident
    household.save(update_fields=["representative"])
    html = client.get(reverse("accounts:workspace")).content.decode()
    assert reverse("decisions:my") in html


def test_a_household_representative_by_role_is_linked_to_the_votes(client, tree):
    from danchu.accounts.tests.factories import grant

    rep = UserFactory(username="rep")
    grant(rep, Role.HOUSEHOLD_REP, unit=tree["a1"])
    client.force_login(rep)
    assert reverse("decisions:my") in client.get(reverse("accounts:workspace")).content.decode()
