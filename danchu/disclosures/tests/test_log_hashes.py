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
