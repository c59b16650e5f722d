import datetime as dt

from django.utils import timezone

from danchu.accounts.tests.factories import PASSWORD
from danchu.consultations import services
from danchu.consultations.models import AnswerKind, Consultation, Opinion

from .factories import consultation, end_period, resident, section


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_public_list_and_page_show_the_draft_by_section(client, tree, officer_a):
    c = consultation(officer_a, tree["a"])
    consultation(officer_a, tree["a"], publish=False, title="Bản nháp chưa công bố")
    page = client.get(f"/u/{tree['a'].code}/gop-y/")
    assert page.status_code == 200
    assert "Dự thảo Quy chế thực hiện dân chủ ở xã" in page.text and "Bản nháp chưa công bố" not in page.text
    page = client.get(f"/gop-y/{c.pk}/")
    assert page.status_code == 200
    assert "Điều 2. Công khai thông tin" in page.text and "Niêm yết tại trụ sở" in page.text
    assert "Đăng nhập để góp ý" in page.text
    draft = Consultation.objects.get(title="Bản nháp chưa công bố")
    assert client.get(f"/gop-y/{draft.pk}/").status_code == 404


def test_resident_comments_votes_and_sees_the_answer(client, tree, officer_a):
    c = consultation(officer_a, tree["a"])
    r, other = resident(tree["a1"]), resident(tree["a2"])
    k1 = section(c, "Khoản 1 Điều 2")
    _login(client, r)
    resp = client.post(f"/gop-y/{c.pk}/y-kien/", {"section": k1.pk, "text": "Nên niêm yết 45 ngày", "quote": "30 ngày"})
    assert resp.status_code == 302
    o = Opinion.objects.get()
    assert o.section == k1 and o.quote == "30 ngày"
    resp = client.post(f"/gop-y/{c.pk}/y-kien/", {"text": "  "}, follow=True)
    assert "Nội dung ý kiến không được để trống." in resp.text
    resp = client.post(f"/gop-y/y-kien/{o.pk}/bay-to/", {"choice": "agree"}, follow=True)
    assert "Không bày tỏ đồng ý, không đồng ý với ý kiến của chính mình." in resp.text
    services.opinion_answer(actor=officer_a, opinion=o, kind=AnswerKind.ACCEPTED, text="Tiếp thu.",
                            changed_text="Niêm yết tại trụ sở Ủy ban nhân dân xã trong 45 ngày.")
    page = client.get(f"/gop-y/{c.pk}/")
    assert "Ý kiến của tôi và câu trả lời" in page.text and "trong 45 ngày" in page.text
    client.logout()
    _login(client, other)
    page = client.get(f"/gop-y/{c.pk}/")
    assert "Bạn nghĩ sao về ý kiến này?" in page.text
    client.post(f"/gop-y/y-kien/{o.pk}/bay-to/", {"choice": "disagree", "next": f"/gop-y/{c.pk}/"})
    o.refresh_from_db()
    assert o.disagree == 1
    page = client.get(f"/gop-y/{c.pk}/du-thao-sau-tiep-thu/")
    assert '<del class="diff">30</del>' in page.text and '<ins class="diff">45</ins>' in page.text
    assert "Nên niêm yết 45 ngày" in page.text


def test_consultation_page_does_not_count_votes(client, tree, officer_a, django_assert_max_num_queries):
    c = consultation(officer_a, tree["a"])
    people = [resident(tree["a1"]) for _ in range(5)]
    ops = [services.opinion_create(actor=p, consultation=c, text=f"Ý kiến số {i}") for i, p in enumerate(people)]
    for p in people:
        for o in ops:
            if o.author_id != p.pk:
                services.vote_cast(actor=p, opinion=o, choice="agree")
    _login(client, people[0])
    client.get(f"/gop-y/{c.pk}/")
    with django_assert_max_num_queries(14):
        page = client.get(f"/gop-y/{c.pk}/")
    assert page.status_code == 200 and "Đồng ý 4" in page.text


