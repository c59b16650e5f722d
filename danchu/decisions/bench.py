"""Benchmark of community decisions (`danchu bench --only decisions`), through the services:

1. 1,000 concurrent online votes on one matter of 30,000 households: `workers` threads, each with its
   own database connection, call `services.vote_online` for 1,000 distinct representatives at once;
   then every acknowledged vote must be stored and counted exactly once, with the acknowledged choice.
2. Tally and result of a 30,000-household matter: the other households' votes are bulk-inserted,
   then `matter_close` (lock the electorate, recount from the stored votes, SHA-256 of the vote set,
   minutes number, log entry) is timed inside a transaction that is rolled back — the append-only
   log keeps nothing from a benchmark — and `matter_tally` alone is timed as well.

Everything the run creates (a scratch province, commune, hamlet, households, residents, users, the
matter and its votes) is removed at the end unless `keep`.
"""

from __future__ import annotations

import random
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, connections, transaction

from danchu.core.roles import Role
from danchu.units.models import Household, Level, Resident, Unit

from . import services
from .models import ElectorEntry, Form, Kind, Matter, PaperEntry, Vote
from .selectors import matter_tally

CODE = "ZZBD"  # scratch codes, outside the official list


class _Rollback(Exception):
    pass


def _scratch_units() -> tuple[Unit, Unit, Unit]:
    common = {"division_type": "thôn", "is_official": False, "search_name": "bench decisions"}
    p = Unit.objects.create(code=CODE, name="Tỉnh Đo Kiểm", short_name="Đo Kiểm", level=Level.PROVINCE, path=f"/{CODE}/",
                            depth=1, province_code=CODE, **common)
    c = Unit.objects.create(code=f"{CODE}C", name="Xã Đo Kiểm", short_name="Đo Kiểm", level=Level.COMMUNE, parent=p,
                            path=f"/{CODE}/{CODE}C/", depth=2, province_code=CODE, **common)
    h = Unit.objects.create(code=f"{CODE}H", name="Thôn Đo Kiểm", short_name="Đo Kiểm", level=Level.HAMLET, parent=c,
                            path=f"/{CODE}/{CODE}C/{CODE}H/", depth=3, province_code=CODE, **common)
    return p, c, h


def cleanup() -> None:
    User = get_user_model()
    units = list(Unit.objects.filter(province_code=CODE).values_list("pk", flat=True))
    if not units:
        return
    with transaction.atomic():
        matters = Matter.objects.filter(unit_id__in=units)
        Vote.objects.filter(matter__in=matters).delete()
        PaperEntry.objects.filter(matter__in=matters).delete()
        ElectorEntry.objects.filter(matter__in=matters).delete()
        matters.delete()
        User.objects.filter(username__startswith="bench-dec-").delete()
        Household.objects.filter(hamlet_id__in=units).update(representative=None)
        Resident.objects.filter(household__hamlet_id__in=units).delete()
        Household.objects.filter(hamlet_id__in=units).delete()
        for level in (Level.HAMLET, Level.COMMUNE, Level.PROVINCE):
            Unit.objects.filter(pk__in=units, level=level).delete()


