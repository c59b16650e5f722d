"""Documents filed with a case and with its answer: checked by content, stored with the case,
opened by the unit's officers (a denunciation's own documents: the assigned officer only, logged)
and by the holder of the tracking code."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.cases import services
from danchu.cases.models import Case, CaseAttachment, IdentityAccess
from danchu.core.attachments import Upload
from danchu.core.errors import DomainError

from .factories import file_case

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


def test_files_are_checked_before_anything_is_written(tree):
    with pytest.raises(DomainError) as exc:
        file_case(tree["a"], "feedback", files=[Upload("anh.png", PNG), Upload("don.pdf", b"MZ\x90\x00 not a pdf")])
    assert exc.value.code == "attachment_content_mismatch"
    with pytest.raises(DomainError) as exc:
        file_case(tree["a"], "feedback", files=[Upload(f"a{i}.pdf", PDF) for i in range(6)])
    assert exc.value.code == "too_many_files"
    assert not Case.objects.exists() and not CaseAttachment.objects.exists()


def test_citizen_files_evidence_and_follows_the_answer_with_the_code(tree, officer_a, client):
    r = client.post(f"/u/{tree['a'].code}/phan-anh/gui/", {
        "kind": "feedback", "category": "other", "title": "Cống thoát nước bị tắc", "body": "Nước tràn vào nhà dân.",
        "files": [SimpleUploadedFile("cong.png", PNG, "image/png")], "idempotency_key": "k-attach-1",
    })
    assert r.status_code == 200, r.content.decode()[:1500]
    case = Case.objects.get()
    assert [(a.name, a.stage, a.kind) for a in case.attachments.all()] == [("cong.png", "intake", "image")]
    services.case_resolve(actor=officer_a, case=case, answer="Đã nạo vét cống ngày 20/11.",
                          files=[Upload("bien-ban-nghiem-thu.pdf", PDF)])
    html = client.get("/tra-cuu/", {"code": case.tracking_code}).content.decode()
    answer = case.attachments.get(stage="resolution")
    assert "bien-ban-nghiem-thu.pdf" in html
    r = client.get(f"/tra-cuu/tep/{answer.pk}/", {"code": case.tracking_code})
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    # a wrong code opens nothing, even with a real file number
    other = file_case(tree["a"], "feedback")
    assert client.get(f"/tra-cuu/tep/{answer.pk}/", {"code": other.tracking_code}).status_code == 404


def test_denouncers_documents_open_only_for_the_assigned_officer_and_are_logged(tree, officer_a, chair_a, officer_b, client):
    case = file_case(tree["a"], "denunciation", files=[Upload("don-to-cao-viet-tay.pdf", PDF)])
    case = services.case_accept(actor=officer_a, case=case)
    att = case.attachments.get()
    client.force_login(chair_a)  # a case officer of the unit, but not assigned
    r = client.get(f"/quan-ly/ho-so/tep/{att.pk}/")
    assert r.status_code == 403 and "Chỉ người được giao" in r.content.decode()
    assert not IdentityAccess.objects.filter(purpose__startswith="attachment").exists()
    assert "don-to-cao-viet-tay.pdf" not in client.get(f"/quan-ly/ho-so/{case.pk}/").content.decode()  # not even listed
    client.force_login(officer_b)  # another commune
    assert client.get(f"/quan-ly/ho-so/tep/{att.pk}/").status_code == 404
    client.force_login(officer_a)
    r = client.get(f"/quan-ly/ho-so/tep/{att.pk}/")
    assert r.status_code == 200 and r["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "don-to-cao-viet-tay.pdf" in client.get(f"/quan-ly/ho-so/{case.pk}/").content.decode()
    assert IdentityAccess.objects.filter(case=case, user=officer_a, purpose=f"attachment:{att.pk}").count() == 1
