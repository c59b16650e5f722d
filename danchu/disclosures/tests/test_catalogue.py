"""The statutory catalogue ships as data with its articles, channels, durations and timing."""

import pytest

from danchu.disclosures.catalogue import CATALOGUE, sync_catalogue
from danchu.disclosures.models import DisclosureCategory

pytestmark = pytest.mark.django_db


def test_every_item_of_article_11_is_in_the_catalogue():
    commune = DisclosureCategory.objects.filter(scope="commune", article=11)
    assert sorted(set(commune.values_list("clause", flat=True))) == list(range(1, 15))
    assert DisclosureCategory.objects.count() == len(CATALOGUE)


@pytest.mark.parametrize(
    ("_case", "code", "days", "permanent", "loudspeaker"),
    [
        ("plan: 30 days at the commune HQ", "commune-11-1", 30, False, None),
        ("democracy regulation: permanent", "commune-11-4", None, True, None),
        ("beneficiaries: 30 days + loudspeaker 3 days", "commune-11-7", 30, False, 3),
        ("fees: loudspeaker", "commune-11-12", 30, False, 3),
        ("administrative procedures: permanent", "commune-11-13", None, True, None),
        ("agency: 20 days", "agency-46-plans", 20, False, None),
        ("enterprise: 20 days", "enterprise-64-labour", 20, False, None),
    ],
)
def test_posting_durations(_case, code, days, permanent, loudspeaker):
    cat = DisclosureCategory.objects.get(code=code)
    assert (cat.min_posting_days, cat.permanent, cat.loudspeaker_days) == (days, permanent, loudspeaker)


def test_timing_rules():
    assert DisclosureCategory.objects.filter(scope="commune", article=11).exclude(deadline_value=5).count() == 0
    assert set(DisclosureCategory.objects.filter(scope="commune", article=11).values_list("deadline_unit", flat=True)) == {"working_days"}
    agency = DisclosureCategory.objects.get(code="agency-46-personnel")
    assert (agency.deadline_value, agency.deadline_unit) == (5, "working_days")
    soe = DisclosureCategory.objects.get(code="enterprise-64-funds")
    assert (soe.deadline_value, soe.deadline_unit) == (15, "days")


def test_channels_and_lists():
    loud = {c.code for c in DisclosureCategory.objects.all() if "loudspeaker" in c.recommended_channels}
    assert loud == {f"commune-11-{i}" for i in range(7, 13)}
    people = set(DisclosureCategory.objects.filter(has_person_list=True).values_list("code", flat=True))
    assert people == {"commune-11-7", "commune-11-8", "commune-11-9"}
    for cat in DisclosureCategory.objects.filter(scope="commune"):
        assert "notice_commune" in cat.allowed_channels and "website" in cat.allowed_channels
        assert "intranet" not in cat.allowed_channels
    assert "Điều 11 khoản 7" in DisclosureCategory.objects.get(code="commune-11-7").legal_basis


def test_sync_is_idempotent():
    assert sync_catalogue() == len(CATALOGUE)
    assert DisclosureCategory.objects.count() == len(CATALOGUE)
