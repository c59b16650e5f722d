"""Pages of community decisions: the public list of matters and results; the household
representative's phone page (open matters of their hamlet, vote, change the vote until close); the
hamlet head's meeting page (attendance, hands per household, paper ballots, reconciliation) for a
tablet; the commune's view of every matter, turnout and result; the minutes as DOCX/PDF.
All reads through selectors, all writes through services. Access is the declared rule of each (core.access):
a page lets its NotFound / PermissionDenied escape (core's AccessErrorMiddleware answers 404 / 403) and
calls `service.authorize(...)` before showing or taking a form, outside the `try` that turns the
service's other refusals into messages. A draft is private (404 outside its unit); a matter put to the
vote is public, so acting on it without the right is a 403."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.core.permissions import can
from danchu.core.roles import Action
from danchu.units.models import Level
from danchu.units.selectors import unit_get

from . import services
from .forms import (
    AgreementForm,
    ContributionForm,
    MatterForm,
    NoticeForm,
    PaperForm,
    RecognizeForm,
    RefuseForm,
    RescheduleForm,
    SecretaryForm,
    WitnessesForm,
)
from .minutes import minutes_response
from .models import MEETING_FORMS, Kind, Status, kinds_for_level
from .selectors import (
    ballot_round_state,
    contributions_summary,
    convention_version_get,
    conventions_public,
    electorate,
    hamlets_of,
    household_of,
    matter_get,
    matter_get_for_recording,
    matter_get_public,
    matters_for_official,
    matters_for_representative,
    matters_public,
    member_household,
    other_opinions,
    paper_mismatches,
    paper_pending,
    represented_household,
    result_table,
    speakers,
    turnout,
    voting_hamlets,
)


def _unit(code: str):
    return unit_get(code=code)  # NotFound → 404


# --- public -------------------------------------------------------------------------------------------


@require_GET
def public(request, code: str):
    unit = _unit(code)
    return render(request, "decisions/public.html", {"unit": unit, "matters": matters_public(unit=unit)[:100]})


@require_http_methods(["GET", "POST"])
def public_detail(request, code: str, pk: int):
    unit = _unit(code)
    m = matter_get_public(user=request.user, pk=pk)
    if not m.unit.path.startswith(unit.path):
        raise Http404()
    # Law Art. 24(2): a member of a household of the electorate registers to speak at the meeting.
    speaking = m.form in MEETING_FORMS and services.speaker_refusal(m) is None
    member = speaking and member_household(request.user, m) is not None
    error, status = None, 200
    if request.method == "POST":
        try:
            services.speaker_register(actor=request.user, matter=m, name=request.POST.get("name", ""),
                                      note=request.POST.get("note", ""))
        except (NotFound, PermissionDenied):
            raise  # not a member of the electorate's households, or not signed in: a 403, not a message
        except DomainError as exc:
            error, status = exc, 400
        else:
            messages.success(request, "Đã đăng ký phát biểu tại cuộc họp. Chủ trì cuộc họp sẽ mời bạn phát biểu.")
            return redirect("decisions:public_detail", code=unit.code, pk=m.pk)
    hamlets = voting_hamlets(m)
    return render(request, "decisions/public_detail.html", {
        "unit": unit, "m": m, "hamlets": hamlets, "money": contributions_summary(m),
        "table": result_table(m, hamlets) if m.status == Status.CLOSED else None,
        "speaking": speaking, "member": member, "speak_error": error,
        "speak_name": request.POST.get("name", "") if error else "",
        "speak_note": request.POST.get("note", "") if error else "",
        "name_max": services.NAME_MAX, "note_max": services.SPEAKER_NOTE_MAX}, status=status)


# --- household representative ----------------------------------------------------------------------


@login_required
@require_GET
def my_matters(request):
    return render(request, "decisions/my.html", {"rows": matters_for_representative(user=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def vote(request, pk: int):
    m = matter_get_public(user=request.user, pk=pk)
    services.vote_online.authorize(actor=request.user, matter=m)
    represented_household(user=request.user, matter=m)  # the body's rule, before the ballot is shown
    error = None
    if request.method == "POST":
        try:
            services.vote_online(actor=request.user, matter=m, choice=request.POST.get("choice", ""),
                                 opinion=request.POST.get("opinion", ""))
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, "Đã ghi nhận biểu quyết của hộ. Có thể thay đổi đến khi kết thúc.")
            return redirect("decisions:vote", pk=m.pk)
    row = next((r for r in matters_for_representative(user=request.user) if r["matter"].pk == m.pk), None)
    # A refused ballot is shown again as it was sent (the choice, the opinion typed), the error beside it.
    online_vote = row["online"] if row else None
    if error:
        chosen, opinion = request.POST.get("choice", ""), request.POST.get("opinion", "")
    else:
        chosen, opinion = (online_vote.choice, online_vote.opinion) if online_vote else ("", "")
    return render(request, "decisions/vote.html", {
        "m": m, "row": row, "online": "online" in m.channels, "error": error, "chosen": chosen, "opinion": opinion,
        "opinion_max": services.OPINION_MAX}, status=400 if error else 200)


# --- officials --------------------------------------------------------------------------------------


@login_required
@require_GET
def manage(request, code: str):
    unit = _unit(code)
    matters = matters_for_official(user=request.user, unit=unit)
    return render(request, "decisions/manage.html", {
        "unit": unit, "matters": matters[:200],
        "can_create": can(request.user, Action.DECISION_MANAGE, unit=unit) and unit.level in (Level.HAMLET, Level.COMMUNE),
    })


@login_required
@require_http_methods(["GET", "POST"])
def new(request, code: str):
    unit = _unit(code)
    services.matter_create.authorize(actor=request.user, unit=unit)
    hamlets = hamlets_of(unit) if unit.level == Level.COMMUNE else []
    choices = [(str(h.pk), h.name) for h in hamlets]
    # A village head's election or dismissal is offered only to whoever may call it (Decree 59 Art. 3(1)).
    kinds = [k for k in kinds_for_level(unit.level)
             if k != Kind.HAMLET_HEAD or can(request.user, Action.DECISION_CALL_HAMLET_HEAD, unit=unit)]
    form = MatterForm(request.POST or None, kinds=kinds, hamlet_choices=choices)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        chosen = [h for h in hamlets if str(h.pk) in set(d.get("hamlets") or [])]
        try:
            m = services.matter_create(actor=request.user, unit=unit, hamlets=chosen, data=services.MatterInput(
                kind=d["kind"], title=d["title"], description=d["description"], options_kind=d["options_kind"],
                option_labels=d["option_labels"].splitlines(), form=d["form"], secret=d["secret"],
                channel_rule=d["channel_rule"], meeting_at=d["meeting_at"], meeting_place=d["meeting_place"]))
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Đã tạo việc đưa ra cộng đồng bàn và quyết định.")
            return redirect("decisions:detail", pk=m.pk)
    return render(request, "decisions/new.html", {"unit": unit, "form": form})


@login_required
@require_GET
def detail(request, pk: int):
    if not matter_get.permits(user=request.user, pk=pk):
        # A household representative of the electorate is sent to the ballot; anyone else gets the
        # declared answer below (404 outside the matter's unit, 403 inside it).
        public = matter_get_public(user=request.user, pk=pk)
        if household_of(request.user, public) is not None:
            return redirect("decisions:vote", pk=public.pk)
    return _detail_page(request, matter_get(user=request.user, pk=pk))


def _detail_page(request, m, *, recognize_form=None, refuse_form=None):
    hamlets = voting_hamlets(m)
    return render(request, "decisions/detail.html", {
        "m": m, "turnout": turnout(m), "hamlets": hamlets, "agreement_form": AgreementForm(),
        "can_manage": can(request.user, Action.DECISION_MANAGE, unit=m.unit),
        "can_open": m.status == Status.DRAFT and services.matter_open.permits(actor=request.user, matter=m),
        "can_recognize": can(request.user, Action.DECISION_RECOGNIZE, unit=m.unit),
        "recognize_form": recognize_form or RecognizeForm(prefix="recognize"),
        "refuse_form": refuse_form or RefuseForm(prefix="refuse"),
        "pending": paper_pending(m) if m.status == Status.OPEN else [],
        "table": result_table(m, hamlets) if m.status == Status.CLOSED else None,
        # Officials see what each household choosing "Ý kiến khác" wrote (not on a secret ballot).
        "opinions": other_opinions(m, with_households=True) if m.status != Status.DRAFT else [],
        "money": contributions_summary(m), "contribution_form": ContributionForm(),
        "money_matter": m.kind in ("contribution", "funds") and m.result == "adopted",
        # Decree 59 Art. 3(3): the notice of a meeting, recorded until the vote closes.
        "meeting_form": m.form in MEETING_FORMS,
        "notice_form": NoticeForm(prefix="notice", initial={"sent_on": m.notice_sent_on}),
        "reschedule_form": RescheduleForm(prefix="reschedule"),
    })


def _recognition(request, m, *, accept: bool):
    """Recognise, or refuse, by the commune chair's written decision (Law Art. 21): the form is shown
    again with its errors beside the fields when it or the service refuses it."""
    form = (RecognizeForm if accept else RefuseForm)(request.POST, prefix="recognize" if accept else "refuse")
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.matter_recognize(actor=request.user, matter=m, accept=accept, reason=d.get("reason", ""),
                                      decision_number=d["decision_number"], decision_date=d["decision_date"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Đã ghi nhận quyết định công nhận." if accept
                             else "Đã ghi nhận việc từ chối công nhận.")
            return redirect("decisions:detail", pk=m.pk)
    page = _detail_page(request, matter_get(user=request.user, pk=m.pk),
                        **({"recognize_form": form} if accept else {"refuse_form": form}))
    page.status_code = 400
    return page


def _act(request, m, fn, ok: str, **kw):
    fn.authorize(actor=request.user, matter=m, **kw)  # outside the try: a refusal is a 404 / 403, not a message
    try:
        fn(actor=request.user, matter=m, **kw)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)


_ACTIONS = {
    "open": services.matter_open, "close": services.matter_close, "agreement": services.matter_record_online_agreement,
    "recognize": services.matter_recognize, "refuse": services.matter_recognize, "scan": services.minutes_scan_attach,
    "contribution": services.contribution_record, "notice": services.meeting_notice_record,
    "reschedule": services.meeting_reschedule,
}


# Preparing the meeting (Decree 59 Art. 3(3)): the form, its one field (the service's argument of the
# same name), the messages on success and on bad input.
_MEETING_FORMS = {
    "notice": (NoticeForm, "sent_on", "Đã ghi nhận ngày gửi thông báo họp.",
               "Ngày gửi thông báo họp không hợp lệ."),
    "reschedule": (RescheduleForm, "meeting_at", "Đã dời cuộc họp sang thời gian mới.",
                   "Thời gian họp không hợp lệ."),
}


@login_required
@require_POST
def action(request, pk: int, what: str):
    if what not in _ACTIONS:
        raise Http404()
    m = matter_get_public(user=request.user, pk=pk)  # a draft: only its unit's officials
    _ACTIONS[what].authorize(actor=request.user, matter=m)  # before the form is even read
    if what == "open":
        _act(request, m, services.matter_open, "Đã mở biểu quyết; danh sách hộ đã được chốt.")
    elif what == "close":
        _act(request, m, services.matter_close, "Đã kết thúc biểu quyết và kiểm phiếu.")
    elif what == "agreement":
        form = AgreementForm(request.POST)
        if form.is_valid():
            _act(request, m, services.matter_record_online_agreement, "Đã ghi nhận số hộ đồng ý biểu quyết trực tuyến.",
                 agreed=form.cleaned_data["agreed"])
        else:
            messages.error(request, "Số hộ không hợp lệ.")
    elif what in _MEETING_FORMS:
        form_class, field, ok, bad = _MEETING_FORMS[what]
        form = form_class(request.POST, prefix=what)
        if form.is_valid():
            _act(request, m, _ACTIONS[what], ok, **{field: form.cleaned_data[field]})
        else:
            messages.error(request, bad)
    elif what in ("recognize", "refuse"):
        return _recognition(request, m, accept=what == "recognize")
    elif what == "scan":
        upload = request.FILES.get("scan")
        if upload is None:
            messages.error(request, "Chưa chọn tệp biên bản đã ký.")
        elif upload.size > settings.DANCHU_ATTACHMENT_MAX_BYTES:
            messages.error(request, "Tệp quá lớn.")
        else:
            _act(request, m, services.minutes_scan_attach, "Đã đính kèm biên bản đã ký; mã băm đã vào nhật ký.",
                 name=upload.name, content=upload.read())
    elif what == "contribution":
        form = ContributionForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            _act(request, m, services.contribution_record, "Đã ghi và công khai khoản đóng góp.", kind=d["kind"],
                 amount_vnd=d["amount_vnd"], on=d["on"], note=d["note"])
        else:
            messages.error(request, "Khoản đóng góp không hợp lệ: " + "; ".join(
                f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items() if k in form.fields))
    return redirect("decisions:detail", pk=m.pk)


@login_required
@require_http_methods(["GET", "POST"])
def meeting(request, pk: int):
    """The hamlet head's tablet page: attendance, hands per household, paper ballots."""
    m = matter_get_for_recording(user=request.user, pk=pk)
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "attendance":
            _act(request, m, services.attendance_record, "Đã lưu điểm danh.", present_codes=request.POST.getlist("present"))
        elif step == "hands":
            choices = {k[5:]: v for k, v in request.POST.items() if k.startswith("hand-") and v}
            _act(request, m, services.hands_record, f"Đã lưu biểu quyết của {len(choices)} hộ.", choices=choices)
        elif step == "secretary":
            form = SecretaryForm(request.POST, prefix="secretary")
            if form.is_valid():
                _act(request, m, services.meeting_secretary_record, "Đã ghi nhận thư ký cuộc họp.",
                     name=form.cleaned_data["name"], agreed=form.cleaned_data["agreed"])
            else:
                messages.error(request, "Cần nhập họ tên thư ký và số hộ đồng ý (số nguyên không âm).")
        elif step == "witnesses":
            form = WitnessesForm(request.POST, prefix="witnesses")
            if form.is_valid():
                _act(request, m, services.meeting_witnesses_record, "Đã ghi nhận hai đại diện hộ gia đình ký biên bản.",
                     first=form.cleaned_data["first"], second=form.cleaned_data["second"])
            else:
                messages.error(request, "Cần nhập họ tên hai đại diện hộ gia đình ký biên bản.")
        elif step in ("paper", "reconcile"):
            form = PaperForm(request.POST)
            if form.is_valid():
                fn = services.paper_enter if step == "paper" else services.paper_reconcile
                fn.authorize(actor=request.user, matter=m, household_code=form.cleaned_data["household"])
                try:
                    r = fn(actor=request.user, matter=m, household_code=form.cleaned_data["household"],
                           choice=form.cleaned_data["choice"])
                except DomainError as exc:
                    messages.error(request, exc.message)
                else:
                    text = {"first": "Đã nhập lần 1; cần một người khác nhập lần 2.",
                            "confirmed": "Hai lần nhập khớp: phiếu được tính.",
                            "mismatch": "Hai lần nhập KHÔNG khớp: đối chiếu lại phiếu giấy."}.get(r, "Đã đối chiếu, phiếu được tính.")
                    (messages.warning if r == "mismatch" else messages.success)(request, text)
        return redirect(reverse("decisions:meeting", args=[m.pk]))
    # A hamlet head on a commune-wide matter types in the ballots of the hamlet; the meeting's
    # attendance and hands are the commune's to record (the forms are shown to whoever may send them).
    hands = "meeting" in m.channels and services.attendance_record.permits(actor=request.user, matter=m)
    return render(request, "decisions/meeting.html", {
        "m": m, "rows": electorate(m), "turnout": turnout(m), "mismatches": paper_mismatches(m),
        "paper": "paper" in m.channels, "hands": hands, "open": m.status == Status.OPEN,
        "ballot_round": ballot_round_state(m),
        "speakers": speakers(m) if m.form in MEETING_FORMS else [],
        # Decree 59 Art. 3(4), 3(5)(c): the secretary and the two household representatives signing.
        "meeting_form": m.form in MEETING_FORMS,
        "secretary_form": SecretaryForm(prefix="secretary", initial={"name": m.secretary_name,
                                                                     "agreed": m.secretary_agreed}),
        "witnesses_form": WitnessesForm(prefix="witnesses", initial={"first": m.witness_1_name,
                                                                     "second": m.witness_2_name}),
    })


