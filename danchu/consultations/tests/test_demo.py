import random

from danchu.accounts.tests.factories import UserFactory
from danchu.consultations.demo import LAND_USE_TITLE, REGULATION_TITLE, seed_consultations
from danchu.consultations.models import Consultation, Report
from danchu.core.models import LogEntry


def test_demo_consultations_are_made_once(tree):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert seed_consultations(commune=tree["a"], actor=admin, rng=random.Random(1)) == 2
    assert seed_consultations(commune=tree["a"], actor=admin, rng=random.Random(1)) == 0
    land = Consultation.objects.get(title=LAND_USE_TITLE)
    assert land.status == "open" and land.opinions_count == 6 and land.answered_count == 2
    reg = Consultation.objects.get(title=REGULATION_TITLE)
    assert reg.status == "final" and Report.objects.get(consultation=reg).content["accepted"] == 2
    assert LogEntry.objects.filter(object_type="consultation").count() == 1
