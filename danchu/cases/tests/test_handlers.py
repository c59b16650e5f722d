"""Facts from other areas that become cases: a question about a disclosure is received as feedback."""

import pytest

from danchu.cases.models import Case, Kind
from danchu.core.errors import DomainError
from danchu.core.registry import _FACT_HANDLERS
from danchu.disclosures.models import DisclosureQuestion, QuestionStatus
from danchu.disclosures.selectors import question_list_for_disclosure
from danchu.disclosures.services import question_ask
from danchu.disclosures.tests.factories import published

pytestmark = pytest.mark.django_db


def test_a_question_about_a_disclosure_becomes_a_feedback_case(tree, officer_a, citizen):
    d = published(officer_a, tree["a"], title="Kế hoạch sử dụng đất năm 2026")
    q = question_ask(user=citizen, disclosure=d, text="Thửa đất của nhà tôi có bị thu hồi không?")
    case = Case.objects.get(tracking_code=q.case_code)
    assert (q.status, case.kind, case.unit_id, case.submitted_by_id) == (QuestionStatus.CASE, Kind.FEEDBACK, tree["a"].pk, citizen.pk)
    assert "Kế hoạch sử dụng đất năm 2026" in case.title and "Thửa đất" in case.body
    # the citizen sees their own question with its tracking code; another citizen sees nothing
    assert list(question_list_for_disclosure(user=citizen, disclosure=d)) == [q]
    assert list(question_list_for_disclosure(user=officer_a, disclosure=d)) == [q]


def test_a_refused_case_leaves_no_question_behind(tree, officer_a, citizen, monkeypatch):
    d = published(officer_a, tree["a"])

    def refuse(**_payload):
        raise DomainError("invalid", "Từ chối.")

    monkeypatch.setitem(_FACT_HANDLERS, "disclosure.question", [refuse])
    with pytest.raises(DomainError):
        question_ask(user=citizen, disclosure=d, text="Hỏi?")
    assert not DisclosureQuestion.objects.exists() and not Case.objects.exists()


def test_the_question_page_shows_the_tracking_code_to_its_author(client, tree, officer_a, citizen, django_user_model):
    d = published(officer_a, tree["a"])
    client.force_login(citizen)
    r = client.post(f"/u/{tree['a'].code}/cong-khai/{d.pk}/hoi/", {"text": "Khi nào niêm yết xong?"}, follow=True)
    code = DisclosureQuestion.objects.get().case_code
    html = r.content.decode()
    assert code and code in html and "Mã tra cứu" in html


def test_an_anonymous_askers_contact_is_sealed_in_the_cases_identity(tree, officer_a):
    # The answer goes to the contact the asker left (an anonymous asker has no account to reach);
    # it is held encrypted with the case's identity, not in the case's text.
    from django.contrib.auth.models import AnonymousUser

    from danchu.cases import crypto
    from danchu.cases.models import CaseIdentity

    d = published(officer_a, tree["a"])
    q = question_ask(user=AnonymousUser(), disclosure=d, text="Bao giờ làm đường?", phone="0912 345 678",
                     email="dan@example.vn")
    case = Case.objects.get(tracking_code=q.case_code)
    row = CaseIdentity.objects.get(case=case)
    data = crypto.decrypt(nonce=row.nonce, ciphertext=row.ciphertext, aad=case.tracking_code)
    assert (data["phone"], data["email"]) == ("0912345678", "dan@example.vn")
    assert "0912345678" not in case.body and "dan@example.vn" not in case.body
