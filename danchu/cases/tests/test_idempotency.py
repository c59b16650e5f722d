"""Idempotency keys belong to their filer (the account when signed in, else the client) and to what was
sent: the same key, filer and content return the same case; the same key and filer with another
content are refused (`idempotency_conflict`, HTTP 409, the page says why); another filer with the
same key gets their own case — never someone else's tracking code, status or answer."""

import hashlib

import pytest

from danchu.accounts.tests.factories import UserFactory
from danchu.cases import services
from danchu.cases.errors import IdempotencyConflict
from danchu.cases.models import Case, CaseEvent, CaseIdentity
from danchu.core.models import AuditEvent

pytestmark = pytest.mark.django_db

FEEDBACK = {"kind": "feedback", "title": "Ổ gà trên đường liên thôn", "body": "Ổ gà sâu gần cầu."}
API = {"unit": "T0A", "category": "roads", **FEEDBACK}


def _submit(tree, *, user=None, client="203.0.113.5", key="retry-1", **fields):
    return services.case_submit(user=user, unit=tree["a"], client=client, idempotency_key=key, **{**FEEDBACK, **fields})


def _counts():
    return Case.objects.count(), CaseEvent.objects.count(), CaseIdentity.objects.count(), AuditEvent.objects.count()


def test_the_same_key_filer_and_content_return_the_same_case(tree, citizen):
    first, created = _submit(tree)
    again, created_again = _submit(tree)
    assert (created, created_again) == (True, False) and again.pk == first.pk
    mine, _ = _submit(tree, user=citizen, client="198.51.100.1")
    # Signed in, the account is the filer wherever it sends from.
    assert _submit(tree, user=citizen, client="192.0.2.77")[0].pk == mine.pk != first.pk
    assert Case.objects.count() == 2


def test_the_same_key_with_another_content_is_refused_and_writes_nothing(tree, officer_a):
    first, _ = _submit(tree, identity=services.Identity(phone="0912345678"))
    services.case_resolve(actor=officer_a, case=first, answer="Đã vá ổ gà.")
    before = _counts()
    for other in ({"body": "Nội dung khác"}, {"identity": services.Identity(phone="0999999999")}, {"kind": "recommendation"}):
        with pytest.raises(IdempotencyConflict) as exc:
            _submit(tree, **other)
        assert exc.value.code == "idempotency_conflict" and exc.value.status == 409
        assert first.tracking_code not in exc.value.message and "Đã vá" not in exc.value.message
    assert _counts() == before


def test_another_filer_with_the_same_key_gets_their_own_case(tree, citizen):
    first, _ = _submit(tree, body="Ổ gà của người thứ nhất")
    other_client, created = _submit(tree, client="198.51.100.9", body="Đèn hỏng của người thứ hai")
    assert created and other_client.pk != first.pk and other_client.body == "Đèn hỏng của người thứ hai"
    account, created = _submit(tree, user=citizen, client="203.0.113.5")  # same client, but signed in
    assert created and account.pk not in (first.pk, other_client.pk)
    someone = UserFactory()
    theirs, created = _submit(tree, user=someone, client="203.0.113.5")
    assert created and theirs.pk not in (first.pk, other_client.pk, account.pk)
    assert len({c.tracking_code for c in Case.objects.all()}) == Case.objects.count() == 4


def test_scope_and_content_are_kept_as_keyed_hashes(tree, citizen):
    case, _ = _submit(tree, user=citizen, identity=services.Identity(phone="0912345678"))
    assert len(case.idempotency_scope) == len(case.idempotency_payload) == 64
    for clear in ("203.0.113.5", citizen.username, "0912345678", "retry-1"):
        assert clear not in case.idempotency_scope and clear not in case.idempotency_payload
    plain = hashlib.sha256(f"idempotency\naccount:{citizen.pk}\nretry-1".encode()).hexdigest()
    assert case.idempotency_scope != plain  # keyed: not recomputable without the identity key
    # The scope includes the key: two cases of one filer share no value that links them.
    other, _ = _submit(tree, user=citizen, key="retry-2")
    assert other.idempotency_scope != case.idempotency_scope


def test_the_api_answers_409_for_another_content_and_a_new_case_for_another_client(client, tree):
    r1 = client.post("/api/v1/cases", API, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1",
                     REMOTE_ADDR="203.0.113.5")
    r2 = client.post("/api/v1/cases", API, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1",
                     REMOTE_ADDR="203.0.113.5")
    assert (r1.status_code, r2.status_code) == (201, 200) and r1.json()["tracking_code"] == r2.json()["tracking_code"]
    before = _counts()
    r3 = client.post("/api/v1/cases", {**API, "body": "Nội dung khác"}, content_type="application/json",
                     HTTP_IDEMPOTENCY_KEY="k-1", REMOTE_ADDR="203.0.113.5")
    assert r3.status_code == 409 and r3.json()["code"] == "idempotency_conflict"
    assert r1.json()["tracking_code"] not in r3.content.decode()
    assert _counts() == before
    r4 = client.post("/api/v1/cases", {**API, "body": "Của người khác"}, content_type="application/json",
                     HTTP_IDEMPOTENCY_KEY="k-1", REMOTE_ADDR="198.51.100.9")
    assert r4.status_code == 201 and r4.json()["tracking_code"] != r1.json()["tracking_code"]


def test_the_page_says_why_and_offers_a_fresh_key(client, tree):
    form = {"category": "roads", "idempotency_key": "form-k", **FEEDBACK}
    assert client.post(f"/u/{tree['a'].code}/phan-anh/gui/", form).status_code == 200
    first = Case.objects.get()
    before = _counts()
    r = client.post(f"/u/{tree['a'].code}/phan-anh/gui/", {**form, "body": "Sửa lại nội dung"})
    html = r.content.decode()
    assert r.status_code == 409 and "chưa được ghi nhận" in html
    assert first.tracking_code not in html and services.format_code(first.tracking_code) not in html
    assert 'value="form-k"' not in html  # a new key: sending again makes a new case
    assert _counts() == before
