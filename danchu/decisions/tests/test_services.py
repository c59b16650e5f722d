import datetime as dt
import json

import pytest
from django.db import IntegrityError, transaction

from danchu.accounts.tests.factories import UserFactory
from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.core.models import LogEntry
from danchu.core.transparency import verify_local
from danchu.decisions import services
from danchu.decisions.models import (
    Channel,
    ElectorEntry,
    Form,
    Kind,
    Matter,
    OptionsKind,
    Recognition,
    Result,
    Status,
    Vote,
)
from danchu.decisions.selectors import matter_tally, vote_set_sha256
from danchu.units.tests.factories import HouseholdFactory

from .factories import decision, hamlet_head, households, matter, representative_user


@pytest.fixture
def hamlet(tree):
    return tree["a1"]


@pytest.fixture
def head(hamlet):
    return hamlet_head(hamlet)


@pytest.fixture
def clerk(hamlet):
    return hamlet_head(hamlet, username="clerk-a1")


def _code(exc) -> str:
    return exc.value.code


def test_online_only_for_other_affairs_and_after_households_agree(hamlet, head):
    hs = households(hamlet, 10)
    with pytest.raises(DomainError) as exc:
        matter(head, hamlet, kind=Kind.CONTRIBUTION, form=Form.ONLINE)
    assert _code(exc) == "form_not_allowed"
    # Decree 59 Art. 5(1): more than half of ALL households — 5 of 10 is not enough.
    with pytest.raises(DomainError) as exc:
        matter(head, hamlet, form=Form.ONLINE, online_agreed=5)
    assert _code(exc) == "online_agreement_missing"
    m = matter(head, hamlet, form=Form.ONLINE, online_agreed=6)
    assert m.status == Status.OPEN
    assert ElectorEntry.objects.filter(matter=m).count() == len(hs)


def test_convention_must_be_decided_at_a_meeting(hamlet, head):
    households(hamlet, 2)
    with pytest.raises(DomainError) as exc:
        matter(head, hamlet, kind=Kind.CONVENTION, form=Form.BALLOT)
    assert _code(exc) == "form_not_allowed"


def test_commune_wide_only_for_contributions(tree, chair_a):
    with pytest.raises(DomainError) as exc:
        matter(chair_a, tree["a"], kind=Kind.HAMLET_HEAD, hamlets=[tree["a1"], tree["a2"]], open_=False)
    assert _code(exc) == "kind_needs_one_hamlet"
    with pytest.raises(DomainError) as exc:
        matter(chair_a, tree["a"], kind=Kind.CONTRIBUTION, hamlets=[tree["b1"]], open_=False)
    assert _code(exc) == "scope_invalid"


def test_hamlet_head_cannot_open_in_another_hamlet(tree, head):
    with pytest.raises(NotFound):  # outside the head's hamlet: as if it did not exist
        matter(head, tree["a2"], open_=False)
    assert not Matter.objects.exists()


def test_electorate_is_frozen_when_voting_opens(hamlet, head):
    hs = households(hamlet, 3)
    hs[2].left_on = dt.date(2026, 1, 1)
    hs[2].save()
    m = matter(head, hamlet)
    HouseholdFactory(hamlet=hamlet, code="NEW-1")  # moves in after opening
    assert ElectorEntry.objects.filter(matter=m).count() == 2
    services.attendance_record(actor=head, matter=m, present_codes=[hs[0].code, hs[1].code])
    services.hands_record(actor=head, matter=m, choices={hs[0].code: "agree", hs[1].code: "agree"})
    m = services.matter_close(actor=head, matter=m)
    assert m.counts["households_total"] == 2
    assert m.result == Result.ADOPTED


def test_online_vote_changeable_until_close_and_only_by_the_representative(hamlet, head, citizen):
    hs = households(hamlet, 3)
    m = matter(head, hamlet, form=Form.ONLINE, online_agreed=2)
    rep = representative_user(hs[0])
    services.vote_online(actor=rep, matter=m, choice="disagree")
    services.vote_online(actor=rep, matter=m, choice="agree")
    assert list(Vote.objects.filter(matter=m).values_list("choice", "counted")) == [("agree", True)]
    with pytest.raises(PermissionDenied):  # a public matter: no household-representative grant → 403
        services.vote_online(actor=citizen, matter=m, choice="agree")
    with pytest.raises(DomainError) as exc:
        services.vote_online(actor=rep, matter=m, choice="maybe")
    assert _code(exc) == "choice_invalid"
    services.matter_close(actor=head, matter=m)
    with pytest.raises(DomainError) as exc:
        services.vote_online(actor=rep, matter=m, choice="disagree")
    assert _code(exc) == "not_open"
    assert list(Vote.objects.filter(matter=m).values_list("choice", flat=True)) == ["agree"]


