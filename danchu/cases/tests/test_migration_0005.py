"""The data step of migration 0005 on denunciations filed before it (Law on Denunciations Arts. 9(1),
47, 56): the account leaves `submitted_by`, the filer's step, audit row and documents; the
denouncer's own documents are encrypted under a random name with their name sealed."""

import importlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile

from danchu.cases import crypto, files
from danchu.cases.models import Case, CaseAttachment, CaseEvent
from danchu.core.models import AuditEvent

from .factories import file_case

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
migration = importlib.import_module("danchu.cases.migrations.0005_denouncer_account_sealed_files_scoped_idempotency")


def _as_before(case, user, *, with_file=False):
    """What the intake wrote before: the account on the case, its step, its audit row and its file."""
    Case.objects.filter(pk=case.pk).update(submitted_by=user, filer_ref="")
    CaseEvent.objects.filter(case=case, action="received").update(actor=user)
    AuditEvent.objects.filter(object_id=str(case.pk), action="case.received").update(actor=user)
    if with_file:
        att = CaseAttachment(case=case, stage="intake", name="don-cua-toi.pdf", kind="pdf", content_type="application/pdf",
                             size=len(PDF), sha256="0" * 64, uploaded_by=user)
        att.file.save("don-cua-toi.pdf", ContentFile(PDF), save=False)
        att.save()
        return att
    return None


def test_old_denunciations_lose_the_account_and_their_files_are_sealed(tree, citizen):
    old = file_case(tree["a"], "denunciation")
    att = _as_before(old, citizen, with_file=True)
    old_name = att.file.name
    assert att.file.storage.exists(old_name) and "don-cua-toi" in old_name
    feedback = file_case(tree["a"], "feedback", user=citizen)
    migration.protect_denouncers(apps, None)
    old.refresh_from_db()
    assert old.submitted_by_id is None and old.filer_ref == crypto.filer_ref(citizen.pk)
    assert not CaseEvent.objects.filter(case=old, actor=citizen).exists()
    assert not AuditEvent.objects.filter(object_id=str(old.pk), actor=citizen).exists()
    att.refresh_from_db()
    assert att.uploaded_by_id is None and att.sealed and att.name == "tai-lieu.pdf" and "don-cua-toi" not in att.file.name
    assert not att.file.storage.exists(old_name) and files.read(att).name == "don-cua-toi.pdf"
    assert files.read(att).content == PDF
    feedback.refresh_from_db()
    assert feedback.submitted_by == citizen  # other kinds keep the account for the citizen's list
