"""Protecting denouncers (Law on Denunciations Arts. 9(1), 47, 56; Law 10/2022 Art. 9(2)): the identity
is encrypted at rest, readable only by the assigned officer, every read logged in a log nobody edits,
and absent from every list, page, API response, Open311 answer, log line and error page for anyone else."""

import logging

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory

from danchu.accounts.services import api_token_create
from danchu.cases import crypto, services
from danchu.cases.models import CaseIdentity, IdentityAccess
from danchu.core.errors import NotFound, PermissionDenied
from danchu.core.models import AuditEvent

from .factories import DENOUNCER, file_case

pytestmark = pytest.mark.django_db
SECRETS = [DENOUNCER.full_name, DENOUNCER.address, DENOUNCER.phone, DENOUNCER.email, DENOUNCER.id_number]


def _absent(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


def _bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)}"}


@pytest.fixture
def denunciation(tree, officer_a):
    return services.case_accept(actor=officer_a, case=file_case(tree["a"], "denunciation"))


def test_identity_is_encrypted_at_rest(denunciation):
    row = CaseIdentity.objects.get(case=denunciation)
    assert len(row.key_id) == 16
    raw = bytes(row.ciphertext)
    for secret in SECRETS:
        assert secret.encode() not in raw
    # Nothing in any table of the database holds it in clear text.
    with connection.cursor() as cur:
        for table in connection.introspection.table_names():
            cur.execute(f'SELECT * FROM "{table}"')  # noqa: S608 — test, table names from introspection
            for record in cur.fetchall():
                _absent(repr(record))


def test_the_key_is_outside_the_database_and_bound_to_the_case(denunciation, settings, tmp_path):
    row = CaseIdentity.objects.get(case=denunciation)
    with pytest.raises(Exception):  # noqa: B017,PT011 — AESGCM raises InvalidTag
        crypto.decrypt(nonce=row.nonce, ciphertext=row.ciphertext, aad="OTHERCASE1")
    settings.DANCHU_IDENTITY_KEY = ""
    settings.DANCHU_IDENTITY_KEY_FILE = tmp_path / "k"
    with pytest.raises(Exception):  # noqa: B017,PT011 — another key cannot read it
        crypto.decrypt(nonce=row.nonce, ciphertext=row.ciphertext, aad=denunciation.tracking_code)
    assert (tmp_path / "k").stat().st_mode & 0o777 == 0o600


def test_only_the_assigned_officer_reads_and_each_read_is_logged(denunciation, officer_a, chair_a, officer_b):
    system_reads = IdentityAccess.objects.filter(user=None, purpose="notify").count()  # acceptance notice
    assert system_reads == 1
    assert services.case_identity_read(actor=officer_a, case=denunciation)["full_name"] == DENOUNCER.full_name
    assert services.case_identity_read(actor=officer_a, case=denunciation)["phone"] == DENOUNCER.phone
    assert IdentityAccess.objects.filter(case=denunciation, user=officer_a).count() == 2
    with pytest.raises(PermissionDenied) as exc:
        services.case_identity_read(actor=chair_a, case=denunciation)  # the chair, not assigned
    assert "người được giao" in exc.value.message
    _absent(exc.value.message)
    with pytest.raises(NotFound):
        services.case_identity_read(actor=officer_b, case=denunciation)
    assert IdentityAccess.objects.count() == 2 + system_reads


def test_the_access_log_is_not_editable_in_the_admin(denunciation, officer_a):
    services.case_identity_read(actor=officer_a, case=denunciation)
    model_admin = admin.site._registry[IdentityAccess]
    request = RequestFactory().get("/")
    request.user = officer_a
    row = IdentityAccess.objects.get(user=officer_a)
    assert not model_admin.has_change_permission(request, row)
    assert not model_admin.has_delete_permission(request, row)
    assert not model_admin.has_add_permission(request)


def test_identity_absent_from_pages_for_everyone_else(client, tree, denunciation, chair_a, officer_a):
    client.force_login(chair_a)
    for url in [f"/quan-ly/{tree['a'].code}/ho-so/", f"/quan-ly/{tree['a'].code}/ho-so/?queue=all&q=bimat",
                f"/quan-ly/ho-so/{denunciation.pk}/", f"/quan-ly/{tree['a'].code}/ho-so/chi-so/",
                f"/tra-cuu/?code={denunciation.tracking_code}"]:
        response = client.get(url)
        assert response.status_code == 200, url
        _absent(response.content.decode())
    response = client.post(f"/quan-ly/ho-so/{denunciation.pk}/identity/")
    html = response.content.decode()
    _absent(html)
    assert response.status_code == 403 and "Chỉ người được giao" in html
    # The assigned officer sees it on the identity page only.
    client.force_login(officer_a)
    _absent(client.get(f"/quan-ly/ho-so/{denunciation.pk}/").content.decode())
    html = client.post(f"/quan-ly/ho-so/{denunciation.pk}/identity/").content.decode()
    assert DENOUNCER.full_name in html


def test_identity_absent_from_api_and_open311(client, tree, denunciation, chair_a, officer_a):
    h = _bearer(chair_a)
    for url in [f"/api/v1/cases?unit={tree['a'].code}&queue=all", f"/api/v1/cases/{denunciation.pk}",
                f"/api/v1/cases/track/{denunciation.tracking_code}",
                f"/api/v1/cases/indicators?unit={tree['a'].code}&start=2020-01-01&end=2100-01-01",
                "/open311/v2/requests.json", f"/open311/v2/requests.json?service_request_id={denunciation.tracking_code}"]:
        response = client.get(url, **h)
        assert response.status_code == 200, url
        _absent(response.content.decode())
    denied = client.post(f"/api/v1/cases/{denunciation.pk}/identity", **h)
    assert denied.status_code == 403 and denied.json()["code"] == "permission_denied"
    _absent(denied.content.decode())
    ok = client.post(f"/api/v1/cases/{denunciation.pk}/identity", **_bearer(officer_a))
    assert ok.status_code == 200 and ok.json()["full_name"] == DENOUNCER.full_name


def test_identity_absent_from_log_lines_and_audit(caplog, tree, officer_a, client):
    caplog.set_level(logging.DEBUG)
    case = file_case(tree["a"], "denunciation")
    case = services.case_accept(actor=officer_a, case=case)
    services.case_identity_read(actor=officer_a, case=case)
    services.case_resolve(actor=officer_a, case=case, answer="Kết luận")
    client.get("/tra-cuu/?code=WRONGCODE1")
    _absent(caplog.text)
    _absent(repr(list(AuditEvent.objects.values())))


def test_identity_absent_from_error_pages(client, tree):
    response = client.post(f"/u/{tree['a'].code}/phan-anh/gui/", {
        "kind": "denunciation", "category": "other", "title": "T", "body": "B", "accused": "",
        "violation": "v", "full_name": DENOUNCER.full_name, "address": DENOUNCER.address, "phone": DENOUNCER.phone,
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert "người, cơ quan bị tố cáo" in html
    # The form is shown again to the person who typed it (their own browser), never in a message.
    assert DENOUNCER.phone not in html.split("<form")[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_refuses_to_edit_or_delete_the_access_log(denunciation, officer_a):
    from django.db import DatabaseError, transaction

    services.case_identity_read(actor=officer_a, case=denunciation)
    row = IdentityAccess.objects.filter(user=officer_a).get()
    for attempt in (lambda: IdentityAccess.objects.filter(pk=row.pk).update(purpose="x"),
                    lambda: IdentityAccess.objects.filter(pk=row.pk).delete()):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    assert IdentityAccess.objects.get(pk=row.pk).purpose == "resolve"
