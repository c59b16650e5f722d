"""Uploads in S3-compatible object storage (DANCHU_STORAGE=s3, django-storages), against moto's S3 server:
a real HTTP endpoint on a free port of 127.0.0.1, not the in-process mock.

A denouncer's document lands in the bucket sealed and under a random name, is opened through the app by
the assigned resolver only (never by a public or signed URL), and the bucket is unchanged by a refused
attempt; a disclosure's attachment round-trips too; the settings build that storage from the environment;
`danchu backup` names the bucket instead of copying it. Skipped only when moto is not installed."""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

moto_server = pytest.importorskip("moto.server", reason="moto[server] is not installed (the dev extra)")

import boto3  # noqa: E402 - after the skip
from botocore.config import Config  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from storages.backends.s3 import S3Storage  # noqa: E402

from danchu.cases import services  # noqa: E402
from danchu.cases.models import Case, CaseAttachment, IdentityAccess  # noqa: E402
from danchu.core.attachments import Upload  # noqa: E402
from danchu.disclosures.models import Attachment  # noqa: E402
from danchu.disclosures.services import disclosure_create_draft  # noqa: E402
from danchu.disclosures.tests.factories import category, content, published  # noqa: E402
from danchu.ops import backup  # noqa: E402

REPO = Path(__file__).resolve().parents[3]
BUCKET = "danchu-test"
REGION = "us-east-1"
ACCESS_KEY, SECRET_KEY = "danchu-test-key", "danchu-test-secret"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"Nguyen Van Bima, so 7 ngo Hoa Sua" * 4
PUBLIC_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n% Ke hoach su dung dat 2026\n"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on a free port of the loopback, with one empty bucket."""
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    s3_client(endpoint).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


def s3_client(endpoint: str):
    return boto3.client("s3", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=ACCESS_KEY,
                        aws_secret_access_key=SECRET_KEY, config=Config(retries={"max_attempts": 1}))


@pytest.fixture
def s3(settings, s3_endpoint):
    """The default storage switched to the bucket, under a prefix of this test's own; the options are
    those of settings/base.py for DANCHU_STORAGE=s3."""
    prefix = f"t-{secrets.token_hex(6)}"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": BUCKET, "endpoint_url": s3_endpoint, "region_name": REGION, "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY, "location": prefix, "default_acl": None, "querystring_auth": True,
        "querystring_expire": 300, "file_overwrite": False,
        "client_config": Config(signature_version="s3v4", request_checksum_calculation="when_required",
                                response_checksum_validation="when_required", s3={"addressing_style": "path"}),
    }}}
    return {"client": s3_client(s3_endpoint), "prefix": prefix, "endpoint": s3_endpoint}


def objects(s3) -> dict[str, tuple[str, int]]:
    """Every object under the test's prefix: key -> (ETag, size)."""
    listed = s3["client"].list_objects_v2(Bucket=BUCKET, Prefix=f"{s3['prefix']}/").get("Contents", [])
    return {o["Key"]: (o["ETag"], o["Size"]) for o in listed}


def body(s3, key: str) -> bytes:
    return s3["client"].get_object(Bucket=BUCKET, Key=key)["Body"].read()


def assert_private(s3, key: str) -> None:
    grants = s3["client"].get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI") == ALL_USERS], grants


