"""Writes of reports: report drafts (the narrative edited before issuing, numbered on issue) and
exports (a file generated in the background; a failure is recorded and visible, and no content is
ever stored for an export that did not finish — a CHECK constraint says so).

Every service of a person declares its rule (core.access.guard): Action.REPORT_VIEW on the unit
(of the draft) — 404 outside the caller's scope, 403 inside it without the right. The system's
jobs take no user: `render_report_as_system` (the `danchu report` command line, the bench) and
`export_run` (the worker, which renders what `export_request` accepted under its rule; the file
is then read only through `selectors.export_content`, under the same rule)."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from danchu.core.access import guard
from danchu.core.audit import audit
from danchu.core.errors import DomainError
from danchu.core.roles import Action
from danchu.units.models import Unit

from .documents import RENDERERS, build, default_draft
from .errors import Code
from .models import DocFormat, DraftStatus, ExportStatus, ReportDraft, ReportExport
from .periods import Period, parse_period
from .selectors import build_dashboard, report_scope

EDITABLE = ("doc_format", "parent_body", "issuing_body", "issuer_abbr", "place", "summary", "intro", "limitations",
            "next_tasks", "signer_title", "signer_name", "recipients")
MAX_EXPORT_DAYS = 3660


def _bad(message: str, field: str | None = None) -> DomainError:
    return DomainError(Code.INVALID, message, message_en="Invalid input.", field=field)


@guard(Action.REPORT_VIEW, on="unit")
def draft_create(*, user, unit: Unit, period: str) -> ReportDraft:
    p = parse_period(period)
    with transaction.atomic():
        d = default_draft(unit, p)
        d.created_by = user if user.is_authenticated else None
        d.save()
        audit(actor=user, action="reports.draft_create", obj=d, unit_path=unit.path, period=p.key)
    return d


@guard(Action.REPORT_VIEW, on="draft")
def draft_update(*, user, draft: ReportDraft, **fields) -> ReportDraft:
    if draft.status == DraftStatus.ISSUED:
        raise DomainError(Code.DRAFT_ISSUED, "Báo cáo đã ban hành, không sửa được nữa.", message_en="Already issued.")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise _bad(f"Không sửa được: {', '.join(sorted(unknown))}.")
    if "doc_format" in fields and fields["doc_format"] not in DocFormat.values:
        raise _bad("Thể thức không hợp lệ.", "doc_format")
    for name in ("issuing_body", "summary", "place", "issuer_abbr"):
        if name in fields and not (fields[name] or "").strip():
            raise _bad("Không được để trống cơ quan ban hành, trích yếu, địa danh, chữ viết tắt.", name)
    with transaction.atomic():
        for k, v in fields.items():
            setattr(draft, k, v.strip() if isinstance(v, str) else v)
        draft.save()
        audit(actor=user, action="reports.draft_update", obj=draft, unit_path=draft.unit.path, fields=sorted(fields))
    return draft


@guard(Action.REPORT_VIEW, on="draft")
def draft_issue(*, user, draft: ReportDraft, issued_on: dt.date | None = None) -> ReportDraft:
    """Number the report: numbers restart at 01 on 1 January, unique per issuer and year
    (Decree 30/2020/NĐ-CP Art. 15)."""
    if draft.status == DraftStatus.ISSUED:
        raise DomainError(Code.DRAFT_ISSUED, "Báo cáo đã ban hành.", message_en="Already issued.")
    issued_on = issued_on or timezone.localdate()
    try:
        with transaction.atomic():
            ReportDraft.objects.select_for_update().filter(pk=draft.pk).first()
            last = (ReportDraft.objects.filter(unit=draft.unit, issuer_abbr=draft.issuer_abbr, doc_format=draft.doc_format,
                                               year=issued_on.year, number__isnull=False)
                    .aggregate(m=Max("number"))["m"]) or 0
            draft.number, draft.issued_on, draft.year, draft.status = last + 1, issued_on, issued_on.year, DraftStatus.ISSUED
            draft.save(update_fields=["number", "issued_on", "year", "status", "updated_at"])
            audit(actor=user, action="reports.draft_issue", obj=draft, unit_path=draft.unit.path, number=draft.number)
    except IntegrityError:
        raise DomainError(Code.INVALID, "Số báo cáo vừa được cấp cho báo cáo khác; hãy thử lại.",
                          message_en="Number taken; retry.") from None
    return draft


def practices_for(unit: Unit | None, period: Period) -> list[str]:
    """“Dân vận khéo” models recognized in the period, for the report's list."""
    from danchu.movements.models import Status
    from danchu.movements.selectors import practices_of

    if unit is None:
        return []
    qs = practices_of(unit=unit, status=Status.RECOGNIZED).filter(recognized_on__gte=period.start,
                                                                   recognized_on__lte=period.end)
    return [f"{p.title} ({p.unit.name}; {p.get_field_display().lower()}; công nhận {p.get_recognized_level_display().lower()}"
            f" ngày {p.recognized_on:%d/%m/%Y})" for p in qs[:30]]


