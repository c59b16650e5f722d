"""Public pages, search without diacritics, feeds, officers' pages, attachments, questions."""

import datetime as dt

import pytest
from defusedxml import ElementTree as ET
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.core.models import LogEntry
from danchu.disclosures.models import Disclosure, DisclosureQuestion
from danchu.disclosures.selectors import Filters, disclosure_list_public, disclosure_search
from danchu.disclosures.services import disclosure_correct, disclosure_create_draft, disclosure_withdraw

from .factories import PDF, category, content, pdf_upload, published

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def three(tree, officer_a, officer_b):
    land = published(officer_a, tree["a"], title="Kế hoạch sử dụng đất năm 2026", body="Diện tích đất lúa.",
                     files=[pdf_upload()])
    budget = published(officer_a, tree["a"], code="commune-11-2-estimate", title="Dự toán ngân sách xã năm 2026",
                       body="Kế hoạch thu chi; đất đai không đổi.", period_start=dt.date(2026, 1, 1),
                       period_end=dt.date(2026, 12, 31))
    other = published(officer_b, tree["b"], title="Kế hoạch sử dụng đất xã Đông Hòa")
    draft = disclosure_create_draft(user=officer_a, unit=tree["a"], category=category("commune-11-3"),
                                    content=content(title="Kế hoạch bí mật chưa công khai"))
    return {"land": land, "budget": budget, "other": other, "draft": draft}


@pytest.mark.parametrize("q", ["ke hoach su dung dat", "Kế hoạch sử dụng đất", "KE HOACH SU DUNG DAT", "kế hoach su dụng ĐẤT"])
def test_search_ignores_diacritics_and_case(three, q):
    results = list(disclosure_search(q=q))
    assert [d.pk for d in results] == [three["other"].pk, three["land"].pk]  # newest first within the title rank


def test_search_ranks_title_matches_before_text_matches(three, tree):
    results = list(disclosure_search(q="ke hoach", unit=tree["a"]))
    assert [d.pk for d in results] == [three["land"].pk, three["budget"].pk]  # budget matches only in its body
    assert list(disclosure_search(q="dat lua")) == [three["land"]]
    assert list(disclosure_search(q="bi mat")) == []  # drafts are never public
    assert list(disclosure_search(q="dak lak")) == []


def test_search_uses_a_fixed_number_of_queries(three, django_assert_num_queries):
    # the newest candidates and whether the scope goes on beyond what was read, then the page (more
    # when candidates overflow: the older title matches, a longer read or the trigram query)
    with django_assert_num_queries(3):
        list(disclosure_search(q="ke hoach"))


def test_search_limited_early_keeps_older_title_matches(tree, officer_a, monkeypatch):
    from danchu.disclosures import selectors

    from .factories import published

    older = published(officer_a, tree["a"], title="Kế hoạch sử dụng đất năm 2026")
    newer = [published(officer_a, tree["a"], title=f"Thông báo số {i}", body="Về kế hoạch sử dụng đất của xã.")
             for i in range(3)]
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 2)
    found = [d.pk for d in disclosure_search(q="ke hoach su dung dat")]
    # the two newest body matches and the older title match, which ranks first
    assert found == [older.pk, newer[2].pk, newer[1].pk]


@pytest.fixture
def many(tree, officer_a, officer_b):
    """Matches in titles, in bodies only, in both, spread over two communes, with LIKE's own
    wildcards in the text (they must be taken literally)."""
    rows = []
    for i in range(18):
        unit, user = (tree["a"], officer_a) if i % 3 else (tree["b"], officer_b)
        title = ["Kế hoạch sử dụng đất", "Thông báo thu phí chợ", "Dự toán ngân sách 100% xã_Đông"][i % 3] + f" số {i}"
        body = ["Về kế hoạch sử dụng đất của xã.", "Không liên quan.", "Thu phí chợ, 100% hộ_nghèo"][i % 4 % 3]
        rows.append(published(user, unit, title=title, body=body))
    return rows


