"""The API asks for the same second factor as the sign-in page."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from danchu.accounts import services
from danchu.accounts.models import ApiToken
from danchu.accounts.tests.factories import PASSWORD


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def officer_with_2fa(officer_a):
    device = services.totp_enrol_start(user=officer_a)
    services.totp_enrol_confirm(user=officer_a, token=_code(device))
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # enrolled "earlier": the code may be used again
    return officer_a


def _token(client, **extra):
    return client.post("/api/v1/auth/token", {"username": "officer_a", "password": PASSWORD, **extra},
                       content_type="application/json")


def test_token_without_the_code_is_401_and_issues_nothing(client, officer_with_2fa):
    response = _token(client)

    assert response.status_code == 401
    assert response.json()["code"] == "second_factor_needed"
    assert ApiToken.objects.count() == 0


def test_token_with_a_wrong_code_is_401(client, officer_with_2fa):
    device = TOTPDevice.objects.get(user=officer_with_2fa)
    wrong = "000000" if _code(device) != "000000" else "111111"

    response = _token(client, otp=wrong)

    assert response.status_code == 401
    assert response.json()["code"] == "otp_invalid"
    assert ApiToken.objects.count() == 0


def test_token_with_the_code(client, officer_with_2fa):
    response = _token(client, otp=_code(TOTPDevice.objects.get(user=officer_with_2fa)))

    assert response.status_code == 200
    assert ApiToken.objects.filter(user=officer_with_2fa).count() == 1


def test_official_who_must_set_up_2fa_gets_no_token(client, officer_a, settings):
    settings.DANCHU_REQUIRE_2FA = True

    response = _token(client)

    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_setup_required"
    assert ApiToken.objects.count() == 0


def test_citizen_gets_a_token_when_2fa_is_required_for_officials(client, citizen, settings):
    settings.DANCHU_REQUIRE_2FA = True

    response = client.post("/api/v1/auth/token", {"username": "citizen", "password": PASSWORD},
                           content_type="application/json")

    assert response.status_code == 200


def test_unverified_official_session_cannot_use_the_api(client, officer_a, settings):
    settings.DANCHU_REQUIRE_2FA = True
    client.force_login(officer_a)  # password only: the pages send them to set up a second factor

    response = client.get("/api/v1/units/T0A/households")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_citizen_session_works_when_2fa_is_required_for_officials(client, citizen, settings):
    settings.DANCHU_REQUIRE_2FA = True
    client.force_login(citizen)

    assert client.get("/api/v1/me").status_code == 200
