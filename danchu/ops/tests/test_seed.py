"""`danchu seed` and its generators (names, CCCD numbers, hamlets, households), and the
safety rules of `danchu bench` that share them.

The demo tests build the three official units the demo needs by hand (province 37, Xã Bình
Lục 13504, Xã Bình Mỹ 13501, and the former Hà Nam commune Bình Lục succeeded), so no test
here imports the whole official list.
"""

import json
import random
import re

import pytest
from django.core.management import call_command
from django.db import transaction

from danchu.accounts.models import RoleGrant, User
from danchu.core.errors import DomainError
from danchu.core.roles import Role
from danchu.core.text import fold
from danchu.ops import bench, seeding
from danchu.units.models import (
    LEGACY_VALID_TO,
    Household,
    Level,
    Organization,
    OrganizationKind,
    Resident,
    Unit,
    UnitSuccession,
)
from danchu.units.tests.factories import UnitFactory, commune, province

_VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)


# --- generators --------------------------------------------------------------------------------


def test_cccd_numbers_have_the_issued_layout_and_never_repeat():
    ids = seeding.IdentityNumbers(random.Random(5))
    drawn = [ids.draw(birth_province="35", birth_year=1985, female=False) for _ in range(20_000)]
    assert len(set(drawn)) == 20_000
    assert all(seeding.cccd_is_valid(n) and n.startswith("035085") for n in drawn)
    assert ids.draw(birth_province="37", birth_year=1990, female=True)[:6] == "037190"
    assert ids.draw(birth_province="1", birth_year=2004, female=False)[:6] == "001204"
    assert ids.draw(birth_province="1", birth_year=2004, female=True)[:6] == "001304"


@pytest.mark.parametrize(
    ("_case", "year", "female", "digit"),
    [("20th c. man", 1950, False, 0), ("20th c. woman", 1999, True, 1), ("21st c. man", 2000, False, 2),
     ("21st c. woman", 2024, True, 3)],
)
def test_cccd_fourth_digit_encodes_century_and_sex(_case, year, female, digit):
    assert seeding.cccd_century_sex_digit(birth_year=year, female=female) == digit


def test_households_are_plausible_and_follow_the_seed():
    a = [seeding.household_members(random.Random(f"7:{i}")) for i in range(300)]
    b = [seeding.household_members(random.Random(f"7:{i}")) for i in range(300)]
    assert a == b
    sizes = [len(h) for h in a]
    assert min(sizes) >= 1 and max(sizes) <= 8
    assert 2.5 <= sum(sizes) / len(sizes) <= 4.5
    for members in a:
        head = members[0]
        assert 2025 - head.birth_year >= 26
        for p in members:
            parts = p.full_name.split()
            assert len(parts) == 3
            assert p.birth_year <= 2025
    with_marks = sum(bool(_VIETNAMESE.search(p.full_name)) for h in a for p in h)
    assert with_marks / sum(sizes) > 0.9


def test_hamlet_names_match_the_kind_of_commune():
    rng = random.Random(1)
    ward = seeding.hamlet_specs(rng, commune_code="00004", commune_type="phường", province_code="01", count=3)
    assert [s.name for s in ward] == ["Tổ dân phố số 1", "Tổ dân phố số 2", "Tổ dân phố số 3"]
    assert {s.division_type for s in ward} == {"tổ dân phố"}
    south = seeding.hamlet_specs(random.Random(3), commune_code="30000", commune_type="xã", province_code="82",
                                 count=30)
    assert all(s.name.startswith("Ấp ") for s in south)
    north = seeding.hamlet_specs(random.Random(4), commune_code="13504", commune_type="xã", province_code="37",
                                 count=40)
    assert [s.code for s in north[:2]] == ["13504-01", "13504-02"]
    assert len({s.name for s in north}) == 40


# --- the demo ----------------------------------------------------------------------------------