def _reference(q, unit=None, n=500, n_title=100):
    """The candidates as defined: the newest n matches and the newest n title matches."""
    from django.db.models import Q

    from danchu.core.text import query_words

    qs = Disclosure.objects.filter(organization__isnull=True).exclude(status="draft")
    if unit is not None:
        qs = qs.filter(unit_path__startswith=unit.path)
    words = query_words(q)
    if not words:
        return set()
    for word in words:
        qs = qs.filter(search_text__contains=f" {word} ")
    newest = qs.order_by("-published_at", "-id").values_list("pk", flat=True)
    ids = set(newest[:n])
    if len(ids) == n:
        title = Q()
        for word in words:
            title &= Q(search_title__contains=f" {word} ")
        ids |= set(newest.filter(title)[:min(n, n_title)])
    return ids


@pytest.mark.parametrize(("probe", "window", "candidates"), [
    (10_000, 100_000, 500),  # everything read at once
    (2, 100_000, 4),         # the probe is not enough, a longer newest-first read is
    (2, 3, 4),               # nor is that: the query through the trigram index (plain LIKE on SQLite)
    (4, 8, 3),
    (1, 1, 1),
])
@pytest.mark.parametrize("fts_cost", [8.0, 1e9])  # PostgreSQL: the index when cheaper / the newest-first read
def test_search_finds_the_same_candidates_whichever_way_it_reads(many, tree, monkeypatch, probe, window, candidates, fts_cost):
    from danchu.disclosures import selectors

    monkeypatch.setattr(selectors, "SEARCH_WINDOW_PG", window)
    monkeypatch.setattr(selectors, "FTS_MATCH_COST", fts_cost)
    monkeypatch.setattr(selectors, "SEARCH_PROBE", probe)
    monkeypatch.setattr(selectors, "SEARCH_WINDOW", {"search_text": window, "search_title": window})
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", candidates)
    for q in ["ke hoach su dung dat", "thu phi cho", "phi", "100%", "xa_dong", "ho_ngheo", "100% ho", "d", "_", "%",
              "khong co dau", "so 1"]:
        for unit in (None, tree["a"]):
            found = [d.pk for d in disclosure_search(q=q, unit=unit)]
            assert len(found) == len(set(found))
            assert set(found) == _reference(q, unit, candidates), (q, unit)


def test_list_filters(three, tree):
    unit = tree["a"]
    assert {d.pk for d in disclosure_list_public(unit=unit)} == {three["land"].pk, three["budget"].pk}
    assert [d.pk for d in disclosure_list_public(unit=unit, filters=Filters(category="commune-11-2-estimate"))] == [three["budget"].pk]
    assert [d.pk for d in disclosure_list_public(unit=unit, filters=Filters(year=2026, category="commune-11-2-estimate"))] == [three["budget"].pk]
    assert list(disclosure_list_public(unit=unit, filters=Filters(year=2020))) == []
    assert list(disclosure_list_public(unit=unit, filters=Filters(status="withdrawn"))) == []
    # asking the public list for drafts gives the public list, never a draft
    assert {d.pk for d in disclosure_list_public(unit=unit, filters=Filters(status="draft"))} == {three["land"].pk, three["budget"].pk}
    assert len(disclosure_list_public(unit=tree["province"])) == 3


