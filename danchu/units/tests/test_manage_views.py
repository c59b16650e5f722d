"""Officials' pages: scope (404 for another commune), forms through the services, labels, uploads."""

import io
from html.parser import HTMLParser

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danchu.core.models import AuditEvent
from danchu.units.models import Household, HouseholdImport, Organization, Resident, Unit
from danchu.units.tests.factories import HouseholdFactory, ResidentFactory
from danchu.units.tests.test_households_import import ROWS, csv_bytes

PAGES = [
    ("units:hamlets", "a"),
    ("units:households", "a"),
    ("units:households", "a1"),
    ("units:household_import", "a"),
    ("units:organizations", "a"),
]


class _Labels(HTMLParser):
    """Collects the ids of visible form controls and the `for` of labels (and controls inside labels)."""

    def __init__(self):
        super().__init__()
        self.controls, self.labelled, self._in_label = [], set(), False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "label":
            self._in_label = True
            if a.get("for"):
                self.labelled.add(a["for"])
        elif tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append(a.get("id"))
            if self._in_label and a.get("id"):
                self.labelled.add(a["id"])

    def handle_endtag(self, tag):
        if tag == "label":
            self._in_label = False


def assert_every_input_labelled(html: str) -> None:
    parser = _Labels()
    parser.feed(html)
    assert parser.controls, "no form controls found"
    assert [c for c in parser.controls if c not in parser.labelled] == []


@pytest.mark.parametrize(("name", "unit_key"), PAGES)
def test_own_commune_pages_open_with_labels(client, tree, officer_a, name, unit_key):
    client.force_login(officer_a)
    response = client.get(reverse(name, args=[tree[unit_key].code]))
    assert response.status_code == 200
    assert_every_input_labelled(response.content.decode())


@pytest.mark.parametrize(("name", "unit_key"), PAGES)
def test_other_commune_pages_are_404(client, tree, officer_b, name, unit_key):
    client.force_login(officer_b)
    assert client.get(reverse(name, args=[tree[unit_key].code])).status_code == 404


