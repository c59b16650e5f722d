"""Matrix cases (core/tests/matrix.py): valid arguments for each declared rule of community decisions.

A draft is private to its unit (404 outside it); a matter put to the vote is public (every refusal a
403). Each service acting on a matter has a hamlet variant and, where the law lets a matter be
commune-wide (contributions and funds, Law Art. 21), a commune variant; the paper ballots of a
commune-wide matter are typed in the hamlet of each household, so their variants act in that hamlet.
The commune's officer and chair of the world prepare the matters (their grants reach every hamlet).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from danchu.core.roles import Role
from danchu.core.tests.matrix import case, variant
from danchu.decisions import services
from danchu.decisions.models import ConventionVersion, ElectorEntry, Form, Kind, OptionsKind

from .factories import decision, households, matter

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _households(w, hamlet, n):
    """`n` households of `hamlet` with representatives, their codes unique in the world."""
    w.extra["households"] = w.extra.get("households", 0) + 1
    return households(hamlet, n, prefix=f"{hamlet.code}-{w.extra['households']}")


def _codes(hs) -> list[str]:
    return [h.code for h in hs]


def _hamlet_matter(w, *, n=3, by=None, **kw):
    """A matter of hamlet A1 with `n` households (opened unless open_=False), put by the commune's officer
    (or `by`)."""
    hs = _households(w, w.a1, n)
    return matter(by or w.officer_a, w.a1, **kw), hs


def _commune_matter(w, *, form=Form.MEETING, **kw):
    """A commune-wide contribution matter voted in hamlets A1 and A2, two households each."""
    hs = _households(w, w.a1, 2) + _households(w, w.a2, 2)
    return matter(w.officer_a, w.a, kind=Kind.CONTRIBUTION, form=form, hamlets=[w.a1, w.a2], **kw), hs


def _electorate(m) -> list[str]:
    return list(ElectorEntry.objects.filter(matter=m).values_list("household_code", flat=True))


def _present(m, w):
    services.attendance_record(actor=w.officer_a, matter=m, present_codes=_electorate(m))


def _closed(m, w, choice="agree"):
    """Every household of the electorate present and raising its hand for `choice`, then closed."""
    _present(m, w)
    services.hands_record(actor=w.officer_a, matter=m, choices=dict.fromkeys(_electorate(m), choice))
    return services.matter_close(actor=w.officer_a, matter=m)


# --- services -------------------------------------------------------------------------------------


@case("decisions.matter_create")
def create(w):
    return [
        variant(w.a1, unit=w.a1, hamlets=[], data=services.MatterInput(kind=Kind.OTHER, title="Làm đường liên xóm")),
        variant(w.a, label="commune-wide", unit=w.a, hamlets=[w.a1, w.a2],
                data=services.MatterInput(kind=Kind.CONTRIBUTION, title="Góp xây nhà văn hóa", form=Form.BALLOT)),
        # Decree 59 Art. 3(1): a village head's election or dismissal is called by the commune chair or
        # the Front, not by the hamlet head (refused here as a role of the hamlet without the right).
        variant(w.a1, label="village head's election", unit=w.a1, hamlets=[],
                data=services.MatterInput(kind=Kind.HAMLET_HEAD, title="Bầu Trưởng thôn nhiệm kỳ 2026-2028")),
    ]


@case("decisions.matter_record_online_agreement")
def online_agreement(w):
    m, _ = _hamlet_matter(w, form=Form.ONLINE, open_=False)
    c, _ = _commune_matter(w, open_=False)
    return [variant(w.a1, matter=m, agreed=2), variant(w.a, label="commune-wide", matter=c, agreed=3)]


@case("decisions.matter_open")
def open_(w):
    m, _ = _hamlet_matter(w, open_=False)
    c, _ = _commune_matter(w, open_=False)
    e, _ = _hamlet_matter(w, by=w.chair_a, kind=Kind.HAMLET_HEAD, title="Bầu Trưởng thôn", open_=False)
    return [variant(w.a1, matter=m), variant(w.a, label="commune-wide", matter=c),
            variant(w.a1, label="village head's election", matter=e)]


@case("decisions.vote_online")
def vote_online(w):
    """Online voting is for hamlet matters only (Art. 15(6)). The refused callers of the world are made
    the representatives of households of the electorate, so that the grant alone refuses them: the
    resident record says who heads a household, the household-representative grant of the hamlet
    says they act for it on the platform (a citizen not yet confirmed, the representative registered in
    another hamlet, another commune's officer, an organization's head who lives in the hamlet)."""
    m, hs = _hamlet_matter(w, n=6, form=Form.ONLINE, online_agreed=6)
    for user, h in zip((w.citizen, w.rep_a2, w.officer_b, w.head_org2), hs, strict=False):
        user.resident = h.representative
        user.save(update_fields=["resident"])
    voter = w.fresh_user(Role.HOUSEHOLD_REP, w.a1)
    voter.resident = hs[5].representative
    voter.save(update_fields=["resident"])
    return variant(w.a1, by=voter, matter=m, choice="agree")


@case("decisions.meeting_notice_record")
def meeting_notice(w):
    m, _ = _hamlet_matter(w)
    c, _ = _commune_matter(w, open_=False)
    today = timezone.localdate()
    return [variant(w.a1, matter=m, sent_on=today), variant(w.a, label="commune-wide, a draft", matter=c, sent_on=today)]


@case("decisions.meeting_reschedule")
def meeting_reschedule(w):
    m, _ = _hamlet_matter(w)
    c, _ = _commune_matter(w, open_=False)
    later = timezone.now() + dt.timedelta(days=3)
    return [variant(w.a1, matter=m, meeting_at=later), variant(w.a, label="commune-wide, a draft", matter=c, meeting_at=later)]


@case("decisions.meeting_secretary_record")
def meeting_secretary(w):
    m, _ = _hamlet_matter(w)
    _present(m, w)
    c, _ = _commune_matter(w)
    _present(c, w)
    # Every household present; all but one agree (more than half of those present).
    return [variant(w.a1, matter=m, name="Lê Văn Thư", agreed=len(_electorate(m)) - 1),
            variant(w.a, label="commune-wide", matter=c, name="Phạm Thị Ký", agreed=len(_electorate(c)) - 1)]


@case("decisions.meeting_witnesses_record")
def meeting_witnesses(w):
    m, _ = _hamlet_matter(w)
    c, _ = _commune_matter(w)
    return [variant(w.a1, matter=m, first="Hoàng Văn Một", second="Đỗ Thị Hai"),
            variant(w.a, label="commune-wide", matter=c, first="Vũ Văn Ba", second="Ngô Thị Bốn")]


@case("decisions.attendance_record")
def attendance(w):
    m, hs = _hamlet_matter(w)
    c, chs = _commune_matter(w)
    return [variant(w.a1, matter=m, present_codes=_codes(hs[:2])),
            variant(w.a, label="commune-wide", matter=c, present_codes=_codes(chs))]


@case("decisions.hands_record")
def hands(w):
    m, _ = _hamlet_matter(w)
    _present(m, w)
    c, _ = _commune_matter(w)
    _present(c, w)
    return [variant(w.a1, matter=m, choices=dict.fromkeys(_electorate(m), "agree")),
            variant(w.a, label="commune-wide", matter=c, choices=dict.fromkeys(_electorate(c), "disagree"))]


@case("decisions.paper_enter")
def paper_enter(w):
    m, hs = _hamlet_matter(w, form=Form.BALLOT)
    c, chs = _commune_matter(w, form=Form.BALLOT)
    # A second typing too: by someone other than the first (the allowed caller is a fresh hamlet head).
    services.paper_enter(actor=w.officer_a, matter=m, household_code=hs[1].code, choice="agree")
    return [
        variant(w.a1, matter=m, household_code=hs[0].code, choice="agree"),
        variant(w.a1, label="second typing", matter=m, household_code=hs[1].code, choice="agree"),
        variant(w.a1, label="commune-wide, a ballot of hamlet A1", matter=c, household_code=chs[0].code, choice="agree"),
        variant(w.a2, label="commune-wide, a ballot of hamlet A2", matter=c, household_code=chs[2].code, choice="agree"),
    ]


@case("decisions.paper_reconcile")
def paper_reconcile(w):
    m, hs = _hamlet_matter(w, form=Form.BALLOT)
    c, chs = _commune_matter(w, form=Form.BALLOT)
    for mm, code in ((m, hs[0].code), (c, chs[2].code)):
        services.paper_enter(actor=w.officer_a, matter=mm, household_code=code, choice="agree")
        services.paper_enter(actor=w.chair_a, matter=mm, household_code=code, choice="disagree")
    return [variant(w.a1, matter=m, household_code=hs[0].code, choice="agree"),
            variant(w.a2, label="commune-wide, a ballot of hamlet A2", matter=c, household_code=chs[2].code,
                    choice="disagree")]


@case("decisions.matter_close")
def close(w):
    m, _ = _hamlet_matter(w)
    c, _ = _commune_matter(w)
    return [variant(w.a1, matter=m), variant(w.a, label="commune-wide", matter=c)]


@case("decisions.matter_recognize")
def recognize(w):
    """Kinds 3-5 are hamlet matters recognised by the commune People's Committee (Art. 21): its chair."""
    m, hs = _hamlet_matter(w, by=w.chair_a, kind=Kind.HAMLET_HEAD, options_kind=OptionsKind.LIST, labels=["Nguyễn Văn A", "Lê Thị B"])
    m = _closed(m, w, choice="o1")
    return [variant(w.a1, by=w.chair_a, matter=m, accept=True, **decision()),
            variant(w.a1, label="refusal", by=w.chair_a, matter=m, accept=False, reason="Chưa đủ hồ sơ")]