def test_household_of_another_hamlet_cannot_vote(tree, head, hamlet):
    households(hamlet, 2)
    other = households(tree["a2"], 1)[0]
    m = matter(head, hamlet, form=Form.ONLINE, online_agreed=2)
    with pytest.raises(PermissionDenied):  # their grant is on their own hamlet
        services.vote_online(actor=representative_user(other), matter=m, choice="agree")
    assert not Vote.objects.filter(matter=m).exists()


def test_paper_double_entry_by_two_people_and_reconciliation(hamlet, head, clerk):
    hs = households(hamlet, 3)
    m = matter(head, hamlet, kind=Kind.CONTRIBUTION, form=Form.BALLOT)
    assert services.paper_enter(actor=head, matter=m, household_code=hs[0].code, choice="agree") == "first"
    with pytest.raises(PermissionDenied) as exc:  # the second typing by another person (test_access.py)
        services.paper_enter(actor=head, matter=m, household_code=hs[0].code, choice="agree")
    assert "người khác" in exc.value.message
    assert services.paper_enter(actor=clerk, matter=m, household_code=hs[0].code, choice="agree") == "confirmed"
    services.paper_enter(actor=head, matter=m, household_code=hs[1].code, choice="agree")
    assert services.paper_enter(actor=clerk, matter=m, household_code=hs[1].code, choice="disagree") == "mismatch"
    with pytest.raises(DomainError) as exc:
        services.paper_enter(actor=head, matter=m, household_code="KHONG-CO", choice="agree")
    assert _code(exc) == "unknown_household"
    with pytest.raises(DomainError) as exc:
        services.matter_close(actor=head, matter=m)
    assert _code(exc) == "paper_ballots_pending"
    assert Matter_status(m) == Status.OPEN
    services.paper_reconcile(actor=head, matter=m, household_code=hs[1].code, choice="agree")
    services.paper_enter(actor=head, matter=m, household_code=hs[2].code, choice="agree")
    services.paper_enter(actor=clerk, matter=m, household_code=hs[2].code, choice="agree")
    m = services.matter_close(actor=head, matter=m)
    assert m.result == Result.ADOPTED  # 3 of 3 ≥ 2/3
    assert m.counts["by_channel"] == {"paper": 3}


def Matter_status(m):
    m.refresh_from_db()
    return m.status


def test_household_on_two_channels_is_flagged_and_counted_once(hamlet, head):
    hs = households(hamlet, 3)
    m = matter(head, hamlet, form=Form.MEETING_ONLINE, online_agreed=2)
    rep = representative_user(hs[0])
    services.vote_online(actor=rep, matter=m, choice="disagree")
    services.attendance_record(actor=head, matter=m, present_codes=[hs[0].code, hs[1].code])
    services.hands_record(actor=head, matter=m, choices={hs[0].code: "agree", hs[1].code: "agree"})
    # Rule stated before opening: in person first — the hand counts, the online vote does not.
    rows = sorted(Vote.objects.filter(matter=m, household=hs[0]).values_list("channel", "counted", "double_channel"))
    assert rows == [(Channel.MEETING, True, True), (Channel.ONLINE, False, True)]
    services.vote_online(actor=rep, matter=m, choice="disagree")  # changing online changes nothing counted
    m = services.matter_close(actor=head, matter=m)
    assert m.counts["households_participated"] == 2
    assert m.counts["by_option"] == {"agree": 2}
    assert m.counts["double_channel"] == 1
    assert m.result == Result.ADOPTED  # 2 of 3 > 50%


def test_database_refuses_a_second_counted_voice(hamlet, head):
    hs = households(hamlet, 1)
    m = matter(head, hamlet, form=Form.MEETING_ONLINE, online_agreed=1)
    Vote.objects.create(matter=m, household=hs[0], hamlet=hamlet, channel=Channel.ONLINE, choice="agree")
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(matter=m, household=hs[0], hamlet=hamlet, channel=Channel.MEETING, choice="agree")


