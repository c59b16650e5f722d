"""Reads of community decisions, shared by pages, the API, minutes and reports. A matter is public once
voting has opened (what is decided, and after close its result); drafts, the officials' lists and the
meeting's electorate are private reads declared with core.access.guard (404 outside the unit, 403 inside
it without the right). The tally is computed from the stored votes alone."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from danchu.core.access import fetch, guard
from danchu.core.errors import NotFound, PermissionDenied
from danchu.core.permissions import can, unit_scope_q
from danchu.core.roles import Action

from .models import (
    Channel,
    Contribution,
    Convention,
    ConventionStatus,
    ConventionVersion,
    ElectorEntry,
    Form,
    Matter,
    OptionsKind,
    PaperEntry,
    SpeakerRegistration,
    Status,
    Vote,
)
from .tally import HamletCount, Outcome, decide, meeting_decides, round_count

# --- tally --------------------------------------------------------------------------------------------


def vote_set_lines(matter: Matter) -> list[str]:
    """The vote set as canonical text lines, one per stored voice, sorted:
    "<hamlet code>/<household code>|<channel>|<choice>|<1 if counted else 0>". Its SHA-256 goes to the
    transparency log; anyone holding the vote set can recompute it."""
    rows = Vote.objects.filter(matter=matter).values_list("hamlet__code", "household__code", "channel", "choice",
                                                          "counted")
    return sorted(f"{h}/{code}|{ch}|{choice}|{int(c)}" for h, code, ch, choice, c in rows)


def vote_set_sha256(matter: Matter) -> str:
    digest = hashlib.sha256()
    for line in vote_set_lines(matter):
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def matter_tally(matter: Matter) -> tuple[Outcome, str]:
    """Recount from the stored votes: same votes, same outcome and hash (reproducible)."""
    totals = dict(ElectorEntry.objects.filter(matter=matter).values("hamlet__code").annotate(n=Count("id"))
                  .values_list("hamlet__code", "n"))
    hamlets = {code: HamletCount(total=n, participated=0, by_option={}) for code, n in totals.items()}
    by_channel: dict[str, int] = {}
    if matter.form == Form.MEETING_BALLOT:
        _meeting_or_ballots(matter, hamlets, by_channel)
        counted = []
    else:
        counted = (Vote.objects.filter(matter=matter, counted=True).values("hamlet__code", "choice", "channel")
                   .annotate(n=Count("id")).values_list("hamlet__code", "choice", "channel", "n"))
    for code, choice, channel, n in counted:
        h = hamlets[code]
        h.participated += n
        h.by_option[choice] = h.by_option.get(choice, 0) + n
        by_channel[channel] = by_channel.get(channel, 0) + n
    approve_key = "agree" if matter.options_kind == OptionsKind.YES_NO else None
    outcome = decide(kind=matter.kind, commune_wide=matter.unit.level == "commune", hamlets=hamlets,
                     approve_key=approve_key)
    outcome.by_option = dict(sorted(outcome.by_option.items()))
    outcome.by_channel = dict(sorted(by_channel.items()))
    outcome.double_channel = Vote.objects.filter(matter=matter, double_channel=True, counted=True).count()
    return outcome, vote_set_sha256(matter)


def present_by_hamlet(matter: Matter) -> dict[int, int]:
    """Households recorded present at the meeting, per voting hamlet (id → count)."""
    return dict(ElectorEntry.objects.filter(matter=matter, present=True).values("hamlet_id")
                .annotate(n=Count("id")).values_list("hamlet_id", "n"))


def meeting_decided(matter: Matter, hamlet_id: int) -> bool:
    """Whether the hamlet's meeting on this matter had enough households to decide (tally.meeting_decides):
    then no ballot round follows there (Law Art. 19(1)(b); Decree 59 Art. 4(1))."""
    total = ElectorEntry.objects.filter(matter=matter, hamlet_id=hamlet_id).count()
    present = ElectorEntry.objects.filter(matter=matter, hamlet_id=hamlet_id, present=True).count()
    return meeting_decides(matter.kind, present, total)


def ballot_round_state(matter: Matter) -> str:
    """Where a meeting with ballots as its fallback stands for the ballot round (Law Art. 19(1)(b);
    Decree 59 Art. 4(1)): "before" the meeting begins, "decided" when every voting hamlet's meeting had
    enough households to decide (no ballots follow), "ballots" when at least one hamlet's did not.
    Other forms: "ballots" when they take paper ballots at all, else "none"."""
    from django.utils import timezone

    if matter.form != Form.MEETING_BALLOT:
        return "ballots" if Channel.PAPER in matter.channels else "none"
    if matter.meeting_at and timezone.now() < matter.meeting_at:
        return "before"
    totals = dict(ElectorEntry.objects.filter(matter=matter).values("hamlet_id").annotate(n=Count("id"))
                  .values_list("hamlet_id", "n"))
    present = present_by_hamlet(matter)
    if totals and all(meeting_decides(matter.kind, present.get(h, 0), n) for h, n in totals.items()):
        return "decided"
    return "ballots"


def _meeting_or_ballots(matter: Matter, hamlets: dict[str, HamletCount], by_channel: dict[str, int]) -> None:
    """A meeting with ballots as its fallback: each hamlet is counted on its meeting's hands when the
    meeting could decide, else on its ballot round alone (tally.round_count) — never both added."""
    codes = dict(ElectorEntry.objects.filter(matter=matter).values_list("hamlet_id", "hamlet__code").distinct())
    present = {codes[h]: n for h, n in present_by_hamlet(matter).items()}
    voices: dict[str, dict[str, dict[str, int]]] = {}
    rows = (Vote.objects.filter(matter=matter, channel__in=[Channel.MEETING, Channel.PAPER])
            .values("hamlet__code", "choice", "channel").annotate(n=Count("id"))
            .values_list("hamlet__code", "choice", "channel", "n"))
    for code, choice, channel, n in rows:
        by = voices.setdefault(code, {}).setdefault(channel, {})
        by[choice] = by.get(choice, 0) + n
    for code, h in hamlets.items():
        got = voices.get(code, {})
        channel, count = round_count(kind=matter.kind, total=h.total, present=present.get(code, 0),
                                     meeting=got.get(Channel.MEETING, {}), ballots=got.get(Channel.PAPER, {}))
        hamlets[code] = count
        if count.participated:
            by_channel[channel] = by_channel.get(channel, 0) + count.participated


def open_votes_in_hamlets(*, hamlets) -> list[dict]:
    """The votes still open in which any of these hamlets votes (its own matters, or as a voting hamlet
    of a commune-wide matter): what a hamlet's merger must wait for (services._check_hamlets_exist)."""
    ids = [h.pk for h in hamlets if h is not None]
    rows = (Matter.objects.filter(status=Status.OPEN, hamlets__in=ids).distinct().order_by("pk")
            .values_list("pk", "title"))
    return [{"id": pk, "title": title} for pk, title in rows]


