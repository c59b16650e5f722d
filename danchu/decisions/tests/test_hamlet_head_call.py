"""Who calls a village head's election or dismissal (Decree 59/2023 Art. 3(1)): the commune chair (and
for a dismissal the hamlet's Front work committee head), never the village head alone."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from danchu.accounts.tests.factories import UserFactory, grant
from danchu.core.errors import PermissionDenied
from danchu.core.roles import Role
from danchu.decisions import services
from danchu.decisions.models import Kind, Matter, Status

from .factories import hamlet_head, households, matter
from .test_access import Unchanged


@pytest.fixture
def hamlet(tree):
    return tree["a1"]


@pytest.fixture
def head(hamlet):
    return hamlet_head(hamlet)


def _election(**kw) -> services.MatterInput:
    return services.MatterInput(kind=Kind.HAMLET_HEAD, title="Bầu Trưởng thôn nhiệm kỳ 2026-2028", **kw)


def test_a_hamlet_head_alone_neither_creates_nor_opens_an_election(hamlet, head, chair_a):
    households(hamlet, 3)
    with Unchanged(), pytest.raises(PermissionDenied):
        services.matter_create(actor=head, unit=hamlet, hamlets=[], data=_election())
    m = services.matter_create(actor=chair_a, unit=hamlet, hamlets=[], data=_election())
    with Unchanged(), pytest.raises(PermissionDenied):
        services.matter_open(actor=head, matter=m)
    m = services.matter_open(actor=chair_a, matter=m)
    assert m.status == Status.OPEN
    # The village head still puts the hamlet's other matters to the vote (Law Art. 16).
    assert matter(head, hamlet, kind=Kind.CONVENTION).status == Status.OPEN


def test_the_hamlets_front_committee_head_may_call_a_dismissal(hamlet):
    households(hamlet, 2)
    front = UserFactory(username="front-a1")
    grant(front, Role.FRONT_OFFICER, unit=hamlet)
    m = services.matter_create(actor=front, unit=hamlet, hamlets=[], data=services.MatterInput(
        kind=Kind.HAMLET_HEAD, title="Cho thôi làm Trưởng thôn"))
    assert services.matter_open(actor=front, matter=m).status == Status.OPEN


def test_the_new_matter_page_offers_the_election_only_to_who_may_call_it(client, hamlet, head, chair_a):
    url = reverse("decisions:new", args=[hamlet.code])
    client.force_login(head)
    select = client.get(url).content.decode().split('name="kind"', 1)[1].split("</select>", 1)[0]
    assert Kind.HAMLET_HEAD not in re.findall(r'<option value="([^"]+)"', select)
    with Unchanged():
        r = client.post(url, {"kind": Kind.HAMLET_HEAD, "title": "Bầu trưởng thôn", "options_kind": "yes_no",
                              "form": "meeting", "channel_rule": "in_person_first"})
    assert r.status_code in (200, 403) and not Matter.objects.exists()
    client.force_login(chair_a)
    select = client.get(url).content.decode().split('name="kind"', 1)[1].split("</select>", 1)[0]
    assert Kind.HAMLET_HEAD in re.findall(r'<option value="([^"]+)"', select)
    r = client.post(url, {"kind": Kind.HAMLET_HEAD, "title": "Bầu trưởng thôn", "options_kind": "yes_no",
                          "form": "meeting", "channel_rule": "in_person_first"})
    assert r.status_code == 302 and Matter.objects.get().kind == Kind.HAMLET_HEAD
