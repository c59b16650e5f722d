"""Dashboards and drill-down: permission scoping, figures linked to their records, bad input."""

import datetime as dt

import pytest
from django.urls import reverse

from danchu.reports.tests.records import case

D = dt.date


@pytest.fixture
def records(tree, reform):
    for _ in range(3):
        case(tree["a"], received=D(2025, 3, 1))
    case(reform["c1"], received=D(2025, 2, 1))  # old commune → counts in A
    case(tree["b"], received=D(2025, 4, 1))
    case(tree["b"], received=D(2024, 4, 1))  # same period last year


def test_province_member_sees_province_dashboard_with_ranking(client, tree, records, steering_province):
    client.force_login(steering_province)
    r = client.get(reverse("reports:dashboard", args=["T01"]) + "?ky=2025")
    assert r.status_code == 200
    html = r.content.decode()
    assert "Kết quả thực hiện dân chủ ở cơ sở năm 2025" in html
    board = r.context["board"]
    row = next(x for x in board.rows if x.ind.code == "cases.received")
    assert (row.value, row.previous, row.last_year) == (5, 1, 1)
    names = [c.unit.name for c in board.children]
    assert names == ["Xã Bình Lục", "Xã Đông Hòa"]  # A has more, ranked first
    assert board.figures.child_value(board.children[1].unit.pk, "cases.received") == 1
    assert reverse("reports:drill", args=["T01", "cases.received"]) + "?ky=2025" in html


def test_commune_member_sees_commune_only(client, tree, records, steering_a):
    """Outside the member's scope (the province above, another commune, the whole country) every page
    answers 404, as for a unit that does not exist — even with a bad period: never the figures."""
    client.force_login(steering_a)
    assert client.get(reverse("reports:dashboard", args=["T0A"])).status_code == 200
    for url in (reverse("reports:dashboard", args=["T01"]), reverse("reports:dashboard", args=["T0B"]),
                reverse("reports:drill", args=["T0B", "cases.received"]), reverse("reports:dashboard", args=["VN"]),
                reverse("reports:chart", args=["T0B", "cases.received"]),
                reverse("reports:download", args=["T0B", "docx"]) + "?ky=2025",
                reverse("reports:dashboard", args=["T0B"]) + "?ky=2025-13"):
        r = client.get(url)
        assert r.status_code == 404, url
        assert "board" not in (r.context or {})


def test_in_scope_without_the_right_is_403(client, tree, records):
    from danchu.accounts.tests.factories import UserFactory, grant
    from danchu.core.roles import Role

    board = UserFactory()
    grant(board, Role.INSPECTION_BOARD, unit=tree["a"])  # works in the commune, does not see its reports
    client.force_login(board)
    assert client.get(reverse("reports:dashboard", args=["T0A"])).status_code == 403
    assert client.get(reverse("reports:drill", args=["T0A", "cases.received"])).status_code == 403
    r = client.get("/api/v1/reports/figures", {"unit": "T0A", "period": "2025"}, headers=_bearer(board))
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"


def test_the_whole_country_is_for_the_platform_operators(client, tree, records, steering_province):
    from danchu.accounts.tests.factories import UserFactory

    client.force_login(steering_province)
    assert client.get(reverse("reports:dashboard", args=["VN"]) + "?ky=2025").status_code == 404
    client.force_login(UserFactory(is_superuser=True))
    r = client.get(reverse("reports:dashboard", args=["VN"]) + "?ky=2025")
    assert r.status_code == 200
    row = next(x for x in r.context["board"].rows if x.ind.code == "cases.received")
    assert row.value == 5


def test_citizen_and_anonymous_are_refused(client, tree, citizen, records):
    r = client.get(reverse("reports:dashboard", args=["T01"]))
    assert r.status_code == 302  # to the login page
    client.force_login(citizen)
    assert client.get(reverse("reports:dashboard", args=["T01"])).status_code == 404  # no scope at all


def test_drill_lists_the_records_behind_the_figure_within_scope(client, tree, reform, records, steering_a):
    """The drill-down lists the cases themselves (tracking code, kind, status, a link to each), grouped
    by the unit they were recorded under — not a count per unit and day — with each unit's share above."""
    from danchu.cases.models import Case, format_tracking_code

    client.force_login(steering_a)
    r = client.get(reverse("reports:drill", args=["T0A", "cases.received"]) + "?ky=2025")
    assert r.status_code == 200
    assert r.context["total"] == 4
    drill = r.context["drill"]
    assert {row.unit.code: row.n for row in drill.summary} == {"T0A": 3, "L00101": 1}
    (part,) = drill.parts
    listed = {g.unit.code: [rec.url for rec in g.records] for g in part.groups}
    in_scope = Case.objects.filter(unit__code__in=["T0A", "L00101"])
    assert listed == {code: [reverse("cases:detail", args=[c.pk]) for c in in_scope.filter(unit__code=code).order_by("pk")]
                      for code in ("T0A", "L00101")}  # the old commune's record, shown under its own name
    html = r.content.decode()
    for c in in_scope:
        assert format_tracking_code(c.tracking_code) in html
        assert c.title not in html  # never the text the filer wrote
    for c in Case.objects.filter(unit__code="T0B"):
        assert format_tracking_code(c.tracking_code) not in html
    assert html.count('class="record"') == 4
    assert "đơn vị trước sắp xếp" in html
    assert reverse("cases:queue", args=["T0A"]) in html