def paper_pending(matter: Matter) -> list[str]:
    """Household codes whose paper ballot was typed once only, or twice differently and not reconciled."""
    entries: dict[int, list[PaperEntry]] = {}
    for e in PaperEntry.objects.filter(matter=matter).order_by("household_id", "round"):
        entries.setdefault(e.household_id, []).append(e)
    done = set(Vote.objects.filter(matter=matter, channel=Channel.PAPER).values_list("household_id", flat=True))
    pending_ids = [hid for hid, es in entries.items() if hid not in done]
    return sorted(ElectorEntry.objects.filter(matter=matter, household_id__in=pending_ids)
                  .values_list("household_code", flat=True))


def paper_mismatches(matter: Matter) -> list[dict]:
    entries: dict[int, list[PaperEntry]] = {}
    for e in PaperEntry.objects.filter(matter=matter).order_by("household_id", "round"):
        entries.setdefault(e.household_id, []).append(e)
    done = set(Vote.objects.filter(matter=matter, channel=Channel.PAPER).values_list("household_id", flat=True))
    codes = dict(ElectorEntry.objects.filter(matter=matter).values_list("household_id", "household_code"))
    out = []
    for hid, es in sorted(entries.items(), key=lambda kv: codes.get(kv[0], "")):
        if hid in done:
            continue
        out.append({"household": codes.get(hid, ""), "first": es[0].choice,
                    "second": es[1].choice if len(es) > 1 else None})
    return out


