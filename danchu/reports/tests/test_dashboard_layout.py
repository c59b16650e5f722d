"""The dashboard serves a province of a hundred communes (units with activity first, at most ten on
the page, the rest a page at a time, the idle ones in one line) and speaks the reader's language while
the documents the Committee signs stay Vietnamese."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from danchu.core.indicators import indicators
from danchu.core.pillars import PILLARS
from danchu.reports.tests.records import case
from danchu.units.tests.factories import UnitFactory

D = dt.date


@pytest.fixture
def many(tree):
    """Commune A and B of the tree plus 40 more communes; 13 have cases in 2025, the others nothing."""
    p = tree["province"]
    extra = [UnitFactory(code=f"T9{i:02d}", name=f"Xã Thử {i:02d}", short_name=f"Thử {i:02d}", parent=p)
             for i in range(40)]
    busy = [tree["a"], tree["b"], *extra[:11]]
    for i, unit in enumerate(busy):
        for _ in range(1 + i % 3):
            case(unit, received=D(2025, 3, 1))
    return {"busy": busy, "idle": extra[11:]}


def _rows(html: str) -> list[str]:
    body = html.split('<table class="ranking">', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr[ >]", body.split("<tbody>", 1)[1])


def test_units_with_activity_first_and_idle_ones_in_one_line(client, many, steering_province):
    client.force_login(steering_province)
    r = client.get(reverse("reports:dashboard", args=["T01"]) + "?ky=2025")
    assert r.status_code == 200
    html = r.content.decode()
    assert len(_rows(html)) == 10  # 13 with activity: ten here …
    full = reverse("reports:children", args=["T01"]) + "?ky=2025"
    assert full in html and "Xem đủ 13 đơn vị có số liệu" in html  # … and a link to all of them
    details = html.split('<details class="idle-units">', 1)[1].split("</details>", 1)[0]
    assert "29 xã, phường không có số liệu trong kỳ" in details
    for unit in many["idle"]:
        assert unit.name in details
        assert f">{unit.name}</a></td>" not in html  # never a row of zeros
    for unit in many["busy"][:10]:
        assert unit.name not in details
    board = r.context["board"]
    assert [c.active for c in board.children] == [True] * 13 + [False] * 29


def test_the_full_list_pages_through_the_units_with_activity(client, many, steering_province, monkeypatch):
    from danchu.reports import views

    monkeypatch.setattr(views, "CHILDREN_PAGE", 5)
    client.force_login(steering_province)
    url = reverse("reports:children", args=["T01"]) + "?ky=2025"
    pages = [client.get(url + f"&trang={n}") for n in (1, 2, 3)]
    assert [len(_rows(p.content.decode())) for p in pages] == [5, 5, 3]
    names = [c.unit.name for p in pages for c in p.context["page"].object_list]
    assert sorted(names) == sorted(u.name for u in many["busy"])
    assert '<td>6</td>' in pages[1].content.decode()  # ranks continue across pages
    assert "29 xã, phường không có số liệu trong kỳ" in pages[0].content.decode()


def test_indicators_at_zero_are_one_line_per_pillar(client, tree, steering_province):
    case(tree["a"], received=D(2025, 3, 1))
    client.force_login(steering_province)
    html = client.get(reverse("reports:dashboard", args=["T01"]) + "?ky=2025").content.decode()
    table = html.split('<table class="indicators">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr>\s*<td><a href="\?ky=2025&amp;bieu-do=([^"]+)"', table)
    assert "cases.received" in rows and "cases.received.feedback" in rows
    assert "disclosures.published" not in rows
    quiet = re.findall(r'<tr class="quiet">', table)
    assert 0 < len(quiet) <= len(PILLARS) + 1
    for ind in indicators():  # every figure still links to its records
        assert f'data-code="{ind.code}"' in table


def _english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


def test_english_dashboard_has_no_vietnamese_indicator_name(client, tree, steering_province):
    case(tree["a"], received=D(2025, 3, 1))
    client.force_login(steering_province)
    vi = client.get(reverse("reports:dashboard", args=["T01"]) + "?ky=2025").content.decode()
    _english(client)
    r = client.get(reverse("reports:dashboard", args=["T01"]) + "?ky=2025")
    en = r.content.decode()
    shown = {row.ind.code for _, _, rows, _ in r.context["board"].pillar_rows for row in rows}
    assert '<html lang="en">' in en
    with translation.override("en"):
        english = {i.code: (translation.gettext(i.name), translation.gettext(i.definition), i.measure_label)
                   for i in indicators()}
    for ind in indicators():
        assert escape(ind.name) in vi, ind.code
        assert escape(ind.name) not in en, ind.code
        name, definition, measure = english[ind.code]
        assert name != ind.name and escape(name) in en, ind.code
        assert definition != ind.definition and escape(definition) in en, ind.code
        if ind.code in shown:
            assert f"({measure})" in en, ind.code
    from danchu.reports.selectors import PILLAR_TITLE

    for key, title in PILLAR_TITLE.items():
        if key in {p for p, _, _, _ in r.context["board"].pillar_rows}:
            assert f">{title}</th>" in vi and f">{title}</th>" not in en, key
    assert "vụ việc" not in en and "(cases)" in en
    from danchu.core.indicators import indicator

    with translation.override("en"):  # "ngày" as a unit of measure, not the "dated" of a document line
        assert indicator("reception.days_held").measure_label == "days"
        assert indicator("decisions.contributions_collected").measure_label == "VND"
    with translation.override("vi"):
        assert indicator("reception.days_held").measure_label == "ngày"
    assert "năm 2025" in vi and "năm 2025" not in en
    # the chart image is cached by the browser: each language has its own address
    assert "&amp;lang=vi" in vi and "&amp;lang=en" in en


def test_english_drill_down_and_export_status(client, tree, steering_province):
    from danchu.reports.models import ExportStatus, ReportExport

    case(tree["a"], received=D(2025, 3, 1))
    client.force_login(steering_province)
    _english(client)
    en = client.get(reverse("reports:drill", args=["T01", "cases.received"]) + "?ky=2025").content.decode()
    assert "Feedback, recommendations, complaints and denunciations received" in en
    assert "Phản ánh, kiến nghị, khiếu nại, tố cáo tiếp nhận" not in en
    assert " · Feedback · Received" in en or " · Feedback · " in en
    for status, english in ((ExportStatus.QUEUED, "Waiting"), (ExportStatus.DONE, "Done"), (ExportStatus.FAILED, "Error")):
        e = ReportExport.objects.create(unit=tree["province"], period="2025", fmt="docx", status=status)
        html = client.get(reverse("reports:export", args=[e.pk])).content.decode()
        assert f">{english}</strong>" in html, status
        assert f">{ExportStatus(status).label}</strong>" not in html


def test_documents_stay_vietnamese_on_the_english_site(client, tree, steering_province):
    from danchu.reports.tests.test_documents import docx_text

    case(tree["a"], received=D(2025, 3, 1))
    client.force_login(steering_province)
    _english(client)
    r = client.get(reverse("reports:download", args=["T01", "docx"]) + "?ky=2025")
    assert r.status_code == 200
    text = docx_text(r.content)
    assert "Phản ánh, kiến nghị, khiếu nại, tố cáo tiếp nhận: 1 vụ việc" in text
    assert "Dân kiểm tra, dân giám sát" in text
    assert "Feedback, recommendations" not in text and "People know" not in text