def test_public_list_and_detail_pages(client, three, tree):
    page = client.get(f"/u/{tree['a'].code}/cong-khai/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Kế hoạch sử dụng đất năm 2026" in html and "bí mật" not in html and "Đông Hòa" not in html
    assert "Kế hoạch sử dụng đất năm 2026" in client.get(f"/u/{tree['a'].code}/cong-khai/?q=ke+hoach+su+dung+dat").content.decode()
    detail = client.get(f"/u/{tree['a'].code}/cong-khai/{three['land'].pk}/").content.decode()
    assert "ke-hoach.pdf" in detail and "Điều 11 khoản 3" in detail and "Niêm yết tại trụ sở UBND xã" in detail
    # a draft, or a disclosure looked up under another unit, is not found
    assert client.get(f"/u/{tree['a'].code}/cong-khai/{three['draft'].pk}/").status_code == 404
    assert client.get(f"/u/{tree['b'].code}/cong-khai/{three['land'].pk}/").status_code == 404


def test_search_page(client, three):
    html = client.get("/cong-khai/?q=ke+hoach+su+dung+dat").content.decode()
    assert "Kế hoạch sử dụng đất năm 2026" in html and "Kế hoạch sử dụng đất xã Đông Hòa" in html
    assert client.get("/cong-khai/danh-muc/").status_code == 200


def test_attachment_download(client, three, officer_a):
    att = three["land"].versions.get().attachments.get()
    response = client.get(f"/cong-khai/tep/{att.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    draft = disclosure_create_draft(user=officer_a, unit=three["land"].unit, category=category("commune-11-3"),
                                    content=content(), files=[pdf_upload("nhap.pdf")])
    draft_att = draft.versions.get().attachments.get()
    assert client.get(f"/cong-khai/tep/{draft_att.pk}/").status_code == 404
    client.force_login(officer_a)
    assert client.get(f"/cong-khai/tep/{draft_att.pk}/").status_code == 200


def test_versions_and_withdrawal_on_the_page(client, three, officer_a, tree):
    d = disclosure_correct(user=officer_a, disclosure=three["land"], note="Sửa diện tích",
                           content=content(title="Kế hoạch sử dụng đất năm 2026 (sửa)")).disclosure
    d = disclosure_withdraw(user=officer_a, disclosure=d, reason="Quyết định bị thay thế")
    html = client.get(f"/u/{tree['a'].code}/cong-khai/{d.pk}/").content.decode()
    assert "Đã thu hồi" in html and "Quyết định bị thay thế" in html and "Phiên bản 1" in html and "đã được thay thế" in html
    old = client.get(f"/u/{tree['a'].code}/cong-khai/{d.pk}/v1/").content.decode()
    assert "Kế hoạch sử dụng đất năm 2026</h1>" in old and "đã được thay thế bởi bản đính chính" in old


def test_atom_feeds(client, three, tree, officer_a):
    disclosure_withdraw(user=officer_a, disclosure=three["budget"], reason="Sai")
    feed = ET.fromstring(client.get(f"/u/{tree['a'].code}/cong-khai/feed.atom").content)
    titles = [e.find(f"{ATOM}title").text for e in feed.iter(f"{ATOM}entry")]
    assert titles == ["[Đã thu hồi] Dự toán ngân sách xã năm 2026", "Kế hoạch sử dụng đất năm 2026"]
    per_cat = ET.fromstring(client.get(f"/u/{tree['a'].code}/cong-khai/danh-muc/commune-11-3/feed.atom").content)
    entries = list(per_cat.iter(f"{ATOM}entry"))
    assert len(entries) == 1 and entries[0].find(f"{ATOM}link").get("href").endswith(f"/cong-khai/{three['land'].pk}/")
    assert client.get(f"/u/{tree['a'].code}/cong-khai/danh-muc/khong-co/feed.atom").status_code == 404


def test_officer_drafts_publishes_corrects_and_withdraws_through_the_pages(client, tree, officer_a):
    client.force_login(officer_a)
    code = tree["a"].code
    assert client.get(f"/quan-ly/{code}/cong-khai/moi/").status_code == 200
    response = client.post(f"/quan-ly/{code}/cong-khai/moi/", {
        "category": "commune-11-3", "title": "Kế hoạch sử dụng đất", "body": "Nội dung",
        "channels": ["notice_commune", "notice_hamlet"], "decision_date": "2026-03-02",
        "files": [SimpleUploadedFile("kh.pdf", PDF, content_type="application/pdf")],
    })
    d = Disclosure.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/quan-ly/cong-khai/{d.pk}/"
    assert client.get(f"/quan-ly/cong-khai/{d.pk}/").status_code == 200
    response = client.post(f"/quan-ly/cong-khai/{d.pk}/cong-bo/")
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.status == "published" and LogEntry.objects.count() == 1
    response = client.post(f"/quan-ly/cong-khai/{d.pk}/dinh-chinh/", {
        "title": "Kế hoạch sử dụng đất (đính chính)", "body": "Nội dung mới", "channels": ["notice_commune", "notice_hamlet"],
        "note": "Sai diện tích", "keep": [str(d.versions.get().attachments.get().pk)],
    })
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.current_version == 2 and d.versions.get(number=2).attachments.count() == 1
    client.post(f"/quan-ly/cong-khai/{d.pk}/thu-hoi/", {"reason": ""})
    d.refresh_from_db()
    assert d.status == "published"
    client.post(f"/quan-ly/cong-khai/{d.pk}/thu-hoi/", {"reason": "Hủy"})
    d.refresh_from_db()
    assert d.status == "withdrawn" and LogEntry.objects.count() == 3


def test_page_form_shows_a_clear_error_and_writes_nothing(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.post(f"/quan-ly/{tree['a'].code}/cong-khai/moi/", {
        "category": "commune-11-3", "title": "Có tệp lạ", "channels": ["notice_commune"],
        "files": [SimpleUploadedFile("gia.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")],
    })
    assert response.status_code == 200
    assert "không khớp với phần mở rộng" in response.content.decode()
    assert Disclosure.objects.count() == 0
    response = client.post(f"/quan-ly/{tree['a'].code}/cong-khai/moi/", {"category": "commune-11-3", "title": ""})
    assert "Tiêu đề không được để trống" in response.content.decode()


def test_officer_pages_are_404_outside_scope(client, tree, officer_b, citizen, three):
    for user in (officer_b, citizen):
        client.force_login(user)
        assert client.get(f"/quan-ly/{tree['a'].code}/cong-khai/").status_code == 404
        assert client.get(f"/quan-ly/cong-khai/{three['draft'].pk}/").status_code == 404
        assert client.post(f"/quan-ly/cong-khai/{three['draft'].pk}/cong-bo/").status_code == 404
    three["draft"].refresh_from_db()
    assert three["draft"].status == "draft"
    client.logout()
    assert client.get(f"/quan-ly/{tree['a'].code}/cong-khai/").status_code == 302  # to the login page


def test_citizen_asks_and_the_officer_sees_it(client, three, tree, citizen, officer_a):
    url = f"/u/{tree['a'].code}/cong-khai/{three['land'].pk}/"
    client.force_login(citizen)
    client.post(url + "hoi/", {"text": "Đất lúa giảm bao nhiêu héc-ta?"})
    assert DisclosureQuestion.objects.get().author == citizen
    client.force_login(officer_a)
    html = client.get(f"/quan-ly/{tree['a'].code}/cong-khai/").content.decode()
    assert "Đất lúa giảm bao nhiêu héc-ta?" in html


def test_due_periodic_items_are_warned(client, tree, officer_a):
    client.force_login(officer_a)
    html = client.get(f"/quan-ly/{tree['a'].code}/cong-khai/").content.decode()
    assert "Tình hình thực hiện ngân sách xã hằng quý" in html and "Dự toán ngân sách" in html


def test_due_items_go_away_once_published(tree, officer_a):
    from danchu.disclosures.selectors import due_items

    today = dt.date(2026, 5, 10)
    codes = {i.category.code for i in due_items(user=officer_a, unit=tree["a"], today=today)}
    assert "commune-11-2-execution" in codes and "commune-11-2-estimate" in codes
    published(officer_a, tree["a"], code="commune-11-2-execution", period_start=dt.date(2026, 1, 1),
              period_end=dt.date(2026, 3, 31))
    published(officer_a, tree["a"], code="commune-11-2-estimate", period_start=dt.date(2026, 1, 1),
              period_end=dt.date(2026, 12, 31))
    codes = {i.category.code for i in due_items(user=officer_a, unit=tree["a"], today=today)}
    assert "commune-11-2-execution" not in codes and "commune-11-2-estimate" not in codes


def test_list_page_query_count_does_not_grow(client, tree, officer_a, django_assert_max_num_queries):
    for i in range(12):
        published(officer_a, tree["a"], title=f"Thông tin {i}")
    with django_assert_max_num_queries(8):
        assert client.get(f"/u/{tree['a'].code}/cong-khai/").status_code == 200


def test_search_matches_whole_words_only(tree, officer_a):
    poor = published(officer_a, tree["a"], title="Danh sách hộ nghèo năm 2026", body="")
    published(officer_a, tree["a"], title="Thông báo họp thôn về chợ", body="Kế hoạch sửa chợ.")
    assert [d.pk for d in disclosure_search(q="ho ngheo")] == [poor.pk]
    assert [d.pk for d in disclosure_search(q="HỘ   Nghèo!")] == [poor.pk]
    assert list(disclosure_search(q="ngheo nam 2027")) == []


def test_search_page_says_more_when_the_candidates_are_capped(client, tree, officer_a, monkeypatch):
    from danchu.disclosures import selectors, views

    for i in range(3):
        published(officer_a, tree["a"], title=f"Thông báo thu hồi đất số {i}")
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 2)
    monkeypatch.setattr(views, "SEARCH_CANDIDATES", 2)
    html = client.get("/cong-khai/", {"q": "thu hoi dat"}).content.decode()
    assert 'id="more"' in html and "Hơn 2 kết quả" in html
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 10)
    monkeypatch.setattr(views, "SEARCH_CANDIDATES", 10)
    html = client.get("/cong-khai/", {"q": "thu hoi dat"}).content.decode()
    assert 'id="more"' not in html and "3 kết quả" in html