@pytest.fixture
def demo_units(db):
    p = province(code="37", name="Tỉnh Ninh Bình")
    a = commune(p, code="13504", name="Xã Bình Lục")
    b = commune(p, code="13501", name="Xã Bình Mỹ")
    old_p = UnitFactory(code="L35", name="Tỉnh Hà Nam", short_name="Hà Nam", level=Level.PROVINCE,
                        division_type="tỉnh", valid_to=LEGACY_VALID_TO)
    old_a = commune(old_p, code="L13504", name="Xã Bình Nghĩa", valid_to=LEGACY_VALID_TO)
    UnitSuccession.objects.create(predecessor=old_a, successor=a, is_primary=True)
    return {"province": p, "commune": a, "neighbour": b}


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_demo_seed_builds_binh_luc_with_households_and_one_account_per_role(demo_units, data_dir):
    report = seeding.seed_demo(seed=3)

    binh_luc = demo_units["commune"]
    hamlets = list(Unit.objects.filter(parent=binh_luc).order_by("code"))
    assert [h.name for h in hamlets] == [f"Thôn {n}" for n in seeding.DEMO_HAMLETS]
    assert all(h.level == Level.HAMLET and h.path == f"/37/13504/{h.code}/" for h in hamlets)
    for h in hamlets:
        assert 35 <= h.households.count() <= 45
    assert Unit.objects.filter(parent=demo_units["neighbour"]).count() == 3

    households = Household.objects.select_related("representative")
    assert report.counts.households == households.count()
    assert not households.filter(representative__isnull=True).exists()
    for h in households:
        assert h.representative.household_id == h.pk
        assert 2025 - h.representative.birth_year >= 18
        assert h.province_code == "37"
    residents = list(Resident.objects.all())
    assert report.counts.residents == len(residents) > 3 * 300 // 2
    numbers = [r.identity_number for r in residents]
    assert len(set(numbers)) == len(numbers)
    assert all(seeding.cccd_is_valid(n) for n in numbers)
    # Born mostly in Hà Nam (035), the province Xã Bình Lục's former commune belonged to.
    in_binh_luc = [r.identity_number for r in residents if r.household.hamlet.parent_id == binh_luc.pk]
    assert sum(n.startswith("035") for n in in_binh_luc) / len(in_binh_luc) > 0.8
    assert all(r.search_name == fold(r.full_name) and r.province_code == "37" for r in residents)

    kinds = set(Organization.objects.filter(unit=binh_luc).values_list("kind", flat=True))
    assert kinds == set(OrganizationKind.values)

    accounts = {(a["role"], a["username"]): a for a in report.accounts}
    assert {role for role, _ in accounts} == set(Role.values)
    expected_scope = {
        "canbo.binhluc": "13504", "chutich.binhluc": "13504", "mttq.binhluc": "13504",
        "thanhtra.binhluc": "13504", "giamsat.binhluc": "13504", "truongthon.annoi": "13504-01",
        "daidienho.annoi": "13504-01", "bcd.ninhbinh": "37", "quantri.ninhbinh": "37", "canbo.binhmy": "13501",
    }
    for username, code in expected_scope.items():
        user = User.objects.get(username=username)
        grant = RoleGrant.objects.get(user=user)
        assert grant.unit.code == code, username
        assert user.check_password(seeding.demo_password(grant.role))
    for username in ("giamdoc.maybinhluc", "congdoan.maybinhluc"):
        grant = RoleGrant.objects.get(user__username=username)
        assert grant.organization.kind == OrganizationKind.ENTERPRISE
    assert not RoleGrant.objects.filter(user__username="congdan.binhluc").exists()
    rep = User.objects.get(username="daidienho.annoi")
    assert rep.resident is not None
    assert rep.resident.represented_households.get().hamlet.code == "13504-01"
    assert rep.full_name == rep.resident.full_name

    written = json.loads((data_dir / "demo-accounts.json").read_text(encoding="utf-8"))
    assert len(written["accounts"]) == 13
    assert {"role": "commune_officer", "username": "canbo.binhluc", "password": "demo-commune_officer-2025",
            "unit_code": "13504"}.items() <= written["accounts"][0].items()


def test_demo_seed_twice_adds_nothing(demo_units, data_dir):
    seeding.seed_demo(seed=3)
    before = (Unit.objects.count(), Household.objects.count(), Resident.objects.count(), User.objects.count(),
              RoleGrant.objects.count(), Organization.objects.count())

    again = seeding.seed_demo(seed=3)

    after = (Unit.objects.count(), Household.objects.count(), Resident.objects.count(), User.objects.count(),
             RoleGrant.objects.count(), Organization.objects.count())
    assert after == before
    assert (again.counts.hamlets, again.counts.households, again.counts.residents, again.organizations) == (0, 0, 0, 0)
    assert {a["status"] for a in again.accounts} == {"có sẵn"}


def test_same_seed_same_demo_other_seed_other_people(demo_units, data_dir):
    def run(seed: int) -> list[tuple[str, str]]:
        with transaction.atomic():
            seeding.seed_demo(seed=seed)
            rows = list(Resident.objects.order_by("household__hamlet__code", "household__code", "pk")
                        .values_list("full_name", "identity_number"))
            transaction.set_rollback(True)
        return rows

    first, second, other = run(11), run(11), run(12)
    assert first == second
    assert first != other


