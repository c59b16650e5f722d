"""A denouncer's account out of the clear, documents sealed, idempotency keys scoped to their filer.

Schema: `Case.filer_ref` (keyed hash of the denouncer's account, crypto.filer_ref), the idempotency
key unique per (scope, key) with a keyed hash of the content; `CaseAttachment.sealed`, `sealed_name`,
`key_id` (documents encrypted with the identity key).

Data, for denunciations filed before (and denunciations once received as information, Law on
Denunciations Art. 25) by a signed-in person (Law on Denunciations Arts. 9(1), 47, 56): the account
moves from `submitted_by` to `filer_ref`; the filer's "received" step and its audit row, and their
documents' uploader, lose the account; the denouncer's own documents are encrypted, stored under a
random name (the old file removed) with their name sealed. Nothing to do on a new database.
"""

import os
import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import migrations, models

CITIZEN_CHANNELS = ("web", "api", "open311")


def _seal_document(att, code: str) -> None:
    from danchu.cases import crypto

    try:
        att.file.open("rb")
        try:
            content = att.file.read()
        finally:
            att.file.close()
    except (FileNotFoundError, OSError):
        return  # the file is gone: nothing to protect at rest
    old = att.file.name
    att.sealed_name = crypto.seal(att.name.encode("utf-8"), aad=f"case-name:{code}:{att.sha256}")
    att.name = "tai-lieu" + PurePath(att.name).suffix.lower()[:8]
    att.sealed, att.key_id = True, crypto.key_id()
    att.file.save(f"{secrets.token_hex(16)}.bin",
                  ContentFile(crypto.seal(content, aad=f"case-file:{code}:{att.sha256}")), save=False)
    if isinstance(att.file.storage, FileSystemStorage):
        os.chmod(att.file.path, 0o600)
    att.save()
    att.file.storage.delete(old)


def protect_denouncers(apps, schema_editor):
    from django.db.models import Q

    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    CaseAttachment = apps.get_model("cases", "CaseAttachment")
    AuditEvent = apps.get_model("core", "AuditEvent")
    protected = Case.objects.filter(Q(kind="denunciation") | Q(anonymous_denunciation=True))
    for case in protected.filter(submitted_by__isnull=False, channel__in=CITIZEN_CHANNELS).iterator():
        from danchu.cases import crypto

        filer = case.submitted_by_id
        CaseEvent.objects.filter(case=case, actor_id=filer).update(actor=None)
        AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk), action="case.received",
                                  actor_id=filer).update(actor=None)
        CaseAttachment.objects.filter(case=case, uploaded_by_id=filer).update(uploaded_by=None)
        Case.objects.filter(pk=case.pk).update(submitted_by=None, filer_ref=crypto.filer_ref(filer))
    for att in CaseAttachment.objects.filter(case__in=protected, stage="intake", sealed=False).select_related("case"):
        _seal_document(att, att.case.tracking_code)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0004_attachments'),
        ('units', '0002_trigram_search_indexes'),
        ('core', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='case',
            name='case_idempotency_key_unique',
        ),
        migrations.AddField(
            model_name='case',
            name='filer_ref',
            field=models.CharField(blank=True, db_index=True, default='', max_length=64),
        ),
        migrations.AddField(
            model_name='case',
            name='idempotency_payload',
            field=models.CharField(blank=True, default='', max_length=64),
        ),
        migrations.AddField(
            model_name='case',
            name='idempotency_scope',
            field=models.CharField(blank=True, default='', max_length=64),
        ),
        migrations.AddField(
            model_name='caseattachment',
            name='key_id',
            field=models.CharField(blank=True, default='', max_length=16),
        ),
        migrations.AddField(
            model_name='caseattachment',
            name='sealed',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='caseattachment',
            name='sealed_name',
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.UniqueConstraint(condition=models.Q(('idempotency_key__isnull', False)), fields=('idempotency_scope', 'idempotency_key'), name='case_idempotency_scoped_unique'),
        ),
        migrations.RunPython(protect_denouncers, migrations.RunPython.noop),
    ]
