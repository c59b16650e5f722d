"""A denunciation filed while signed in (Law on Denunciations Arts. 9(1), 47, 56): the account it was
filed from is identity like the name. Every surface — the officers' pages (detail, queue, search,
figures), the API, Open311, the tracking page, the admin, the audit trail, the transparency log,
the officers' e-mail, the log lines — shows it to nobody, the chair and the unit's other officers
included; the assigned resolver finds it in the identity panel; the citizen still finds the case
in their own list and by its tracking code."""

import datetime as dt
import hashlib
import logging

import pytest
from django.core import mail

from danchu.accounts.services import api_token_create
from danchu.accounts.tests.factories import UserFactory, grant
from danchu.cases import crypto, services
from danchu.cases.models import Case, CaseAttachment, CaseEvent, CaseIdentity
from danchu.core.errors import PermissionDenied
from danchu.core.models import AuditEvent, LogEntry
from danchu.core.roles import Role

from .factories import DENOUNCER

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def denouncer(db):
    return UserFactory(username="dan-to-cao-77", full_name="Phạm Thị Tốcáo", phone="0987654321",
                       email="totcao.dan@example.org")


def _account(user) -> list[str]:
    return [user.full_name, user.username, user.phone, user.email]


def _absent(text: str, user, where: str) -> None:
    for secret in _account(user):
        assert secret not in text, f"{where}: {secret}"


@pytest.fixture
def officer_a2(tree):
    user = UserFactory(username="officer_a2", full_name="Cán bộ Hai Xã A", email="canbo2@example.vn")
    grant(user, Role.COMMUNE_OFFICER, unit=tree["a"])
    return user


@pytest.fixture
def filed(client, tree, denouncer, officer_a, caplog):
    """Filed through the page signed in as the denouncer, accepted by officer_a (the resolver)."""
    caplog.set_level(logging.DEBUG)
    client.force_login(denouncer)
    r = client.post(f"/u/{tree['a'].code}/phan-anh/gui/", {
        "kind": "denunciation", "category": "officials", "title": "Tố cáo cán bộ địa chính",
        "body": "Cán bộ địa chính nhận tiền khi làm thủ tục.", "accused": "Ông Lê Văn C, cán bộ địa chính",
        "violation": "Nhận tiền để xác nhận sai nguồn gốc đất", "full_name": DENOUNCER.full_name,
        "address": DENOUNCER.address, "idempotency_key": "to-cao-1",
        "files": [_upload("chung-cu.pdf")],
    })
    assert r.status_code == 200, r.content.decode()[:800]
    client.logout()
    case = services.case_accept(actor=officer_a, case=Case.objects.get())
    return case


def _upload(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, "application/pdf")


def test_nothing_in_the_database_links_the_case_to_the_account_in_the_clear(filed, denouncer):
    case = Case.objects.get(pk=filed.pk)
    assert case.kind == "denunciation" and case.submitted_by_id is None
    # Only the keyed hash: without the key nobody can tell whose account it is.
    assert case.filer_ref == crypto.filer_ref(denouncer.pk)
    assert case.filer_ref != hashlib.sha256(f"filer\n{denouncer.pk}".encode()).hexdigest()
    assert not CaseEvent.objects.filter(actor=denouncer).exists()
    assert CaseEvent.objects.get(case=case, action="received").actor_id is None
    assert not AuditEvent.objects.filter(actor=denouncer).exists()
    assert AuditEvent.objects.get(action="case.received", object_id=str(case.pk)).actor_id is None
    assert not CaseAttachment.objects.filter(uploaded_by=denouncer).exists()
    raw = bytes(CaseIdentity.objects.get(case=case).ciphertext)
    for secret in _account(denouncer):
        assert secret.encode() not in raw