def test_seed_command_prints_the_accounts(demo_units, data_dir, capsys):
    call_command("seed", "--scale", "demo", "--quiet")
    out = capsys.readouterr().out
    assert "canbo.binhluc" in out and "demo-commune_officer-2025" in out and "13504" in out
    assert str(data_dir / "demo-accounts.json") in out


def test_demo_needs_its_communes(db, data_dir):
    province(code="37", name="Tỉnh Ninh Bình")
    with pytest.raises(DomainError) as exc:
        seeding.seed_demo()
    assert exc.value.code == "seed_units_missing"
    assert not User.objects.exists()


# --- bulk scales -------------------------------------------------------------------------------


def test_province_seed_fills_every_commune_once(db):
    p = province(code="T05", name="Tỉnh Thử Năm")
    commune(p, code="T5A", name="Xã Thử A")
    commune(p, code="T5B", name="Phường Thử B", division_type="phường")
    commune(province(code="T06", name="Tỉnh Khác"), code="T6A", name="Xã Khác")

    report = seeding.seed_bulk(scale="province", province_code="T05", seed=2, hamlets_per_commune=4,
                               households_per_hamlet=3)

    hamlets = Unit.objects.filter(level=Level.HAMLET)
    assert report.communes == 2
    assert report.counts.hamlets == hamlets.count() == len(report.hamlet_ids)
    assert not hamlets.filter(province_code="T06").exists()
    for c in ("T5A", "T5B"):
        assert 2 <= hamlets.filter(parent__code=c).count() <= 6
    assert all(h.name.startswith("Tổ dân phố số ") for h in hamlets.filter(parent__code="T5B"))
    assert Household.objects.count() == 3 * hamlets.count() == report.counts.households
    assert not Household.objects.filter(representative__isnull=True).exists()

    again = seeding.seed_bulk(scale="province", province_code="T05", seed=2, hamlets_per_commune=4,
                              households_per_hamlet=3)
    assert (again.communes, again.communes_skipped, again.counts.hamlets) == (0, 2, 0)
    assert Household.objects.count() == report.counts.households


def test_unknown_province_is_refused(db):
    province(code="T05", name="Tỉnh Thử Năm")
    with pytest.raises(DomainError) as exc:
        seeding.seed_bulk(scale="province", province_code="99")
    assert exc.value.code == "province_unknown"


# --- the benchmark's safety rules --------------------------------------------------------------


def test_bench_refuses_a_database_with_data_unless_told(tree, citizen):
    with pytest.raises(DomainError) as exc:
        bench.Bench(log=lambda _: None).check()
    assert exc.value.code == "bench_refused"
    bench.Bench(yes=True, log=lambda _: None).check()


def test_bench_percentile_is_nearest_rank():
    samples = [float(i) for i in range(1, 201)]
    assert bench.percentile(samples, 95) == 190.0
    assert bench.percentile(samples, 50) == 100.0
    assert bench.percentile([3.0], 95) == 3.0


def test_the_demo_shows_every_pillar_to_its_roles(demo_units, data_dir, client):
    """The demo's people each find something to do: published disclosures for everyone, an open vote for
    the household representative, a draft the (resident) citizen may comment on."""
    from danchu.consultations.models import Consultation
    from danchu.decisions.models import Matter, Status
    from danchu.disclosures.models import Disclosure
    from danchu.disclosures.models import Status as DisclosureStatus

    seeding.seed_demo(seed=3)
    published = Disclosure.objects.filter(unit=demo_units["commune"], status=DisclosureStatus.PUBLISHED)
    assert published.count() >= 3
    page = client.get("/u/13504/cong-khai/").content.decode()
    assert all(d.title in page for d in published)

    vote = Matter.objects.get(status=Status.OPEN, unit__code="13504-01")
    client.force_login(User.objects.get(username="daidienho.annoi"))
    mine = client.get("/bieu-quyet/").content.decode()
    assert vote.title in mine
    assert client.get(f"/bieu-quyet/{vote.pk}/").status_code == 200

    citizen = User.objects.get(username="congdan.binhluc")
    assert citizen.resident is not None and not citizen.resident.represented_households.exists()
    assert citizen.full_name == citizen.resident.full_name
    assert citizen.resident.household.hamlet.parent_id == demo_units["commune"].pk
    open_draft = Consultation.objects.filter(unit=demo_units["commune"], status="open").first()
    assert open_draft is not None
    client.force_login(citizen)
    detail = client.get(f"/gop-y/{open_draft.pk}/").content.decode()
    assert f'action="/gop-y/{open_draft.pk}/y-kien/"' in detail
