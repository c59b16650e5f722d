"""“Dân vận khéo” pages: the public registry of a unit, the officials' list, a model with its
evaluations, recognition and evidence. Reads through selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.core.permissions import can
from danchu.core.roles import Action
from danchu.units.selectors import unit_get

from . import services
from .forms import EvaluationForm, EvidenceForm, PracticeForm, RecognitionForm, ResultsForm
from .models import Field, Status
from .selectors import evidence_get, practice_detail, practice_get, practices_of


def _unit(code: str):
    try:
        return unit_get(code=code)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _practice(pk: int):
    try:
        return practice_get(pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@require_GET
def public(request, code: str):
    unit = _unit(code)
    qs = practices_of(unit=unit, q=request.GET.get("q", "")[:200], field=request.GET.get("field", ""))
    return render(request, "movements/list.html", {"unit": unit, "practices": qs[:200], "fields": Field.choices,
                                                   "q": request.GET.get("q", ""), "manage": False})


@login_required
@require_http_methods(["GET", "POST"])
def manage(request, code: str):
    unit = _unit(code)
    if not can(request.user, Action.MOVEMENT_MANAGE, unit=unit):
        raise Http404()
    form = PracticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            p = services.practice_register(user=request.user, unit=unit, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Đã đăng ký mô hình.")
            return redirect("movements:detail", pk=p.pk)
    qs = practices_of(unit=unit, q=request.GET.get("q", "")[:200], field=request.GET.get("field", ""))
    return render(request, "movements/list.html", {"unit": unit, "practices": qs[:200], "fields": Field.choices,
                                                   "form": form, "q": request.GET.get("q", ""), "manage": True})


@require_GET
def detail(request, pk: int):
    p = _practice(pk)
    official = can(request.user, Action.MOVEMENT_MANAGE, unit=p.unit) or can(request.user, Action.MOVEMENT_EVALUATE,
                                                                             unit=p.unit)
    return render(request, "movements/detail.html", {
        "p": p, **practice_detail(p), "official": official, "recognized": p.status == Status.RECOGNIZED,
        "results_form": ResultsForm(initial={"results": p.results}), "evidence_form": EvidenceForm(),
        "evaluation_form": EvaluationForm(), "recognition_form": RecognitionForm()})


_STEPS = {"ket-qua": ResultsForm, "minh-chung": EvidenceForm, "danh-gia": EvaluationForm, "cong-nhan": RecognitionForm}


@login_required
@require_POST
def step(request, pk: int, what: str):
    p = _practice(pk)
    form_class = _STEPS.get(what)
    if form_class is None:
        raise Http404()
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("movements:detail", pk=p.pk)
    d = form.cleaned_data
    try:
        if what == "ket-qua":
            services.practice_update_results(user=request.user, practice=p, results=d["results"])
        elif what == "minh-chung":
            services.practice_add_evidence(user=request.user, practice=p, name=d["file"].name, content=d["file"].read())
        elif what == "danh-gia":
            services.practice_evaluate(user=request.user, practice=p, **d)
        else:
            services.practice_recognize(user=request.user, practice=p, **d)
    except PermissionDenied as exc:
        messages.error(request, exc.message)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã lưu.")
    return redirect("movements:detail", pk=p.pk)


@require_GET
def evidence(request, pk: int, evidence_id: int):
    try:
        p, ev = evidence_get(pk=pk, evidence_id=evidence_id)
    except NotFound as exc:
        raise Http404() from exc
    if not (can(request.user, Action.MOVEMENT_MANAGE, unit=p.unit) or can(request.user, Action.MOVEMENT_EVALUATE, unit=p.unit)):
        raise Http404()
    return FileResponse(ev.file.open("rb"), as_attachment=True, filename=ev.name, content_type=ev.content_type)
