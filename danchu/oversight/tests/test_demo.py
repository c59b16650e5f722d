import random

from danchu.accounts.tests.factories import UserFactory
from danchu.core.indicators import indicator
from danchu.oversight.demo import seed_oversight_demo
from danchu.oversight.models import Board, Recommendation, RecState

from .factories import today


def test_demo_records_cover_every_stage_and_run_once(tree):
    actor = UserFactory(is_superuser=True, is_staff=True)
    out = seed_oversight_demo(commune=tree["a"], actor=actor, rng=random.Random(1))
    assert out["created"]
    assert Board.objects.filter(unit=tree["a"]).count() == 2
    states = set(Recommendation.objects.values_list("state", flat=True))
    assert states == {RecState.SENT, RecState.ANSWERED, RecState.CLOSED}
    assert Recommendation.objects.filter(overdue_on__isnull=False).count() == 1
    start = today().replace(year=today().year - 1)
    held = sum(n for _, _, n in indicator("oversight.front_supervisions_held").counter(start=start, end=today()))
    assert held == 2
    assert seed_oversight_demo(commune=tree["a"], actor=actor, rng=random.Random(1)) == {"created": False}
    assert Board.objects.filter(unit=tree["a"]).count() == 2