def test_officer_pages_never_show_the_account(client, tree, filed, denouncer, chair_a, officer_a2, officer_a):
    code = tree["a"].code
    urls = [f"/quan-ly/{code}/ho-so/", f"/quan-ly/{code}/ho-so/?queue=all", f"/quan-ly/{code}/ho-so/?queue=all&q=to cao",
            f"/quan-ly/ho-so/{filed.pk}/", f"/quan-ly/{code}/ho-so/chi-so/"]
    for who in (chair_a, officer_a2, officer_a):  # the resolver too: the pages show it to nobody
        client.force_login(who)
        for url in urls:
            r = client.get(url)
            assert r.status_code == 200, url
            _absent(r.content.decode(), denouncer, f"{who.username} {url}")
    # A search by the account's name, username, phone or e-mail finds nothing: none is searchable.
    client.force_login(chair_a)
    assert "Tố cáo cán bộ địa chính" in client.get(f"/quan-ly/{code}/ho-so/?queue=all&q=to cao").content.decode()
    for secret in _account(denouncer):
        assert "Tố cáo cán bộ địa chính" not in client.get(f"/quan-ly/{code}/ho-so/",
                                                           {"queue": "all", "q": secret}).content.decode(), secret
    # The chair and another officer are refused the identity panel, without a word of it.
    for who in (chair_a, officer_a2):
        client.force_login(who)
        r = client.post(f"/quan-ly/ho-so/{filed.pk}/identity/")
        assert r.status_code == 403
        _absent(r.content.decode(), denouncer, who.username)


def test_the_assigned_resolver_sees_the_account_in_the_identity_panel(client, filed, denouncer, officer_a):
    client.force_login(officer_a)
    html = client.post(f"/quan-ly/ho-so/{filed.pk}/identity/").content.decode()
    for secret in _account(denouncer) + [DENOUNCER.full_name]:
        assert secret in html, secret
    data = client.post(f"/api/v1/cases/{filed.pk}/identity",
                       HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=officer_a)}").json()
    assert data["full_name"] == DENOUNCER.full_name
    assert data["account"] == {"username": denouncer.username, "full_name": denouncer.full_name,
                               "phone": denouncer.phone, "email": denouncer.email}


def test_the_api_and_open311_never_show_the_account(client, tree, filed, denouncer, chair_a, officer_a2, officer_a):
    urls = [f"/api/v1/cases?unit={tree['a'].code}&queue=all", f"/api/v1/cases/{filed.pk}",
            f"/api/v1/cases/track/{filed.tracking_code}",
            f"/api/v1/cases/indicators?unit={tree['a'].code}&start=2020-01-01&end=2100-01-01",
            "/open311/v2/requests.json", f"/open311/v2/requests.json?service_request_id={filed.tracking_code}",
            f"/open311/v2/requests/{filed.tracking_code}.json"]
    for who in (chair_a, officer_a2, officer_a):
        h = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=who)}"}
        for url in urls:
            r = client.get(url, **h)
            assert r.status_code in (200, 404), url
            _absent(r.content.decode(), denouncer, f"{who.username} {url}")
        detail = client.get(f"/api/v1/cases/{filed.pk}", **h).json()
        assert not {"submitted_by", "filer", "filer_ref", "account"} & set(detail)
    for who in (chair_a, officer_a2):
        r = client.post(f"/api/v1/cases/{filed.pk}/identity",
                        HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=who)}")
        assert r.status_code == 403
        _absent(r.content.decode(), denouncer, who.username)


def test_anonymous_visitors_and_the_tracking_page_never_show_the_account(client, filed, denouncer):
    for url in [f"/tra-cuu/?code={filed.tracking_code}", f"/api/v1/cases/track/{filed.tracking_code}"]:
        r = client.get(url)
        assert r.status_code == 200, url
        _absent(r.content.decode(), denouncer, url)


def test_the_admin_never_shows_the_account(client, filed, denouncer):
    admin = UserFactory(username="quan-tri", is_staff=True, is_superuser=True)
    client.force_login(admin)
    audit = AuditEvent.objects.get(action="case.received", object_id=str(filed.pk))
    for url in ["/admin/cases/case/", f"/admin/cases/case/{filed.pk}/change/", "/admin/core/auditevent/",
                f"/admin/core/auditevent/{audit.pk}/change/", "/admin/core/auditevent/?q=case.received"]:
        r = client.get(url)
        assert r.status_code == 200, url
        _absent(r.content.decode(), denouncer, url)


