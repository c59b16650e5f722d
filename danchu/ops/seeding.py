"""Generated data for the demo, the benchmarks and manual testing (`danchu seed`).

Everything here is made up but shaped like the real thing: hamlet names of the kind a
commune in the Red River delta has, Vietnamese full names with their diacritics, 12-digit
citizen identity numbers (CCCD) laid out as the Ministry of Public Security issues them,
households of two to seven people with one representative. The same `seed` gives the
same data on the same database state (every choice comes from `random.Random` seeded
with the run's seed and the commune's code, never from the global generator).

Seeding sits above every app (like the CLI): it reads the unit tree, writes generated
households and residents with `bulk_create` (a generator, not a user's write: no
per-row service call, but the folded `search_name` and `province_code` are filled as the
services do), and creates the demo accounts through `danchu.accounts.services`, acting as
a superuser "system" account created for that purpose. Nothing in `core` imports it.
"""

from __future__ import annotations

import json
import random
import secrets
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone
from tqdm import tqdm

from danchu.core.errors import DomainError
from danchu.core.roles import Role
from danchu.core.text import fold

# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------

# Family names with their approximate share of the population (per cent).
FAMILY_NAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 31.5), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 4.0), ("Phan", 4.5),
    ("Vũ", 3.0), ("Võ", 1.0), ("Huỳnh", 1.5), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3),
    ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đinh", 0.8), ("Đào", 0.6), ("Trịnh", 0.6),
    ("Lương", 0.4), ("Mai", 0.4), ("Cao", 0.4), ("Hà", 0.5), ("Đoàn", 0.4), ("Tạ", 0.3),
    ("Lưu", 0.3), ("Vương", 0.2), ("Tô", 0.2), ("Lại", 0.2), ("Kiều", 0.1), ("Chu", 0.2),
    ("Triệu", 0.2), ("Phùng", 0.2), ("Tăng", 0.1), ("Lâm", 0.3),
)
MALE_MIDDLE = ("Đức", "Hữu", "Minh", "Quang", "Công", "Đình", "Xuân", "Ngọc", "Thanh", "Tiến", "Trọng",
               "Duy", "Mạnh", "Gia", "Bá", "Văn")
FEMALE_MIDDLE = ("Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Phương", "Kim", "Bảo", "Thùy", "Diệu", "Khánh",
                 "Mai", "Quỳnh", "Thị")
MALE_GIVEN = ("Hùng", "Dũng", "Tuấn", "Hải", "Nam", "Sơn", "Thắng", "Long", "Minh", "Quân", "Khoa",
              "Phong", "Cường", "Hiếu", "Trung", "Thành", "Tùng", "Huy", "Đức", "Bình", "Toàn", "Lâm",
              "Hưng", "Tâm", "Kiên", "Việt", "Phúc", "Thịnh", "Khải", "An", "Bảo", "Đạt", "Hoàng",
              "Khang", "Nghĩa", "Quang", "Tài", "Thái", "Tiến", "Vinh", "Lộc", "Chiến", "Công", "Hòa",
              "Lực", "Mạnh", "Quý", "Sáng", "Tú", "Thuận", "Khôi", "Đông", "Hiển", "Lợi")
FEMALE_GIVEN = ("Lan", "Hương", "Mai", "Hoa", "Hằng", "Trang", "Linh", "Ngọc", "Thảo", "Yến", "Nga",
                "Hà", "Huyền", "Phương", "Thủy", "Anh", "Vân", "Dung", "Hạnh", "Liên", "Loan", "Nhung",
                "Oanh", "Quyên", "Tâm", "Thu", "Thúy", "Trinh", "Uyên", "Vy", "Xuân", "Hiền", "Hồng",
                "Giang", "My", "Nhi", "Chi", "Diệp", "Hậu", "Lụa", "Nụ", "Tuyết", "Huệ", "Duyên", "Thơm",
                "Hiên", "Ánh", "Bích", "Châu", "Gấm")

_FAMILY = [n for n, _ in FAMILY_NAMES]
_FAMILY_WEIGHTS = [w for _, w in FAMILY_NAMES]


def family_name(rng: random.Random) -> str:
    return rng.choices(_FAMILY, _FAMILY_WEIGHTS)[0]