def test_a_denouncers_document_is_sealed_in_the_bucket_and_opens_for_the_resolver_only(
        s3, client, tree, citizen, officer_a, chair_a, officer_b):
    client.force_login(citizen)
    r = client.post(f"/u/{tree['a'].code}/phan-anh/gui/", {
        "kind": "denunciation", "category": "officials", "title": "Tố cáo cán bộ địa chính",
        "body": "Cán bộ địa chính nhận tiền.", "accused": "Ông Lê Văn C", "violation": "Nhận tiền khi làm thủ tục",
        "full_name": "Nguyễn Văn Bímá", "address": "Số 7 ngõ Hoa Sữa, Thôn Đồng Quê", "idempotency_key": "k-s3-1",
        "files": [SimpleUploadedFile("don-to-cao-cua-nguyen-van-bima.pdf", PDF, "application/pdf")],
    })
    assert r.status_code == 200, r.content.decode()[:1500]
    case = services.case_accept(actor=officer_a, case=Case.objects.get())
    att = case.attachments.get()
    assert isinstance(att.file.storage, S3Storage)

    stored = objects(s3)
    assert list(stored) == [f"{s3['prefix']}/{att.file.name}"]
    key = next(iter(stored))
    assert re.fullmatch(rf"{s3['prefix']}/cases/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.bin", key)
    assert "bima" not in key.lower() and "don-to-cao" not in key
    raw = body(s3, key)
    assert raw != PDF and b"%PDF" not in raw and b"Bima" not in raw  # sealed (AES-256-GCM)
    assert_private(s3, key)

    # Not the assigned resolver: refused, nothing read, nothing logged, nothing changed in the bucket.
    client.force_login(chair_a)
    r = client.get(f"/quan-ly/ho-so/tep/{att.pk}/")
    assert r.status_code == 403 and PDF not in r.content
    client.force_login(officer_b)
    r = client.get(f"/quan-ly/ho-so/tep/{att.pk}/")
    assert r.status_code in (403, 404) and PDF not in r.content
    assert not IdentityAccess.objects.filter(purpose=f"attachment:{att.pk}").exists()
    assert objects(s3) == stored

    # The assigned resolver: the original bytes and name, streamed by the app (no redirect to the bucket).
    client.force_login(officer_a)
    r = client.get(f"/quan-ly/ho-so/tep/{att.pk}/")
    assert r.status_code == 200 and "Location" not in r
    assert b"".join(r.streaming_content) == PDF
    assert "don-to-cao-cua-nguyen-van-bima.pdf" in r["Content-Disposition"]
    assert r["Cache-Control"] == "private, no-store"
    assert IdentityAccess.objects.filter(case=case, user=officer_a, purpose=f"attachment:{att.pk}").count() == 1
    assert objects(s3) == stored
    assert CaseAttachment.objects.get(pk=att.pk).file.name == att.file.name


