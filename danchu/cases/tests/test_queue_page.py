"""The officer's queue: codes written as the citizen was given them, overdue cases marked in words."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from danchu.cases.models import Case

from .factories import file_case


def test_queue_shows_dashed_codes_and_marks_overdue_cases(client, tree, officer_a):
    late = file_case(tree["a"], title="Đường ngập nước")
    on_time = file_case(tree["a"], title="Cây đổ chắn đường")
    Case.objects.filter(pk=late.pk).update(next_due=timezone.localdate() - dt.timedelta(days=2))
    Case.objects.filter(pk=on_time.pk).update(next_due=timezone.localdate() + dt.timedelta(days=5))
    client.force_login(officer_a)
    html = client.get(reverse("cases:queue", args=[tree["a"].code])).content.decode()
    late.refresh_from_db()
    assert late.display_code in html and late.display_code.count("-") == 2
    rows = {title: row for row in html.split("<tr")[1:] for title in (late.title, on_time.title) if title in row}
    assert 'class="overdue"' in rows[late.title] and "Quá hạn" in rows[late.title]
    assert "Quá hạn" not in rows[on_time.title]