@case("decisions.minutes_scan_attach")
def scan(w):
    m, _ = _hamlet_matter(w)
    return variant(w.a1, matter=_closed(m, w), name="bien-ban.pdf", content=PDF)


@case("decisions.contribution_record")
def contribution(w):
    m, _ = _hamlet_matter(w, kind=Kind.CONTRIBUTION)
    c, _ = _commune_matter(w)
    on = dt.date(2026, 5, 4)
    return [variant(w.a1, matter=_closed(m, w), kind="collected", amount_vnd=1_200_000, on=on, note="Đợt 1"),
            variant(w.a, label="commune-wide", matter=_closed(c, w), kind="spent", amount_vnd=700_000, on=on)]


def _version(w, *, posted=False, aged=False) -> ConventionVersion:
    v = services.convention_draft(actor=w.officer_a, hamlet=w.a1, title="thôn Một", text="Điều 1. Giữ gìn vệ sinh chung.")
    if posted:
        services.convention_post(actor=w.officer_a, version=v)
    if aged:
        ConventionVersion.objects.filter(pk=v.pk).update(comment_until=timezone.localdate())
        v.refresh_from_db()
    return v


@case("decisions.convention_draft")
def convention_draft(w):
    v = _version(w)
    return [variant(w.a1, hamlet=w.a1, title="thôn Một (quy ước)", text="Điều 1.", name_kind="quy_uoc"),
            variant(w.a1, label="amendment", hamlet=w.a1, title="", text="Điều 1. Sửa đổi.",
                    convention=_in_force(w, v).convention)]


