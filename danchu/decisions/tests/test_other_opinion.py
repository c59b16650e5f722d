"""A household choosing "Ý kiến khác" may say what its opinion is (Decree 59/2023 Art. 5(2)(d)):
optional, at most 500 characters, input-guarded; stored with the ballot; shown to the officials with
the household (not on a secret ballot) and in the minutes without it; never public with the household."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from danchu.core.errors import DomainError
from danchu.core.inputs import InputError
from danchu.decisions import services
from danchu.decisions.minutes import minutes_docx
from danchu.decisions.models import Form, Vote

from .factories import hamlet_head, households, matter, representative_user
from .test_access import Unchanged

pytestmark = pytest.mark.django_db

OPINION = "Đề nghị lắp thêm đèn ở ngõ xóm Giữa."


@pytest.fixture
def online(tree):
    hamlet = tree["a1"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 4)
    m = matter(head, hamlet, form=Form.ONLINE, online_agreed=3, title="Lắp đèn đường trục thôn")
    return head, hs, m


def test_other_opinion_is_stored_optional_and_belongs_to_that_choice(online):
    head, hs, m = online
    rep = representative_user(hs[0])
    services.vote_online(actor=rep, matter=m, choice="other", opinion=f"  {OPINION}  ")
    assert Vote.objects.get(matter=m).opinion == OPINION
    services.vote_online(actor=rep, matter=m, choice="agree", opinion=OPINION)  # changed: the opinion goes with it
    assert (Vote.objects.get(matter=m).choice, Vote.objects.get(matter=m).opinion) == ("agree", "")
    other = representative_user(hs[1])
    services.vote_online(actor=other, matter=m, choice="other")  # optional: an unexplained other opinion counts
    assert Vote.objects.get(matter=m, household=hs[1]).choice == "other"


@pytest.mark.parametrize(("opinion", "exc", "code"), [
    ("x" * 501, DomainError, "opinion_invalid"),
    ("Ý kiến\x00khác", InputError, "invalid_characters"),
])
def test_other_opinion_too_long_or_with_control_characters_is_refused(online, opinion, exc, code):
    head, hs, m = online
    rep = representative_user(hs[0])
    services.vote_online(actor=rep, matter=m, choice="other", opinion=OPINION)
    with Unchanged(), pytest.raises(exc) as err:
        services.vote_online(actor=rep, matter=m, choice="other", opinion=opinion)
    assert err.value.code == code
    assert Vote.objects.get(matter=m).opinion == OPINION


def test_vote_page_has_a_labelled_box_and_officials_and_minutes_see_the_opinion(client, online, officer_a):
    head, hs, m = online
    rep = representative_user(hs[0])
    client.force_login(rep)
    url = reverse("decisions:vote", args=[m.pk])
    page = client.get(url).content.decode()
    assert '<label for="id_opinion">' in page and '<textarea name="opinion" id="id_opinion"' in page
    assert 'maxlength="500"' in page
    with Unchanged():
        r = client.post(url, {"choice": "other", "opinion": "y" * 501})
    assert r.status_code == 400
    body = r.content.decode()
    assert 'href="#id_opinion"' in body and "y" * 501 in body  # the error linked to the box, the text kept
    assert client.post(url, {"choice": "other", "opinion": OPINION}).status_code == 302
    assert OPINION in client.get(url).content.decode()

    client.force_login(head)
    detail = client.get(reverse("decisions:detail", args=[m.pk])).content.decode()
    opinions = detail.split('id="other-opinions"', 1)[1].split("</ul>", 1)[0]
    assert hs[0].code in opinions and OPINION in opinions

    m = services.matter_close(actor=head, matter=m)
    client.logout()
    public = client.get(reverse("decisions:public_detail", args=[m.unit.code, m.pk])).content.decode()
    assert OPINION not in public  # never public beside the household
    text = "\n".join(p.text for p in Document(io.BytesIO(minutes_docx(m))).paragraphs)
    assert f"1. {OPINION}" in text and "không ghi tên hộ" in text
    # The online minutes list who took part (Decree 59 Art. 5(4)), but no opinion is tied to a household.
    line = next(t for t in text.splitlines() if OPINION in t)
    assert line == f"1. {OPINION}"


def test_a_secret_ballot_shows_the_officials_the_opinion_without_the_household(client, tree):
    hamlet = tree["a1"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 3)
    m = matter(head, hamlet, form=Form.ONLINE, online_agreed=2, secret=True)
    services.vote_online(actor=representative_user(hs[0]), matter=m, choice="other", opinion=OPINION)
    client.force_login(head)
    detail = client.get(reverse("decisions:detail", args=[m.pk])).content.decode()
    opinions = detail.split('id="other-opinions"', 1)[1].split("</ul>", 1)[0]
    assert OPINION in opinions and hs[0].code not in opinions


def test_the_api_takes_the_opinion(client, online):
    from .test_access import _h

    head, hs, m = online
    rep = representative_user(hs[0])
    r = client.post(f"/api/v1/decisions/matters/{m.pk}/vote", {"choice": "other", "opinion": OPINION},
                    content_type="application/json", headers=_h(client, rep))
    assert r.status_code == 200 and r.json()["opinion"] == OPINION