def _channel_values(html: str) -> set[str]:
    import re

    return set(re.findall(r'name="channels" value="([a-z_]+)"', html))


def test_commune_form_offers_only_the_communes_channels(client, tree, officer_a):
    # Law 10/2022 Art. 12(1): no intranet, no trade union notice on a commune's disclosure (those are the
    # workplace's, Arts. 47(1), 65(1)); an organization's form offers its own.
    from danchu.accounts.tests.factories import UserFactory, grant
    from danchu.core.roles import Role
    from danchu.disclosures.catalogue import COMMUNE_CHANNELS, WORKPLACE_CHANNELS
    from danchu.units.tests.factories import OrganizationFactory

    client.force_login(officer_a)
    commune = _channel_values(client.get(f"/quan-ly/{tree['a'].code}/cong-khai/moi/").content.decode())
    assert commune == set(COMMUNE_CHANNELS)
    assert not commune & {"intranet", "via_union", "notice_workplace", "staff_conference"}
    draft = disclosure_create_draft(user=officer_a, unit=tree["a"], category=category("commune-11-3"), content=content())
    assert _channel_values(client.get(f"/quan-ly/cong-khai/{draft.pk}/").content.decode()) == set(COMMUNE_CHANNELS)
    # A workplace channel posted anyway is refused by the form, and nothing is saved.
    before = list(draft.versions.get().channels)
    r = client.post(f"/quan-ly/cong-khai/{draft.pk}/", {"title": "Sửa", "channels": ["notice_commune", "intranet"]})
    assert r.status_code == 200
    assert draft.versions.get().channels == before and draft.versions.get().title == draft.title

    org = OrganizationFactory(unit=tree["a"], kind="enterprise", name="Công ty Cấp nước")
    head = UserFactory()
    grant(head, Role.ORG_HEAD, organization=org)
    client.force_login(head)
    assert _channel_values(client.get(f"/to-chuc/{org.pk}/cong-khai/moi/").content.decode()) == set(WORKPLACE_CHANNELS)


