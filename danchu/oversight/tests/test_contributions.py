"""The investment supervision board sees the contributions households decided by vote, asked of the
decisions app through core.registry (oversight never imports decisions)."""

import datetime as dt

from django.utils import timezone

from danchu.decisions.models import Contribution, Matter
from danchu.oversight.selectors import contributions_for


def test_contributions_decided_by_vote_are_visible_to_oversight(tree):
    m = Matter.objects.create(unit=tree["a1"], kind="contribution", title="Đóng góp làm đường bê tông thôn Đồng Quê",
                              status="closed", result="adopted", closed_at=timezone.now())
    Contribution.objects.create(matter=m, kind="decided", amount_vnd=300_000_000, on=dt.date(2026, 3, 1))
    Contribution.objects.create(matter=m, kind="collected", amount_vnd=250_000_000, on=dt.date(2026, 4, 1))
    Matter.objects.create(unit=tree["b1"], kind="contribution", title="Xã khác", status="closed")
    rows = contributions_for(tree["a"])
    assert rows == [{"matter_id": m.pk, "title": m.title, "unit_code": "T0A-01", "unit_name": "Thôn Đồng Quê",
                     "decided_vnd": 300_000_000, "collected_vnd": 250_000_000, "spent_vnd": 0,
                     "url": f"/u/T0A-01/ban-quyet/{m.pk}/"}]
    assert contributions_for(tree["b"]) == []