@guard(Action.REPORT_VIEW, on=report_scope)
def render_report(*, user, unit: Unit | None, period: Period, fmt: str, draft: ReportDraft | None = None,
                  progress=None, source: str | None = None) -> bytes:
    """The report file of a unit (None: the whole country), for a person who sees its reports."""
    return render_report_as_system(unit=unit, period=period, fmt=fmt, draft=draft, progress=progress, source=source)


def render_report_as_system(*, unit: Unit | None, period: Period, fmt: str, draft: ReportDraft | None = None,
                            progress=None, source: str | None = None) -> bytes:
    """The report file, without a caller: the system's (the command line — an operator with the
    database in hand —, the export worker, the bench). A person's is `render_report`, declared."""
    if fmt not in RENDERERS:
        raise DomainError(Code.FORMAT_UNKNOWN, "Định dạng phải là docx, xlsx hoặc pdf.", message_en="Format: docx, xlsx or pdf.",
                          field="format")
    if progress:
        progress(5)
    board = build_dashboard(unit=unit, period=period, source=source)
    doc = build(board=board, draft=draft or default_draft(unit, period), practices=practices_for(unit, period),
                charts=fmt != "xlsx", progress=progress)
    data = RENDERERS[fmt](doc)
    if progress:
        progress(95)
    return data


@guard(Action.REPORT_VIEW, on="unit")
def export_request(*, user, unit: Unit, period: str, fmt: str, draft: ReportDraft | None = None) -> ReportExport:
    """Queue the report file of a unit (the worker runs `export_run`)."""
    p = parse_period(period)
    if fmt not in RENDERERS:
        raise DomainError(Code.FORMAT_UNKNOWN, "Định dạng phải là docx, xlsx hoặc pdf.", message_en="Format: docx, xlsx or pdf.",
                          field="format")
    with transaction.atomic():
        e = ReportExport.objects.create(unit=unit, draft=draft, period=p.key, fmt=fmt, requested_by=user)
        audit(actor=user, action="reports.export_request", obj=e, unit_path=unit.path, period=p.key, fmt=fmt)
        from .tasks import report_export

        transaction.on_commit(lambda: report_export.enqueue(e.pk))
    return e


def export_run(*, export_id: int) -> None:
    """Run by the worker (a system job: no user). The file is stored with status done in one UPDATE,
    or the error with status failed."""
    e = ReportExport.objects.select_related("unit", "draft", "requested_by").defer("content").get(pk=export_id)
    if e.status in (ExportStatus.DONE, ExportStatus.FAILED):
        return  # idempotent: a retried task does nothing twice
    ReportExport.objects.filter(pk=e.pk).update(status=ExportStatus.RUNNING, progress=1)

    def progress(pct: int) -> None:
        ReportExport.objects.filter(pk=e.pk, status=ExportStatus.RUNNING).update(progress=min(99, pct))

    try:
        period = parse_period(e.period)
        data = render_report_as_system(unit=e.unit, period=period, fmt=e.fmt, draft=e.draft, progress=progress)
    except Exception as exc:  # noqa: BLE001 - recorded as a visible failure, never a half file
        msg = exc.message if isinstance(exc, DomainError) else "Lỗi khi tạo tệp báo cáo."
        ReportExport.objects.filter(pk=e.pk).update(status=ExportStatus.FAILED, error=f"{msg} ({type(exc).__name__})"[:500],
                                                    finished_at=timezone.now(), content=None)
        return
    name = f"bao-cao-{e.unit.code}-{period.key.replace('..', '_')}.{e.fmt}"
    ReportExport.objects.filter(pk=e.pk).update(status=ExportStatus.DONE, progress=100, content=data, filename=name,
                                                sha256=hashlib.sha256(data).hexdigest(), finished_at=timezone.now())
