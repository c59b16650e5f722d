"""The unit's public home shows what is live under each pillar (core.registry's live panels, one
provider per area app) and this year's public figures. Each provider shows a live item and hides a
draft, closed, cancelled or private one; a hamlet shows its own and its commune's commune-wide items;
the page stays within a bounded number of queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from danchu.accounts.tests.factories import UserFactory, grant
from danchu.consultations.tests.factories import consultation
from danchu.core.pillars import PILLARS
from danchu.core.registry import pillar_links
from danchu.core.roles import Role
from danchu.decisions.models import Matter
from danchu.dialogues.models import Dialogue
from danchu.dialogues.tests.helpers import days
from danchu.disclosures.models import Disclosure
from danchu.disclosures.services import disclosure_create_draft
from danchu.disclosures.tests.factories import content, published
from danchu.oversight.models import Board, BoardKind, Inspection, Recommendation

from .live_world import TODAY, build


def home(client, code: str) -> str:
    response = client.get(reverse("units:home", args=[code]))
    assert response.status_code == 200
    return response.content.decode()


def card(html: str, pillar: str) -> str:
    """The pillar's card only, so that an item is checked under the pillar it belongs to."""
    start = html.index(f'id="pillar-{pillar}"')
    end = html.find('<li class="card pillar"', start)
    return html[start:end if end != -1 else html.index("</ul>\n", start)]


@pytest.fixture
def world(tree, officer_a, chair_a):
    return build(tree, officer_a, chair_a)



# --- each provider shows the live item and hides the others ------------------------------------------------


def test_know_shows_the_latest_published_disclosures_with_their_date_never_a_draft_or_withdrawn_one(client, world):
    know = card(home(client, "T0A"), "know")
    assert "Kế hoạch sử dụng đất năm 2026" in know
    d = Disclosure.objects.get(title="Kế hoạch sử dụng đất năm 2026")
    assert reverse("disclosures:detail", args=["T0A", d.pk]) in know
    assert f"Công khai ngày <time datetime=\"{d.published_on:%Y-%m-%d}\">{d.published_on:%d/%m/%Y}</time>" in know
    assert "Dự toán ngân sách còn nháp" not in know
    assert "Thông báo đã thu hồi" not in know


def test_benefit_shows_published_lists_of_beneficiaries_only(client, world):
    benefit = card(home(client, "T0A"), "benefit")
    assert "Danh sách hộ được hỗ trợ nhà ở 2026" in benefit
    assert "Kế hoạch sử dụng đất năm 2026" not in benefit


def test_discuss_shows_open_votes_with_their_closing_day_and_recognised_results(client, world):
    discuss = card(home(client, "T0A"), "discuss")
    assert "Làm đường bê tông liên thôn" in discuss
    closes = timezone.localdate(Matter.objects.get(title="Làm đường bê tông liên thôn").closes_at)
    assert f"Kết thúc biểu quyết <time datetime=\"{closes:%Y-%m-%d}\">" in discuss
    assert "Mức đóng góp quỹ khuyến học thôn" in discuss  # a hamlet's matter shows on its commune's page
    assert "Sửa nhà văn hóa thôn" in discuss  # recognised result
    assert "Được thông qua" in discuss
    assert "Việc còn dự thảo của thôn" not in discuss
    assert "Bầu trưởng thôn chờ công nhận" not in discuss  # closed, not yet recognised
    assert "Hương ước, quy ước đang có hiệu lực: 1" in discuss


def test_opinion_shows_open_consultations_with_their_closing_day(client, world):
    opinion = card(home(client, "T0A"), "opinion")
    c = world["a"].consultations.get(title="Dự thảo quy hoạch xây dựng xã")
    assert "Dự thảo quy hoạch xây dựng xã" in opinion
    assert reverse("consultations:detail", args=[c.pk]) in opinion
    assert f"Hạn góp ý <time datetime=\"{timezone.localdate(c.closes_at):%Y-%m-%d}\">" in opinion
    assert "Dự thảo còn đang chuẩn bị" not in opinion
    assert "Dự thảo đã hết hạn góp ý" not in opinion


