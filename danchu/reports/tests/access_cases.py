"""Matrix cases (core/tests/matrix.py): valid arguments for each declared reports service and selector.

Every rule is Action.REPORT_VIEW on a unit: a commune's (its officers, chair, Steering Committee
members) and a province's (the Front, its Steering Committee members). The whole country (`unit`
None) is no unit: it is tested in test_access.py (only the platform's operators)."""

from danchu.core.tests.matrix import case, variant
from danchu.reports import selectors, services  # noqa: F401 — registers the declarations
from danchu.reports.documents import default_draft
from danchu.reports.models import ExportStatus, ReportDraft, ReportExport
from danchu.reports.periods import parse_period

YEAR = "2025"


def _period():
    return parse_period(YEAR)


def _draft(unit) -> ReportDraft:
    d = default_draft(unit, _period())
    d.save()
    return d


def _export(unit) -> ReportExport:
    return ReportExport.objects.create(unit=unit, period=YEAR, fmt="pdf", status=ExportStatus.DONE, progress=100,
                                       content=b"%PDF-1.4 thu", filename="bao-cao.pdf")


@case("reports.dashboard")
def dashboard(w):
    return [variant(w.a, unit=w.a, period=_period()), variant(w.p, label="province", unit=w.p, period=_period())]


@case("reports.drill")
def drill(w):
    return [variant(w.a, unit=w.a, code="cases.received", period=_period()),
            variant(w.p, label="province", unit=w.p, code="cases.received", period=_period())]


@case("reports.drafts_of")
def drafts_of(w):
    _draft(w.a)
    return [variant(w.a, unit=w.a), variant(w.p, label="province", unit=w.p)]


@case("reports.draft_get")
def draft_get(w):
    return [variant(w.a, pk=_draft(w.a).pk), variant(w.p, label="province", pk=_draft(w.p).pk)]


@case("reports.export_get")
def export_get(w):
    return [variant(w.a, pk=_export(w.a).pk), variant(w.p, label="province", pk=_export(w.p).pk)]


@case("reports.export_content")
def export_content(w):
    return [variant(w.a, pk=_export(w.a).pk), variant(w.p, label="province", pk=_export(w.p).pk)]


@case("reports.draft_create")
def draft_create(w):
    return [variant(w.a, unit=w.a, period=YEAR), variant(w.p, label="province", unit=w.p, period="2025-Q3")]


@case("reports.draft_update")
def draft_update(w):
    return [variant(w.a, draft=_draft(w.a), limitations="Một số thôn cập nhật chậm."),
            variant(w.p, label="province", draft=_draft(w.p), doc_format="state")]


@case("reports.draft_issue")
def draft_issue(w):
    return [variant(w.a, draft=_draft(w.a)), variant(w.p, label="province", draft=_draft(w.p))]


@case("reports.render_report")
def render_report(w):
    return variant(w.a, unit=w.a, period=parse_period("2025-Q3"), fmt="xlsx")


@case("reports.export_request")
def export_request(w):
    return [variant(w.a, unit=w.a, period=YEAR, fmt="pdf"),
            variant(w.p, label="province, with its draft", unit=w.p, period=YEAR, fmt="docx", draft=_draft(w.p))]
