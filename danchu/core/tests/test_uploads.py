"""Uploads are limited while they are read (core.uploads, core.middleware.InputGuardMiddleware): a request
over the total is refused before its body is read, a file over the per-file limit stops the upload as
it streams in, too many files are refused — 413/400 with a clear message, the view never runs, nothing
saved; files above FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file, not to memory.

The limits are made small here so that the tests post kilobytes; `danchu/core/bench_uploads.py`
measures the real sizes (8 × 60 MB)."""

import pytest
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile, TemporaryUploadedFile
from django.test import RequestFactory, override_settings
from django.urls import reverse

from danchu.accounts.services import api_token_create
from danchu.cases.models import Case, CaseAttachment
from danchu.disclosures.models import Attachment
from danchu.disclosures.services import disclosure_create_draft
from danchu.disclosures.tests.factories import PDF, category, content

KB = 1024
SMALL = {"DANCHU_ATTACHMENT_MAX_BYTES": 100 * KB, "DANCHU_MAX_UPLOAD_BYTES": 100 * KB,
         "DANCHU_UPLOAD_MAX_REQUEST_BYTES": 400 * KB}
CASE = {"kind": "feedback", "category": "roads", "title": "Đường hỏng", "body": "Ổ gà ở ngõ 3."}


def pdf(size: int, name: str = "anh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + b"0" * max(0, size - len(PDF)), content_type="application/pdf")


def _state():
    return Case.objects.count(), CaseAttachment.objects.count(), Attachment.objects.count()


@pytest.fixture
def draft(tree, officer_a):
    return disclosure_create_draft(user=officer_a, unit=tree["a"], category=category("commune-11-3"), content=content())


@override_settings(**SMALL)
def test_a_request_over_the_total_is_refused_before_it_is_read(client, tree):
    before = _state()
    r = client.post(reverse("cases:new", args=["T0A"]), {**CASE, "files": [pdf(90 * KB, f"{i}.pdf") for i in range(5)]})
    assert r.status_code == 413
    assert "tổng các tệp trong một lần gửi tối đa 400 KB" in r.content.decode()
    assert _state() == before


@override_settings(**SMALL)
def test_a_file_over_the_limit_stops_the_upload_and_names_the_file(client, tree):
    before = _state()
    r = client.post(reverse("cases:new", args=["T0A"]), {**CASE, "files": [pdf(10 * KB, "nho.pdf"), pdf(150 * KB, "lon.pdf")]})
    assert r.status_code == 413
    html = r.content.decode()
    assert "Tệp “lon.pdf” quá lớn: mỗi tệp tối đa 100 KB" in html and "Không có gì được lưu" in html
    assert _state() == before


@override_settings(**SMALL)
def test_the_api_answers_413_json(client, tree, officer_a, draft):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=officer_a)}"}
    before = _state()
    r = client.post(f"/api/v1/disclosures/{draft.pk}/attachments", {"file": pdf(150 * KB, "lon.pdf")}, **headers)
    assert r.status_code == 413 and r.json()["code"] == "too_large" and "lon.pdf" in r.json()["message"]
    r = client.post(f"/api/v1/disclosures/{draft.pk}/attachments", {"file": pdf(500 * KB, "rat-lon.pdf")}, **headers)
    assert r.status_code == 413 and r.json()["code"] == "too_large"
    assert _state() == before
    r = client.post(f"/api/v1/disclosures/{draft.pk}/attachments", {"file": pdf(50 * KB, "vua.pdf")}, **headers)
    assert r.status_code == 201 and Attachment.objects.count() == before[2] + 1


@override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=2)
def test_too_many_files_are_refused(client, tree):
    before = _state()
    r = client.post(reverse("cases:new", args=["T0A"]), {**CASE, "files": [pdf(2 * KB, f"{i}.pdf") for i in range(3)]})
    assert r.status_code == 400 and "tối đa 2 tệp" in r.content.decode()
    assert _state() == before


def test_a_file_within_the_limits_is_attached(client, tree):
    r = client.post(reverse("cases:new", args=["T0A"]), {**CASE, "files": [pdf(20 * KB, "anh.pdf")]})
    assert r.status_code == 200 and CaseAttachment.objects.count() == 1


@pytest.mark.parametrize(("size", "kind"), [(1024 * KB, InMemoryUploadedFile), (3 * 1024 * KB, TemporaryUploadedFile)])
def test_large_files_go_to_disk_not_memory(size, kind):
    request = RequestFactory().post("/u/T0A/phan-anh/gui/", {"files": pdf(size)})
    upload = request.FILES["files"]
    assert isinstance(upload, kind) and upload.size == size
