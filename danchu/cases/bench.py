"""Benchmarks, for `danchu bench` to call (not a timed test).

    run(total=..., commune_size=..., samples=..., concurrent=...) -> dict

- seed: `total` cases spread over the current communes, `commune_size` of them in one commune,
  made with big bulk_create batches (deadlines and folded search text computed as the service would);
- queue p95: the officer's queue page GET /quan-ly/<code>/ho-so/ in-process (Django test client,
  signed-in commune officer), cycling through the queues (open, new, due soon, overdue, by kind,
  a diacritics-free search), and the selector alone;
- concurrent submissions: `concurrent` threads each submit a case through the service and then
  retry it with the same idempotency key; every acknowledged tracking code must be stored exactly once.
  On PostgreSQL the threads share the process's connection pool (settings: DANCHU_DB_POOL_MAX,
  default 10), as the requests of a web process do: 200 at once wait for a connection rather
  than exceed the server's max_connections.

Targets: 5,000,000 cases on PostgreSQL, queue p95 < 50 ms; 200 concurrent submissions with
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


_CODE_ALPHABET = services.CODE_ALPHABET


def _fast_code(rng: random.Random) -> str:
    bits = rng.getrandbits(50)
    return "".join(_CODE_ALPHABET[(bits >> (5 * k)) & 31] for k in range(10))


COPY_COLUMNS = ["tracking_code", "kind", "category", "channel", "status", "unit_id", "unit_path", "province_code", "title",
                "body", "decision_complained", "second_time", "accused", "violation", "anonymous_denunciation",
                "from_board", "location", "is_public", "complex_case", "especially_complex", "remote_area", "multi_site",
                "extensions", "received_on", "received_at", "accepted_on", "resolved_on", "accept_due", "accept_due_outer",
                "resolve_due", "after_due", "next_due", "deadline_rules", "overdue", "on_time", "transferred_to",
                "transfer_reason", "refusal_ground", "answer", "decision_ref", "idempotency_key", "search_text",
                "suspended_days", "filed_late"]


def _copy_seed(*, total: int, commune_size: int, communes: list, rng: random.Random, log, batch: int = 200_000) -> None:
    """PostgreSQL: COPY rows straight into the table (what bulk_create would write, much faster)."""
    import json

    today = timezone.localdate()
    now = timezone.now()
    memo: dict[tuple, tuple] = {}
    statuses = [Status.RECEIVED, Status.ACCEPTED, Status.ACCEPTED, Status.RESOLVED, Status.RESOLVED, Status.RESOLVED]
    cats = Category.values
    day_offsets = [today - dt.timedelta(days=d) for d in range(400)]
    started, made = time.perf_counter(), 0
    table = connection.ops.quote_name(Case._meta.db_table)
    cols = ", ".join(COPY_COLUMNS)
    while made < total:
        rows = []  # built before the COPY: the calendar may query the database, which a COPY in progress blocks
        for i in range(made, min(total, made + batch)):
            unit = communes[0] if i < commune_size else communes[rng.randrange(len(communes))]
            kind = KINDS[rng.randrange(len(KINDS))]
            received = day_offsets[rng.randrange(400)]
            status = statuses[rng.randrange(6)]
            accepted = received + dt.timedelta(days=rng.randrange(1, 8)) if status != Status.RECEIVED else None
            resolved = accepted + dt.timedelta(days=rng.randrange(5, 40)) if status == Status.RESOLVED else None
            facts = (kind, received, accepted, resolved, status)
            d = memo.get(facts)
            if d is None:
                c = Case(kind=kind, status=status, received_on=received, accepted_on=accepted, resolved_on=resolved)
                out = deadlines.compute(c)
                on_time = (resolved <= out["resolve_due"]) if resolved and out["resolve_due"] else None
                d = memo[facts] = (out["accept_due"], out["accept_due_outer"], out["resolve_due"], out["after_due"],
                                   out["next_due"], json.dumps(out["deadline_rules"], ensure_ascii=False), on_time)
            word = WORDS[rng.randrange(len(WORDS))]
            title = f"{word.capitalize()} tại thôn {rng.randrange(1, 30)}"
            code = _fast_code(rng)
            rows.append((code, kind, cats[rng.randrange(len(cats))], "api", status, unit[0], unit[1], unit[2],
                         title, title, "", False, "", "", False, False, "", False, False, False, False, False, 0,
                         received, now, accepted, resolved, d[0], d[1], d[2], d[3], d[4], d[5], False, d[6], "", "",
                         "", "Đã xử lý" if resolved else "", "", f"{KEY_PREFIX}{i}", fold(f"{code} {title} {title}"),
                         0, False))
        with connection.cursor() as cur, cur.connection.cursor().copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        made = min(total, made + batch)
        log(f"cases: {made:,}/{total:,} ({time.perf_counter() - started:.0f} s)")


def seed(*, total: int, commune_size: int, batch: int = 10_000, rng: random.Random, log=print) -> dict:
    communes = list(Unit.objects.filter(current_q(), level=Level.COMMUNE).values_list("id", "path", "province_code", "code"))
    if not communes:
        raise RuntimeError("no communes: import the official units first")
    target = communes[0]
    if connection.vendor == "postgresql" and total >= 50_000:
        started = time.perf_counter()
        _copy_seed(total=total, commune_size=commune_size, communes=communes, rng=rng, log=log)
        with connection.cursor() as cur:
            cur.execute(f"ANALYZE {Case._meta.db_table}")  # noqa: S608 - fixed table name
        return {"unit_code": target[3], "seconds": round(time.perf_counter() - started, 1)}
    today = timezone.localdate()
    statuses = [Status.RECEIVED, Status.ACCEPTED, Status.ACCEPTED, Status.RESOLVED, Status.RESOLVED, Status.RESOLVED]
    made, started = 0, time.perf_counter()
    memo: dict[tuple, dict] = {}  # the same facts give the same deadlines: compute each once
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
            facts = (kind, received, accepted, resolved, status)
            if facts not in memo:
                memo[facts] = deadlines.compute(c)
            for name, value in memo[facts].items():
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
    client = Client(HTTP_HOST="localhost")
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
        conc = concurrent_submissions(unit=unit, n=concurrent) if concurrent > 0 else {"threads": 0, "exactly_once": True,
                                                                                      "seconds": 0.0}
        return {"sizes": {"total": total, "commune": commune_size}, "seed_seconds": seeded["seconds"], "queue": queue,
                "concurrent": conc, "vendor": connection.vendor}
    finally:
        if not keep:
            cleanup()
