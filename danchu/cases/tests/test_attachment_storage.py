"""Documents at rest: encrypted with the identity key, under random names, mode 0600 on a file system;
a denouncer's own documents with their name encrypted too and decrypted only for the assigned
resolver (Law on Denunciations Arts. 9(1), 47, 56)."""

import re
import stat

import pytest
from cryptography.exceptions import InvalidTag

from danchu.cases import crypto, files, services
from danchu.cases.models import CaseAttachment
from danchu.core.attachments import Upload

from .factories import file_case

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"Nguyen Van Bima, so 7 ngo Hoa Sua" * 4
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")
RANDOM = re.compile(r"^cases/\d{4}/\d{2}/[0-9a-f]{32}\.bin$")


def _stored(att: CaseAttachment) -> bytes:
    with att.file.storage.open(att.file.name, "rb") as fh:
        return fh.read()


@pytest.fixture
def denunciation(tree, officer_a):
    case = file_case(tree["a"], "denunciation", files=[Upload("don-cua-nguyen-van-bima.pdf", PDF)])
    return services.case_accept(actor=officer_a, case=case)


def test_a_denouncers_document_is_encrypted_under_a_random_name(denunciation):
    att = denunciation.attachments.get()
    raw = _stored(att)
    assert att.sealed and raw != PDF and b"%PDF" not in raw and b"Bima" not in raw
    assert RANDOM.match(att.file.name) and "bima" not in att.file.name
    assert att.name == "tai-lieu.pdf"  # neutral; the real name is sealed
    assert b"bima" not in bytes(att.sealed_name)
    opened = files.read(att)
    assert (opened.name, opened.content) == ("don-cua-nguyen-van-bima.pdf", PDF)


def test_the_sealed_document_does_not_open_on_another_case(tree, denunciation):
    att = denunciation.attachments.get()
    other = file_case(tree["a"], "denunciation")
    with pytest.raises(InvalidTag):
        crypto.unseal(_stored(att), aad=f"case-file:{other.tracking_code}:{att.sha256}")


def test_only_the_assigned_resolver_downloads_it_decrypted(client, denunciation, officer_a, chair_a):
    att = denunciation.attachments.get()
    client.force_login(chair_a)
    r = client.get(f"/quan-ly/ho-so/tep/{att.pk}/")
    assert r.status_code == 403 and PDF not in r.content
    assert "don-cua-nguyen-van-bima" not in client.get(f"/quan-ly/ho-so/{denunciation.pk}/").content.decode()
    client.force_login(officer_a)
    r = client.get(f"/quan-ly/ho-so/tep/{att.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    assert "don-cua-nguyen-van-bima.pdf" in r["Content-Disposition"]
    assert "don-cua-nguyen-van-bima.pdf" in client.get(f"/quan-ly/ho-so/{denunciation.pk}/").content.decode()


def test_the_tracking_code_does_not_open_a_denouncers_document(client, denunciation):
    att = denunciation.attachments.get()
    html = client.get("/tra-cuu/", {"code": denunciation.tracking_code}).content.decode()
    assert f"/tra-cuu/tep/{att.pk}/" not in html and "tai-lieu.pdf" not in html
    assert client.get(f"/tra-cuu/tep/{att.pk}/", {"code": denunciation.tracking_code}).status_code == 404


def test_other_kinds_are_encrypted_too_and_keep_their_name(client, tree):
    case = file_case(tree["a"], "feedback", files=[Upload("cong-tac.png", PNG)])
    att = case.attachments.get()
    assert att.sealed and _stored(att) != PNG and RANDOM.match(att.file.name) and att.sealed_name is None
    assert att.name == "cong-tac.png"
    r = client.get(f"/tra-cuu/tep/{att.pk}/", {"code": case.tracking_code})
    assert r.status_code == 200 and b"".join(r.streaming_content) == PNG


def test_on_a_file_system_the_file_is_readable_by_its_owner_only(tree, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    case = file_case(tree["a"], "denunciation", files=[Upload("don-cua-nguyen-van-bima.pdf", PDF)])
    att = case.attachments.get()
    path = tmp_path / att.file.name
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"Bima" not in path.read_bytes()
    assert not list(tmp_path.rglob("*bima*"))
    assert files.read(att).content == PDF