def full_name(rng: random.Random, *, female: bool, birth_year: int, family: str | None = None) -> str:
    """"Nguyễn Văn Hùng", "Trần Thị Lan": older generations mostly carry Văn/Thị, younger ones less."""
    family = family or family_name(rng)
    classic = 0.75 if birth_year < 1975 else 0.45 if birth_year < 1995 else 0.15
    if rng.random() < classic:
        middle = "Thị" if female else "Văn"
    else:
        middle = rng.choice(FEMALE_MIDDLE[:-1] if female else MALE_MIDDLE[:-1])
    given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
    while given == middle:
        given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
    return f"{family} {middle} {given}"


# Mobile prefixes in use since the 2018 renumbering.
PHONE_PREFIXES = ("032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098",
                  "081", "082", "083", "084", "085", "088", "091", "094", "070", "076", "077", "078",
                  "079", "089", "090", "093", "056", "058", "059")


def phone_number(rng: random.Random) -> str:
    return rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**7):07d}"


# ---------------------------------------------------------------------------------------------
# Citizen identity numbers (CCCD)
# ---------------------------------------------------------------------------------------------


def cccd_century_sex_digit(*, birth_year: int, female: bool) -> int:
    """The 4th digit: 0/1 born 1900–1999 male/female, 2/3 born 2000–2099, 4/5 2100–2199 …"""
    century = (birth_year - 1900) // 100
    if century < 0:
        raise ValueError("birth years before 1900 have no CCCD century digit")
    return century * 2 + (1 if female else 0)


def cccd_is_valid(number: str) -> bool:
    """Twelve digits whose first three are a province code of birth (001–096) and whose fourth is a
    century/sex digit; a layout check, not a registry check."""
    return (
        len(number) == 12
        and number.isdigit()
        and 1 <= int(number[:3]) <= 96
        and int(number[3]) <= 9
    )


class IdentityNumbers:
    """Unique CCCD numbers: <province of birth, 3><century+sex, 1><year, 2><serial, 6>.

    The serial is the n-th value of a keyed permutation of 0…999,999 (a four-round Feistel
    network on two 3-digit halves, keyed by the seed and the prefix), so numbers look random
    but never repeat within a run; the caller checks a chunk against the database and draws
    again for the rare clash with an earlier run.
    """

    _HALF = 1000

    def __init__(self, rng: random.Random):
        self._keys = [rng.randrange(1 << 30) for _ in range(4)]
        self._next: dict[str, int] = {}

    def _permute(self, x: int, tweak: int) -> int:
        left, right = divmod(x, self._HALF)
        for key in self._keys:
            mixed = ((right + 1) * 0x9E3779B1 ^ (key + tweak)) * 0x85EBCA6B
            left, right = right, (left + (mixed >> 13)) % self._HALF
        return left * self._HALF + right

    def draw(self, *, birth_province: str, birth_year: int, female: bool) -> str:
        prefix = f"{int(birth_province):03d}{cccd_century_sex_digit(birth_year=birth_year, female=female)}{birth_year % 100:02d}"
        n = self._next.get(prefix, 0)
        if n >= self._HALF * self._HALF:
            raise DomainError("cccd_exhausted", f"Hết số CCCD cho tiền tố {prefix}.", message_en="CCCD serials exhausted.")
        self._next[prefix] = n + 1
        return f"{prefix}{self._permute(n, int(prefix)):06d}"


# ---------------------------------------------------------------------------------------------
# Hamlet names
# ---------------------------------------------------------------------------------------------

_FIRST = ("An", "Bình", "Đông", "Đồng", "Hạ", "Thượng", "Trung", "Phú", "Vĩnh", "Hòa", "Tân", "Lạc", "Yên",
          "Mỹ", "Thái", "Phúc", "Hưng", "Ninh", "Quang", "Văn", "Nhân", "Nghĩa", "Đức", "Thành", "Cát",
          "Kim", "Ngọc", "Lộc", "Thọ", "Xuân", "Hồng", "Liên", "Bảo", "Vân", "Hậu", "Ngô", "Vũ", "Bồ")
_SECOND = ("Nội", "Ngoại", "Quê", "Lập", "Thịnh", "Phú", "Hòa", "Lạc", "Xá", "Trung", "Đông", "Tây", "Nam",
           "Bắc", "Khê", "Kênh", "Trại", "Châu", "Điền", "Lộc", "Hưng", "Thọ", "Mỹ", "Yên", "Vĩnh", "Long",
           "Sơn", "Giang", "Hà", "Thành", "Quý", "Đoài", "Đề", "Cầu", "Trụ")
