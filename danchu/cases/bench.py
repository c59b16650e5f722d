"""Benchmarks of issue 4, for `danchu bench` to call (not a timed test).

    run(total=..., commune_size=..., samples=..., concurrent=...) -> dict

- seed: `total` cases spread over the current communes, `commune_size` of them in one commune,
  made with big bulk_create batches (deadlines and folded search text computed as the service would);
- queue p95: the officer's queue page GET /quan-ly/<code>/ho-so/ in-process (Django test client,
  signed-in commune officer), cycling through the queues (open, new, due soon, overdue, by kind,
  a diacritics-free search), and the selector alone;
- concurrent submissions: `concurrent` threads each submit a case through the service and then
  retry it with the same idempotency key; every acknowledged tracking code must be stored exactly once.

Targets (issue 4): 5,000,000 cases on PostgreSQL, queue p95 < 50 ms; 200 concurrent submissions with
every acknowledged case stored exactly once. Defaults are small. Run on a scratch database: the
seeded rows are removed at the end unless `keep`.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time

from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from danchu.accounts.models import RoleGrant, User
from danchu.core.roles import Role
from danchu.core.text import fold
from danchu.units.models import Level, Unit
from danchu.units.selectors import current_q

from . import deadlines, services
from .models import Case, Category, Kind, Status
from .selectors import QueueFilters, case_queue

KEY_PREFIX = "bench-"
WORDS = ["đèn đường", "ổ gà", "rác thải", "nước sạch", "ngập úng", "lấn chiếm vỉa hè", "tiếng ồn", "cống thoát nước",
         "đất đai", "thu hồi đất", "bồi thường", "hộ nghèo", "bảo hiểm y tế", "cán bộ địa chính", "xây dựng trái phép"]
KINDS = [Kind.FEEDBACK] * 6 + [Kind.RECOMMENDATION] * 2 + [Kind.COMPLAINT, Kind.DENUNCIATION]


def _p95(samples: list[float]) -> float:
    s = sorted(samples)
    return round(s[max(0, int(len(s) * 0.95) - 1)] * 1000, 2)


def seed(*, total: int, commune_size: int, batch: int = 10_000, rng: random.Random, log=print) -> dict:
    communes = list(Unit.objects.filter(current_q(), level=Level.COMMUNE).values_list("id", "path", "province_code", "code"))
    if not communes:
        raise RuntimeError("no communes: import the official units first")
    target = communes[0]
    today = timezone.localdate()
    statuses = [Status.RECEIVED, Status.ACCEPTED, Status.ACCEPTED, Status.RESOLVED, Status.RESOLVED, Status.RESOLVED]
    made, started = 0, time.perf_counter()
    while made < total:
        rows = []
        for i in range(made, min(total, made + batch)):
            unit = target if i < commune_size else communes[rng.randrange(len(communes))]
            kind = rng.choice(KINDS)
            received = today - dt.timedelta(days=rng.randrange(0, 400))
            status = rng.choice(statuses)
            accepted = received + dt.timedelta(days=rng.randrange(1, 8)) if status != Status.RECEIVED else None
            resolved = accepted + dt.timedelta(days=rng.randrange(5, 40)) if status == Status.RESOLVED else None
            title = f"{rng.choice(WORDS).capitalize()} tại thôn {rng.randrange(1, 30)}"
            c = Case(tracking_code=services.new_tracking_code(), kind=kind, category=rng.choice(Category.values),
                     channel="api", status=status, unit_id=unit[0], unit_path=unit[1], province_code=unit[2],
                     title=title, body=f"{title}. {rng.choice(WORDS)}", received_on=received, accepted_on=accepted,
                     resolved_on=resolved, answer="Đã xử lý" if resolved else "", idempotency_key=f"{KEY_PREFIX}{i}")
            for name, value in deadlines.compute(c).items():
                setattr(c, name, value)
            c.on_time = (resolved <= c.resolve_due) if resolved and c.resolve_due else None
            c.search_text = fold(f"{c.tracking_code} {c.title} {c.body}")
            rows.append(c)
        Case.objects.bulk_create(rows, batch_size=batch)
        made += len(rows)
        log(f"cases: {made:,}/{total:,} ({time.perf_counter() - started:.0f} s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"ANALYZE {Case._meta.db_table}")  # noqa: S608 - fixed table name
    return {"unit_code": target[3], "seconds": round(time.perf_counter() - started, 1)}


def _officer(unit: Unit) -> User:
    user, _ = User.objects.get_or_create(username="bench-cases-officer", defaults={"full_name": "Cán bộ đo"})
    RoleGrant.objects.get_or_create(user=user, role=Role.COMMUNE_OFFICER, unit=unit)
    return user


def queue_p95(*, unit: Unit, officer: User, samples: int, rng: random.Random) -> dict:
    client = Client()
    client.force_login(officer)
    params = ["", "?queue=new", "?queue=due_soon", "?queue=overdue", "?kind=complaint", "?queue=all&q=den duong",
              "?queue=closed", "?kind=denunciation&queue=overdue"]
    page, selector = [], []
    client.get(f"/quan-ly/{unit.code}/ho-so/")  # warm-up
    for i in range(samples):
        p = params[i % len(params)]
        t = time.perf_counter()
        r = client.get(f"/quan-ly/{unit.code}/ho-so/{p}")
        page.append(time.perf_counter() - t)
        assert r.status_code == 200, r.status_code
        t = time.perf_counter()
        list(case_queue(user=officer, unit=unit, filters=QueueFilters(queue=rng.choice(["open", "new", "overdue"])))[:30])
        selector.append(time.perf_counter() - t)
    return {"page_p95_ms": _p95(page), "selector_p95_ms": _p95(selector), "samples": samples}


def concurrent_submissions(*, unit: Unit, n: int) -> dict:
    acknowledged: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(n)

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            key = f"{KEY_PREFIX}conc-{i}-{time.time_ns()}"
            codes = set()
            for _ in range(2):  # the phone retries
                case, _ = services.case_submit(user=None, unit=unit, kind=Kind.FEEDBACK, title=f"Đồng thời {i}",
                                               body="Phản ánh gửi đồng thời", idempotency_key=key)
                codes.add(case.tracking_code)
            with lock:
                acknowledged.extend(codes)
        except Exception as exc:  # noqa: BLE001 - counted and reported
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}"[:200])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    seconds = time.perf_counter() - t
    stored = Case.objects.filter(tracking_code__in=acknowledged).count()
    return {"threads": n, "acknowledged": len(acknowledged), "distinct": len(set(acknowledged)), "stored": stored,
            "errors": len(errors), "first_errors": errors[:3], "seconds": round(seconds, 2),
            "exactly_once": stored == len(acknowledged) == len(set(acknowledged)) == n - len(errors)}


def cleanup() -> None:
    Case.objects.filter(idempotency_key__startswith=KEY_PREFIX).delete()
    User.objects.filter(username="bench-cases-officer").delete()


def run(*, total: int = 20_000, commune_size: int = 2_000, samples: int = 100, concurrent: int = 50,
        keep: bool = False, seed_value: int = 1, log=print) -> dict:
    rng = random.Random(seed_value)
    try:
        seeded = seed(total=total, commune_size=commune_size, rng=rng, log=log)
        unit = Unit.objects.get(code=seeded["unit_code"])
        officer = _officer(unit)
        queue = queue_p95(unit=unit, officer=officer, samples=samples, rng=rng)
        conc = concurrent_submissions(unit=unit, n=concurrent)
        return {"sizes": {"total": total, "commune": commune_size}, "seed_seconds": seeded["seconds"], "queue": queue,
                "concurrent": conc, "vendor": connection.vendor}
    finally:
        if not keep:
            cleanup()