def test_inspect_shows_the_next_dialogues_and_reception_days_never_cancelled_or_past_ones(client, world):
    inspect = card(home(client, "T0A"), "inspect")
    assert "Đối thoại về giải phóng mặt bằng" in inspect
    assert "Đối thoại đã hủy" not in inspect
    assert "Đối thoại quá ngày chưa ghi kết quả" not in inspect
    assert "Đối thoại đã tổ chức sáng nay" not in inspect
    assert "Phòng tiếp dân số 1" in inspect
    assert "Chủ tịch Ủy ban nhân dân xã Bình Lục" in inspect
    assert "Phòng tiếp dân đã hủy" not in inspect
    assert "Phòng tiếp dân hôm kia" not in inspect


def test_inspect_shows_open_recommendations_of_held_inspections_and_supervised_projects(client, world):
    inspect = card(home(client, "T0A"), "inspect")
    assert "Đề nghị bổ sung hai hóa đơn chi sửa mái nhà văn hóa" in inspect
    assert "Đã gửi, chờ trả lời" in inspect
    assert "Kiến nghị sau giám sát của Mặt trận" in inspect
    assert "Quá hạn" not in inspect
    Recommendation.objects.filter(content__startswith="Đề nghị bổ sung").update(due_on=TODAY() - dt.timedelta(days=1))
    assert "Đã gửi, chờ trả lời · Quá hạn · UBND xã Bình Lục" in card(home(client, "T0A"), "inspect")
    assert "Kiến nghị đã kết thúc theo dõi" not in inspect
    assert "Kiến nghị của cuộc kiểm tra chưa xong" not in inspect  # not public until the inspection is held
    assert "Cầu qua kênh Đồng Quê" in inspect
    assert "Công trình chưa có ban giám sát" not in inspect


def test_act_shows_good_practices_being_built_not_stopped_ones(client, world):
    act = card(home(client, "T0A"), "act")
    assert "Mô hình vận động hiến đất làm đường" in act
    assert "Mô hình đã dừng thực hiện" not in act


def test_figures_are_public_counts_of_this_year_never_a_cases_content(client, world):
    html = home(client, "T0A")
    figures = html[html.index('id="figures"'):html.index("Sáu nội dung thực hiện dân chủ")]
    rows = dict(re.findall(r'<th scope="row">(.*?)</th><td>(\d+)</td>', figures))

    def value(label):
        return next(int(v) for k, v in rows.items() if k.startswith(label))

    assert value("Phản ánh, kiến nghị, khiếu nại, tố cáo đã tiếp nhận") == 4
    assert value("Hồ sơ giải quyết đúng hạn") == 1
    assert "trên 2 hồ sơ đã giải quyết" in figures
    assert value("Thông tin đã công khai") == 3  # the draft is not counted; the withdrawn one was published
    assert value("Cuộc biểu quyết đã kết thúc") == 2
    assert value("Dự thảo đưa ra lấy ý kiến") == 2
    assert value("Buổi đối thoại đã tổ chức") == 1  # not the scheduled, cancelled or overdue ones
    for private in ("Phản ánh bí mật", "Nội dung riêng tư", "Tố cáo không được công khai", "Nguyễn Văn Bímá"):
        assert private not in html


def test_figures_count_this_year_only(client, world):
    from danchu.cases.models import Case
    from danchu.consultations.models import Consultation
    from danchu.dialogues.models import DialogueStatus

    today = TODAY()
    new_year = dt.date(today.year, 1, 1)
    last_year = dt.datetime(today.year - 1, 12, 31, 12, tzinfo=timezone.get_current_timezone())
    Disclosure.objects.filter(title="Kế hoạch sử dụng đất năm 2026").update(published_on=last_year.date())
    Case.objects.filter(title="Phản ánh bí mật số 2").update(received_on=last_year.date())
    Case.objects.filter(title="Phản ánh bí mật số 0").update(resolved_on=last_year.date(), received_on=last_year.date())
    Matter.objects.filter(title="Sửa nhà văn hóa thôn").update(closed_at=last_year)
    Consultation.objects.filter(title="Dự thảo đã hết hạn góp ý").update(published_at=last_year)
    Dialogue.objects.filter(status=DialogueStatus.HELD).update(held_on=new_year - dt.timedelta(days=1))
    html = home(client, "T0A")
    figures = html[html.index('id="figures"'):html.index("Sáu nội dung thực hiện dân chủ")]
    rows = dict(re.findall(r'<th scope="row">(.*?)</th><td>(\d+)</td>', figures))

    def value(label):
        return next(int(v) for k, v in rows.items() if k.startswith(label))

    assert value("Thông tin đã công khai") == 2
    assert value("Phản ánh, kiến nghị, khiếu nại, tố cáo đã tiếp nhận") == 2
    assert value("Hồ sơ giải quyết đúng hạn") == 0
    assert value("Cuộc biểu quyết đã kết thúc") == 1
    assert value("Dự thảo đưa ra lấy ý kiến") == 1
    assert value("Buổi đối thoại đã tổ chức") == 0


