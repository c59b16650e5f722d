import random

from danchu.accounts.tests.factories import UserFactory
from danchu.cases.models import Case
from danchu.dialogues.demo import seed_dialogues
from danchu.dialogues.models import Commitment, Dialogue, ReceptionVisit


def test_demo_records_go_through_the_services_and_are_added_once(tree):
    admin = UserFactory(is_superuser=True)
    counts = seed_dialogues(commune=tree["a"], actor=admin, rng=random.Random(1))
    assert counts["dialogues"] == Dialogue.objects.count() == 4
    assert counts["commitments"] == Commitment.objects.count() == 4
    assert counts["visits"] == ReceptionVisit.objects.count() >= 3
    assert Case.objects.count() == ReceptionVisit.objects.exclude(case_code="").count() >= 1
    assert seed_dialogues(commune=tree["a"], actor=admin, rng=random.Random(1)) == {}
    assert Dialogue.objects.count() == 4
