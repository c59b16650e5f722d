"""Publishing: draft, publish, correct (versions), withdraw; attachments; lists of people; the log entry in the same transaction."""

import datetime as dt
import json

import pytest

from danchu.core.errors import DomainError, NotFound
from danchu.core.models import AuditEvent, LogEntry
from danchu.core.transparency import verify_local
from danchu.disclosures.models import Attachment, Disclosure, DisclosureVersion, PersonRow
from danchu.disclosures.services import (
    Upload,
    disclosure_correct,
    disclosure_create_draft,
    disclosure_publish,
    disclosure_withdraw,
    due_date,
    posted_until,
    question_ask,
)
from danchu.units.tests.factories import OrganizationFactory

from .factories import PDF, PNG, category, content, docx_bytes, pdf_upload, published, xlsx_bytes

pytestmark = pytest.mark.django_db


def _counts():
    return (Disclosure.objects.count(), DisclosureVersion.objects.count(), Attachment.objects.count(),
            LogEntry.objects.count(), PersonRow.objects.count())


def test_draft_then_publish_logs_the_disclosure(tree, officer_a):
    files = [pdf_upload(), Upload(name="bang.xlsx", content=xlsx_bytes()), Upload(name="qd.docx", content=docx_bytes()),
             Upload(name="anh.png", content=PNG)]
    d = disclosure_create_draft(user=officer_a, unit=tree["a"], category=category("commune-11-3"),
                                content=content(decision_date=dt.date(2026, 4, 24)), files=files)
    assert d.status == "draft" and LogEntry.objects.count() == 0
    assert [a.kind for a in d.versions.get().attachments.all()] == ["pdf", "xlsx", "docx", "image"]
    result = disclosure_publish(user=officer_a, disclosure=d, today=dt.date(2026, 5, 6))
    d = result.disclosure
    assert d.status == "published" and d.published_on == dt.date(2026, 5, 6)
    # Art. 12(3): 05 working days after Fri 24/4/2026 → Wed 6/5/2026 (27/4, 30/4, 1/5 are holidays).
    assert d.due_on == dt.date(2026, 5, 6) and d.on_time is True
    # Art. 13(2): at least 30 consecutive days, counted from the day after posting.
    assert d.posted_until == dt.date(2026, 6, 5)
    entry = LogEntry.objects.get()
    assert (entry.kind, entry.object_type, entry.object_id) == ("disclosure.publish", "disclosure", str(d.pk))
    payload = json.loads(entry.payload)
    assert payload["current"]["title"] == "Kế hoạch sử dụng đất năm 2026"
    assert payload["current"]["attachments"][0]["sha256"] == __import__("hashlib").sha256(PDF).hexdigest()
    assert AuditEvent.objects.filter(action="disclosure.publish").count() == 1
    assert verify_local().ok


def test_late_publication_is_recorded_and_warned(tree, officer_a):
    d = disclosure_create_draft(user=officer_a, unit=tree["a"], category=category("commune-11-3"),
                                content=content(decision_date=dt.date(2026, 3, 2)))
    result = disclosure_publish(user=officer_a, disclosure=d, today=dt.date(2026, 3, 10))
    assert result.disclosure.on_time is False and result.disclosure.due_on == dt.date(2026, 3, 9)
    assert any("muộn" in w for w in result.warnings)


def test_items_7_to_12_warn_without_loudspeaker(tree, officer_a):
    d = disclosure_create_draft(user=officer_a, unit=tree["a"], category=category("commune-11-12"), content=content())
    assert any("loa" in w for w in disclosure_publish(user=officer_a, disclosure=d).warnings)


def test_permanent_items_have_no_take_down_date(tree, officer_a):
    assert posted_until(category("commune-11-13"), dt.date(2026, 1, 5)) is None
    assert posted_until(category("agency-46-plans"), dt.date(2026, 1, 5)) == dt.date(2026, 1, 25)
    assert due_date(category("enterprise-64-funds"), dt.date(2026, 4, 15)) == dt.date(2026, 5, 4)