def test_the_transparency_log_and_the_officers_mail_never_show_the_account(client, filed, denouncer, officer_a,
                                                                            django_capture_on_commit_callbacks):
    officer_a.email = "canbo.a@example.vn"
    officer_a.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        services.cases_sweep(today=filed.next_due - dt.timedelta(days=1))  # the reminder to the resolver
    to_officer = [m for m in mail.outbox if "canbo.a@example.vn" in m.to]
    assert to_officer, "the resolver was reminded"
    for m in to_officer:
        _absent(f"{m.subject}\n{m.body}", denouncer, "reminder")
    with django_capture_on_commit_callbacks(execute=True):
        services.case_resolve(actor=officer_a, case=filed, answer="Tố cáo đúng một phần.", decision_ref="KL 3/KL-UBND")
    assert LogEntry.objects.filter(kind="case.concluded").exists()
    for entry in LogEntry.objects.all():
        _absent(entry.payload, denouncer, "log")
    _absent(repr(list(AuditEvent.objects.values())), denouncer, "audit")


def test_no_log_line_names_the_account(filed, denouncer, caplog):
    _absent(caplog.text, denouncer, "log lines")


def test_the_citizen_finds_their_denunciation_in_their_own_list(client, filed, denouncer, chair_a, citizen):
    client.force_login(denouncer)
    html = client.get("/tra-cuu/cua-toi/").content.decode()
    assert filed.tracking_code in html and "Tố cáo cán bộ địa chính" in html
    r = client.get(f"/tra-cuu/?code={filed.tracking_code}")
    assert r.status_code == 200 and "Tố cáo cán bộ địa chính" in r.content.decode()
    for other in (chair_a, citizen):  # nobody else's list has it
        client.force_login(other)
        assert filed.tracking_code not in client.get("/tra-cuu/cua-toi/").content.decode()
    client.logout()
    assert client.get("/tra-cuu/cua-toi/").status_code == 302  # sent to sign in


def test_a_denunciation_received_by_an_officer_records_the_officer_not_a_filer(tree, officer_a):
    case, _ = services.case_receive(user=officer_a, unit=tree["a"], kind="denunciation", title="Đơn tố cáo",
                                    body="Nội dung đơn.", channel="letter", identity=DENOUNCER,
                                    accused="Ông C", violation="Nhận tiền")
    assert case.submitted_by_id is None and case.filer_ref == ""
    assert case.events.get().actor == officer_a  # the receiving officer's own step


def test_feedback_filed_signed_in_keeps_the_account_for_the_list(client, tree, citizen):
    case, _ = services.case_submit(user=citizen, unit=tree["a"], kind="feedback", title="Ổ gà", body="Ổ gà sâu.")
    assert case.submitted_by == citizen and case.filer_ref == ""
    client.force_login(citizen)
    assert case.tracking_code in client.get("/tra-cuu/cua-toi/").content.decode()


def test_a_denunciation_once_received_as_information_keeps_its_identity_for_the_resolver(tree, officer_a, chair_a):
    """Filed before denunciations without a name and address were refused: what the person typed
    stays under the denunciation rule (`Case.protects_filer`)."""
    case, _ = services.case_submit(user=None, unit=tree["a"], kind="feedback", title="Tin báo", body="Nội dung",
                                   identity=services.Identity(phone=DENOUNCER.phone))
    Case.objects.filter(pk=case.pk).update(anonymous_denunciation=True)
    case = services.case_accept(actor=officer_a, case=Case.objects.get(pk=case.pk))
    with pytest.raises(PermissionDenied):
        services.case_identity_read(actor=chair_a, case=case)
    assert services.case_identity_read(actor=officer_a, case=case)["phone"] == DENOUNCER.phone


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_the_communes_report_exports_never_show_the_account(client, tree, filed, denouncer, chair_a, fmt):
    import io
    import zipfile

    from django.urls import reverse

    client.force_login(chair_a)
    r = client.get(reverse("reports:download", args=[tree["a"].code, fmt]) + f"?ky={dt.date.today().year}")
    assert r.status_code == 200, r.content[:300]
    data = b"".join(r.streaming_content) if r.streaming else r.content
    with zipfile.ZipFile(io.BytesIO(data)) as package:  # both are zipped XML
        xml = "".join(package.read(n).decode("utf-8", "replace") for n in package.namelist() if n.endswith(".xml"))
    assert "<" in xml
    _absent(xml, denouncer, f"report.{fmt}")