def test_a_disclosures_attachment_round_trips_and_a_draft_stays_closed(s3, client, tree, officer_a):
    d = published(officer_a, tree["a"], files=[Upload(name="ke-hoach.pdf", content=PUBLIC_PDF)])
    again = published(officer_a, tree["a"], title="Kế hoạch (bản 2)", files=[Upload(name="ke-hoach.pdf", content=PDF)])
    first, second = Attachment.objects.get(version__disclosure=d), Attachment.objects.get(version__disclosure=again)
    assert first.file.name != second.file.name  # same file name: a second object, never an overwrite
    stored = objects(s3)
    assert set(stored) == {f"{s3['prefix']}/{first.file.name}", f"{s3['prefix']}/{second.file.name}"}
    assert body(s3, f"{s3['prefix']}/{first.file.name}") == PUBLIC_PDF
    for key in stored:
        assert_private(s3, key)

    r = client.get(f"/cong-khai/tep/{first.pk}/")  # anyone: a published disclosure, served by the app
    assert r.status_code == 200 and "Location" not in r
    assert b"".join(r.streaming_content) == PUBLIC_PDF
    r = client.get(f"/cong-khai/tep/{second.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF

    draft = disclosure_create_draft(user=officer_a, unit=tree["a"], category=category("commune-11-3"),
                                    content=content(title="Dự thảo chưa công khai"),
                                    files=[Upload(name="du-thao.pdf", content=PDF)])
    att = Attachment.objects.get(version__disclosure=draft)
    stored = objects(s3)
    r = client.get(f"/cong-khai/tep/{att.pk}/")
    assert r.status_code == 404 and PDF not in r.content  # a draft's file: its editors only
    assert objects(s3) == stored
    client.force_login(officer_a)
    r = client.get(f"/cong-khai/tep/{att.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF


def test_the_settings_build_the_storage_from_the_environment(s3_endpoint, tmp_path):
    """DANCHU_STORAGE=s3 and DANCHU_S3_*, secret from a file, in a fresh process with the real settings."""
    prefix = f"env-{secrets.token_hex(6)}"
    secret = tmp_path / "s3_secret"
    secret.write_text(SECRET_KEY + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DANCHU_", "AWS_", "DJANGO_SETTINGS_MODULE"))}
    env.update(DANCHU_DATA_DIR=str(tmp_path / "data"), DJANGO_SETTINGS_MODULE="danchu.config.settings.base",
               DANCHU_STORAGE="s3", DANCHU_S3_BUCKET=BUCKET, DANCHU_S3_ENDPOINT_URL=s3_endpoint,
               DANCHU_S3_REGION=REGION, DANCHU_S3_ACCESS_KEY_ID=ACCESS_KEY,
               DANCHU_S3_SECRET_ACCESS_KEY_FILE=str(secret), DANCHU_S3_PREFIX=f"/{prefix}/",
               DANCHU_S3_ADDRESSING_STYLE="path")
    probe = """
import json, django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage as s
name = s.save("probe/tep.pdf", ContentFile(b"%PDF-1.4 probe"))
again = s.save("probe/tep.pdf", ContentFile(b"%PDF-1.4 second"))
with s.open(name, "rb") as fh:
    data = fh.read().decode()
print(json.dumps({"cls": type(s._wrapped).__name__, "names": [name, again], "data": data, "location": s.location,
                  "acl": s.default_acl, "overwrite": s.file_overwrite, "expire": s.querystring_expire,
                  "secret_ok": s.secret_key == @SECRET@}))
""".replace("@SECRET@", repr(SECRET_KEY))
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["cls"] == "S3Storage" and out["location"] == prefix and out["secret_ok"]
    assert (out["acl"], out["overwrite"], out["expire"]) == (None, False, 300)
    assert out["names"][0] == "probe/tep.pdf" and out["names"][1] != out["names"][0]
    assert out["data"] == "%PDF-1.4 probe"
    listed = s3_client(s3_endpoint).list_objects_v2(Bucket=BUCKET, Prefix=f"{prefix}/")["Contents"]
    assert sorted(o["Key"] for o in listed) == sorted(f"{prefix}/{n}" for n in out["names"])


@pytest.mark.django_db(transaction=True)  # SQLite's online backup waits for the test's open transaction
def test_backup_names_the_bucket_instead_of_copying_it(s3, settings, tmp_path):
    archive = tmp_path / "b.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), "--no-keys", stdout=out)
    text = out.getvalue()
    where = f"{BUCKET}/{s3['prefix']} ({s3['endpoint']})"
    assert f"Tệp tải lên nằm trong bucket {where}" in text and "versioning" in text
    assert f"Uploaded files live in the bucket {where}" in text and "replication" in text
    with tarfile.open(archive) as tar:
        assert not [n for n in tar.getnames() if n.startswith("media/")]
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["media"] == {"included": False, "files": 0, "storage": "storages.backends.s3.S3Storage",
                                 "bucket": BUCKET, "endpoint_url": s3["endpoint"], "location": s3["prefix"]}
    assert any(f"bucket/uploads in the bucket {where}" in line for line in backup.describe(manifest))
    # Restoring it where the bucket is the same: only where the files are; elsewhere: how to point there.
    assert [en for _, en in backup._bucket_notes(manifest)] == [
        f"The uploads are not in the backup: they are in the bucket {where}; restore them from that bucket's "
        "versions or replica if needed."]
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")}}}
    notes = backup._bucket_notes(manifest)
    assert len(notes) == 2 and "DANCHU_S3_BUCKET" in notes[1][0] and "DANCHU_S3_BUCKET" in notes[1][1]