def test_publishing_needs_the_mandatory_channels(tree, officer_a):
    d = disclosure_create_draft(user=officer_a, unit=tree["a"], category=category("commune-11-1"),
                                content=content(channels=["loudspeaker"]))
    with pytest.raises(DomainError) as exc:
        disclosure_publish(user=officer_a, disclosure=d)
    assert exc.value.code == "channel_required"
    d.refresh_from_db()
    assert d.status == "draft" and LogEntry.objects.count() == 0


def test_correction_is_a_new_version_and_the_old_stays_superseded(tree, officer_a):
    d = published(officer_a, tree["a"], files=[pdf_upload()])
    result = disclosure_correct(user=officer_a, disclosure=d, note="Sai số liệu diện tích",
                                content=content(title="Kế hoạch sử dụng đất năm 2026 (đính chính)"),
                                files=[Upload(name="phu-luc.png", content=PNG)])
    d = result.disclosure
    assert d.current_version == 2 and d.title.endswith("(đính chính)")
    v1, v2 = d.versions.order_by("number")
    assert v1.superseded_at is not None and v1.title == "Kế hoạch sử dụng đất năm 2026"
    assert v2.correction_note == "Sai số liệu diện tích"
    assert [a.name for a in v2.attachments.all()] == ["ke-hoach.pdf", "phu-luc.png"]
    assert [a.name for a in v1.attachments.all()] == ["ke-hoach.pdf"]
    assert list(LogEntry.objects.values_list("kind", flat=True)) == ["disclosure.publish", "disclosure.correct"]
    payload = json.loads(LogEntry.objects.get(seq=2).payload)
    assert [h["number"] for h in payload["history"]] == [1, 2]
    assert verify_local().ok


def test_withdraw_keeps_everything_and_cannot_be_done_twice(tree, officer_a):
    d = published(officer_a, tree["a"])
    with pytest.raises(DomainError) as exc:
        disclosure_withdraw(user=officer_a, disclosure=d, reason="  ")
    assert exc.value.code == "reason_required"
    d = disclosure_withdraw(user=officer_a, disclosure=d, reason="Quyết định bị hủy")
    assert d.status == "withdrawn" and d.withdrawn_reason == "Quyết định bị hủy"
    before = _counts()
    with pytest.raises(DomainError) as exc:
        disclosure_withdraw(user=officer_a, disclosure=d, reason="lần hai")
    assert exc.value.code == "already_withdrawn"
    with pytest.raises(DomainError) as exc:
        disclosure_correct(user=officer_a, disclosure=d, note="x", content=content())
    assert exc.value.code == "already_withdrawn"
    assert _counts() == before
    assert Disclosure.objects.filter(pk=d.pk).exists() and verify_local().ok


@pytest.mark.parametrize(
    ("_case", "upload", "code"),
    [
        ("too large", Upload(name="lon.pdf", content=PDF + b"0" * 2048), "attachment_too_large"),
        ("type not allowed", Upload(name="chay.exe", content=b"MZ\x90\x00" + b"0" * 100), "attachment_type_not_allowed"),
        ("pdf named docx", Upload(name="gia.docx", content=PDF), "attachment_content_mismatch"),
        ("executable named pdf", Upload(name="virus.pdf", content=b"MZ\x90\x00" + b"0" * 100), "attachment_content_mismatch"),
        ("empty", Upload(name="rong.pdf", content=b""), "attachment_empty"),
    ],
)
def test_bad_attachments_write_nothing(tree, officer_a, settings, _case, upload, code):
    settings.DANCHU_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(DomainError) as exc:
        disclosure_create_draft(user=officer_a, unit=tree["a"], category=category("commune-11-3"), content=content(),
                                files=[pdf_upload(), upload])
    assert exc.value.code == code
    assert _counts() == (0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("_case", "kwargs", "code"),
    [
        ("empty title", {"content": content(title="   ")}, "title_required"),
        ("agency item in a commune", {"category": "agency-46-plans"}, "category_not_for_unit"),
        ("commune item in a hamlet", {"unit": "a1"}, "category_not_for_unit"),
        ("a province is outside a commune officer's scope", {"unit": "province"}, "not_found"),
        ("intranet for a commune", {"content": content(channels=["intranet"])}, "channel_not_allowed"),
        ("list of people where none is due", {"content": content(people=[{"full_name": "Nguyễn Văn A"}])},
         "person_list_not_allowed"),
    ],
)
def test_bad_input_writes_nothing(tree, officer_a, _case, kwargs, code):
    args = {"user": officer_a, "unit": tree[kwargs.get("unit", "a")], "category": category(kwargs.get("category", "commune-11-3")),
            "content": kwargs.get("content", content())}
    with pytest.raises(DomainError) as exc:
        disclosure_create_draft(**args)
    assert exc.value.code == code
    assert _counts() == (0, 0, 0, 0, 0)