def _ask_url(tree, d):
    return f"/u/{tree['a'].code}/cong-khai/{d.pk}/hoi/"


def test_anonymous_person_asks_without_an_account_and_gets_a_tracking_code(client, tree, officer_a):
    # Law 10/2022 Art. 14: no sign-in needed to ask about what was disclosed.
    d = published(officer_a, tree["a"])
    html = client.get(f"/u/{tree['a'].code}/cong-khai/{d.pk}/").content.decode()
    assert 'action="/u/' in html and 'name="text"' in html and 'name="phone"' in html
    r = client.post(_ask_url(tree, d), {"text": "Khi nào niêm yết xong?", "email": "dan@example.vn"}, follow=True)
    q = DisclosureQuestion.objects.get()
    assert (q.author, q.contact_email, q.contact_phone) == (None, "dan@example.vn", "")
    assert q.case_code and q.case_code in r.content.decode()
    # the contact is for the officers who answer, never on the public page
    assert "dan@example.vn" not in client.get(f"/u/{tree['a'].code}/cong-khai/{d.pk}/").content.decode()
    client.force_login(officer_a)
    assert "dan@example.vn" in client.get(f"/quan-ly/{tree['a'].code}/cong-khai/").content.decode()


def test_a_bad_contact_keeps_the_typed_question_and_saves_nothing(client, tree, officer_a):
    d = published(officer_a, tree["a"])
    r = client.post(_ask_url(tree, d), {"text": "Câu hỏi của tôi về đất lúa", "phone": "12345", "email": "khong-phai-thu"})
    html = r.content.decode()
    assert r.status_code == 400 and not DisclosureQuestion.objects.exists()
    assert "Câu hỏi của tôi về đất lúa" in html and 'role="alert"' in html and 'href="#id_phone"' in html
    r = client.post(_ask_url(tree, d), {"text": "Câu hỏi", "email": "khong-phai-thu"})
    assert r.status_code == 400 and 'href="#id_email"' in r.content.decode()
    assert not DisclosureQuestion.objects.exists()


