"""The signed, scanned minutes: attached after close, checked by content, hashed into the log, public."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danchu.core.errors import DomainError, PermissionDenied
from danchu.core.models import LogEntry
from danchu.core.transparency import verify_local
from danchu.decisions import services
from danchu.decisions.models import Kind, Matter

from .factories import hamlet_head, households, matter

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def closed(tree):
    hamlet = tree["a1"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 2)
    m = matter(head, hamlet, kind=Kind.OTHER)
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs])
    services.hands_record(actor=head, matter=m, choices={h.code: "agree" for h in hs})
    return services.matter_close(actor=head, matter=m), head


def test_scan_is_attached_hashed_logged_and_public(client, closed):
    m, head = closed
    m = services.minutes_scan_attach(actor=head, matter=m, name="bien-ban.pdf", content=PDF)
    assert len(m.minutes_scan_sha256) == 64
    last = LogEntry.objects.filter(object_type="decision", object_id=str(m.pk)).order_by("-seq").first()
    assert last.kind == "decision.minutes_scan"
    assert verify_local().ok
    response = client.get(reverse("decisions:minutes_scan", args=[m.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(("_case", "name", "content", "code"), [
    ("an executable named .pdf", "bien-ban.pdf", b"MZ\x90\x00" + b"\x00" * 64, "attachment_content_mismatch"),
    ("a Word file is not a scan", "bien-ban.docx", PDF, "attachment_type_not_allowed"),
    ("empty", "bien-ban.pdf", b"", "attachment_empty"),
])
def test_bad_scans_are_refused_and_nothing_changes(closed, _case, name, content, code):
    m, head = closed
    entries = LogEntry.objects.count()
    with pytest.raises(DomainError) as err:
        services.minutes_scan_attach(actor=head, matter=m, name=name, content=content)
    assert err.value.code == code
    assert Matter.objects.get(pk=m.pk).minutes_scan_sha256 == ""
    assert LogEntry.objects.count() == entries


def test_scan_only_after_close_and_only_in_scope(tree, closed, officer_b):
    m, head = closed
    with pytest.raises(PermissionDenied):
        services.minutes_scan_attach(actor=officer_b, matter=m, name="bien-ban.pdf", content=PDF)
    open_matter = matter(head, tree["a1"], kind=Kind.OTHER)
    with pytest.raises(DomainError) as err:
        services.minutes_scan_attach(actor=head, matter=open_matter, name="bien-ban.pdf", content=PDF)
    assert err.value.code == "matter_not_closed"


def test_hamlet_head_uploads_from_the_matter_page(client, closed):
    m, head = closed
    client.force_login(head)
    response = client.post(reverse("decisions:action", args=[m.pk, "scan"]),
                           {"scan": SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")})
    assert response.status_code == 302
    assert Matter.objects.get(pk=m.pk).minutes_scan_sha256
    assert reverse("decisions:minutes_scan", args=[m.pk]) in client.get(reverse("decisions:detail", args=[m.pk])).content.decode()