def _in_force(w, v):
    ConventionVersion.objects.filter(pk=v.pk).update(status="in_force", in_force_from=timezone.localdate())
    v.refresh_from_db()
    return v


@case("decisions.convention_post")
def convention_post(w):
    return variant(w.a1, version=_version(w))


@case("decisions.convention_to_vote")
def convention_to_vote(w):
    return variant(w.a1, version=_version(w, posted=True, aged=True))


# --- private reads --------------------------------------------------------------------------------


@case("decisions.matter_get")
def matter_get(w):
    m, _ = _hamlet_matter(w, open_=False)
    c, _ = _commune_matter(w, open_=False)
    o, _ = _commune_matter(w)
    return [variant(w.a1, label="draft", pk=m.pk), variant(w.a, label="commune-wide draft", pk=c.pk),
            variant(w.a, label="commune-wide, open", pk=o.pk)]


@case("decisions.matter_get_for_recording")
def matter_get_for_recording(w):
    m, _ = _hamlet_matter(w, form=Form.MEETING_BALLOT)
    c, _ = _commune_matter(w, form=Form.BALLOT)
    head = w.fresh_user(Role.HAMLET_HEAD, w.a2)
    return [variant(w.a1, pk=m.pk), variant(w.a, label="commune-wide", pk=c.pk),
            # The head of a voting hamlet opens the commune-wide matter's meeting page for its ballots
            # (the refusals here are the commune's: the oracle's scope is the matter's unit).
            variant(w.a, label="commune-wide, by a voting hamlet's head", by=head, pk=c.pk)]


@case("decisions.matters_for_official")
def matters_for_official(w):
    _hamlet_matter(w, open_=False)
    return [variant(w.a, unit=w.a), variant(w.a1, unit=w.a1, status="draft")]

