import pytest
from django.urls import reverse
from django.utils import timezone

from danchu.decisions.models import Form, Kind, Result, Status, Vote

from .factories import hamlet_head, households, matter, representative_user


@pytest.fixture
def setup(tree):
    hamlet = tree["a1"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 4)
    return hamlet, head, hs


def test_representative_votes_and_changes_on_the_phone_page(client, setup):
    hamlet, head, hs = setup
    m = matter(head, hamlet, form=Form.ONLINE, online_agreed=3, title="Tổ chức ngày hội đại đoàn kết")
    rep = representative_user(hs[0])
    client.force_login(rep)
    page = client.get(reverse("decisions:my"))
    assert "Tổ chức ngày hội đại đoàn kết" in page.content.decode()
    url = reverse("decisions:vote", args=[m.pk])
    assert client.post(url, {"choice": "disagree"}).status_code == 302
    assert client.post(url, {"choice": "agree"}).status_code == 302
    assert list(Vote.objects.filter(matter=m).values_list("choice", flat=True)) == ["agree"]
    body = client.get(url).content.decode()
    assert "Thay đổi biểu quyết" in body and 'value="agree" required checked' in body


def test_outsider_gets_404_and_public_list_shows_result(client, setup, officer_b, citizen):
    hamlet, head, hs = setup
    m = matter(head, hamlet)
    client.force_login(officer_b)
    assert client.get(reverse("decisions:detail", args=[m.pk])).status_code == 404
    assert client.get(reverse("decisions:meeting", args=[m.pk])).status_code == 404
    client.force_login(citizen)
    assert client.get(reverse("decisions:vote", args=[m.pk])).status_code == 403  # public matter, no right
    client.logout()
    assert "Làm đường bê tông liên xóm" in client.get(reverse("decisions:public", args=[hamlet.code])).content.decode()


def test_meeting_page_attendance_hands_close_and_minutes(client, setup, officer_a):
    hamlet, head, hs = setup
    client.force_login(head)
    r = client.post(reverse("decisions:new", args=[hamlet.code]), {
        "kind": Kind.CONVENTION, "title": "Sửa đổi hương ước thôn", "options_kind": "yes_no", "form": Form.MEETING,
        "channel_rule": "in_person_first"})
    assert r.status_code == 302
    pk = int(r.url.rstrip("/").split("/")[-1])
    # Decree 59 Art. 3(3): the notice sent to the households, recorded on the matter's page.
    client.post(reverse("decisions:action", args=[pk, "notice"]), {"notice-sent_on": timezone.localdate().isoformat()})
    client.post(reverse("decisions:action", args=[pk, "open"]))
    url = reverse("decisions:meeting", args=[pk])
    client.post(url, {"step": "attendance", "present": [h.code for h in hs[:3]]})
    client.post(url, {"step": "secretary", "secretary-name": "Lê Văn Thư", "secretary-agreed": "2"})
    client.post(url, {"step": "hands", **{f"hand-{h.code}": "agree" for h in hs[:3]}})
    client.post(url, {"step": "witnesses", "witnesses-first": "Nguyễn Văn Một", "witnesses-second": "Trần Thị Hai"})
    page = client.get(url).content.decode()
    assert "Có mặt 3/4 hộ" in page
    hands = page.split('id="hands"', 1)[1].split("</form>", 1)[0]
    for h in hs[:3]:  # the show of hands is minuted per household, its representative named
        assert f"{h.code} — {h.representative.full_name}" in hands
    client.post(reverse("decisions:action", args=[pk, "close"]))
    detail = client.get(reverse("decisions:detail", args=[pk])).content.decode()
    assert "Được thông qua" in detail
    assert "Lê Văn Thư (2/3 hộ có mặt đồng ý)" in detail
    signing = detail.split('id="witnesses"', 1)[1].split("</dd>", 1)[0]
    assert "Nguyễn Văn Một" in signing and "Trần Thị Hai" in signing
    assert timezone.localdate().strftime("%d/%m/%Y") in detail.split('id="notice-sent-on"', 1)[1][:40]
    docx = client.get(reverse("decisions:minutes", args=[pk, "docx"]))
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = client.get(reverse("decisions:minutes", args=[pk, "pdf"]))
    assert pdf.content[:4] == b"%PDF"
    client.force_login(officer_a)  # the commune sees every matter of its hamlets with turnout and result
    listing = client.get(reverse("decisions:manage", args=[tree_code(hamlet)])).content.decode()
    assert "Sửa đổi hương ước thôn" in listing and "3/4" in listing


def tree_code(hamlet):
    return hamlet.parent.code


def test_online_form_refused_for_contribution_in_the_form(client, setup):
    hamlet, head, hs = setup
    client.force_login(head)
    r = client.post(reverse("decisions:new", args=[hamlet.code]), {
        "kind": Kind.CONTRIBUTION, "title": "Góp tiền", "options_kind": "yes_no", "form": Form.ONLINE,
        "channel_rule": "in_person_first"})
    assert r.status_code == 200
    assert "Chỉ được biểu quyết trực tuyến" in r.content.decode()


def test_closed_matter_status(setup):
    hamlet, head, hs = setup
    m = matter(head, hamlet)
    assert m.status == Status.OPEN and Result.ADOPTED == "adopted"