def test_anonymous_is_sent_to_login(client, tree):
    response = client.get(reverse("units:households", args=["T0A"]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_unknown_unit_and_wrong_level_are_404(client, tree, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("units:hamlets", args=["NOPE"])).status_code == 404
    assert client.get(reverse("units:hamlets", args=["T0A-01"])).status_code == 404  # a hamlet has no hamlets


# --- hamlets ---------------------------------------------------------------------------------
def test_create_rename_and_close_hamlet_through_pages(client, tree, officer_a):
    client.force_login(officer_a)
    url = reverse("units:hamlets", args=["T0A"])
    response = client.post(url, {"action": "create", "name": "Phú Đa", "division_type": "thôn"})
    assert response.status_code == 302
    h = Unit.objects.get(code="T0A-03")
    assert h.name == "Thôn Phú Đa"
    edit = reverse("units:hamlet_edit", args=["T0A", "T0A-03"])
    assert client.get(edit).status_code == 200
    client.post(edit, {"action": "rename", "name": "Phú Đa Mới", "division_type": "thôn"})
    h.refresh_from_db()
    assert h.name == "Thôn Phú Đa Mới"
    client.post(edit, {"action": "close", "on": "2026-05-01", "successor": "T0A-01"})
    h.refresh_from_db()
    assert str(h.valid_to) == "2026-04-30"
    assert "Đã sáp nhập, giải thể" in client.get(url).content.decode()


def test_duplicate_hamlet_shows_the_service_message(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("units:hamlets", args=["T0A"]),
                           {"action": "create", "name": "Đồng Quê", "division_type": "thôn"})
    assert response.status_code == 400
    assert "Xã đã có “Thôn Đồng Quê”." in response.content.decode()


def test_hamlet_edit_of_another_commune_is_404(client, tree, officer_a, officer_b):
    client.force_login(officer_a)
    # a hamlet of commune B reached through commune A's URL
    assert client.get(reverse("units:hamlet_edit", args=["T0A", "T0B-01"])).status_code == 404
    client.force_login(officer_b)
    response = client.post(reverse("units:hamlet_edit", args=["T0A", "T0A-01"]), {"action": "rename", "name": "X",
                                                                                  "division_type": "thôn"})
    assert response.status_code == 404
    tree["a1"].refresh_from_db()
    assert tree["a1"].name == "Thôn Đồng Quê"


def test_hamlets_import_from_page(client, tree, officer_a):
    client.force_login(officer_a)
    upload = SimpleUploadedFile("thon.csv", "Tên thôn\nBến Đò\nĐồng Quê\n".encode())
    response = client.post(reverse("units:hamlets", args=["T0A"]), {"action": "import", "file": upload})
    assert response.status_code == 200
    assert "2 dòng: thêm mới 1, đã có 1, bị từ chối 0." in response.content.decode()


# --- households ------------------------------------------------------------------------------
def test_household_search_ignores_diacritics_and_is_scoped(client, tree, officer_a):
    mine = HouseholdFactory(hamlet=tree["a1"], code="H1")
    ResidentFactory(household=mine, full_name="Nguyễn Thị Đào", search_name="nguyen thi dao")
    theirs = HouseholdFactory(hamlet=tree["b1"], code="H2")
    ResidentFactory(household=theirs, full_name="Nguyễn Thị Đào", search_name="nguyen thi dao")
    client.force_login(officer_a)
    response = client.get(reverse("units:households", args=["T0A"]), {"q": "NGUYEN thi dao"})
    page = response.context["page"]
    assert [h.code for h in page.object_list] == ["H1"]
    assert "Nguyễn Thị Đào" in response.content.decode()


def test_household_list_query_count_does_not_grow_with_rows(client, tree, officer_a, django_assert_max_num_queries):
    for i in range(30):
        h = HouseholdFactory(hamlet=tree["a1"], code=f"H{i:02d}")
        ResidentFactory.create_batch(3, household=h)
    client.force_login(officer_a)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("units:households", args=["T0A"])).status_code == 200


def test_household_pagination(client, tree, officer_a):
    for i in range(55):
        HouseholdFactory(hamlet=tree["a1"], code=f"H{i:03d}")
    client.force_login(officer_a)
    url = reverse("units:households", args=["T0A"])
    assert len(client.get(url).context["page"].object_list) == 50
    assert len(client.get(url, {"page": 2}).context["page"].object_list) == 5


def test_one_by_one_entry_through_pages(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("units:households", args=["T0A"]), {"hamlet": "T0A-02", "code": "H9", "address": ""})
    household = Household.objects.get(code="H9")
    assert household.hamlet == tree["a2"]
    detail = reverse("units:household_detail", args=["T0A", household.pk])
    assert response["Location"] == detail
    client.post(detail, {"action": "add", "full_name": "Vũ Văn Nam", "identity_number": "001090000009",
                         "birth_year": "1990", "phone": "", "is_representative": "on"})
    client.post(detail, {"action": "add", "full_name": "Vũ Thị Nga", "identity_number": "", "birth_year": "",
                         "phone": ""})
    household.refresh_from_db()
    assert household.representative.full_name == "Vũ Văn Nam"
    nga = Resident.objects.get(full_name="Vũ Thị Nga")
    client.post(detail, {"action": "representative", "resident": nga.pk})
    household.refresh_from_db()
    assert household.representative == nga
    response = client.post(detail, {"action": "add", "full_name": "Trùng", "identity_number": "001090000009"})
    assert response.status_code == 400
    assert "Số CCCD này đã đăng ký ở hộ khác." in response.content.decode()
    assert_every_input_labelled(client.get(detail).content.decode())


def test_household_detail_of_another_commune_is_404(client, tree, officer_a):
    theirs = HouseholdFactory(hamlet=tree["b1"])
    client.force_login(officer_a)
    assert client.get(reverse("units:household_detail", args=["T0A", theirs.pk])).status_code == 404
    assert client.get(reverse("units:household_detail", args=["T0B", theirs.pk])).status_code == 404


def test_front_officer_sees_households_but_gets_no_forms(client, tree):
    """In the commune's scope without the right to keep the register: the list, no form; a write or
    the upload page is 403 (not 404: the commune is theirs to see)."""
    from danchu.accounts.tests.factories import UserFactory, grant
    from danchu.core.roles import Role

    front = UserFactory()
    grant(front, Role.FRONT_OFFICER, unit=tree["a"])
    client.force_login(front)
    response = client.get(reverse("units:households", args=["T0A"]))
    assert response.status_code == 200 and "Thêm hộ" not in response.content.decode()
    assert client.post(reverse("units:households", args=["T0A"]), {"hamlet": "T0A-01", "code": "X"}).status_code == 403
    assert client.get(reverse("units:household_import", args=["T0A"])).status_code == 403
    assert client.get(reverse("units:hamlets", args=["T0A"])).status_code == 403
    assert client.get(reverse("units:organizations", args=["T0A"])).status_code == 403
    assert not Household.objects.exists()


def test_household_detail_form_is_refused_to_a_viewer(client, tree):
    from danchu.accounts.tests.factories import UserFactory, grant
    from danchu.core.roles import Role

    h = HouseholdFactory(hamlet=tree["a1"])
    front = UserFactory()
    grant(front, Role.FRONT_OFFICER, unit=tree["a"])
    client.force_login(front)
    detail = reverse("units:household_detail", args=["T0A", h.pk])
    assert client.get(detail).status_code == 200
    response = client.post(detail, {"action": "add", "full_name": "Người Lạ"})
    assert response.status_code == 403
    assert not Resident.objects.exists()


def test_other_hamlets_head_gets_404_for_a_household(client, tree):
    from danchu.accounts.tests.factories import UserFactory, grant
    from danchu.core.roles import Role

    h = HouseholdFactory(hamlet=tree["a2"])
    head = UserFactory()
    grant(head, Role.HAMLET_HEAD, unit=tree["a1"])
    client.force_login(head)
    assert client.get(reverse("units:household_detail", args=["T0A-01", h.pk])).status_code == 404
    assert client.get(reverse("units:household_detail", args=["T0A-02", h.pk])).status_code == 404


# --- import ----------------------------------------------------------------------------------
def test_upload_shows_result_and_rejection_table(client, tree, officer_a):
    client.force_login(officer_a)
    rows = [*ROWS, ["H003", "Sai Số", "12345", "1990", "", "", ""]]
    upload = SimpleUploadedFile("so ho.csv", csv_bytes(rows), content_type="text/csv")
    response = client.post(reverse("units:household_import", args=["T0A"]), {"hamlet": "T0A-02", "file": upload})
    imp = HouseholdImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("units:household_import_result", args=["T0A", imp.pk])
    assert imp.hamlet == tree["a2"] and imp.residents_created == 4
    html = client.get(response["Location"]).content.decode()
    assert "1/5 dòng bị từ chối" in html
    assert "<td>6</td><td>Số CCCD</td><td>12345</td><td>Số CCCD phải gồm đúng 12 chữ số (đang có 5 chữ số).</td>" in html
    csv_response = client.get(reverse("units:household_import_rejections", args=["T0A", imp.pk]))
    text = csv_response.content.decode("utf-8-sig")
    assert text.splitlines() == ["Dòng,Cột,Giá trị,Lý do", "6,Số CCCD,12345,Số CCCD phải gồm đúng 12 chữ số (đang có 5 chữ số)."]


def test_upload_of_unreadable_file_shows_error_and_writes_nothing(client, tree, officer_a):
    client.force_login(officer_a)
    audits = AuditEvent.objects.count()
    upload = SimpleUploadedFile("anh.csv", bytes(range(256)))
    response = client.post(reverse("units:household_import", args=["T0A"]), {"hamlet": "T0A-01", "file": upload})
    assert response.status_code == 400
    assert "Không đọc được tệp" in response.content.decode()
    assert not HouseholdImport.objects.exists() and AuditEvent.objects.count() == audits


def test_oversize_upload_is_refused_by_the_form(client, tree, officer_a, settings):
    settings.DANCHU_MAX_UPLOAD_BYTES = 50
    client.force_login(officer_a)
    upload = SimpleUploadedFile("lon.csv", csv_bytes(ROWS))
    response = client.post(reverse("units:household_import", args=["T0A"]), {"hamlet": "T0A-01", "file": upload})
    assert response.status_code == 400 and "Tệp quá lớn" in response.content.decode()
    assert not Household.objects.exists()


def test_upload_into_other_commune_is_404_and_changes_nothing(client, tree, officer_b):
    client.force_login(officer_b)
    before = (Household.objects.count(), Resident.objects.count(), HouseholdImport.objects.count(),
              AuditEvent.objects.count())
    upload = SimpleUploadedFile("ho.csv", csv_bytes(ROWS))
    response = client.post(reverse("units:household_import", args=["T0A"]), {"hamlet": "T0A-01", "file": upload})
    assert response.status_code == 404
    # a hamlet of commune A chosen from commune B's page is not among the choices
    upload = SimpleUploadedFile("ho.csv", csv_bytes(ROWS))
    response = client.post(reverse("units:household_import", args=["T0B"]), {"hamlet": "T0A-01", "file": upload})
    assert response.status_code == 400
    assert (Household.objects.count(), Resident.objects.count(), HouseholdImport.objects.count(),
            AuditEvent.objects.count()) == before


def test_import_result_of_other_commune_is_404(client, tree, officer_a, officer_b):
    client.force_login(officer_a)
    client.post(reverse("units:household_import", args=["T0A"]),
                {"hamlet": "T0A-01", "file": SimpleUploadedFile("ho.csv", csv_bytes(ROWS))})
    imp = HouseholdImport.objects.get()
    client.force_login(officer_b)
    assert client.get(reverse("units:household_import_result", args=["T0A", imp.pk])).status_code == 404
    assert client.get(reverse("units:household_import_result", args=["T0B", imp.pk])).status_code == 404
    assert client.get(reverse("units:household_import_rejections", args=["T0B", imp.pk])).status_code == 404


def test_templates_download_and_import_back(client, tree, officer_a):
    client.force_login(officer_a)
    csv_file = client.get(reverse("units:household_template", args=["T0A", "csv"]))
    assert csv_file["Content-Type"].startswith("text/csv")
    assert csv_file.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    xlsx = client.get(reverse("units:household_template", args=["T0A", "xlsx"]))
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in ws[1]] == ["Mã hộ", "Họ và tên", "Số CCCD", "Năm sinh", "Số điện thoại", "Địa chỉ",
                                        "Đại diện hộ"]
    assert ws["C2"].value == "001080012345" and ws["C2"].number_format == "@"
    assert client.get(reverse("units:household_template", args=["T0A", "pdf"])).status_code == 404
    response = client.post(reverse("units:household_import", args=["T0A"]),
                           {"hamlet": "T0A-01", "file": SimpleUploadedFile("mau.xlsx", xlsx.content)})
    assert response.status_code == 302
    assert HouseholdImport.objects.get().rejected == []