def test_close_twice_and_result_logged_reproducibly(hamlet, head):
    hs = households(hamlet, 4)
    m = matter(head, hamlet)
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs[:3]])
    services.hands_record(actor=head, matter=m, choices={hs[0].code: "agree", hs[1].code: "agree", hs[2].code: "disagree"})
    m = services.matter_close(actor=head, matter=m)
    with pytest.raises(DomainError) as exc:
        services.matter_close(actor=head, matter=m)
    assert _code(exc) == "already_closed"
    # 2 of 4 is not > 50%: not adopted (3 took part, so it could have been reached: valid).
    assert m.result == Result.NOT_ADOPTED
    entry = LogEntry.objects.get(object_type="decision", object_id=str(m.pk))
    payload = json.loads(entry.payload)
    assert payload["result"] == "not_adopted"
    assert payload["counts"]["households_total"] == 4
    assert payload["vote_set_sha256"] == vote_set_sha256(m) == m.vote_set_sha256
    outcome, digest = matter_tally(m)
    assert (outcome.result, outcome.approve, digest) == ("not_adopted", 2, m.vote_set_sha256)
    assert m.minutes_number == 1
    assert verify_local().ok


def test_meeting_with_too_few_households_is_not_valid(hamlet, head):
    hs = households(hamlet, 9)
    m = matter(head, hamlet, kind=Kind.CONTRIBUTION)
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs[:5]])
    services.hands_record(actor=head, matter=m, choices={h.code: "agree" for h in hs[:5]})
    m = services.matter_close(actor=head, matter=m)
    assert m.result == Result.NOT_VALID  # 5 of 9 could never make 2/3 (Art. 19(1)(b))


def test_hands_only_from_households_present(hamlet, head):
    hs = households(hamlet, 2)
    m = matter(head, hamlet)
    with pytest.raises(DomainError) as exc:
        services.hands_record(actor=head, matter=m, choices={hs[0].code: "agree"})
    assert _code(exc) == "household_not_eligible"
    assert not Vote.objects.filter(matter=m).exists()


def test_commune_wide_contribution_counts_hamlets_meeting_their_own_threshold(tree, chair_a):
    a1 = households(tree["a1"], 3)
    a2 = households(tree["a2"], 3)
    m = matter(chair_a, tree["a"], kind=Kind.CONTRIBUTION, form=Form.BALLOT, hamlets=[tree["a1"], tree["a2"]])
    clerk = UserFactory()
    from danchu.accounts.tests.factories import grant
    from danchu.core.roles import Role
    grant(clerk, Role.COMMUNE_OFFICER, unit=tree["a"])
    for h in a1 + a2[:1]:
        services.paper_enter(actor=chair_a, matter=m, household_code=h.code, choice="agree")
        services.paper_enter(actor=clerk, matter=m, household_code=h.code, choice="agree")
    for h in a2[1:]:
        services.paper_enter(actor=chair_a, matter=m, household_code=h.code, choice="disagree")
        services.paper_enter(actor=clerk, matter=m, household_code=h.code, choice="disagree")
    m = services.matter_close(actor=chair_a, matter=m)
    # 4 of 6 households agree (≥ 2/3 overall) but only 1 of 2 hamlets met its own 2/3: not adopted.
    assert m.counts["hamlets_approving"] == 1
    assert m.result == Result.NOT_ADOPTED


def test_hamlet_head_election_needs_recognition(hamlet, head, chair_a, officer_a):
    hs = households(hamlet, 3)
    m = matter(chair_a, hamlet, kind=Kind.HAMLET_HEAD, options_kind=OptionsKind.LIST, labels=["Nguyễn Văn A", "Lê Thị B"])
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs])
    services.hands_record(actor=head, matter=m, choices={hs[0].code: "o2", hs[1].code: "o2", hs[2].code: "o1"})
    m = services.matter_close(actor=head, matter=m)
    assert (m.result, m.adopted_option, m.recognition) == (Result.ADOPTED, "o2", Recognition.PENDING)
    with pytest.raises(PermissionDenied):
        services.matter_recognize(actor=officer_a, matter=m, accept=True, **decision())
    with pytest.raises(DomainError) as exc:
        services.matter_recognize(actor=chair_a, matter=m, accept=False)
    assert _code(exc) == "reason_required"
    m = services.matter_recognize(actor=chair_a, matter=m, accept=True, **decision())
    assert m.recognition == Recognition.RECOGNIZED
    assert LogEntry.objects.filter(object_type="decision", object_id=str(m.pk)).count() == 2
    assert verify_local().ok


