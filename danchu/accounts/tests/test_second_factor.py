"""Second factor (TOTP): set-up, sign-in in two steps, and enforcement for officials."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from danchu.accounts import services
from danchu.accounts.tests.factories import PASSWORD
from danchu.core.errors import DomainError


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def officer_with_2fa(officer_a):
    device = services.totp_enrol_start(user=officer_a)
    services.totp_enrol_confirm(user=officer_a, token=_code(device))
    # A code is accepted once (replay protection); enrolment happened "earlier".
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return officer_a


def test_enrolment_needs_a_correct_code(officer_a):
    device = services.totp_enrol_start(user=officer_a)
    with pytest.raises(DomainError) as err:
        services.totp_enrol_confirm(user=officer_a, token="000000" if _code(device) != "000000" else "111111")
    assert err.value.code == "otp_invalid"
    assert not services.second_factor_enabled(user=officer_a)
    services.totp_enrol_confirm(user=officer_a, token=_code(device))
    assert services.second_factor_enabled(user=officer_a)


def test_sign_in_asks_for_the_code_before_opening_the_session(client, officer_with_2fa):
    response = client.post(reverse("accounts:login"), {"identifier": "officer_a", "password": PASSWORD})
    assert response["Location"] == reverse("accounts:login_otp")
    assert "_auth_user_id" not in client.session
    bad = client.post(reverse("accounts:login_otp"), {"token": "12"})
    assert bad.status_code == 400
    assert "_auth_user_id" not in client.session
    device = TOTPDevice.objects.get(user=officer_with_2fa)
    code = _code(device)
    ok = client.post(reverse("accounts:login_otp"), {"token": code})
    assert ok["Location"] == reverse("accounts:workspace")
    assert client.session["_auth_user_id"] == str(officer_with_2fa.pk)
    # the same code cannot be used twice
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"identifier": "officer_a", "password": PASSWORD})
    assert client.post(reverse("accounts:login_otp"), {"token": code}).status_code == 400
    assert "_auth_user_id" not in client.session


def test_second_step_without_the_first_goes_back_to_login(client, db):
    assert client.get(reverse("accounts:login_otp"))["Location"] == reverse("accounts:login")


def test_required_2fa_keeps_officials_on_the_security_page(client, officer_a, settings):
    settings.DANCHU_REQUIRE_2FA = True
    client.force_login(officer_a)
    assert client.get(reverse("accounts:workspace"))["Location"] == reverse("accounts:security")
    page = client.get(reverse("accounts:security"))
    assert page.status_code == 200
    assert "phải bật xác thực hai bước" in page.content.decode()


def test_required_2fa_leaves_citizens_alone(client, citizen, settings):
    settings.DANCHU_REQUIRE_2FA = True
    client.force_login(citizen)
    assert client.get(reverse("accounts:workspace")).status_code == 200


def test_security_page_sets_up_with_a_qr_code(client, officer_a):
    client.force_login(officer_a)
    page = client.post(reverse("accounts:security"), {"action": "start"}).content.decode()
    assert "data:image/svg+xml" in page
    device = TOTPDevice.objects.get(user=officer_a, confirmed=False)
    response = client.post(reverse("accounts:security"), {"action": "confirm", "token": _code(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
