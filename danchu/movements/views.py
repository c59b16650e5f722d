"""“Dân vận khéo” pages: the public registry of a unit, the officials' list, a model with its
evaluations, recognition and evidence. Reads through selectors, writes through services; the access
rules are their declarations (core.access): a page calls them (or the service's `authorize`) before
showing a form, and lets their refusal through — outside one's scope 404, inside it without the
right 403 (core.middleware.AccessErrorMiddleware)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.units.selectors import unit_get

from . import services
from .forms import EvaluationForm, EvidenceForm, PracticeForm, RecognitionForm, ResultsForm
from .models import Field, Level, Status
from .selectors import evidence_get, evidence_of, practice_detail, practice_get, practices_of


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
    services.practice_register.authorize(user=request.user, unit=unit)
    form = PracticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            p = services.practice_register(user=request.user, unit=unit, **form.cleaned_data)
        except (NotFound, PermissionDenied):
            raise
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
    official = evidence_of.permits(user=request.user, practice=p)
    # The levels this person may evaluate and recognize at (the declared rule, asked per level).
    levels = [(value, label) for value, label in Level.choices
              if services.practice_evaluate.permits(user=request.user, practice=p, level=value)]
    evaluation_form, recognition_form = EvaluationForm(), RecognitionForm()
    evaluation_form.fields["level"].choices = recognition_form.fields["level"].choices = levels
    return render(request, "movements/detail.html", {
        "p": p, **practice_detail(p), "official": official, "recognized": p.status == Status.RECOGNIZED,
        "evidence": evidence_of(user=request.user, practice=p) if official else [],
        "results_form": ResultsForm(initial={"results": p.results}), "evidence_form": EvidenceForm(),
        "evaluation_form": evaluation_form, "recognition_form": recognition_form})


_STEPS = {"ket-qua": (ResultsForm, services.practice_update_results),
          "minh-chung": (EvidenceForm, services.practice_add_evidence),
          "danh-gia": (EvaluationForm, services.practice_evaluate),
          "cong-nhan": (RecognitionForm, services.practice_recognize)}
_BY_LEVEL = (services.practice_evaluate, services.practice_recognize)


def _authorize_step(request, p, service) -> None:
    """The step's declared rule, before the form is read: a refused person gets 404 / 403, not a
    form message. An evaluation or a recognition is checked at the level asked for; without a valid
    level, at least as one of the model's officials (the form then says what is missing)."""
    if service not in _BY_LEVEL:
        service.authorize(user=request.user, practice=p)
        return
    level = request.POST.get("level", "")
    if level in Level.values:
        service.authorize(user=request.user, practice=p, level=level)
    else:
        evidence_of.authorize(user=request.user, practice=p)


@login_required
@require_POST
def step(request, pk: int, what: str):
    p = _practice(pk)
    if what not in _STEPS:
        raise Http404()
    form_class, service = _STEPS[what]
    _authorize_step(request, p, service)
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
    except (NotFound, PermissionDenied):
        raise  # the declared rule's answer (404 / 403), never a message
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã lưu.")
    return redirect("movements:detail", pk=p.pk)


@require_GET
def evidence(request, pk: int, evidence_id: int):
    p, ev = evidence_get(user=request.user, pk=pk, evidence_id=evidence_id)
    return FileResponse(ev.file.open("rb"), as_attachment=True, filename=ev.name, content_type=ev.content_type)