# --- hamlets, communes, former units ---------------------------------------------------------------


def test_an_organizations_own_records_never_show_on_the_communes_page(client, world):
    """Arts. 46-82: an agency's or enterprise's disclosures, staff consultations, workplace dialogues
    and its own inspection board's recommendations are its own, not the commune's public page's."""
    from danchu.consultations.models import Kind as ConsultationKind
    from danchu.disclosures.models import DisclosureCategory
    from danchu.disclosures.services import disclosure_publish
    from danchu.units.models import Organization, OrganizationKind

    a, today = world["a"], TODAY()
    org = Organization.objects.create(unit=a, kind=OrganizationKind.ENTERPRISE, name="Công ty May Bình Lục",
                                      search_name="cong ty may binh luc", province_code=a.province_code)
    head = UserFactory(username="head_org")
    grant(head, Role.ORG_HEAD, organization=org)
    d = disclosure_create_draft(user=head, unit=a, organization=org,
                                category=DisclosureCategory.objects.filter(scope="enterprise").order_by("code").first(),
                                content=content(title="Quy chế nội bộ của công ty", channels=["notice_workplace"]))
    disclosure_publish(user=head, disclosure=d)
    consultation(head, None, organization=org, kind=ConsultationKind.ORG_PAY, days=10, title="Dự thảo thang lương 2027",
                 text="Điều 1. Bảng lương")
    Dialogue.objects.create(unit=a, organization=org, unit_path=a.path, province_code=a.province_code,
                            leader_role="org_head", leader_name="Giám đốc", topic="Đối thoại tại nơi làm việc",
                            held_on=days(6), place="Xưởng may", audience="Người lao động")
    board = Board.objects.create(kind=BoardKind.INSPECTION, unit=a, organization=org, term_start=today,
                                 term_end=today + dt.timedelta(days=700), established_on=today)
    inspection = Inspection.objects.create(
        board=board, unit=a, organization=org, subject="Quỹ phúc lợi", inspected_body="Giám đốc",
        period_from=today - dt.timedelta(days=90), period_to=today, starts_on=today, ends_on=today, held_on=today)
    Recommendation.objects.create(
        unit=a, unit_path=a.path, organization=org, inspection=inspection, source_kind="inspection",
        content="Kiến nghị của Ban thanh tra nhân dân công ty", addressee_kind="org_head", addressee="Giám đốc",
        sent_on=today, due_on=today + dt.timedelta(days=15))
    html = home(client, "T0A")
    for private in ("Quy chế nội bộ của công ty", "Dự thảo thang lương 2027", "Đối thoại tại nơi làm việc",
                    "Kiến nghị của Ban thanh tra nhân dân công ty"):
        assert private not in html


