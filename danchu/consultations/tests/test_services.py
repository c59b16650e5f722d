import datetime as dt
import io
import zipfile

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danchu.consultations import services
from danchu.consultations.errors import Code
from danchu.consultations.models import AnswerKind, Consultation, Kind, Opinion, Report, Section, Source, Vote
from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.core.models import AuditEvent, LogEntry

from .factories import DRAFT, consultation, end_period, resident, section


def _input(**kw):
    data = {"kind": Kind.LAND_USE, "title": "Kế hoạch sử dụng đất năm 2027",
            "closes_at": timezone.now() + dt.timedelta(days=25)} | kw
    return services.ConsultationInput(**data)


# --- opening a consultation -------------------------------------------------------------------------


def test_period_shorter_than_twenty_days_needs_a_legal_basis(tree, officer_a):
    with pytest.raises(DomainError) as exc:
        services.consultation_create(actor=officer_a, unit=tree["a"], data=_input(closes_at=timezone.now() + dt.timedelta(days=19)))
    assert exc.value.code == Code.PERIOD_TOO_SHORT
    assert "20 ngày" in exc.value.message
    assert not Consultation.objects.exists()
    c = services.consultation_create(actor=officer_a, unit=tree["a"], data=_input(
        closes_at=timezone.now() + dt.timedelta(days=10), period_basis="Luật Đất đai 2024, Điều 69"))
    assert c.period_basis == "Luật Đất đai 2024, Điều 69"


@pytest.mark.parametrize(("_case", "kind", "unit_key", "code"), [
    ("workplace kind for residents", Kind.ORG_PAY, "a", Code.KIND_INVALID),
    ("unknown kind", "party_rules", "a", Code.KIND_INVALID),
    ("hamlet instead of commune", Kind.LAND_USE, "a1", Code.SCOPE_INVALID),
])
def test_bad_input_on_create(tree, officer_a, _case, kind, unit_key, code):
    with pytest.raises(DomainError) as exc:
        services.consultation_create(actor=officer_a, unit=tree[unit_key], data=_input(kind=kind))
    assert exc.value.code == code
    assert not Consultation.objects.exists()


def test_officer_of_another_commune_is_refused_and_nothing_is_written(tree, officer_b, citizen):
    for actor in (officer_b, citizen):  # outside their scope: as if the commune had no such page
        with pytest.raises(NotFound):
            services.consultation_create(actor=actor, unit=tree["a"], data=_input())
    with pytest.raises(PermissionDenied):  # a resident of the commune, without the right
        services.consultation_create(actor=resident(tree["a"]), unit=tree["a"], data=_input())
    assert not Consultation.objects.exists() and not AuditEvent.objects.filter(action__startswith="consultations").exists()


def test_publish_splits_and_sets_the_answer_due_date(tree, officer_a):
    c = consultation(officer_a, tree["a"])
    assert c.status == "open" and c.opens_at and c.answer_due > timezone.localdate(c.closes_at)
    assert [s.ref for s in c.sections.all()] == ["Phần mở đầu", "Chương I", "Điều 1", "Điều 2", "Khoản 1 Điều 2",
                                                 "Khoản 2 Điều 2", "Điều 3"]
    with pytest.raises(DomainError) as exc:
        services.draft_set(actor=officer_a, consultation=c, text="Điều 1. Khác")
    assert exc.value.code == Code.NOT_DRAFT


# --- the draft: DOCX and the editable split ---------------------------------------------------------


def _docx(paragraphs: list[str]) -> bytes:
    from docx import Document

    d = Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_draft_is_read_and_split(tree, officer_a):
    c = consultation(officer_a, tree["a"], publish=False, text="")
    n = services.draft_set(actor=officer_a, consultation=c, docx_name="du-thao.docx",
                           docx_content=_docx(["Chương I", "QUY ĐỊNH CHUNG", "Điều 1. Phạm vi", "Nội dung.", "1. Khoản một"]))
    assert n == 3
    assert [(s.kind, s.ref, s.heading) for s in c.sections.all()] == [
        ("chapter", "Chương I", "QUY ĐỊNH CHUNG"), ("article", "Điều 1", "Phạm vi"), ("clause", "Khoản 1 Điều 1", "")]
    assert c.draft_name == "du-thao.docx" and len(c.draft_sha256) == 64