def test_official_pages_prepare_publish_answer_hide_and_finalise(client, tree, officer_a, chair_a, officer_b):
    _login(client, officer_a)
    resp = client.post(f"/quan-ly/{tree['a'].code}/gop-y/moi/", {
        "kind": "land_use", "title": "Kế hoạch sử dụng đất 2027", "forms_used": ["portal", "meeting"],
        "closes_at": (timezone.localtime() + dt.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")})
    assert "Thời gian lấy ý kiến tối thiểu là 20 ngày" in resp.text
    assert not Consultation.objects.exists()
    resp = client.post(f"/quan-ly/{tree['a'].code}/gop-y/moi/", {
        "kind": "land_use", "title": "Kế hoạch sử dụng đất 2027", "forms_used": ["portal"],
        "closes_at": (timezone.localtime() + dt.timedelta(days=21)).strftime("%Y-%m-%dT%H:%M"),
        "draft_text": "Điều 1. Đất nông nghiệp\nChuyển 2 ha đất lúa sang đất ở.\nĐiều 2. Đất công\nGiữ nguyên."})
    c = Consultation.objects.get()
    assert resp.status_code == 302 and resp.url == f"/quan-ly/gop-y/{c.pk}/"
    page = client.get(f"/quan-ly/gop-y/{c.pk}/cac-phan/")
    assert page.status_code == 200 and "Đất nông nghiệp" in page.text
    client.post(f"/quan-ly/gop-y/{c.pk}/cac-phan/", {
        "count": 2, "s0-kind": "article", "s0-number": "1", "s0-heading": "Đất nông nghiệp", "s0-text": "Chuyển 2 ha.",
        "s1-kind": "article", "s1-number": "2", "s1-heading": "Đất công", "s1-text": "Giữ nguyên.", "s1-merge": "1"})
    assert [s.ref for s in c.sections.all()] == ["Điều 1"]
    assert "Đất công" in c.sections.get().text
    client.post(f"/quan-ly/gop-y/{c.pk}/publish/")
    c.refresh_from_db()
    assert c.status == "open"
    client.post(f"/quan-ly/gop-y/{c.pk}/record/", {"source": "meeting", "source_note": "Họp thôn An Nội 20/11",
                                                   "text": "Không đồng ý chuyển đất lúa", "author_name": "Bà Lê Thị Hoa"})
    o = Opinion.objects.get()
    assert o.author_name == "Bà Lê Thị Hoa"
    bad = Opinion.objects.create(consultation=c, text="Xúc phạm", author=resident(tree["a1"]))
    resp = client.post(f"/quan-ly/gop-y/y-kien/{bad.pk}/", {"step": "hide", "reason": ""}, follow=True)
    assert "Cần ghi lý do ẩn ý kiến" in resp.text
    client.post(f"/quan-ly/gop-y/y-kien/{bad.pk}/", {"step": "hide", "reason": "Xúc phạm người khác"})
    page = client.get(f"/gop-y/{c.pk}/")
    assert "Ý kiến đã bị ẩn." in page.text and "Xúc phạm người khác" in page.text
    client.post(f"/quan-ly/gop-y/y-kien/{o.pk}/", {"step": "answer", "kind": "explained",
                                                   "text": "Diện tích chuyển đổi đã được HĐND thông qua chủ trương."})
    o.refresh_from_db()
    assert o.answer_kind == "explained"
    client.logout()
    _login(client, officer_b)
    assert client.get(f"/quan-ly/gop-y/{c.pk}/").status_code == 404
    assert client.post(f"/quan-ly/gop-y/y-kien/{o.pk}/", {"step": "hide", "reason": "x"}).status_code == 404
    client.logout()
    end_period(c)
    _login(client, chair_a)
    resp = client.post(f"/quan-ly/gop-y/{c.pk}/finalise/", {"decision_note": "Quyết định số 20/QĐ-UBND"}, follow=True)
    assert "Báo cáo tổng hợp, tiếp thu, giải trình" in resp.text
    pdf = client.get(f"/gop-y/{c.pk}/bao-cao.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    docx = client.get(f"/gop-y/{c.pk}/bao-cao.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_manage_page_scope(client, tree, officer_a, officer_b):
    consultation(officer_a, tree["a"])
    _login(client, officer_b)
    assert client.get(f"/quan-ly/{tree['a'].code}/gop-y/").status_code == 404
    client.logout()
    _login(client, officer_a)
    page = client.get(f"/quan-ly/{tree['a'].code}/gop-y/")
    assert page.status_code == 200 and "Mở lấy ý kiến một dự thảo" in page.text