def test_publishing_in_another_commune_is_refused(tree, officer_a, officer_b, citizen):
    # outside the caller's scope: not found, as for a unit or a disclosure that does not exist
    for user, unit in [(officer_b, tree["a"]), (citizen, tree["a"]), (officer_a, tree["b"])]:
        with pytest.raises(NotFound):
            disclosure_create_draft(user=user, unit=unit, category=category("commune-11-3"), content=content())
    d = disclosure_create_draft(user=officer_a, unit=tree["a"], category=category("commune-11-3"), content=content())
    for action in (lambda u: disclosure_publish(user=u, disclosure=d),
                   lambda u: disclosure_withdraw(user=u, disclosure=d, reason="x")):
        with pytest.raises(NotFound):
            action(officer_b)
    d.refresh_from_db()
    assert d.status == "draft" and LogEntry.objects.count() == 0 and Disclosure.objects.count() == 1


def test_chair_may_publish(tree, chair_a):
    assert published(chair_a, tree["a"]).status == "published"


def test_beneficiary_list_shows_only_what_the_law_requires(tree, officer_a):
    people = [{"full_name": "Nguyễn Thị Bình", "hamlet": "Thôn Đồng Quê", "benefit": "Hỗ trợ nhà ở", "amount": "40.000.000"}]
    d = published(officer_a, tree["a"], code="commune-11-7", people=people,
                  channels=["notice_commune", "notice_hamlet", "loudspeaker"])
    row = PersonRow.objects.get(version__disclosure=d)
    assert (row.full_name, row.hamlet, row.amount) == ("Nguyễn Thị Bình", "Thôn Đồng Quê", 40_000_000)
    payload = json.loads(LogEntry.objects.get().payload)
    assert payload["current"]["people"] == [
        {"full_name": "Nguyễn Thị Bình", "hamlet": "Thôn Đồng Quê", "benefit": "Hỗ trợ nhà ở", "amount": 40000000}
    ]
    for bad in ({"full_name": "Trần Văn C", "identity_number": "001203004005"},
                {"full_name": "Trần Văn C 001203004005"},
                {"full_name": "Trần Văn C", "benefit": "gọi 0912345678"}):
        with pytest.raises(DomainError) as exc:
            published(officer_a, tree["a"], code="commune-11-7", people=[bad])
        assert exc.value.code == "person_data_not_allowed"
    assert Disclosure.objects.count() == 1


def test_organization_disclosures_need_the_org_head(tree, officer_a):
    from danchu.accounts.tests.factories import UserFactory, grant
    from danchu.core.roles import Role

    org = OrganizationFactory(unit=tree["a"], kind="enterprise", name="Công ty Cấp nước")
    head = UserFactory()
    grant(head, Role.ORG_HEAD, organization=org)
    d = disclosure_create_draft(user=head, unit=tree["a"], organization=org, category=category("enterprise-64-labour"),
                                content=content(channels=["notice_workplace"], decision_date=dt.date(2026, 4, 15)))
    d = disclosure_publish(user=head, disclosure=d, today=dt.date(2026, 5, 4)).disclosure
    # Art. 65(2): 15 days; 30/4/2026 is a holiday, then 1/5 and a weekend → Monday 4/5.
    assert d.due_on == dt.date(2026, 5, 4) and d.on_time is True
    with pytest.raises(DomainError) as exc:
        disclosure_create_draft(user=head, unit=tree["a"], organization=org, category=category("agency-46-plans"),
                                content=content(channels=["intranet"]))
    assert exc.value.code == "category_not_for_unit"