_BAN_FIRST = ("Nà", "Pá", "Huổi", "Co", "Nậm", "Pom", "Hua", "Phiêng", "Tà", "Khau", "Lũng", "Mường", "Phai",
              "Bó", "Noong", "Cang", "Há")
_BAN_SECOND = ("Sản", "Khôm", "Lóng", "Mòn", "Cang", "Lốm", "Sáng", "Pục", "Ban", "Cọ", "Hin", "Lướt", "Chả",
               "Tông", "Mạ", "Pe", "Luông", "Xa", "Nọi", "Pung")
# Where hamlets are called ấp (the South) and bản (the North-West), by current province code.
_AP_PROVINCES = {"75", "79", "80", "82", "86", "91", "92", "96"}
_BAN_PROVINCES = {"11", "12", "14"}

# Xã Bình Lục (Ninh Bình) for the demo: eight thôn; the names are typical of the area, not a register.
DEMO_HAMLETS = ("An Nội", "Đồng Quê", "Bồ Đề", "Ngô Khê", "Phú Thứ", "Vĩnh Trụ", "Tràng An", "Đồng Du")


@dataclass(frozen=True)
class HamletSpec:
    code: str
    name: str
    short_name: str
    division_type: str


def hamlet_specs(rng: random.Random, *, commune_code: str, commune_type: str, province_code: str,
                 count: int) -> list[HamletSpec]:
    """`count` hamlets for a commune: tổ dân phố in a ward, ấp in the South, bản in the
    North-West, thôn elsewhere; named, or numbered as in many newer settlements."""
    if commune_type == "phường":
        kind, prefix, numbered = "tổ dân phố", "Tổ dân phố", True
    elif province_code in _AP_PROVINCES and commune_type == "xã":
        kind, prefix, numbered = "ấp", "Ấp", rng.random() < 0.2
    elif province_code in _BAN_PROVINCES and commune_type == "xã":
        kind, prefix, numbered = "bản", "Bản", False
    else:
        kind, prefix, numbered = "thôn", "Thôn", rng.random() < 0.15
    specs: list[HamletSpec] = []
    seen: set[str] = set()
    for i in range(1, count + 1):
        if numbered:
            short = f"số {i}" if kind == "tổ dân phố" else str(i)
        else:
            first, second = (_BAN_FIRST, _BAN_SECOND) if kind == "bản" else (_FIRST, _SECOND)
            for _ in range(50):
                short = f"{rng.choice(first)} {rng.choice(second)}"
                if short not in seen and short.split()[0] != short.split()[1]:
                    break
            else:
                short = f"{short} {i}"
        seen.add(short)
        specs.append(HamletSpec(code=f"{commune_code}-{i:02d}", name=f"{prefix} {short}",
                                short_name=short if not numbered else f"{prefix} {short}", division_type=kind))
    return specs


# ---------------------------------------------------------------------------------------------
# Households
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    full_name: str
    female: bool
    birth_year: int
    phone: str = ""


def household_members(rng: random.Random, *, year: int = 2025) -> list[Person]:
    """A household, head first: the head, often a spouse, children, sometimes a parent of the head."""
    head_female = rng.random() < 0.2
    head_age = rng.randint(26, 82)
    head_year = year - head_age
    head_family = family_name(rng)
    members = [Person(full_name(rng, female=head_female, birth_year=head_year, family=head_family),
                      head_female, head_year, phone_number(rng) if rng.random() < 0.9 else "")]
    spouse_family = None
    if rng.random() < (0.85 if head_age < 70 else 0.5):
        spouse_year = max(1920, min(year - 20, head_year + rng.randint(-3, 6) * (1 if not head_female else -1)))
        spouse_family = family_name(rng)  # a wife keeps her own family name
        members.append(Person(full_name(rng, female=not head_female, birth_year=spouse_year, family=spouse_family),
                              not head_female, spouse_year, phone_number(rng) if rng.random() < 0.7 else ""))
    # Children take the father's family name.
    child_family = head_family if not head_female or spouse_family is None else spouse_family
    if head_age < 70:
        n_children = rng.choices((0, 1, 2, 3, 4), (10, 22, 40, 20, 8))[0]
        for _ in range(n_children):
            child_year = head_year + rng.randint(21, 42)
            if child_year > year:
                continue
            female = rng.random() < 0.48
            members.append(Person(full_name(rng, female=female, birth_year=child_year, family=child_family),
                                  female, child_year))
    if head_age < 55 and rng.random() < 0.12:
        parent_female = rng.random() < 0.6
        parent_year = head_year - rng.randint(22, 32)
        members.append(Person(
            full_name(rng, female=parent_female, birth_year=parent_year,
                      family=None if parent_female else head_family),
            parent_female, parent_year))
    return members