def test_anonymous_questions_are_rate_limited_per_client_and_per_unit(client, tree, officer_a, settings):
    from danchu.cases.models import Case

    settings.DANCHU_RATE_LIMITS = {"submission_client": (3, 3600), "submission_unit": (5, 3600)}
    d = published(officer_a, tree["a"])
    for i in range(3):
        assert client.post(_ask_url(tree, d), {"text": f"Câu hỏi {i}"}).status_code == 302
    before = (DisclosureQuestion.objects.count(), Case.objects.count())
    r = client.post(_ask_url(tree, d), {"text": "Câu hỏi thứ tư"})
    assert r.status_code == 429 and "thử lại" in r.content.decode() and "Câu hỏi thứ tư" in r.content.decode()
    assert (DisclosureQuestion.objects.count(), Case.objects.count()) == before
    # across clients the unit's own limit holds (5 here)
    for i in range(2):
        assert client.post(_ask_url(tree, d), {"text": f"Khác {i}"}, REMOTE_ADDR=f"10.0.{i}.9").status_code == 302
    r = client.post(_ask_url(tree, d), {"text": "Quá mức của xã"}, REMOTE_ADDR="10.9.9.9")
    assert r.status_code == 429 and DisclosureQuestion.objects.count() == 5


def test_a_signed_in_person_still_asks_and_is_not_counted(client, tree, officer_a, citizen, settings):
    settings.DANCHU_RATE_LIMITS = {"submission_client": (1, 3600), "submission_unit": (1, 3600)}
    d = published(officer_a, tree["a"])
    client.force_login(citizen)
    for i in range(3):
        assert client.post(_ask_url(tree, d), {"text": f"Tôi hỏi {i}"}).status_code == 302
    assert list(DisclosureQuestion.objects.values_list("author", flat=True)) == [citizen.pk] * 3