@require_GET
def minutes(request, pk: int, fmt: str):
    """Public once closed: the village head publicises the result (Law Art. 23)."""
    m = matter_get_public(user=request.user, pk=pk)
    if m.status != Status.CLOSED:
        raise Http404()
    return minutes_response(m, fmt)


@require_GET
def minutes_scan(request, pk: int):
    """The signed minutes, public once the matter is closed, like the generated minutes."""
    m = matter_get_public(user=request.user, pk=pk)
    if m.status != Status.CLOSED or not m.minutes_scan:
        raise Http404()
    return FileResponse(m.minutes_scan.open("rb"), content_type=m.minutes_scan_content_type or "application/pdf",
                        as_attachment=False, filename=f"bien-ban-da-ky-{m.pk}{PurePath(m.minutes_scan.name).suffix}")


# --- village conventions (Decree 61/2023) -------------------------------------------------------------


def _hamlet_version(request, hamlet):
    """The version named in the form, of this hamlet's conventions (else 404)."""
    raw = request.POST.get("version", "")
    if not raw.isdigit():
        raise Http404()
    v = convention_version_get(pk=int(raw))
    if v.convention.hamlet_id != hamlet.pk:
        raise Http404()
    return v


@require_http_methods(["GET", "POST"])
def conventions(request, code: str):
    """Public: the conventions in force and their history; comments while a draft is posted; the hamlet
    head drafts, amends, posts for comments and puts to the vote from the same page."""
    hamlet = _unit(code)
    manager = hamlet.level == Level.HAMLET and services.convention_draft.permits(actor=request.user, hamlet=hamlet)
    if request.method == "POST":
        step = request.POST.get("step", "")
        if step == "comment" and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        v = _hamlet_version(request, hamlet) if step in ("comment", "post", "vote") else None
        # The declared rule first, outside the try: a refusal is a 404 / 403, never a message.
        if step == "draft":
            services.convention_draft.authorize(actor=request.user, hamlet=hamlet)
        elif step == "post":
            services.convention_post.authorize(actor=request.user, version=v)
        elif step == "vote":
            services.convention_to_vote.authorize(actor=request.user, version=v)
        elif step != "comment":
            raise Http404()
        try:
            if step == "comment":
                services.convention_comment(actor=request.user, version=v, text=request.POST.get("text", ""))
                messages.success(request, "Đã gửi góp ý.")
            elif step == "draft":
                convention = None
                if request.POST.get("convention"):
                    convention = next((r["convention"] for r in conventions_public(hamlet=hamlet)
                                       if str(r["convention"].pk) == request.POST["convention"]), None)
                services.convention_draft(actor=request.user, hamlet=hamlet, title=request.POST.get("title", ""),
                                          text=request.POST.get("text", ""),
                                          name_kind=request.POST.get("name_kind", "huong_uoc"), convention=convention)
                messages.success(request, "Đã lưu dự thảo.")
            elif step == "post":
                services.convention_post(actor=request.user, version=v)
                messages.success(request, "Đã niêm yết dự thảo để lấy ý kiến.")
            else:
                m = services.convention_to_vote(actor=request.user, version=v)
                return redirect("decisions:detail", pk=m.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("decisions:conventions", code=hamlet.code)
    return render(request, "decisions/conventions.html", {
        "unit": hamlet, "rows": conventions_public(hamlet=hamlet), "manager": manager})