def test_csv_export_neutralises_formulas(client, tree, officer_a):
    imp = HouseholdImport.objects.create(hamlet=tree["a1"], filename="ho.csv", rejected=[
        {"row": 2, "column": "Họ và tên", "value": "=1+1", "code": "full_name_invalid", "reason": "r"}])
    client.force_login(officer_a)
    text = client.get(reverse("units:household_import_rejections", args=["T0A", imp.pk])).content.decode("utf-8-sig")
    assert text.splitlines()[1] == "2,Họ và tên,'=1+1,r"


# --- organizations ---------------------------------------------------------------------------
def test_create_and_edit_organization_through_pages(client, tree, officer_a):
    client.force_login(officer_a)
    url = reverse("units:organizations", args=["T0A"])
    response = client.post(url, {"kind": "public_service_unit", "name": "Trạm Y tế xã", "tax_code": ""})
    assert response.status_code == 302
    org = Organization.objects.get()
    assert "Trạm Y tế xã" in client.get(url).content.decode()
    edit = reverse("units:organization_edit", args=["T0A", org.pk])
    client.post(edit, {"kind": "public_service_unit", "name": "Trạm Y tế", "tax_code": "0101234567"})
    org.refresh_from_db()
    assert (org.name, org.tax_code, org.is_active) == ("Trạm Y tế", "0101234567", False)
    response = client.post(url, {"kind": "agency", "name": "", "tax_code": ""})
    assert response.status_code == 400


def test_organization_of_other_commune_is_404(client, tree, officer_a, officer_b):
    client.force_login(officer_a)
    client.post(reverse("units:organizations", args=["T0A"]), {"kind": "agency", "name": "Công an xã"})
    org = Organization.objects.get()
    client.force_login(officer_b)
    assert client.get(reverse("units:organization_edit", args=["T0B", org.pk])).status_code == 404
    assert client.post(reverse("units:organization_edit", args=["T0A", org.pk]),
                       {"kind": "agency", "name": "Đổi"}).status_code == 404
    org.refresh_from_db()
    assert org.name == "Công an xã"