def _numbered_docx() -> bytes:
    """A DOCX whose clauses are numbered by Word ("%1." decimal, then "%2)" lower letter), written by hand."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def par(text, lvl=None):
        num = (f'<w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="7"/></w:numPr></w:pPr>' if lvl is not None else "")
        return f"<w:p>{num}<w:r><w:t>{text}</w:t></w:r></w:p>"

    body = "".join([par("Điều 1. Phạm vi"), par("Khoản tự đánh số", 0), par("Điểm tự đánh số", 1),
                    par("Điểm thứ hai", 1), par("Khoản thứ hai", 0)])
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document {w}><w:body>{body}</w:body></w:document>'
    numbering = (f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {w}><w:abstractNum w:abstractNumId="3">'
                 '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
                 '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>'
                 '</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num></w:numbering>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", document)
        z.writestr("word/numbering.xml", numbering)
    return out.getvalue()


def test_docx_automatic_numbering_is_written_out(tree, officer_a):
    from danchu.consultations.docx_text import docx_text

    text = docx_text(name="x.docx", content=_numbered_docx())
    assert text == "Điều 1. Phạm vi\n1. Khoản tự đánh số\na) Điểm tự đánh số\nb) Điểm thứ hai\n2. Khoản thứ hai"


@pytest.mark.parametrize("_case", ["not a zip", "zip without word xml", "billion laughs", "broken xml"])
def test_unreadable_docx_is_a_clear_error_and_changes_nothing(tree, officer_a, _case):
    c = consultation(officer_a, tree["a"], publish=False)
    before = list(c.sections.values_list("pk", flat=True))
    good = _docx(["Điều 1. A"])
    if _case == "not a zip":
        content = b"PK\x03\x04 this is not really a zip"
    else:
        zin = zipfile.ZipFile(io.BytesIO(good))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as zout:
            for item in zin.infolist():
                data = zin.read(item)
                if item.filename == "word/document.xml":
                    if _case == "billion laughs":
                        data = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                                b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]><w:document>&lol2;</w:document>')
                    elif _case == "broken xml":
                        data = data[: len(data) // 2]
                    else:
                        continue
                zout.writestr(item, data)
        content = out.getvalue()
    with pytest.raises(DomainError) as exc:
        services.draft_set(actor=officer_a, consultation=c, docx_name="du-thao.docx", docx_content=content)
    assert exc.value.code in (Code.DOCX_UNREADABLE, "attachment_content_mismatch")
    assert "DOCX" in exc.value.message or "không khớp" in exc.value.message
    assert list(c.sections.values_list("pk", flat=True)) == before


def test_the_official_edits_the_split_before_publication(tree, officer_a):
    c = consultation(officer_a, tree["a"], publish=False)
    services.sections_replace(actor=officer_a, consultation=c, sections=[
        services.SectionInput(kind="article", number="1", heading="Phạm vi", text="Toàn văn."),
        services.SectionInput(kind="clause", number="1", text="Khoản."),
    ])
    assert [(s.position, s.ref) for s in c.sections.all()] == [(1, "Điều 1"), (2, "Khoản 1")]
    with pytest.raises(DomainError) as exc:
        services.sections_replace(actor=officer_a, consultation=c, sections=[services.SectionInput(kind="chapter")])
    assert exc.value.code == Code.SECTIONS_INVALID
    assert c.sections.count() == 2


# --- opinions ---------------------------------------------------------------------------------------


def test_a_resident_comments_on_a_section_with_a_quote(tree, officer_a):
    c = consultation(officer_a, tree["a"])
    r = resident(tree["a1"])
    art2 = section(c, "Khoản 1 Điều 2")
    o = services.opinion_create(actor=r, consultation=c, section_id=art2.pk, quote="trong 30 ngày",
                                text="Đề nghị niêm yết ít nhất 45 ngày vì bà con đi làm xa.")
    c.refresh_from_db()
    art2.refresh_from_db()
    assert (c.opinions_count, c.participants_count, art2.opinions_count) == (1, 1, 1)
    assert o.source == Source.ONLINE and o.search_text.startswith("de nghi niem yet")


@pytest.mark.parametrize(("_case", "text", "quote", "code"), [
    ("empty", "   ", "", Code.COMMENT_EMPTY),
    ("too long", "x" * 5001, "", Code.COMMENT_TOO_LONG),
    ("quote elsewhere", "Ý kiến", "cổng thông tin điện tử", Code.QUOTE_NOT_IN_SECTION),
])
def test_bad_comments_are_refused(tree, officer_a, _case, text, quote, code):
    c = consultation(officer_a, tree["a"])
    with pytest.raises(DomainError) as exc:
        services.opinion_create(actor=resident(tree["a1"]), consultation=c, text=text, quote=quote,
                                section_id=section(c, "Khoản 1 Điều 2").pk)
    assert exc.value.code == code
    assert not Opinion.objects.exists()
    c.refresh_from_db()
    assert c.opinions_count == 0 and c.participants_count == 0


def test_comment_after_the_period_or_from_outside_is_refused(tree, officer_a, citizen):
    c = consultation(officer_a, tree["a"])
    with pytest.raises(PermissionDenied) as exc:
        services.opinion_create(actor=resident(tree["b1"]), consultation=c, text="Tôi ở xã khác")
    assert "Chỉ người dân cư trú trên địa bàn" in exc.value.message
    with pytest.raises(PermissionDenied):
        services.opinion_create(actor=citizen, consultation=c, text="Tôi không có tài khoản cư trú")
    end_period(c)
    with pytest.raises(DomainError) as exc:
        services.opinion_create(actor=resident(tree["a1"]), consultation=c, text="Muộn")
    assert exc.value.code == Code.PERIOD_OVER and "Đã hết thời gian lấy ý kiến" in exc.value.message
    assert not Opinion.objects.exists()


def test_a_registered_household_member_takes_part_without_a_role(tree, officer_a):
    from danchu.accounts.tests.factories import UserFactory
    from danchu.units.tests.factories import HouseholdFactory, ResidentFactory

    c = consultation(officer_a, tree["a"])
    user = UserFactory()
    user.resident = ResidentFactory(household=HouseholdFactory(hamlet=tree["a2"]))
    user.save()
    assert services.opinion_create(actor=user, consultation=c, text="Đồng ý với dự thảo").pk


def test_an_officer_enters_opinions_from_a_meeting_with_their_source(tree, officer_a, citizen):
    c = consultation(officer_a, tree["a"])
    with pytest.raises(DomainError) as exc:
        services.opinion_record(actor=officer_a, consultation=c, text="Ý kiến", source=Source.MEETING, source_note=" ")
    assert exc.value.code == Code.SOURCE_INVALID
    with pytest.raises(NotFound):
        services.opinion_record(actor=citizen, consultation=c, text="Ý kiến", source=Source.MEETING, source_note="Họp")
    o = services.opinion_record(actor=officer_a, consultation=c, text="Cần thêm hình thức loa truyền thanh",
                                source=Source.MEETING, source_note="Họp thôn Đồng Quê 12/11", author_name="Ông Nguyễn Văn Hòa")
    assert o.author is None and o.entered_by == officer_a and o.source_note == "Họp thôn Đồng Quê 12/11"
    c.refresh_from_db()
    assert c.opinions_count == 1 and c.participants_count == 0
    # Received at a meeting during the period, typed in after it: accepted with its date.
    end_period(c)
    services.opinion_record(actor=officer_a, consultation=c, text="Phiếu nhận trong hạn", source=Source.PAPER,
                            source_note="Phiếu số 12", received_on=timezone.localdate() - dt.timedelta(days=3))
    with pytest.raises(DomainError) as exc:
        services.opinion_record(actor=officer_a, consultation=c, text="Phiếu muộn", source=Source.PAPER,
                                source_note="Phiếu số 13")
    assert exc.value.code == Code.PERIOD_OVER


# --- votes ------------------------------------------------------------------------------------------


def test_votes_one_per_person_changeable_never_on_ones_own(tree, officer_a):
    c = consultation(officer_a, tree["a"])
    author, other = resident(tree["a1"]), resident(tree["a2"])
    o = services.opinion_create(actor=author, consultation=c, text="Nên kéo dài thời gian niêm yết")
    with pytest.raises(DomainError) as exc:
        services.vote_cast(actor=author, opinion=o, choice="agree")
    assert exc.value.code == Code.OWN_COMMENT
    assert not Vote.objects.exists()
    services.vote_cast(actor=other, opinion=o, choice="agree")
    services.vote_cast(actor=other, opinion=o, choice="agree")
    o.refresh_from_db()
    assert (o.agree, o.disagree, o.passes) == (1, 0, 0)
    services.vote_cast(actor=other, opinion=o, choice="disagree")
    o.refresh_from_db()
    c.refresh_from_db()
    assert (o.agree, o.disagree, o.passes) == (0, 1, 0)
    assert Vote.objects.count() == 1 and c.votes_count == 1 and c.participants_count == 2
    with pytest.raises(DomainError) as exc:
        services.vote_cast(actor=other, opinion=o, choice="maybe")
    assert exc.value.code == Code.VOTE_INVALID
    end_period(c)
    with pytest.raises(DomainError) as exc:
        services.vote_cast(actor=other, opinion=o, choice="pass")
    assert exc.value.code == Code.PERIOD_OVER
    o.refresh_from_db()
    assert (o.agree, o.disagree, o.passes) == (0, 1, 0)


# --- moderation -------------------------------------------------------------------------------------


def test_hiding_needs_a_reason_and_keeps_the_opinion(tree, officer_a):
    c = consultation(officer_a, tree["a"])
    o = services.opinion_create(actor=resident(tree["a1"]), consultation=c, text="Lời lẽ xúc phạm cán bộ")
    with pytest.raises(DomainError) as exc:
        services.opinion_hide(actor=officer_a, opinion=o, reason="  ")
    assert exc.value.code == Code.REASON_REQUIRED
    with pytest.raises(NotFound):  # a hamlet's resident does not reach the commune's moderation
        services.opinion_hide(actor=resident(tree["a2"]), opinion=o, reason="Tôi không thích")
    with pytest.raises(PermissionDenied):  # a resident of the commune, without the right
        services.opinion_hide(actor=resident(tree["a"]), opinion=o, reason="Tôi không thích")
    o.refresh_from_db()
    assert o.status == "visible"
    services.opinion_hide(actor=officer_a, opinion=o, reason="Xúc phạm danh dự người khác")
    o.refresh_from_db()
    c.refresh_from_db()
    assert o.status == "hidden" and o.hidden_reason == "Xúc phạm danh dự người khác" and o.text
    assert (c.opinions_count, c.hidden_count) == (0, 1)
    assert Opinion.objects.count() == 1
    with pytest.raises(DomainError) as exc:
        services.vote_cast(actor=resident(tree["a2"]), opinion=o, choice="agree")
    assert exc.value.code == Code.HIDDEN


# --- answers and the report -------------------------------------------------------------------------


def _two_opinions(tree, officer_a):
    c = consultation(officer_a, tree["a"])
    r1, r2 = resident(tree["a1"]), resident(tree["a2"])
    k1 = section(c, "Khoản 1 Điều 2")
    o1 = services.opinion_create(actor=r1, consultation=c, section_id=k1.pk, text="Niêm yết 30 ngày là ngắn, đề nghị 45 ngày.")
    o2 = services.opinion_create(actor=r2, consultation=c, text="Cần thêm họp thôn để người cao tuổi được biết.")
    services.vote_cast(actor=r2, opinion=o1, choice="agree")
    services.vote_cast(actor=r1, opinion=o2, choice="pass")
    return c, o1, o2, k1


def test_finalising_with_unanswered_opinions_writes_nothing(tree, officer_a, chair_a):
    c, o1, o2, k1 = _two_opinions(tree, officer_a)
    with pytest.raises(DomainError) as exc:
        services.consultation_finalise(actor=chair_a, consultation=c)
    assert exc.value.code == Code.PERIOD_NOT_OVER
    end_period(c)
    services.opinion_answer(actor=officer_a, opinion=o1, kind=AnswerKind.ACCEPTED, text="Tiếp thu.",
                            changed_text="Niêm yết tại trụ sở Ủy ban nhân dân xã trong 45 ngày.")
    with pytest.raises(DomainError) as exc:
        services.consultation_finalise(actor=chair_a, consultation=c)
    assert exc.value.code == Code.UNANSWERED and "Còn 1 ý kiến" in exc.value.message
    c.refresh_from_db()
    assert c.status == "open" and c.finalised_at is None
    assert not Report.objects.exists() and not LogEntry.objects.filter(object_type="consultation").exists()


def test_answers_change_the_draft_and_the_report_is_published_and_logged(tree, officer_a, chair_a):
    c, o1, o2, k1 = _two_opinions(tree, officer_a)
    o3 = services.opinion_record(actor=officer_a, consultation=c, text="Đề nghị giữ nguyên Điều 3.", source=Source.PAPER,
                                 source_note="Phiếu góp ý số 7", section_id=section(c, "Điều 3").pk)
    abusive = services.opinion_create(actor=resident(tree["a1"]), consultation=c, text="Lời lẽ thô tục")
    services.opinion_hide(actor=officer_a, opinion=abusive, reason="Ngôn từ thô tục")
    with pytest.raises(DomainError) as exc:
        services.opinion_answer(actor=officer_a, opinion=o2, kind=AnswerKind.EXPLAINED, text="")
    assert exc.value.code == Code.ANSWER_INVALID
    with pytest.raises(DomainError) as exc:
        services.opinion_answer(actor=officer_a, opinion=o1, kind=AnswerKind.ACCEPTED, changed_text="")
    assert exc.value.code == Code.CHANGED_TEXT_REQUIRED
    with pytest.raises(NotFound):
        services.opinion_answer(actor=resident(tree["a1"]), opinion=o1, kind=AnswerKind.EXPLAINED, text="Tự trả lời")
    services.opinion_answer(actor=officer_a, opinion=o1, kind=AnswerKind.ACCEPTED, text="Tiếp thu, sửa thời gian niêm yết.",
                            changed_text="Niêm yết tại trụ sở Ủy ban nhân dân xã trong 45 ngày.")
    services.opinion_answer(actor=officer_a, opinion=o2, kind=AnswerKind.EXPLAINED,
                            text="Điều 26 đã cho phép họp cộng đồng dân cư; kế hoạch lấy ý kiến đã có họp thôn.")
    services.opinion_answer(actor=officer_a, opinion=o3, kind=AnswerKind.EXPLAINED, text="Giữ nguyên như ý kiến.")
    k1.refresh_from_db()
    assert k1.revised_text == "Niêm yết tại trụ sở Ủy ban nhân dân xã trong 45 ngày." and k1.text.endswith("30 ngày.")
    end_period(c)
    with pytest.raises(PermissionDenied):  # officers prepare; the chair publishes (Art. 28(3))
        services.consultation_finalise(actor=officer_a, consultation=c)
    report = services.consultation_finalise(actor=chair_a, consultation=c, decision_note="Quyết định số 15/QĐ-UBND")
    c.refresh_from_db()
    assert c.status == "final" and report.symbol == "01/BC-UBND"
    # r1, r2 and the author of the hidden opinion took part online; one paper opinion.
    assert report.content["participants"] == 4 and report.content["opinions"] == 3
    assert report.content["opinions_offline"] == 1 and report.content["participants_online"] == 3
    assert (report.content["accepted"], report.content["explained"], report.content["hidden"]) == (1, 2, 1)
    assert report.content["per_section"] == [
        {"section": "Khoản 1 Điều 2", "opinions": 1, "accepted": 1, "explained": 0},
        {"section": "Điều 3", "opinions": 1, "accepted": 0, "explained": 1}]
    entry = LogEntry.objects.get(object_type="consultation", object_id=str(c.pk))
    assert entry.kind == "consultation.report"
    import hashlib
    import json

    payload = json.loads(entry.payload)
    assert payload["report_pdf_sha256"] == hashlib.sha256(bytes(report.pdf)).hexdigest()
    with pytest.raises(DomainError) as exc:
        services.opinion_answer(actor=officer_a, opinion=o2, kind=AnswerKind.ACCEPTED, text="đổi ý")
    assert exc.value.code == Code.FINAL
    from danchu.core.transparency import verify_local

    verified = verify_local()
    assert verified.ok and verified.records >= 1, verified.problems
    # a change behind the application's back is caught by verify-log
    Consultation.objects.filter(pk=c.pk).update(decision_note="Quyết định khác")
    assert not verify_local().ok


def test_report_documents_carry_every_opinion_and_answer(tree, officer_a, chair_a):
    from docx import Document
    from pypdf import PdfReader

    c, o1, o2, k1 = _two_opinions(tree, officer_a)
    services.opinion_answer(actor=officer_a, opinion=o1, kind=AnswerKind.ACCEPTED, text="Tiếp thu.",
                            changed_text="Niêm yết trong 45 ngày.")
    services.opinion_answer(actor=officer_a, opinion=o2, kind=AnswerKind.EXPLAINED, text="Đã có họp thôn theo kế hoạch.")
    end_period(c)
    report = services.consultation_finalise(actor=chair_a, consultation=c)
    doc = Document(io.BytesIO(bytes(report.docx)))
    cells = " ".join(cell.text for t in doc.tables for row in t.rows for cell in row.cells)
    body = " ".join(p.text for p in doc.paragraphs)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "Số: 01/BC-UBND" in cells
    assert "BÁO CÁO" in body and "Tổng hợp, tiếp thu, giải trình ý kiến đối với Dự thảo Quy chế" in body
    assert "Số người tham gia: 2" in body
    assert "Niêm yết 30 ngày là ngắn, đề nghị 45 ngày." in cells and "Sửa Khoản 1 Điều 2: “Niêm yết trong 45 ngày.”" in cells
    assert "Giải trình: Đã có họp thôn theo kế hoạch." in cells
    assert "1 đồng ý, 0 không đồng ý, 0 bỏ qua (100% đồng ý)" in cells
    assert doc.sections[0].left_margin.mm == pytest.approx(30, abs=0.1)
    pdf = PdfReader(io.BytesIO(bytes(report.pdf)))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "BÁO CÁO" in text and "Giải trình" in text and "Khoản 1 Điều 2" in text


def test_organization_staff_consultation(tree):
    from danchu.accounts.tests.factories import UserFactory, grant
    from danchu.core.roles import Role
    from danchu.units.models import Organization

    org = Organization.objects.create(unit=tree["a"], kind="enterprise", name="Công ty May Bình Lục", search_name="cong ty may",
                                      province_code="T01")
    head = UserFactory()
    grant(head, Role.ORG_HEAD, organization=org)
    worker, outsider = UserFactory(), resident(tree["a1"])
    grant(worker, Role.CITIZEN, organization=org)
    with pytest.raises(DomainError) as exc:
        services.consultation_create(actor=head, organization=org, data=_input(kind=Kind.LAND_USE))
    assert exc.value.code == Code.KIND_INVALID
    c = consultation(head, None, organization=org, kind=Kind.ORG_PAY, days=10, title="Dự thảo thang lương 2027")
    assert c.unit == tree["a"]
    assert services.opinion_create(actor=worker, consultation=c, text="Bậc 1 còn thấp so với mức lương tối thiểu vùng.")
    with pytest.raises(NotFound):  # an organization's staff consultation is not shown to outsiders
        services.opinion_create(actor=outsider, consultation=c, text="Tôi không làm ở công ty")


def test_sections_survive_as_draft_text_hash(tree, officer_a):
    c = consultation(officer_a, tree["a"], publish=False)
    import hashlib

    assert c.draft_sha256 == hashlib.sha256(DRAFT.strip().encode()).hexdigest()
    assert Section.objects.filter(consultation=c).count() == 7


# --- the kept counters under any sequence of votes --------------------------------------------------


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 1), st.sampled_from(["agree", "disagree", "pass"])),
                max_size=25))
def test_counters_equal_the_stored_votes_after_any_sequence(tree, officer_a, steps):
    c = consultation(officer_a, tree["a"])
    people = [resident(tree["a1"]) for _ in range(4)]
    ops = [services.opinion_create(actor=people[i], consultation=c, text=f"Ý kiến {i}") for i in range(2)]
    for who, which, choice in steps:
        if ops[which].author_id == people[who].pk:
            with pytest.raises(DomainError) as exc:
                services.vote_cast(actor=people[who], opinion=ops[which], choice=choice)
            assert exc.value.code == Code.OWN_COMMENT
        else:
            services.vote_cast(actor=people[who], opinion=ops[which], choice=choice)
    for o in ops:
        o.refresh_from_db()
        values = list(Vote.objects.filter(opinion=o).values_list("value", flat=True))
        assert (o.agree, o.disagree, o.passes) == (values.count(1), values.count(-1), values.count(0))
    c.refresh_from_db()
    assert c.votes_count == Vote.objects.filter(consultation_id=c.pk).count()
    voters = set(Vote.objects.filter(consultation_id=c.pk).values_list("voter_id", flat=True))
    assert c.participants_count == len(voters | {ops[0].author_id, ops[1].author_id})


def test_report_pdf_draws_every_letter_with_a_glyph_of_its_face(tree, officer_a, chair_a):
    from danchu.core.decree30 import pdf_fonts
    from danchu.reports.tests.pdf_glyphs import embedded_glyphs

    c, o1, o2, k1 = _two_opinions(tree, officer_a)
    services.opinion_answer(actor=officer_a, opinion=o1, kind=AnswerKind.ACCEPTED, text="Tiếp thu.",
                            changed_text="Niêm yết trong 45 ngày.")
    services.opinion_answer(actor=officer_a, opinion=o2, kind=AnswerKind.EXPLAINED, text="Đã có họp thôn theo kế hoạch.")
    end_period(c)
    report = services.consultation_finalise(actor=chair_a, consultation=c)
    drawn, missing = embedded_glyphs(bytes(report.pdf))
    assert missing == {}
    regular, bold, italic, bold_italic = pdf_fonts()
    assert set(drawn) == {regular, bold, italic, bold_italic}
    assert "Bình Lục, ngày" in drawn[italic] and "Nơi nhận:" in drawn[bold_italic]
    assert "Ủy ban Mặt trận Tổ quốc Việt Nam xã" in drawn[regular]


def test_report_docx_ends_without_a_blank_page_and_leaves_a_line_for_the_signers_name(tree, officer_a, chair_a):
    from docx import Document

    from danchu.reports.tests.test_documents import assert_no_blank_last_page

    c, o1, o2, k1 = _two_opinions(tree, officer_a)
    for o in (o1, o2):
        services.opinion_answer(actor=officer_a, opinion=o, kind=AnswerKind.EXPLAINED, text="Giữ nguyên.")
    end_period(c)
    report = services.consultation_finalise(actor=chair_a, consultation=c)
    assert_no_blank_last_page(bytes(report.docx))
    signature = Document(io.BytesIO(bytes(report.docx))).tables[-1].rows[0].cells[1]
    lines = [p.text.strip() for p in signature.paragraphs if p.text.strip()]
    assert lines == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "…" * 8]
