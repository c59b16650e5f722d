"""Who may act on community decisions, beyond the declared rules the permission matrix walks
(core/tests/test_access_matrix.py, cases in access_cases.py): the rules kept in the services' bodies,
each refused with nothing changed, and the same answers through the pages and the API.

- a vote is given only by the representative of a household of the frozen electorate (Law Art. 18);
- a paper ballot is typed twice by two different people (the four-eyes rule of the paper count);
- the ballots of a commune-wide matter are typed in by the head of each household's own hamlet.

A draft is private (404 outside its unit); a matter put to the vote is public (403 without the right).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from danchu.accounts.services import api_token_create
from danchu.accounts.tests.factories import UserFactory, grant
from danchu.core.errors import NotFound, PermissionDenied
from danchu.core.roles import Role
from danchu.core.tests import matrix
from danchu.decisions import services
from danchu.decisions.models import ConventionStatus, Form, Kind, Matter, PaperEntry, Status, Vote
from danchu.decisions.selectors import matter_get_for_recording

from .factories import decision, hamlet_head, households, matter, representative_user

pytestmark = pytest.mark.django_db


class Unchanged:
    """Every table, stored file and task as before the block (the matrix's own snapshot)."""

    def __enter__(self):
        self.tasks = matrix.TaskCounter()
        self.before = matrix.snapshot(self.tasks)
        return self

    def __exit__(self, *exc):
        assert matrix.changes(self.before, matrix.snapshot(self.tasks)) == []
        return False


def _refused(exc_type, fn, **kw):
    with Unchanged(), pytest.raises(exc_type) as err:
        fn(**kw)
    return err.value


def _h(client, user):
    """API headers for `user`, the token already used once (its last-use time is then kept 5 minutes)."""
    headers = {"Authorization": f"Bearer {api_token_create(user=user)}"}
    assert client.get("/api/v1/decisions/my-votes", headers=headers).status_code == 200
    return headers


@pytest.fixture
def a1(tree):
    return tree["a1"]


@pytest.fixture
def head(a1):
    return hamlet_head(a1)


# --- the household representative of the household that votes -------------------------------------


def test_only_the_representative_of_a_household_of_the_electorate_votes(a1, head):
    hs = households(a1, 3)
    m = matter(head, a1, form=Form.ONLINE, online_agreed=2)
    # Holds the hamlet's household-representative grant (passes the declared rule), but heads no
    # household of this matter's frozen electorate: its household moved in after opening.
    newcomer = representative_user(households(a1, 1, prefix="MOI")[0])
    err = _refused(PermissionDenied, services.vote_online, actor=newcomer, matter=m, choice="agree")
    assert err.code == "permission_denied" and "người đại diện của hộ" in err.message
    services.vote_online(actor=representative_user(hs[0]), matter=m, choice="agree")
    assert Vote.objects.filter(matter=m).count() == 1


def test_a_representative_whose_grant_was_revoked_no_longer_votes(a1, head):
    hs = households(a1, 3)
    m = matter(head, a1, form=Form.ONLINE, online_agreed=2)
    rep = representative_user(hs[0])
    rep.role_grants.update(revoked_at=m.opened_at)
    rep = type(rep).objects.get(pk=rep.pk)  # the grants are read afresh
    err = _refused(PermissionDenied, services.vote_online, actor=rep, matter=m, choice="agree")
    assert err.code == "permission_denied"


def test_vote_page_refuses_before_showing_the_ballot(client, a1, head, citizen):
    hs = households(a1, 3)
    m = matter(head, a1, form=Form.ONLINE, online_agreed=2)
    url = reverse("decisions:vote", args=[m.pk])
    newcomer = representative_user(households(a1, 1, prefix="MOI")[0])
    for user in (citizen, newcomer):  # a public matter: no right → 403, not the ballot
        client.force_login(user)
        assert client.get(url).status_code == 403
        with Unchanged():
            assert client.post(url, {"choice": "agree"}).status_code == 403
    client.force_login(representative_user(hs[0]))
    assert client.get(url).status_code == 200
    draft = matter(head, a1, open_=False)
    assert client.get(reverse("decisions:vote", args=[draft.pk])).status_code == 403  # in the hamlet, no view right


def test_api_vote_on_a_public_matter_without_the_right_is_403(client, a1, head, citizen, officer_b):
    households(a1, 3)
    m = matter(head, a1, form=Form.ONLINE, online_agreed=2)
    newcomer = representative_user(households(a1, 1, prefix="MOI")[0])
    for user in (citizen, officer_b, newcomer):
        headers = _h(client, user)
        with Unchanged():
            r = client.post(f"/api/v1/decisions/matters/{m.pk}/vote", {"choice": "agree"},
                            content_type="application/json", headers=headers)
        assert r.status_code == 403, user


# --- paper ballots: two typings by two different people ---------------------------------------------


def test_the_second_typing_of_a_ballot_is_by_another_person(a1, head):
    hs = households(a1, 2)
    clerk = hamlet_head(a1, username="clerk-a1")
    m = matter(head, a1, form=Form.BALLOT)
    assert services.paper_enter(actor=head, matter=m, household_code=hs[0].code, choice="agree") == "first"
    err = _refused(PermissionDenied, services.paper_enter, actor=head, matter=m, household_code=hs[0].code,
                   choice="agree")
    assert "người khác" in err.message and err.field == "household"
    assert PaperEntry.objects.filter(matter=m).count() == 1 and not Vote.objects.filter(matter=m).exists()
    assert services.paper_enter(actor=clerk, matter=m, household_code=hs[0].code, choice="agree") == "confirmed"


def test_meeting_page_shows_the_four_eyes_refusal_as_a_message(client, a1, head):
    hs = households(a1, 2)
    m = matter(head, a1, form=Form.BALLOT)
    url = reverse("decisions:meeting", args=[m.pk])
    client.force_login(head)
    client.post(url, {"step": "paper", "household": hs[0].code, "choice": "agree"})
    with Unchanged():
        r = client.post(url, {"step": "paper", "household": hs[0].code, "choice": "agree"}, follow=True)
    assert r.status_code == 200 and "phải do một người khác" in r.content.decode()


# --- the head of the household's hamlet types in a commune-wide matter's ballots ---------------------


@pytest.fixture
def commune_ballot(tree, officer_a):
    a1_hs = households(tree["a1"], 2)
    a2_hs = households(tree["a2"], 2)
    m = matter(officer_a, tree["a"], kind=Kind.CONTRIBUTION, form=Form.BALLOT, hamlets=[tree["a1"], tree["a2"]])
    return m, a1_hs, a2_hs


def test_hamlet_head_types_in_only_the_ballots_of_the_hamlet(tree, commune_ballot, officer_a):
    m, a1_hs, a2_hs = commune_ballot
    head1, head2 = hamlet_head(tree["a1"]), hamlet_head(tree["a2"])
    _refused(PermissionDenied, services.paper_enter, actor=head2, matter=m, household_code=a1_hs[0].code, choice="agree")
    _refused(PermissionDenied, services.paper_enter, actor=head1, matter=m, household_code=a2_hs[0].code, choice="agree")
    assert services.paper_enter(actor=head1, matter=m, household_code=a1_hs[0].code, choice="agree") == "first"
    # The commune's officer reaches every hamlet: the second typing.
    assert services.paper_enter(actor=officer_a, matter=m, household_code=a1_hs[0].code, choice="agree") == "confirmed"
    # A mismatch in A2 is reconciled in A2, not by A1's head.
    services.paper_enter(actor=head2, matter=m, household_code=a2_hs[0].code, choice="agree")
    assert services.paper_enter(actor=officer_a, matter=m, household_code=a2_hs[0].code, choice="disagree") == "mismatch"
    _refused(PermissionDenied, services.paper_reconcile, actor=head1, matter=m, household_code=a2_hs[0].code,
             choice="agree")
    services.paper_reconcile(actor=head2, matter=m, household_code=a2_hs[0].code, choice="agree")


def test_hamlet_head_opens_the_meeting_page_of_a_commune_wide_matter(client, tree, commune_ballot):
    m, a1_hs, a2_hs = commune_ballot
    head1, head_b = hamlet_head(tree["a1"]), hamlet_head(tree["b1"])
    assert matter_get_for_recording(user=head1, pk=m.pk) == m
    with pytest.raises(NotFound):
        matter_get_for_recording(user=head_b, pk=m.pk)
    url = reverse("decisions:meeting", args=[m.pk])
    client.force_login(head1)
    assert client.get(url).status_code == 200
    with Unchanged():  # a ballot of the other hamlet: refused, not a message
        assert client.post(url, {"step": "paper", "household": a2_hs[0].code, "choice": "agree"}).status_code == 403
    client.post(url, {"step": "paper", "household": a1_hs[0].code, "choice": "agree"})
    assert PaperEntry.objects.filter(matter=m, entered_by=head1).count() == 1
    client.force_login(head_b)
    assert client.get(url).status_code == 404


# --- pages and API: 404 outside the unit for a draft, 403 on a public matter -----------------------


def test_new_matter_page_refuses_before_the_form(client, a1, head, officer_b, citizen):
    url = reverse("decisions:new", args=[a1.code])
    rep = representative_user(households(a1, 1)[0])
    for user, status in ((officer_b, 404), (citizen, 404), (rep, 403)):
        client.force_login(user)
        assert client.get(url).status_code == status
        with Unchanged():
            assert client.post(url, {"kind": "other", "title": "X", "options_kind": "yes_no", "form": "meeting",
                                     "channel_rule": "in_person_first"}).status_code == status
    client.force_login(head)
    assert client.get(url).status_code == 200


def test_manage_page_is_the_units_officials(client, a1, officer_b):
    rep = representative_user(households(a1, 1)[0])
    client.force_login(officer_b)
    assert client.get(reverse("decisions:manage", args=[a1.code])).status_code == 404
    client.force_login(rep)
    assert client.get(reverse("decisions:manage", args=[a1.code])).status_code == 403


def test_actions_on_a_draft_are_404_outside_and_on_an_open_matter_403(client, a1, head, officer_b):
    households(a1, 2)
    draft = matter(head, a1, open_=False)
    opened = matter(head, a1)
    client.force_login(officer_b)
    with Unchanged():
        assert client.post(reverse("decisions:action", args=[draft.pk, "open"])).status_code == 404
        assert client.post(reverse("decisions:action", args=[draft.pk, "agreement"]), {"agreed": "x"}).status_code == 404
        assert client.post(reverse("decisions:action", args=[opened.pk, "close"])).status_code == 403
        assert client.post(reverse("decisions:action", args=[opened.pk, "scan"])).status_code == 403
        assert client.get(reverse("decisions:detail", args=[opened.pk])).status_code == 404  # the officials' view
    assert Matter.objects.get(pk=opened.pk).status == Status.OPEN


def test_api_creation_outside_the_unit_is_404_and_acting_on_a_public_matter_403(client, tree, head, officer_b, citizen):
    a1 = tree["a1"]
    households(a1, 2)
    body = {"unit": a1.code, "kind": "other", "title": "Trồng cây", "form": "meeting"}
    rep = representative_user(households(a1, 1, prefix="R")[0])
    headers = {user: _h(client, user) for user in (officer_b, citizen, rep)}
    for user, status in ((officer_b, 404), (citizen, 404), (rep, 403)):
        with Unchanged():
            r = client.post("/api/v1/decisions/matters", body, content_type="application/json", headers=headers[user])
        assert r.status_code == status, (user, r.content)
    draft = matter(head, a1, open_=False)
    opened = matter(head, a1)
    with Unchanged():
        assert client.post(f"/api/v1/decisions/matters/{draft.pk}/open", headers=headers[officer_b]).status_code == 404
        assert client.post(f"/api/v1/decisions/matters/{opened.pk}/close", headers=headers[officer_b]).status_code == 403
        assert client.post(f"/api/v1/decisions/matters/{opened.pk}/close", headers=headers[rep]).status_code == 403


def test_conventions_page_steps_refused_before_any_change(client, a1, head, officer_b, citizen):
    v = services.convention_draft(actor=head, hamlet=a1, title="thôn", text="Điều 1.")
    url = reverse("decisions:conventions", args=[a1.code])
    for user in (officer_b, citizen):
        client.force_login(user)
        with Unchanged():
            # A new draft is made in the hamlet (private: 404); the listed draft is public (403).
            assert client.post(url, {"step": "draft", "title": "x", "text": "y"}).status_code == 404
            assert client.post(url, {"step": "post", "version": v.pk}).status_code == 403
            assert client.post(url, {"step": "vote", "version": v.pk}).status_code == 403
    client.logout()
    services.convention_post(actor=head, version=v)
    with Unchanged():
        r = client.post(url, {"step": "comment", "version": v.pk, "text": "Góp ý"})
    assert r.status_code == 302 and r.url.startswith(resolve_url(settings.LOGIN_URL))
    client.force_login(citizen)
    client.post(url, {"step": "comment", "version": v.pk, "text": "Góp ý"})
    v.refresh_from_db()
    assert v.status == ConventionStatus.COMMENTING and v.comments.count() == 1


def test_hamlet_head_does_not_recognise_and_commune_officer_neither(a1, head, officer_a, chair_a):
    hs = households(a1, 3)
    m = matter(chair_a, a1, kind=Kind.HAMLET_HEAD)  # called by the commune chair (Decree 59 Art. 3(1))
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs])
    services.hands_record(actor=head, matter=m, choices={h.code: "agree" for h in hs})
    m = services.matter_close(actor=head, matter=m)
    for user in (head, officer_a):
        _refused(PermissionDenied, services.matter_recognize, actor=user, matter=m, accept=True, **decision())
    services.matter_recognize(actor=chair_a, matter=m, accept=True, **decision())


def test_grants_of_another_role_do_not_record(a1, head):
    households(a1, 2)
    m = matter(head, a1)
    front = UserFactory(username="front-a1")
    grant(front, Role.FRONT_OFFICER, unit=a1)  # reads the matters, does not record
    _refused(PermissionDenied, services.attendance_record, actor=front, matter=m, present_codes=[])