# ---------------------------------------------------------------------------------------------
# Writing generated data
# ---------------------------------------------------------------------------------------------


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _pks_after_bulk_create(model, objs: list, key: str) -> None:
    """Backends that do not return ids from bulk inserts: look them up by a unique key."""
    if objs and objs[0].pk is None:
        ids = dict(model.objects.filter(**{f"{key}__in": [getattr(o, key) for o in objs]}).values_list(key, "pk"))
        for o in objs:
            o.pk = o.id = ids[getattr(o, key)]


@dataclass
class Counts:
    hamlets: int = 0
    households: int = 0
    residents: int = 0

    def add(self, other: Counts) -> None:
        self.hamlets += other.hamlets
        self.households += other.households
        self.residents += other.residents


class Populator:
    """Writes hamlets, households and residents in bulk; the caller wraps each chunk in a transaction."""

    def __init__(self, *, seed: int, birth_province: dict[int, str] | None = None):
        self.seed = seed
        self.ids = IdentityNumbers(random.Random(f"{seed}:cccd"))
        # Current commune id → province code people there were mostly born in (from the former
        # unit it succeeded: Xã Bình Lục's people were born in Hà Nam, code 035).
        self.birth_province = birth_province or {}

    def create_hamlets(self, commune, specs: list[HamletSpec]):
        from danchu.units.models import Level, Unit
        from danchu.units.services.common import child_path, unit_search_name

        hamlets = [
            Unit(code=s.code, name=s.name, short_name=s.short_name, division_type=s.division_type,
                 level=Level.HAMLET, parent_id=commune.pk, path=child_path(commune, s.code),
                 depth=commune.depth + 1, province_code=commune.province_code,
                 search_name=unit_search_name(s.name, s.short_name), is_official=False)
            for s in specs
        ]
        Unit.objects.bulk_create(hamlets, batch_size=1000)
        _pks_after_bulk_create(Unit, hamlets, "code")
        return hamlets

    def populate(self, hamlets: list, households_per_hamlet: dict[int, int], rng_for) -> Counts:
        """`households_per_hamlet`: hamlet pk → number of households; `rng_for(hamlet)`: its generator."""
        from danchu.units.models import Household, Resident

        counts = Counts()
        households: list[Household] = []
        members: list[list[Person]] = []
        birth: list[str] = []
        for hamlet in hamlets:
            rng = rng_for(hamlet)
            n = households_per_hamlet.get(hamlet.pk, 0)
            hamlet_birth = self.birth_province.get(hamlet.parent_id) or hamlet.province_code.lstrip("L")
            if not (hamlet_birth.isdigit() and 1 <= int(hamlet_birth) <= 96):  # a unit outside the official list
                hamlet_birth = str(rng.choice(_BIRTH_PROVINCES))
            village = "Tổ" if hamlet.division_type == "tổ dân phố" else "Xóm"
            for i in range(1, n + 1):
                households.append(Household(
                    hamlet_id=hamlet.pk, code=f"H{i:03d}", province_code=hamlet.province_code,
                    address=(f"Số {rng.randint(1, 180)}, {hamlet.name}" if village == "Tổ"
                             else f"{village} {1 + (i - 1) * 4 // max(n, 1)}, {hamlet.name}"),
                ))
                members.append(household_members(rng))
                birth.append(hamlet_birth)
        if not households:
            return counts
        Household.objects.bulk_create(households, batch_size=2000)
        if households[0].pk is None:
            ids = {(h, c): pk for h, c, pk in Household.objects.filter(
                hamlet_id__in=[h.pk for h in hamlets]).values_list("hamlet_id", "code", "pk")}
            for h in households:
                h.pk = h.id = ids[(h.hamlet_id, h.code)]
        counts.households = len(households)

        residents: list[Resident] = []
        other_rng = random.Random(f"{self.seed}:born-elsewhere:{hamlets[0].code}")
        for household, people, born_in in zip(households, members, birth, strict=True):
            for p in people:
                # One in ten was born in another province.
                province = born_in if other_rng.random() >= 0.1 else f"{other_rng.choice(_BIRTH_PROVINCES):03d}"
                residents.append(Resident(
                    household_id=household.pk, full_name=p.full_name, birth_year=p.birth_year, phone=p.phone,
                    identity_number=self.ids.draw(birth_province=province, birth_year=p.birth_year, female=p.female),
                    search_name=fold(p.full_name), province_code=household.province_code,
                ))
        self._avoid_taken_numbers(residents)
        Resident.objects.bulk_create(residents, batch_size=2000)
        counts.residents = len(residents)

        # The head (first resident written for each household) represents it.
        head = Resident.objects.filter(household_id=OuterRef("pk")).order_by("pk").values("pk")[:1]
        for chunk in _chunks([h.pk for h in hamlets], 500):
            Household.objects.filter(hamlet_id__in=chunk, representative__isnull=True).update(
                representative_id=Subquery(head))
        return counts

    def _avoid_taken_numbers(self, residents: list) -> None:
        """Numbers already in the database (an earlier run, a real register): draw again."""
        from danchu.units.models import Resident

        for chunk in _chunks(residents, 900):
            taken = set(Resident.objects.filter(
                identity_number__in=[r.identity_number for r in chunk]).values_list("identity_number", flat=True))
            for r in chunk:
                while r.identity_number in taken:
                    year = 1900 + int(r.identity_number[4:6]) + 100 * (int(r.identity_number[3]) // 2)
                    r.identity_number = self.ids.draw(birth_province=r.identity_number[:3], birth_year=year,
                                                      female=int(r.identity_number[3]) % 2 == 1)


# Pre-2025 province codes (CCCD numbers keep the province of birth as it was then).
_BIRTH_PROVINCES = (1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35,
                    36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70,
                    72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96)


def birth_provinces_by_commune(commune_ids: Iterable[int] | None = None) -> dict[int, str]:
    """Current commune id → the pre-2025 province its primary predecessor belonged to ("35" for Hà Nam)."""
    from danchu.units.models import UnitSuccession

    qs = UnitSuccession.objects.filter(is_primary=True, successor__level="commune", predecessor__level="commune")
    if commune_ids is not None:
        qs = qs.filter(successor_id__in=list(commune_ids))
    result: dict[int, str] = {}
    for succ_id, pred_province in qs.values_list("successor_id", "predecessor__province_code").order_by(
            "successor_id", "predecessor__code"):
        result.setdefault(succ_id, pred_province.lstrip("L"))
    return result


# ---------------------------------------------------------------------------------------------
# Official units
# ---------------------------------------------------------------------------------------------


def ensure_official_units(*, progress: bool = False) -> bool:
    """Import the official list when the unit table holds none of it. True when it imported."""
    from danchu.units.models import Unit
    from danchu.units.services.official import official_units_import

    if Unit.objects.filter(is_official=True).exists():
        return False
    official_units_import(progress=progress)
    return True


# ---------------------------------------------------------------------------------------------
# Bulk scales: a province, the nation
# ---------------------------------------------------------------------------------------------


@dataclass
class SeedReport:
    scale: str
    seed: int
    communes: int = 0
    communes_skipped: int = 0
    counts: Counts = field(default_factory=Counts)
    organizations: int = 0
    accounts: list[dict] = field(default_factory=list)
    accounts_file: str = ""
    imported_official_units: bool = False
    seconds: float = 0.0
    hamlet_ids: list[int] = field(default_factory=list, repr=False)


def seed_bulk(*, scale: str, seed: int = 1, province_code: str | None = None, hamlets_per_commune: int = 27,
              households_per_hamlet: int = 20, progress: bool = False) -> SeedReport:
    """Hamlets (about `hamlets_per_commune` each, 50 %–150 %) for every current commune of one
    province or of the whole country, with `households_per_hamlet` households each.

    Communes that already have hamlets are left as they are, so a re-run adds nothing.
    """
    from danchu.units.models import Level, Unit
    from danchu.units.selectors import current_q

    started = time.perf_counter()
    report = SeedReport(scale=scale, seed=seed)
    report.imported_official_units = ensure_official_units(progress=progress)
    communes = Unit.objects.filter(current_q(), level=Level.COMMUNE)
    if province_code:
        if not Unit.objects.filter(code=province_code, level=Level.PROVINCE).exists():
            raise DomainError("province_unknown", f"Không có tỉnh/thành phố mã {province_code}.",
                              message_en=f"No province with code {province_code}.")
        communes = communes.filter(province_code=province_code)
    communes = list(communes.annotate(n_hamlets=Count("children")).order_by("code"))
    populator = Populator(seed=seed, birth_province=birth_provinces_by_commune())
    pending: list[tuple] = []  # (commune, specs, rng)
    pending_households = 0

    def flush() -> None:
        nonlocal pending, pending_households
        if not pending:
            return
        with transaction.atomic():
            hamlets, sizes, rngs = [], {}, {}
            for commune, specs, rng in pending:
                created = populator.create_hamlets(commune, specs)
                for h in created:
                    sizes[h.pk] = households_per_hamlet
                    rngs[h.pk] = rng
                hamlets += created
            counts = populator.populate(hamlets, sizes, lambda h: rngs[h.pk])
            counts.hamlets = len(hamlets)
        report.counts.add(counts)
        report.hamlet_ids += [h.pk for h in hamlets]
        pending, pending_households = [], 0

    bar = tqdm(communes, desc="Xã, phường", unit="xã", disable=not progress)
    for commune in bar:
        if commune.n_hamlets:
            report.communes_skipped += 1
            continue
        rng = random.Random(f"{seed}:{commune.code}")
        spread = hamlets_per_commune // 2
        count = max(1, rng.randint(hamlets_per_commune - spread, hamlets_per_commune + spread))
        specs = hamlet_specs(rng, commune_code=commune.code, commune_type=commune.division_type,
                             province_code=commune.province_code, count=count)
        pending.append((commune, specs, rng))
        pending_households += count * households_per_hamlet
        report.communes += 1
        if sum(len(s) for _, s, _ in pending) >= 2000 or pending_households >= 20_000:
            flush()
    flush()
    bar.close()
    report.seconds = time.perf_counter() - started
    return report


# ---------------------------------------------------------------------------------------------
# The demo: Xã Bình Lục (Ninh Bình) and its neighbour, one account per role
# ---------------------------------------------------------------------------------------------

DEMO_PROVINCE = "37"  # Tỉnh Ninh Bình
DEMO_COMMUNE = "13504"  # Xã Bình Lục: succeeded the former Bình Lục district of Hà Nam (the seed articles)
DEMO_NEIGHBOUR = "13501"  # Xã Bình Mỹ, next door: its own officer shows that scopes do not overlap
DEMO_HOUSEHOLDS = (35, 45)  # households per hamlet, inclusive range
DEMO_NEIGHBOUR_HAMLETS = ("Bình Thành", "Mỹ Đô", "Thứ Nhất")
DEMO_NEIGHBOUR_HOUSEHOLDS = 15


# Seeded accounts get an address under a reserved top-level domain (RFC 2606): it can sign in
# but never reaches anyone. (It also keeps the seed clear of a clash: AbstractUser.clean() turns a
# missing address into "", and a second account with "" then fails the unique check.)
DEMO_EMAIL_DOMAIN = "demo.danchu.invalid"


def demo_password(role: str) -> str:
    """Demo-only passwords, printed and written to the data dir: never use them in production."""
    return f"demo-{role}-2025"


@dataclass
class DemoAccount:
    role: str
    username: str
    password: str
    unit_code: str
    scope: str
    full_name: str
    status: str = ""


def _system_actor():
    """The superuser on whose behalf the seed grants roles (role_grant checks the actor's right)."""
    from danchu.accounts.models import User
    from danchu.accounts.services import user_create

    actor = User.objects.filter(username="system").first()
    if actor is None:
        actor = user_create(username="system", password=secrets.token_urlsafe(32),
                            full_name="Hệ thống (dữ liệu mẫu)", is_superuser=True,
                            email=f"system@{DEMO_EMAIL_DOMAIN}")
    elif not (actor.is_superuser and actor.is_active):
        raise DomainError("seed_actor_invalid", "Tài khoản “system” đã có nhưng không phải quản trị hệ thống đang hoạt động.",
                          message_en="The existing “system” account is not an active superuser.")
    return actor


def _demo_organizations(actor, commune, rng: random.Random) -> tuple[list, int]:
    from danchu.units.models import Organization, OrganizationKind
    from danchu.units.services.organizations import organization_create

    short = commune.short_name
    wanted = [
        (OrganizationKind.AGENCY, f"Ủy ban nhân dân xã {short}", ""),
        (OrganizationKind.PUBLIC_SERVICE_UNIT, f"Trường Tiểu học {short}", ""),
        (OrganizationKind.ENTERPRISE, f"Công ty TNHH May mặc {short}", f"0700{rng.randrange(10**6):06d}"),
    ]
    orgs, created = [], 0
    for kind, name, tax in wanted:
        org = Organization.objects.filter(unit=commune, search_name=fold(name)).first()
        if org is None:
            org = organization_create(actor=actor, unit=commune, kind=kind, name=name, tax_code=tax)
            created += 1
        orgs.append(org)
    return orgs, created


def _demo_hamlets(actor, populator: Populator, commune, names: tuple[str, ...], households: tuple[int, int],
                  seed: int) -> tuple[list, Counts]:
    """The named thôn (created through the hamlet service when missing), each filled with
    households when it has none yet."""
    from danchu.units.models import Level, Unit
    from danchu.units.services.hamlets import hamlet_create

    counts = Counts()
    current = {fold(u.name): u for u in Unit.objects.filter(parent=commune, level=Level.HAMLET, valid_to__isnull=True)}
    hamlets = []
    for name in names:
        hamlet = current.get(fold(f"Thôn {name}"))
        if hamlet is None:
            hamlet = hamlet_create(actor=actor, commune=commune, name=name, division_type="thôn")
            counts.hamlets += 1
        hamlets.append(hamlet)
    empty = [h for h in hamlets if not h.households.exists()]
    sizes = {h.pk: random.Random(f"{seed}:{h.name}:size").randint(*households) for h in empty}
    with transaction.atomic():
        counts.add(populator.populate(empty, sizes, lambda h: random.Random(f"{seed}:{h.name}")))
    return hamlets, counts


def _demo_citizen_resident(hamlets: list, *, exclude):
    """An adult of the second hamlet who represents no household (the demo citizen's register entry)."""
    from danchu.units.models import Resident

    adult = timezone.localdate().year - 18
    return (Resident.objects.filter(household__hamlet=hamlets[1], household__left_on__isnull=True,
                                    birth_year__lte=adult, represented_households__isnull=True)
            .exclude(pk=getattr(exclude, "pk", None)).order_by("household__code", "pk").first())


def seed_demo(*, seed: int = 1, progress: bool = False, accounts_file: Path | None = None) -> SeedReport:
    """Xã Bình Lục with eight thôn of about forty households, its organizations, the neighbouring
    Xã Bình Mỹ, and one demo account per role. Re-running it adds what is missing and nothing else."""
    from danchu.accounts.models import RoleGrant, User
    from danchu.accounts.services import role_grant, user_create
    from danchu.units.models import Household, Unit

    started = time.perf_counter()
    report = SeedReport(scale="demo", seed=seed)
    report.imported_official_units = ensure_official_units(progress=progress)
    units = {u.code: u for u in Unit.objects.filter(code__in=[DEMO_PROVINCE, DEMO_COMMUNE, DEMO_NEIGHBOUR])}
    missing = {DEMO_PROVINCE, DEMO_COMMUNE, DEMO_NEIGHBOUR} - set(units)
    if missing:
        raise DomainError("seed_units_missing", "Thiếu đơn vị trong danh mục: " + ", ".join(sorted(missing)) +
                          ". Chạy `danchu units import` trước.", message_en="Official units are missing.")
    province, commune, neighbour = units[DEMO_PROVINCE], units[DEMO_COMMUNE], units[DEMO_NEIGHBOUR]
    actor = _system_actor()
    populator = Populator(seed=seed, birth_province=birth_provinces_by_commune([commune.pk, neighbour.pk]))
    hamlets, counts = _demo_hamlets(actor, populator, commune, DEMO_HAMLETS, DEMO_HOUSEHOLDS, seed)
    report.counts.add(counts)
    report.counts.add(_demo_hamlets(actor, populator, neighbour, DEMO_NEIGHBOUR_HAMLETS,
                                    (DEMO_NEIGHBOUR_HOUSEHOLDS, DEMO_NEIGHBOUR_HOUSEHOLDS), seed)[1])
    report.communes = 2
    rng = random.Random(f"{seed}:demo-accounts")
    orgs, report.organizations = _demo_organizations(actor, commune, rng)
    enterprise = orgs[2]
    first_hamlet = hamlets[0]
    first_household = (Household.objects.filter(hamlet=first_hamlet, representative__isnull=False)
                       .select_related("representative").order_by("code").first())
    representative = first_household.representative if first_household else None

    citizen_resident = _demo_citizen_resident(hamlets, exclude=representative)

    def person() -> str:
        female = rng.random() < 0.45
        return full_name(rng, female=female, birth_year=rng.randint(1968, 1995))

    # (role, username, scope unit, organization)
    wanted = [
        (Role.COMMUNE_OFFICER, "canbo.binhluc", commune, None),
        (Role.COMMUNE_CHAIR, "chutich.binhluc", commune, None),
        (Role.FRONT_OFFICER, "mttq.binhluc", commune, None),
        (Role.INSPECTION_BOARD, "thanhtra.binhluc", commune, None),
        (Role.INVESTMENT_SUPERVISOR, "giamsat.binhluc", commune, None),
        (Role.HAMLET_HEAD, "truongthon.annoi", first_hamlet, None),
        (Role.HOUSEHOLD_REP, "daidienho.annoi", first_hamlet, None),
        (Role.ORG_HEAD, "giamdoc.maybinhluc", None, enterprise),
        (Role.UNION_REP, "congdoan.maybinhluc", None, enterprise),
        (Role.STEERING_MEMBER, "bcd.ninhbinh", province, None),
        (Role.ADMIN, "quantri.ninhbinh", province, None),
        (Role.CITIZEN, "congdan.binhluc", None, None),
        (Role.COMMUNE_OFFICER, "canbo.binhmy", neighbour, None),
    ]
    for role, username, unit, org in wanted:
        name = person()  # drawn for every row so that names do not shift when an account exists
        if role == Role.HOUSEHOLD_REP and representative is not None:
            name = representative.full_name
        if role == Role.CITIZEN and citizen_resident is not None:
            name = citizen_resident.full_name
        password = demo_password(role)
        user = User.objects.filter(username=username).first()
        status = "có sẵn"
        if user is None:
            user = user_create(actor=actor, username=username, password=password, full_name=name,
                               email=f"{username}@{DEMO_EMAIL_DOMAIN}")
            status = "mới"
        if role == Role.HOUSEHOLD_REP and representative is not None and user.resident_id is None \
                and not User.objects.filter(resident=representative).exists():
            # No service links a user to a register entry yet; this is the seed's own fact.
            user.resident = representative
            user.save(update_fields=["resident"])
        if role == Role.CITIZEN and citizen_resident is not None and user.resident_id is None \
                and not User.objects.filter(resident=citizen_resident).exists():
            # The demo citizen lives in the commune (on a household register, not representing it), so
            # that the resident-only paths — commenting on a draft, Law 10/2022 Art. 25 — are open to them.
            user.resident = citizen_resident
            user.save(update_fields=["resident"])
        if unit is not None or org is not None:
            has = RoleGrant.objects.filter(user=user, role=role, unit=unit, organization=org,
                                           revoked_at__isnull=True).exists()
            if not has:
                role_grant(actor=actor, person=user, role=role, unit=unit, organization=org)
        scope_unit = unit or (org.unit if org else None)
        report.accounts.append(asdict(DemoAccount(
            role=role, username=username, password=password, unit_code=scope_unit.code if scope_unit else "",
            scope=(org.name if org else unit.name if unit else "(không có vai trò trên đơn vị)"),
            full_name=user.full_name, status=status)))

    from danchu.dialogues.demo import seed_dialogues

    seed_dialogues(commune=commune, actor=actor, rng=random.Random(f"{seed}:demo-dialogues"))

    from danchu.oversight.demo import seed_oversight_demo

    seed_oversight_demo(commune=commune, actor=actor, rng=random.Random(f"{seed}:oversight"))
    from danchu.movements.demo import seed_movements

    seed_movements(commune, actor, random.Random(f"{seed}:demo-movements"))

    from danchu.disclosures.demo import seed_disclosures

    seed_disclosures(commune=commune, actor=actor)
    from danchu.decisions.demo import seed_decisions

    seed_decisions(commune=commune, hamlets=hamlets, actor=actor)
    from danchu.consultations.demo import seed_consultations

    seed_consultations(commune=commune, actor=actor, rng=random.Random(f"{seed}:consultations"),
                       representative_user=User.objects.filter(username="daidienho.annoi").first())

    path = accounts_file or Path(settings.DATA_DIR) / "demo-accounts.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "note": "Tài khoản mẫu, chỉ dùng để trình diễn — demo accounts, never use these passwords in production.",
        "generated": timezone.localdate().isoformat(),
        "seed": seed,
        "database": connection.vendor,
        "accounts": [{k: v for k, v in a.items() if k != "status"} for a in report.accounts],
    }, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    report.accounts_file = str(path)
    report.seconds = time.perf_counter() - started
    return report