def test_drill_pages_through_the_records(client, tree, steering_a, monkeypatch):
    from danchu.reports import selectors

    monkeypatch.setattr(selectors, "DRILL_PAGE", 2)
    for day in (1, 2, 3, 4, 5):
        case(tree["a"], received=D(2025, 3, day))
    client.force_login(steering_a)
    url = reverse("reports:drill", args=["T0A", "cases.received"]) + "?ky=2025"
    first = client.get(url).context["drill"].parts[0]
    assert (first.shown, first.has_next) == (2, True)
    third = client.get(url + "&trang=3").context["drill"].parts[0]
    assert (third.shown, third.first, third.has_next) == (1, 5, False)
    assert [rec.day for g in third.groups for rec in g.records] == [D(2025, 3, 5)]
    assert client.get(url + "&trang=abc").context["drill"].parts[0].first == 1


def test_drill_of_a_ratio_lists_its_numerator_and_denominator(client, tree, steering_a):
    case(tree["a"], received=D(2025, 1, 5), status="resolved", resolved=D(2025, 2, 1), on_time=True)
    case(tree["a"], received=D(2025, 1, 6), status="resolved", resolved=D(2025, 2, 2), on_time=False)
    client.force_login(steering_a)
    r = client.get(reverse("reports:drill", args=["T0A", "cases.on_time_rate"]) + "?ky=2025")
    assert r.status_code == 200
    drill = r.context["drill"]
    assert drill.total == 50.0
    assert [(p.ind.code, p.total, sum(len(g.records) for g in p.groups)) for p in drill.parts] == [
        ("cases.resolved_on_time", 1, 1), ("cases.resolved", 2, 2)]
    assert [(row.n, row.of, row.rate) for row in drill.summary] == [(1, 2, 50.0)]


def test_bad_period_and_unknown_indicator_are_clear_errors(client, tree, steering_province):
    client.force_login(steering_province)
    r = client.get(reverse("reports:dashboard", args=["T01"]) + "?ky=2025-03-31..2025-01-01")
    assert r.status_code == 400
    assert "ngày kết thúc (01/01/2025) trước ngày bắt đầu (31/03/2025)" in r.content.decode()
    r = client.get(reverse("reports:drill", args=["T01", "khong.co"]) + "?ky=2025")
    assert r.status_code == 400
    assert "Không có chỉ tiêu mã" in r.content.decode()


def test_chart_is_a_png(client, tree, records, steering_province):
    client.force_login(steering_province)
    r = client.get(reverse("reports:chart", args=["T01", "cases.received"]) + "?ky=2025")
    assert r.status_code == 200 and r["Content-Type"] == "image/png" and r.content[:4] == b"\x89PNG"


def test_api_figures_same_numbers_and_scope(client, tree, records, steering_a):
    client.force_login(steering_a)
    r = client.get("/api/v1/reports/figures", {"unit": "T0A", "period": "2025", "indicators": "cases.received"})
    assert r.status_code == 200
    assert r.json()["figures"] == [{"code": "cases.received", "name": "Phản ánh, kiến nghị, khiếu nại, tố cáo tiếp nhận",
                                    "measure": "vụ việc", "value": 4, "previous": 0, "last_year": 0}]
    r = client.get("/api/v1/reports/figures", {"unit": "T0A", "period": "2025-13"})
    assert r.status_code == 400 and r.json()["code"] == "period_invalid"


def _bearer(user) -> dict:
    from danchu.accounts.services import api_token_create

    return {"Authorization": f"Bearer {api_token_create(user=user)}"}


@pytest.mark.parametrize("period", ["2025", "2025-13"])
def test_api_figures_of_another_commune_are_404(client, tree, records, officer_b, steering_a, period):
    """Another commune's officer (who sees reports in their own commune) gets 404 for commune A's
    figures, as for a unit that does not exist — before the period is read; so does a commune
    member for the province above."""
    for user, code in ((officer_b, "T0A"), (steering_a, "T0B"), (steering_a, "T01")):
        r = client.get("/api/v1/reports/figures", {"unit": code, "period": period}, headers=_bearer(user))
        assert (r.status_code, r.json()["code"]) == (404, "not_found"), (user, code)
        assert "figures" not in r.json()


def test_dashboard_from_the_month_roll_up_shows_the_same_figures(client, tree, records, steering_province, settings):
    from danchu.reports.rollup import refresh

    client.force_login(steering_province)
    url = reverse("reports:dashboard", args=["T01"]) + "?ky=2025"
    direct = client.get(url).context["board"]
    refresh(start=D(2024, 1, 1), end=D(2025, 12, 31))
    settings.DANCHU_REPORTS_ROLLUP = True
    board = client.get(url).context["board"]
    assert board.figures.source == "rollup"
    assert [(r.ind.code, r.value, r.previous, r.last_year) for r in board.rows] == [
        (r.ind.code, r.value, r.previous, r.last_year) for r in direct.rows]
    assert [(c.unit.pk, c.cells) for c in board.children] == [(c.unit.pk, c.cells) for c in direct.children]
    assert board.trend == direct.trend