def test_contributions_recorded_published_and_only_for_adopted_contribution_matters(client, hamlet, head, citizen):
    from django.urls import reverse

    from danchu.decisions.models import Contribution

    hs = households(hamlet, 3)
    m = matter(head, hamlet, kind=Kind.CONTRIBUTION)
    with pytest.raises(DomainError) as exc:
        services.contribution_record(actor=head, matter=m, kind="decided", amount_vnd=1, on=dt.date(2026, 5, 4))
    assert _code(exc) == "not_adopted"
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs])
    services.hands_record(actor=head, matter=m, choices={h.code: "agree" for h in hs})
    m = services.matter_close(actor=head, matter=m)
    with pytest.raises(PermissionDenied):
        services.contribution_record(actor=citizen, matter=m, kind="collected", amount_vnd=5, on=dt.date(2026, 5, 4))
    services.contribution_record(actor=head, matter=m, kind="decided", amount_vnd=1_500_000, on=dt.date(2026, 5, 4))
    services.contribution_record(actor=head, matter=m, kind="collected", amount_vnd=1_200_000, on=dt.date(2026, 6, 1))
    services.contribution_record(actor=head, matter=m, kind="spent", amount_vnd=700_000, on=dt.date(2026, 6, 9),
                                 note="Mua xi măng")
    with pytest.raises(DomainError):
        services.contribution_record(actor=head, matter=m, kind="spent", amount_vnd=-1, on=dt.date(2026, 6, 9))
    assert Contribution.objects.count() == 3
    assert LogEntry.objects.filter(object_type="decision_contribution").count() == 3
    assert verify_local().ok
    page = client.get(reverse("decisions:public_detail", args=[hamlet.code, m.pk])).content.decode()
    assert "Mua xi măng" in page and "còn lại: 500.000 đ" in page


def test_a_vote_cannot_be_closed_before_its_meeting_starts_and_the_refusal_changes_nothing(hamlet, head):
    from django.utils import timezone

    from danchu.core.models import AuditEvent
    from danchu.decisions.errors import Code

    hs = households(hamlet, 4)
    meeting = timezone.now() + dt.timedelta(days=8)
    m = matter(head, hamlet, meeting_at=meeting, meeting_place="Nhà văn hóa thôn")
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs[:3]])
    services.hands_record(actor=head, matter=m, choices={h.code: "agree" for h in hs[:3]})
    before = Matter.objects.filter(pk=m.pk).values().get()
    audits = AuditEvent.objects.count()
    with pytest.raises(DomainError) as exc:
        services.matter_close(actor=head, matter=m)
    assert _code(exc) == Code.MEETING_NOT_STARTED
    assert "Chưa đến giờ họp" in exc.value.message and timezone.localtime(meeting).strftime("%d/%m/%Y") in exc.value.message
    assert Matter.objects.filter(pk=m.pk).values().get() == before  # still open, no result, no minutes number
    assert not LogEntry.objects.filter(object_type="decision", object_id=str(m.pk), kind="decision.result").exists()
    assert AuditEvent.objects.count() == audits
    # once the meeting has begun the vote closes and the minutes read in order
    Matter.objects.filter(pk=m.pk).update(meeting_at=timezone.now() - dt.timedelta(minutes=5))
    m = services.matter_close(actor=head, matter=Matter.objects.get(pk=m.pk))
    assert m.status == Status.CLOSED and m.meeting_at <= m.closed_at


def test_household_codes_typed_from_paper_ignore_case(hamlet, head, clerk):
    hs = households(hamlet, 2)
    assert hs[0].code != hs[0].code.lower()
    m = matter(head, hamlet, kind=Kind.CONTRIBUTION, form=Form.BALLOT)
    assert services.paper_enter(actor=head, matter=m, household_code=hs[0].code.lower(), choice="agree") == "first"
    assert services.paper_enter(actor=clerk, matter=m, household_code=f" {hs[0].code.lower()} ",
                                choice="agree") == "confirmed"
    meeting = matter(head, hamlet)
    assert services.attendance_record(actor=head, matter=meeting, present_codes=[hs[0].code.lower(), hs[1].code]) == 2
    assert services.hands_record(actor=head, matter=meeting, choices={hs[1].code.lower(): "agree"}) == 1
