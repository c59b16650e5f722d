"""verify-log's bulk form of the disclosures' log records gives the same hashes as the per-record form."""

import pytest

from danchu.core.transparency import canonical_json, records_page, sha256_hex
from danchu.disclosures.selectors import disclosure_log_hashes, disclosure_log_records
from danchu.disclosures.services import (
    Upload,
    disclosure_correct,
    disclosure_create_draft,
    disclosure_withdraw,
)

from .factories import PNG, category, content, pdf_upload, published


@pytest.fixture
def assorted(tree, officer_a):
    """Plain, with attachments, corrected (two versions), withdrawn, a people list, a draft, an
    unpublished correction draft is not a thing — and a draft that must not appear."""
    plain = published(officer_a, tree["a"], title="Kế hoạch \"đặc biệt\" \\ \u2028 \ue000current\ue000")
    with_file = published(officer_a, tree["a"], files=[pdf_upload()], title="Có tệp")
    corrected = published(officer_a, tree["a"], files=[pdf_upload()], title="Sẽ đính chính")
    disclosure_correct(user=officer_a, disclosure=corrected, note="Sai số liệu", content=content(title="Đã đính chính"),
                       files=[Upload(name="phu-luc.png", content=PNG)])
    withdrawn = published(officer_a, tree["a"], title="Sẽ thu hồi")
    disclosure_withdraw(user=officer_a, disclosure=withdrawn, reason="Quyết định bị hủy")
    people = [{"full_name": "Nguyễn Thị Bình", "hamlet": "Thôn Đồng Quê", "benefit": "Hỗ trợ nhà ở", "amount": "40.000.000"},
              {"full_name": "Trần Văn An", "hamlet": "Thôn Đông", "benefit": "Hỗ trợ", "amount": ""}]
    listed = published(officer_a, tree["a"], code="commune-11-7", people=people,
                       channels=["notice_commune", "notice_hamlet", "loudspeaker"])
    disclosure_create_draft(user=officer_a, unit=tree["a"], category=category("commune-11-3"), content=content())
    return [plain, with_file, corrected, withdrawn, listed]


def _slow(after=0, limit=1000):
    return [(pk, sha256_hex(canonical_json(p))) for pk, p in disclosure_log_records(after, limit)]


def test_bulk_hashes_equal_the_per_record_payloads(assorted):
    slow = _slow()
    assert [pk for pk, _ in slow] == sorted(d.pk for d in assorted)
    assert list(disclosure_log_hashes()) == slow
    assert list(disclosure_log_hashes(chunk=2)) == slow


def test_bulk_hashes_page_like_the_records_endpoint(assorted):
    slow = _slow()
    first = slow[1][0]
    assert list(disclosure_log_hashes(first, 2)) == slow[2:4]
    assert list(disclosure_log_hashes(slow[-1][0], 10)) == []
    assert records_page("disclosure", after=0, limit=3) == [{"object_id": str(pk), "payload_sha256": h} for pk, h in slow[:3]]


def test_an_organizations_internal_disclosure_is_logged_by_its_hash_only(assorted, tree, officer_a):
    """Arts. 46–48, 64–66: an organization's disclosures are internal to it; the public log keeps the
    SHA-256 of their content (an edit is still caught), never the content itself."""
    from django.db import transaction

    from danchu.accounts.tests.factories import UserFactory, grant
    from danchu.core.models import LogEntry
    from danchu.core.roles import Role
    from danchu.core.transparency import verify_local
    from danchu.disclosures.models import Disclosure
    from danchu.disclosures.services import disclosure_publish
    from danchu.units.tests.factories import OrganizationFactory

    org = OrganizationFactory(unit=tree["a"], kind="enterprise", name="Công ty Cấp nước Bình Lục")
    head = UserFactory()
    grant(head, Role.ORG_HEAD, organization=org)
    d = disclosure_create_draft(user=head, unit=tree["a"], organization=org, category=category("enterprise-64-labour"),
                                content=content(title="Nội quy lao động nội bộ", body="Giờ làm việc từ 7h30.",
                                                channels=["notice_workplace"]))
    disclosure_publish(user=head, disclosure=d)
    entry = LogEntry.objects.filter(object_type="disclosure", object_id=str(d.pk)).get()
    assert "Nội quy" not in entry.payload and "7h30" not in entry.payload and "internal_content_sha256" in entry.payload
    slow = _slow()
    assert d.pk in [pk for pk, _ in slow] and list(disclosure_log_hashes()) == slow
    assert verify_local().ok
    with transaction.atomic():
        Disclosure.objects.filter(pk=d.pk).update(title="Sửa ngầm")
    problems = verify_local().problems
    assert [(p.code, p.seq) for p in problems] == [("record_altered", entry.seq)]