def test_a_hamlet_shows_its_own_and_its_communes_commune_wide_items(client, world):
    html = home(client, "T0A-02")
    discuss = card(html, "discuss")
    assert "Làm đường bê tông liên thôn" in discuss  # commune-wide, a2 votes on it
    assert "Mức đóng góp quỹ khuyến học thôn" not in discuss  # another hamlet's own matter
    assert "Hương ước, quy ước đang có hiệu lực: 0" in discuss  # a2's convention is still a draft
    assert "Kế hoạch sử dụng đất năm 2026" in card(html, "know")  # the commune's disclosures
    assert "Dự thảo quy hoạch xây dựng xã" in card(html, "opinion")
    assert "Đối thoại về giải phóng mặt bằng" in card(html, "inspect")
    assert "Số liệu chung của Xã Bình Lục" in html
    # "see all" leads to the commune's page and says so; the hamlet's own page stays linked
    know = card(html, "know")
    assert f'<a href="{reverse("disclosures:list", args=["T0A"])}">Thông tin đã công khai (Xã Bình Lục) ›</a>' in know
    assert f'<a href="{reverse("disclosures:list", args=["T0A-02"])}">Thông tin đã công khai ›</a>' in know
    assert reverse("dialogues:public", args=["T0A"]) in card(html, "inspect")
    assert reverse("consultations:public", args=["T0A"]) in card(html, "opinion")


def test_another_commune_shows_none_of_it_and_says_so_in_words(client, world):
    html = home(client, "T0B")
    for pillar in ("know", "discuss", "opinion", "inspect", "act", "benefit"):
        assert "Chưa có" in card(html, pillar)
    assert "Chưa có thông tin công khai nào." in card(html, "know")
    for title in ("Kế hoạch sử dụng đất năm 2026", "Làm đường bê tông liên thôn", "Dự thảo quy hoạch xây dựng xã",
                  "Đối thoại về giải phóng mặt bằng", "Mô hình vận động hiến đất làm đường"):
        assert title not in html


def test_the_province_page_shows_its_communes_items(client, world):
    html = home(client, world["province"].code)
    assert "Kế hoạch sử dụng đất năm 2026" in card(html, "know")
    assert "Làm đường bê tông liên thôn" in card(html, "discuss")


def test_a_former_unit_keeps_its_page_with_successors_and_no_live_panels(client, world, django_assert_max_num_queries):
    from danchu.units.models import UnitSuccession
    from danchu.units.tests.factories import UnitFactory

    former = UnitFactory(code="L998", name="Xã Cũ", level="commune", valid_to="2025-06-30")
    UnitSuccession.objects.create(predecessor=former, successor=world["a"], is_primary=True)
    with django_assert_max_num_queries(10):  # no provider is asked about a unit that no longer exists
        html = home(client, "L998")
    assert "không còn từ ngày 01/7/2025" in html
    assert reverse("units:home", args=["T0A"]) in html
    assert 'id="pillar-' not in html and 'id="figures"' not in html


def test_every_pillar_has_its_panels_and_keeps_every_link_it_had(client, world):
    html = home(client, "T0A")
    for p in PILLARS:
        section = card(html, p.key)
        assert '<section class="live"' in section, p.key
        for link in pillar_links(p.key):
            assert reverse(link.url_name, args=["T0A"]) in section, (p.key, link.url_name)


def test_the_home_page_stays_within_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    for code in ("T0A", "T0A-01", world["province"].code):
        with django_assert_max_num_queries(25):
            home(client, code)


def test_the_home_page_reads_no_more_with_many_items(client, world, officer_a, django_assert_max_num_queries):
    for i in range(8):
        published(officer_a, world["a"], title=f"Thông báo thêm {i}")
    with django_assert_max_num_queries(25):
        html = home(client, "T0A")
    assert html.count("Công khai ngày") <= 10  # five in "Dân biết", the rest among beneficiaries' lists


def test_the_panels_in_english(client, world):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = home(client, "T0A")
    assert 'lang="en"' in html
    assert "Recently published" in card(html, "know")
    assert "Voting closes" in card(html, "discuss")
    assert "Drafts open for comment" in card(html, "opinion")
    assert "Comments close" in card(html, "opinion")
    assert "Public figures for" in html
    empty = home(client, "T0B")
    assert "No public information yet." in card(empty, "know")


def test_the_commune_officer_sees_the_same_public_panels(client, world):
    officer = UserFactory(username="can_bo_khac")
    grant(officer, Role.COMMUNE_OFFICER, unit=world["a"])
    client.force_login(officer)
    know = card(home(client, "T0A"), "know")
    assert "Kế hoạch sử dụng đất năm 2026" in know
    assert "Dự toán ngân sách còn nháp" not in know  # the public page never shows drafts, whoever looks