def run(*, households: int = 30_000, votes: int = 1_000, workers: int = 32, seed: int = 1, keep: bool = False,
        log=print) -> dict:
    if connection.vendor != "postgresql":
        return {"skipped": "PostgreSQL only (row locks and concurrent connections)"}
    from danchu.accounts.models import RoleGrant

    User = get_user_model()
    unusable = make_password(None)  # scratch accounts that cannot sign in
    rng = random.Random(seed)
    cleanup()
    out: dict = {"households": households, "votes": votes, "workers": workers}
    t0 = time.perf_counter()
    _, _, hamlet = _scratch_units()
    Household.objects.bulk_create(
        [Household(hamlet=hamlet, code=f"H{i:06d}", province_code=CODE) for i in range(households)], batch_size=5000)
    hh = list(Household.objects.filter(hamlet=hamlet).order_by("code"))
    Resident.objects.bulk_create(
        [Resident(household=h, full_name=f"Đại diện {h.code}", search_name=f"dai dien {h.code.lower()}", province_code=CODE)
         for h in hh], batch_size=5000)
    reps = dict(Resident.objects.filter(household__hamlet=hamlet).values_list("household_id", "pk"))
    for h in hh:
        h.representative_id = reps[h.pk]
    Household.objects.bulk_update(hh, ["representative"], batch_size=5000)
    head = User.objects.create(username="bench-dec-head", password=unusable)
    RoleGrant.objects.create(user=head, role=Role.HAMLET_HEAD, unit=hamlet)
    voters = rng.sample(hh, votes)
    users = User.objects.bulk_create(
        [User(username=f"bench-dec-{h.code.lower()}", password=unusable, resident_id=reps[h.pk]) for h in voters],
        batch_size=2000)
    # Each representative holds the household-representative role on the hamlet (Law Art. 18; Decree 59 Art. 5).
    RoleGrant.objects.bulk_create([RoleGrant(user=u, role=Role.HOUSEHOLD_REP, unit=hamlet) for u in users], batch_size=2000)
    out["seed_seconds"] = round(time.perf_counter() - t0, 2)

    m = services.matter_create(actor=head, unit=hamlet, hamlets=[], data=services.MatterInput(
        kind=Kind.OTHER, title="Đo kiểm: biểu quyết trực tuyến", form=Form.ONLINE))
    services.matter_record_online_agreement(actor=head, matter=m, agreed=households // 2 + 1)
    t = time.perf_counter()
    m = services.matter_open(actor=head, matter=m)
    out["open_seconds"] = round(time.perf_counter() - t, 3)
    with connection.cursor() as cur:  # what autovacuum would do after the bulk inserts of the seeding
        cur.execute("ANALYZE units_household; ANALYZE units_resident; ANALYZE decisions_electorentry")

    # 1. concurrent votes
    choices = {u.pk: rng.choice(["agree", "agree", "disagree", "other"]) for u in users}
    acked: dict[int, str] = {}
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(workers)

    def worker(chunk):
        try:
            barrier.wait()
            for u in chunk:
                s = time.perf_counter()
                try:
                    services.vote_online(actor=u, matter=m, choice=choices[u.pk])
                except Exception as exc:  # noqa: BLE001 - counted as not acknowledged
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}"[:200])
                    continue
                with lock:
                    acked[u.resident_id] = choices[u.pk]
                    latencies.append(time.perf_counter() - s)
        finally:
            connections.close_all()

    chunks = [users[i::workers] for i in range(workers)]
    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(worker, chunks))
    wall = time.perf_counter() - t
    stored = dict(Vote.objects.filter(matter=m, counted=True).values_list("household__representative_id", "choice"))
    out["concurrent"] = {
        "wall_seconds": round(wall, 3), "votes_per_second": round(len(acked) / wall, 1) if wall else None,
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p95_ms": round(sorted(latencies)[int(0.95 * (len(latencies) - 1))] * 1000, 1) if latencies else None,
        "acknowledged": len(acked), "errors": len(errors), "error_samples": errors[:3],
        "stored_counted": len(stored), "all_rows": Vote.objects.filter(matter=m).count(),
        "exactly_once": stored == acked,
    }
    log(f"decisions: {len(acked)} phiếu trực tuyến đồng thời trong {wall:.2f} s; đếm đúng một lần: {stored == acked}")

    # 2. tally of a 30,000-household matter
    voted = set(Vote.objects.filter(matter=m).values_list("household_id", flat=True))
    Vote.objects.bulk_create(
        [Vote(matter=m, household_id=h.pk, hamlet=hamlet, channel="online", choice=rng.choice(["agree", "disagree"]))
         for h in hh if h.pk not in voted], batch_size=5000)
    with connection.cursor() as cur:
        cur.execute("ANALYZE decisions_vote; ANALYZE decisions_electorentry")
    t = time.perf_counter()
    outcome, digest = matter_tally(m)
    out["tally_seconds"] = round(time.perf_counter() - t, 3)
    closed = {}
    t = time.perf_counter()
    try:
        with transaction.atomic():
            r = services.matter_close(actor=head, matter=m)
            closed = {"result": r.result, "participated": r.counts["households_participated"]}
            raise _Rollback
    except _Rollback:
        pass
    out["close_seconds"] = round(time.perf_counter() - t, 3)
    out["close"] = {**closed, "total": outcome.total, "sha256": digest}
    log(f"decisions: kiểm phiếu {households:,} hộ {out['tally_seconds']} s; kết thúc + kiểm phiếu + nhật ký "
        f"{out['close_seconds']} s")
    if not keep:
        cleanup()
    return out
