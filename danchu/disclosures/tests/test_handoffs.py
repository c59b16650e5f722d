"""A community decision recognised by the commune is made public (dân biết) in the same step.

The decisions app announces the fact through core.registry; this app publishes it (Law Arts. 11,
21, 23). The test drives the real decisions services: area apps do not import each other in code,
but a test of the hand-off may use both.
"""

import pytest

from danchu.core.errors import DomainError
from danchu.decisions import services as decisions
from danchu.decisions.models import Kind, OptionsKind, Recognition
from danchu.decisions.tests.factories import decision, hamlet_head, households, matter
from danchu.disclosures.catalogue import sync_catalogue
from danchu.disclosures.models import Disclosure, DisclosureCategory


@pytest.fixture
def election(tree, chair_a):
    sync_catalogue()
    hamlet = tree["a1"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 3)
    # Called by the commune chair (Decree 59 Art. 3(1)); the village head records the meeting.
    m = matter(chair_a, hamlet, kind=Kind.HAMLET_HEAD, options_kind=OptionsKind.LIST, labels=["Nguyễn Văn A", "Lê Thị B"])
    decisions.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs])
    decisions.hands_record(actor=head, matter=m, choices={hs[0].code: "o2", hs[1].code: "o2", hs[2].code: "o1"})
    return decisions.matter_close(actor=head, matter=m)


def test_recognised_decision_is_published_as_a_disclosure_of_its_category(election, chair_a, tree):
    decisions.matter_recognize(actor=chair_a, matter=election, accept=True, **decision("12/QĐ-UBND"))
    published = Disclosure.objects.get(unit=tree["a"], category__code="commune-11-14")
    assert published.status == "published"
    assert election.title in published.title
    version = published.versions.get(number=published.current_version)
    assert "Lê Thị B" in version.body
    assert "Điều 21" in version.body and "Quyết định số 12/QĐ-UBND" in version.body


def test_refused_recognition_publishes_nothing(election, chair_a):
    decisions.matter_recognize(actor=chair_a, matter=election, accept=False, reason="Sai thủ tục triệu tập")
    assert not Disclosure.objects.exists()


def test_if_publication_is_refused_the_recognition_is_not_recorded_either(election, chair_a):
    DisclosureCategory.objects.filter(code="commune-11-14").update(is_active=False)
    with pytest.raises(DomainError):
        decisions.matter_recognize(actor=chair_a, matter=election, accept=True, **decision())
    election.refresh_from_db()
    assert election.recognition == Recognition.PENDING
    assert not Disclosure.objects.exists()
