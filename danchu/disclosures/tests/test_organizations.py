"""An agency's or enterprise's own disclosures (Arts. 46-48, 64-66): its head publishes from its
page, its staff read them there, nobody else sees them — not the public, not another organization."""

import pytest

from danchu.accounts.tests.factories import UserFactory, grant
from danchu.core.roles import Role
from danchu.disclosures.models import Disclosure
from danchu.units.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(tree):
    org = OrganizationFactory(unit=tree["a"], kind="enterprise", name="Công ty Cấp nước Bình Lục")
    head, union, outsider = UserFactory(), UserFactory(), UserFactory()
    grant(head, Role.ORG_HEAD, organization=org)
    grant(union, Role.UNION_REP, organization=org)
    other = OrganizationFactory(unit=tree["a"], kind="enterprise", name="Công ty May")
    grant(outsider, Role.ORG_HEAD, organization=other)
    return {"org": org, "head": head, "union": union, "outsider": outsider}


def _publish_from_pages(client, org):
    client.force_login(org["head"])
    r = client.post(f"/to-chuc/{org['org'].pk}/cong-khai/moi/", {
        "category": "enterprise-64-labour", "title": "Nội quy lao động năm 2026", "body": "Giờ làm việc từ 7h30.",
        "channels": ["notice_workplace"], "decision_date": "2026-03-02",
    })
    assert r.status_code == 302, r.content.decode()[:2000]
    d = Disclosure.objects.get()
    assert client.post(f"/quan-ly/cong-khai/{d.pk}/cong-bo/").status_code == 302
    d.refresh_from_db()
    return d


def test_the_head_publishes_and_the_staff_read(client, org, tree):
    d = _publish_from_pages(client, org)
    assert (d.status, d.organization_id, d.unit_id) == ("published", org["org"].pk, tree["a"].pk)
    client.force_login(org["union"])
    page = client.get(f"/to-chuc/{org['org'].pk}/cong-khai/").content.decode()
    assert "Nội quy lao động năm 2026" in page and "Soạn thông tin công khai" not in page
    assert client.get(f"/u/{tree['a'].code}/cong-khai/{d.pk}/").status_code == 200
    # the workspace of the union representative leads there
    assert f"/to-chuc/{org['org'].pk}/cong-khai/" in client.get("/tai-khoan/").content.decode()


def test_nobody_else_sees_them_and_nothing_changes(client, org, tree, citizen, officer_a):
    d = _publish_from_pages(client, org)
    for user in (org["outsider"], citizen):
        client.force_login(user)
        assert client.get(f"/to-chuc/{org['org'].pk}/cong-khai/").status_code == 404
        assert client.get(f"/u/{tree['a'].code}/cong-khai/{d.pk}/").status_code == 404
        r = client.post(f"/to-chuc/{org['org'].pk}/cong-khai/moi/", {"category": "enterprise-64-labour", "title": "X"})
        assert r.status_code == 404
    client.logout()
    assert "Nội quy lao động" not in client.get(f"/u/{tree['a'].code}/cong-khai/").content.decode()
    assert Disclosure.objects.count() == 1
    # the union representative reads but does not publish: inside the organization without the right
    client.force_login(org["union"])
    assert client.get(f"/to-chuc/{org['org'].pk}/cong-khai/moi/").status_code == 403
    r = client.post(f"/to-chuc/{org['org'].pk}/cong-khai/moi/", {"category": "enterprise-64-labour", "title": "X",
                                                                 "channels": ["notice_workplace"]})
    assert r.status_code == 403 and Disclosure.objects.count() == 1


def test_the_form_offers_only_the_organizations_part_of_the_catalogue(client, org):
    client.force_login(org["head"])
    html = client.get(f"/to-chuc/{org['org'].pk}/cong-khai/moi/").content.decode()
    assert "enterprise-64-labour" in html and "agency-46-plans" not in html and "commune-11-" not in html