def test_citizen_question_is_stored_for_the_officer(tree, officer_a, citizen):
    from danchu.disclosures.selectors import question_list

    d = published(officer_a, tree["a"])
    q = question_ask(user=citizen, disclosure=d, text="Diện tích đất lúa giảm bao nhiêu?")
    assert list(question_list(user=officer_a, unit=tree["a"])) == [q]
    with pytest.raises(NotFound):  # the officers' queue, outside a citizen's scope
        question_list(user=citizen, unit=tree["a"])
    with pytest.raises(DomainError) as exc:
        question_ask(user=citizen, disclosure=d, text=" ")
    assert exc.value.code == "question_empty"


def test_log_gets_no_entry_when_the_change_fails_after_logging(tree, officer_a, monkeypatch):
    from danchu.disclosures import services

    d = disclosure_create_draft(user=officer_a, unit=tree["a"], category=category("commune-11-3"), content=content())

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_warnings", boom)  # fails after the log entry was appended
    with pytest.raises(RuntimeError):
        disclosure_publish(user=officer_a, disclosure=d)
    d.refresh_from_db()
    assert d.status == "draft" and LogEntry.objects.count() == 0


def test_sql_edit_of_a_published_disclosure_is_caught(tree, officer_a):
    from django.db import connection

    d = published(officer_a, tree["a"])
    d2 = published(officer_a, tree["a"], title="Dự toán")
    disclosure_correct(user=officer_a, disclosure=d2, note="sửa", content=content(title="Dự toán (sửa)"))
    assert verify_local().ok
    with connection.cursor() as c:
        c.execute("UPDATE disclosures_disclosureversion SET title = 'Đã bị sửa ngầm' WHERE disclosure_id = %s", [d.pk])
        c.execute("UPDATE disclosures_disclosureversion SET body = 'x' WHERE disclosure_id = %s AND number = 1", [d2.pk])
    problems = verify_local().problems
    assert sorted((p.code, p.seq) for p in problems) == [("record_altered", 1), ("record_altered", 3)]


def test_workplace_channels_are_refused_on_a_commune_disclosure_whatever_the_category_says(tree, officer_a):
    # Law 10/2022 Art. 12(1): a commune discloses through its own forms of publicity; the intranet and the
    # trade union are an agency's or enterprise's (Arts. 47(1), 65(1)) — even if a category row lists them.
    cat = category("commune-11-3")
    cat.allowed_channels = [*cat.allowed_channels, "intranet", "via_union"]
    cat.save(update_fields=["allowed_channels"])
    for channel in ("intranet", "via_union", "notice_workplace"):
        before = _counts()
        with pytest.raises(DomainError) as exc:
            disclosure_create_draft(user=officer_a, unit=tree["a"], category=cat,
                                    content=content(channels=["notice_commune", channel]))
        assert exc.value.code == "channel_not_allowed" and exc.value.field == "channels"
        assert _counts() == before


def test_commune_channels_are_refused_on_an_organization_disclosure(tree):
    from danchu.accounts.tests.factories import UserFactory, grant
    from danchu.core.roles import Role

    org = OrganizationFactory(unit=tree["a"], kind="enterprise", name="Công ty Cấp nước")
    head = UserFactory()
    grant(head, Role.ORG_HEAD, organization=org)
    cat = category("enterprise-64-labour")
    cat.allowed_channels = [*cat.allowed_channels, "loudspeaker"]
    cat.save(update_fields=["allowed_channels"])
    before = _counts()
    with pytest.raises(DomainError) as exc:
        disclosure_create_draft(user=head, unit=tree["a"], organization=org, category=cat,
                                content=content(channels=["notice_workplace", "loudspeaker"]))
    assert exc.value.code == "channel_not_allowed"
    assert _counts() == before