# --- log ----------------------------------------------------------------------------------------------


def _ts(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def decision_log_payload(matter: Matter) -> dict:
    """The record the log keeps for a closed matter: what its public page shows (title, description,
    options, result, counts, recognition, minutes) and the hash of the vote set."""
    return {
        "type": "decision",
        "id": matter.pk,
        "unit": matter.unit.code,
        "kind": matter.kind,
        "title": matter.title,
        "description": matter.description,
        "options": matter.options,
        "form": matter.form,
        "channel_rule": matter.channel_rule,
        "result": matter.result,
        "adopted_option": matter.adopted_option,
        "counts": matter.counts,
        "vote_set_sha256": matter.vote_set_sha256,
        "closed_at": _ts(matter.closed_at),
        "recognition": matter.recognition,
        "recognition_note": matter.recognition_note,
        "minutes": minutes_symbol(matter) if matter.minutes_number else None,
        # The commune chair's written decision (Law Art. 21), once recorded; entries written before it
        # stay verifiable as they are.
        **({"recognition_number": matter.recognition_number} if matter.recognition_number else {}),
        **({"recognition_date": matter.recognition_date.isoformat()} if matter.recognition_date else {}),
        # Only once a signed scan is attached, so entries written before it stay verifiable as they are.
        **({"minutes_scan_sha256": matter.minutes_scan_sha256} if matter.minutes_scan_sha256 else {}),
    }


def decision_log_records(after: int, limit: int) -> list[tuple[int, dict]]:
    qs = Matter.objects.filter(pk__gt=after, status=Status.CLOSED).select_related("unit").order_by("pk")[:limit]
    return [(m.pk, decision_log_payload(m)) for m in qs]


def minutes_symbol(matter: Matter) -> str:
    """Decree 30 Art. 15 and Appendix III: "Số: 03/BB-<issuer>" — BB for biên bản."""
    issuer = "UBND" if matter.unit.level == "commune" else "TDC"
    return f"{matter.minutes_number:02d}/BB-{issuer}"


# --- access -------------------------------------------------------------------------------------------


@guard(Action.DECISION_VIEW, on=fetch(Matter, "pk"))
def matter_get(*, user, pk: int) -> Matter:
    """A matter as its unit's officials see it (drafts included, with turnout and the electorate's
    progress): 404 outside the unit, 403 inside it without the right to view."""
    return Matter.objects.select_related("unit").get(pk=pk)


def _recording_target(args: dict):
    """Where the meeting of a matter is recorded: the matter's unit; for a commune-wide matter, the
    voting hamlet whose head the caller is (each hamlet types in its own paper ballots)."""
    m = fetch(Matter, "pk")(args)
    if m.is_commune_wide and not can(args.get("user"), Action.DECISION_RECORD, unit=m.unit):
        for h in m.hamlets.all():
            if can(args.get("user"), Action.DECISION_RECORD, unit=h):
                return h
    return m


@guard(Action.DECISION_RECORD, on=_recording_target)
def matter_get_for_recording(*, user, pk: int) -> Matter:
    """The matter of the meeting page (the frozen electorate, who is present, every voice): for those
    who record the meeting and the ballots."""
    return Matter.objects.select_related("unit").get(pk=pk)


def household_of(user, matter: Matter) -> int | None:
    """The household of the matter's electorate that this user represents (Law Art. 18)."""
    resident_id = getattr(user, "resident_id", None)
    if not resident_id:
        return None
    return (ElectorEntry.objects.filter(matter=matter, household__representative_id=resident_id)
            .values_list("household_id", flat=True).first())


def member_household(user, matter: Matter) -> int | None:
    """The household of the matter's electorate of which `user` is a member (Law Art. 24(2)): the
    household of the resident record linked to the account (`User.resident`), when that household is
    in the electorate frozen at opening — a representative is a member of their household too."""
    if not getattr(user, "is_authenticated", False):
        return None
    resident = getattr(user, "resident", None)
    if resident is None:
        return None
    return (ElectorEntry.objects.filter(matter=matter, household_id=resident.household_id)
            .values_list("household_id", flat=True).first())


def speakers(matter: Matter) -> list[dict]:
    """Who registered to speak at the meeting (Law Art. 24(2)), for the chair: not a public list."""
    codes = dict(ElectorEntry.objects.filter(matter=matter).values_list("household_id", "household_code"))
    return [{"household_code": codes.get(s.household_id, ""), "name": s.name, "note": s.note}
            for s in SpeakerRegistration.objects.filter(matter=matter)]


def represented_household(*, user, matter: Matter) -> int:
    """The one household of the frozen electorate whose voice `user` gives (Law Art. 18; Decree 59
    Art. 5): refused (403) for anyone who represents none of them — the rule under `vote_online`'s
    grant, and what the vote page checks before showing the ballot."""
    household_id = household_of(user, matter)
    if household_id is None:
        raise PermissionDenied("Bạn không phải là người đại diện của hộ gia đình có trong danh sách biểu quyết việc này.",
                               message_en="You do not represent a household of this matter's electorate.")
    return household_id


@guard(Action.DECISION_VIEW, on="unit")
def matters_for_official(*, user, unit, status: str | None = None) -> QuerySet[Matter]:
    """The officials' list of a unit (drafts included), each with its electorate and counted voices."""
    qs = (Matter.objects.filter(unit_scope_q(user, Action.DECISION_VIEW, field="unit__path"), unit__path__under=unit.path)
          .select_related("unit"))
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(n_electors=Count("electorate", distinct=True),
                       n_voted=Count("votes", filter=Q(votes__counted=True), distinct=True))


def matters_for_representative(*, user) -> list[dict]:
    """Open (and recently closed) matters whose electorate holds the user's household, with their vote."""
    rid = getattr(user, "resident_id", None)
    if not rid:
        return []
    entries = (ElectorEntry.objects.filter(household__representative_id=rid).exclude(matter__status=Status.DRAFT)
               .select_related("matter", "matter__unit", "hamlet").order_by("-matter__opened_at"))
    out = []
    for e in entries[:100]:
        votes = {v.channel: v for v in Vote.objects.filter(matter=e.matter, household_id=e.household_id)}
        out.append({"matter": e.matter, "entry": e, "online": votes.get(Channel.ONLINE),
                    "counted": next((v for v in votes.values() if v.counted), None)})
    return out


def my_votes(*, user) -> list[dict]:
    return [
        {"matter": r["matter"].pk, "title": r["matter"].title, "status": r["matter"].status,
         "household": r["entry"].household_code, "online_choice": r["online"].choice if r["online"] else None,
         "counted_channel": r["counted"].channel if r["counted"] else None,
         "counted_choice": r["counted"].choice if r["counted"] else None}
        for r in matters_for_representative(user=user)
    ]


def result_table(matter: Matter, hamlets: list | None = None) -> dict:
    """The closed matter's tally as the result tables show it: every option of the ballot with its
    count — 0 when no household chose it (the stored tally lists only the options chosen) — and the
    totals, each a number (0, never blank, where a count is missing from an older tally)."""
    c = matter.counts or {}
    by_option = c.get("by_option") or {}
    total = int(c.get("households_total") or 0)
    names = {h.code: h.name for h in hamlets or []}
    return {
        "options": [{"key": o["key"], "label": o["label"], "count": int(by_option.get(o["key"]) or 0),
                     "adopted": o["key"] == matter.adopted_option} for o in matter.options],
        "total": total,
        "participated": int(c.get("households_participated") or 0),
        "present": int(c.get("households_present") or 0),
        "hamlets_total": int(c.get("hamlets_total") or 0),
        "hamlets_approving": int(c.get("hamlets_approving") or 0),
        "hamlets": [{"code": code, "name": names.get(code, code), "total": int(h.get("total") or 0),
                     "participated": int(h.get("participated") or 0), "approve": int(h.get("approve") or 0),
                     "approved": bool(h.get("approved"))}
                    for code, h in sorted((c.get("hamlets") or {}).items())] if matter.unit.level == "commune" else [],
    }


def other_opinions(matter: Matter, *, with_households: bool) -> list[dict]:
    """What households choosing "Ý kiến khác" wrote (Decree 59 Art. 5(2)(d)), counted voices only, in
    the order given. With `with_households` each carries its household's code — for the officials of
    an open ballot; a secret ballot never names them. The minutes and public pages take them without."""
    qs = (Vote.objects.filter(matter=matter, counted=True, choice="other").exclude(opinion="")
          .order_by("created_at", "pk").values_list("household__code", "opinion"))
    named = with_households and not matter.secret
    return [{"household": code if named else "", "text": text} for code, text in qs]


def electorate(matter: Matter) -> list[dict]:
    """The frozen list with each household's voices (the meeting page; Decree 59 Art. 5(4) list of
    participating representatives)."""
    votes: dict[int, dict[str, Vote]] = {}
    for v in Vote.objects.filter(matter=matter):
        votes.setdefault(v.household_id, {})[v.channel] = v
    rows = []
    for e in ElectorEntry.objects.filter(matter=matter).select_related("hamlet"):
        vs = votes.get(e.household_id, {})
        counted = next((v for v in vs.values() if v.counted), None)
        rows.append({"entry": e, "votes": vs, "counted": counted, "double": len(vs) > 1,
                     "meeting": vs.get(Channel.MEETING)})
    return rows


def turnout(matter: Matter) -> dict:
    total = ElectorEntry.objects.filter(matter=matter).count()
    present = ElectorEntry.objects.filter(matter=matter, present=True).count()
    voted = Vote.objects.filter(matter=matter, counted=True).count()
    return {"total": total, "present": present, "absent": total - present, "voted": voted,
            "percent": round(100 * voted / total) if total else 0}


# --- indicators (reports) -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date


def indicators(*, unit, period: Period | None = None) -> dict:
    """Matters opened, decided, adopted and turnout, by kind — for `unit` and its subtree (Steering
    Committee reports)."""
    qs = Matter.objects.filter(unit__path__under=unit.path).exclude(status=Status.DRAFT)
    if period is not None:
        qs = qs.filter(opened_at__date__gte=period.start, opened_at__date__lte=period.end)
    by_kind: dict[str, dict] = {}
    for kind, status, result, n in qs.values_list("kind", "status", "result").annotate(n=Count("id")):
        k = by_kind.setdefault(kind, {"opened": 0, "decided": 0, "adopted": 0, "not_adopted": 0, "not_valid": 0})
        k["opened"] += n
        if status == Status.CLOSED:
            k["decided"] += n
            k[result] = k.get(result, 0) + n
    electors = ElectorEntry.objects.filter(matter__in=qs.filter(status=Status.CLOSED)).count()
    voted = Vote.objects.filter(matter__in=qs.filter(status=Status.CLOSED), counted=True).count()
    totals = {key: sum(v[key] for v in by_kind.values()) for key in ("opened", "decided", "adopted")}
    return {"by_kind": by_kind, **totals, "electors": electors, "voted": voted,
            "turnout_percent": round(100 * voted / electors, 1) if electors else None}


def matters_public(*, unit) -> QuerySet[Matter]:
    """Matters put to the households of this unit or below, once voting has opened: what is being
    decided and, after close, the result (the village head publicises results, Law Art. 23)."""
    return (Matter.objects.filter(unit__path__under=unit.path).exclude(status=Status.DRAFT)
            .select_related("unit").order_by("-opened_at", "-id"))


def hamlets_of(unit) -> list:
    """Hamlets a commune-wide matter may cover (current hamlets of the commune)."""
    return list(unit.children.filter(level="hamlet", valid_to__isnull=True).order_by("name"))


def voting_hamlets(matter: Matter) -> list:
    return list(matter.hamlets.order_by("name"))


def matter_get_public(*, user, pk: int) -> Matter:
    """Anyone may read a matter once voting has opened (what is decided and its result are public);
    a draft only those who may see it as officials (`matter_get`'s rule)."""
    m = Matter.objects.select_related("unit").filter(pk=pk).first()
    if m is None:
        raise NotFound()
    if m.status != Status.DRAFT:
        return m
    return matter_get(user=user, pk=pk)


def units_by_code(codes: list[str]) -> list:
    from danchu.units.models import Unit

    return list(Unit.objects.filter(code__in=codes))


def contribution_log_payload(c: Contribution) -> dict:
    """A contribution decided, collected or spent, as the public contributions page shows it (Art. 15)."""
    return {"type": "decision_contribution", "id": c.pk, "matter": c.matter_id, "unit": c.matter.unit.code,
            "kind": c.kind, "amount_vnd": c.amount_vnd, "on": c.on.isoformat(), "note": c.note}


def contribution_log_records(after: int, limit: int) -> list[tuple[int, dict]]:
    qs = Contribution.objects.filter(pk__gt=after).select_related("matter__unit").order_by("pk")[:limit]
    return [(c.pk, contribution_log_payload(c)) for c in qs]


def contributions_summary(matter: Matter) -> dict:
    """Decided, collected and spent (đồng), and what remains; the entries, public."""
    rows = list(Contribution.objects.filter(matter=matter))
    for c in rows:
        c.amount_text = vnd(c.amount_vnd)
    sums = {k: sum(c.amount_vnd for c in rows if c.kind == k) for k in ("decided", "collected", "spent")}
    sums["balance"] = sums["collected"] - sums["spent"]
    return {**sums, "text": {k: vnd(v) for k, v in sums.items()}, "entries": rows}


def vnd(amount: int) -> str:
    """1500000 → "1.500.000" (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".")


def conventions_public(*, hamlet) -> list[dict]:
    """Every convention of the hamlet (or of the hamlets under a commune) with its text in force and its
    whole history (Decree 61 Art. 15)."""
    out = []
    qs = Convention.objects.filter(hamlet__path__under=hamlet.path).select_related("hamlet")
    for c in qs.prefetch_related("versions__comments", "versions__matter"):
        versions = list(c.versions.all())
        out.append({"convention": c, "in_force": next((v for v in versions if v.status == ConventionStatus.IN_FORCE), None),
                    "versions": versions, "amended": len(versions) > 1})
    return out


def convention_version_get(*, pk: int) -> ConventionVersion:
    v = ConventionVersion.objects.select_related("convention__hamlet").filter(pk=pk).first()
    if v is None:
        raise NotFound()
    return v


def contributions_for_unit(*, unit) -> list[dict]:
    """Answer to oversight's question (core.registry "query.contributions_for_unit"): the contributions
    the households of this commune (or hamlet) decided by vote (Law Art. 15 items 1-2), with what was
    collected and spent — already public on /u/<code>/ban-quyet/, so no permission is needed."""
    matters = (Matter.objects.filter(unit__path__under=unit.path, status=Status.CLOSED, contributions__isnull=False)
               .select_related("unit").distinct().order_by("-closed_at", "-id"))
    rows = []
    for m in matters[:50]:
        s = contributions_summary(m)
        rows.append({"matter_id": m.pk, "title": m.title, "unit_code": m.unit.code, "unit_name": m.unit.name,
                     "decided_vnd": s["decided"], "collected_vnd": s["collected"], "spent_vnd": s["spent"],
                     "url": f"/u/{m.unit.code}/ban-quyet/{m.pk}/"})
    return rows
