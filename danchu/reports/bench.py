"""Benchmarks, for `danchu bench` to call (not a timed test).

    run(records=..., keep=..., seed_value=..., log=...) -> dict

Seed: `records` activity rows written straight into the area apps' tables (COPY on PostgreSQL,
bulk_create elsewhere), spread over 2024–2025 and over the official units: records dated before
1 July 2025 go to the former (pre-reform) communes, later ones to today's communes, so every figure
goes through the 2025 mapping. Shares: 55% cases, 30% disclosures, 7% matters decided, 6%
contributions, 2% “Dân vận khéo” models.

Measured:
- the province annual report with all indicators — figures counted directly (< 2 s) against the
  floor: the very SQL the counters sent, replayed raw through the cursor in the same run (≤ 1.5×);
  the whole DOCX (figures from the roll-up table, charts, layout) as info and against 2 s;
- a province dashboard page (Django test client, signed-in Steering Committee member, roll-up
  table), p95 < 300 ms;
- the national report (DOCX, roll-up table) < 5 s;
- the roll-up refresh of one day's new records (< 10 s), and the initial refresh of two years (info).
Everything seeded is removed at the end unless `keep`.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

MARK = "rbench"
START, END = dt.date(2024, 1, 1), dt.date(2025, 12, 31)
REFORM = dt.date(2025, 7, 1)


def _p95(samples: list[float]) -> float:
    s = sorted(samples)
    return s[max(0, int(round(0.95 * len(s))) - 1)]


def _template(model, **values) -> tuple[list[str], list]:
    """Every concrete column but the id, with the value Django would write for a fresh instance."""
    obj = model(**values)
    now = timezone.now()
    cols, vals = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        v = getattr(obj, f.attname)
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            v = now
        if f.get_internal_type() == "JSONField":
            import json

            v = json.dumps(v)
        elif f.get_internal_type() == "FileField":
            v = str(v or "")
        cols.append(f.column)
        vals.append(v)
    return cols, vals


def _write(model, template: tuple[list[str], list], rows: list[dict], log, label: str) -> None:
    cols, base = template
    index = {c: i for i, c in enumerate(cols)}
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cur, cur.connection.cursor().copy(
                f"COPY {table} ({', '.join(connection.ops.quote_name(c) for c in cols)}) FROM STDIN") as copy:
            for r in rows:
                row = list(base)
                for k, v in r.items():
                    row[index[k]] = v
                copy.write_row(row)
    else:
        objs = []
        for r in rows:
            o = model()
            for c, v in zip(cols, base, strict=True):
                setattr(o, c if c.endswith("_id") else c, v)
            for k, v in r.items():
                setattr(o, k, v)
            objs.append(o)
        model.objects.bulk_create(objs, batch_size=2000)
    log(f"reports bench: {label} {len(rows):,}")


def _units():
    from danchu.units.models import Level, Unit

    today = timezone.localdate()
    current = list(Unit.objects.filter(level=Level.COMMUNE).exclude(valid_to__lt=today)
                   .values_list("id", "path", "province_code"))
    former = list(Unit.objects.filter(level=Level.COMMUNE, valid_to__lt=today).values_list("id", "path", "province_code"))
    return current, former or current


def seed(*, records: int, rng: random.Random, log=print, day: dt.date | None = None) -> dict:
    """`records` rows; all on `day` when given (the day's new records for the refresh figure)."""
    from danchu.cases.models import Case
    from danchu.decisions.models import Contribution, Matter
    from danchu.disclosures.models import Disclosure, DisclosureCategory
    from danchu.movements.models import GoodPractice

    started = time.perf_counter()
    current, former = _units()
    span = (END - START).days + 1
    cats = list(DisclosureCategory.objects.filter(scope="commune").values_list("id", flat=True))

    def pick():
        d = day or START + dt.timedelta(days=rng.randrange(span))
        u = (former if d < REFORM else current)[rng.randrange(len(former if d < REFORM else current))]
        return d, u

    n_cases, n_disc = int(records * 0.55), int(records * 0.30)
    n_matters, n_contrib = int(records * 0.07), int(records * 0.06)
    n_prac = records - n_cases - n_disc - n_matters - n_contrib
    batch = 100_000
    with transaction.atomic():
        tpl = _template(Case, tracking_code="x", kind="feedback", channel="api", unit_id=0, unit_path="", province_code="",
                        title="Phản ánh", body="Phản ánh", received_on=START, answer="")
        kinds = ["feedback"] * 6 + ["recommendation"] * 2 + ["complaint", "denunciation"]
        tag = rng.getrandbits(24)
        for lo in range(0, n_cases, batch):
            rows = []
            for i in range(lo, min(n_cases, lo + batch)):
                d, u = pick()
                status = ("received", "accepted", "resolved", "resolved", "resolved")[rng.randrange(5)]
                resolved = d + dt.timedelta(days=rng.randrange(3, 60)) if status == "resolved" else None
                rows.append({"tracking_code": f"R{tag:06X}{i:09d}"[:16], "kind": kinds[rng.randrange(10)],
                             "status": status, "unit_id": u[0], "unit_path": u[1], "province_code": u[2],
                             "received_on": d, "resolved_on": resolved, "on_time": (rng.random() < 0.85) if resolved else None,
                             "next_due": None if resolved else d + dt.timedelta(days=rng.randrange(10, 90)),
                             "answer": "Đã trả lời" if resolved else "", "idempotency_key": f"{MARK}-{tag}-{i}"})
            _write(Case, tpl, rows, log, "cases")
        tpl = _template(Disclosure, unit_id=0, category_id=cats[0], status="published", unit_path="", province_code="",
                        title=f"{MARK} công khai", search_title=f"{MARK}")
        for lo in range(0, n_disc, batch):
            rows = []
            for _ in range(lo, min(n_disc, lo + batch)):
                d, u = pick()
                ruled = rng.random() < 0.6
                rows.append({"unit_id": u[0], "category_id": cats[rng.randrange(len(cats))], "unit_path": u[1],
                             "province_code": u[2], "published_on": d,
                             "published_at": timezone.make_aware(dt.datetime.combine(d, dt.time(9))),
                             "on_time": (rng.random() < 0.9) if ruled else None})
            _write(Disclosure, tpl, rows, log, "disclosures")
        tpl = _template(Matter, unit_id=0, kind="other", title=f"{MARK} việc", status="closed", result="adopted")
        rows = []
        for _ in range(n_matters):
            d, u = pick()
            at = timezone.make_aware(dt.datetime.combine(d, dt.time(20)))
            rows.append({"unit_id": u[0], "opened_at": at, "closed_at": at,
                         "result": ("adopted", "adopted", "not_adopted", "not_valid")[rng.randrange(4)]})
        _write(Matter, tpl, rows, log, "matters")
        matter_ids = list(Matter.objects.filter(title=f"{MARK} việc").values_list("id", flat=True))
        tpl = _template(Contribution, matter_id=0, kind="collected", amount_vnd=0, on=START, note=MARK)
        rows = []
        for _ in range(n_contrib if matter_ids else 0):
            d, _u = pick()
            rows.append({"matter_id": matter_ids[rng.randrange(len(matter_ids))], "on": d,
                         "amount_vnd": rng.randrange(1, 200) * 100_000})
        _write(Contribution, tpl, rows, log, "contributions")
        tpl = _template(GoodPractice, unit_id=0, unit_path="", province_code="", title=f"{MARK} mô hình", field="social",
                        description="Mô hình", started_on=START, search_text=MARK)
        rows = []
        for _ in range(n_prac):
            d, u = pick()
            rec = rng.random() < 0.3
            rows.append({"unit_id": u[0], "unit_path": u[1], "province_code": u[2], "started_on": d,
                         "status": "recognized" if rec else "registered", "recognized_on": d if rec else None,
                         "recognized_level": "commune" if rec else ""})
        _write(GoodPractice, tpl, rows, log, "good practices")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            for m in (Case, Disclosure, Matter, Contribution, GoodPractice):
                cur.execute(f"ANALYZE {m._meta.db_table}")  # noqa: S608 - fixed table names
    return {"records": records, "cases": n_cases, "disclosures": n_disc, "matters": n_matters,
            "contributions": n_contrib, "good_practices": n_prac, "seconds": round(time.perf_counter() - started, 1)}


def cleanup(log=print) -> None:
    from danchu.cases.models import Case
    from danchu.decisions.models import Contribution, Matter
    from danchu.disclosures.models import Disclosure
    from danchu.movements.models import GoodPractice

    from .models import RollupDay, RollupMonth, RollupRefresh, RollupUnitMap

    with transaction.atomic():
        Contribution.objects.filter(note=MARK).delete()
        Matter.objects.filter(title=f"{MARK} việc").delete()
        Case.objects.filter(idempotency_key__startswith=f"{MARK}-").delete()
        Disclosure.objects.filter(title=f"{MARK} công khai").delete()
        GoodPractice.objects.filter(title=f"{MARK} mô hình").delete()
        RollupDay.objects.all().delete()
        RollupMonth.objects.all().delete()
        RollupUnitMap.objects.all().delete()
        RollupRefresh.objects.all().delete()
    log("reports bench: seeded rows removed")


class _Capture:
    def __init__(self):
        self.sql: list[tuple[str, tuple]] = []

    def __call__(self, execute, sql, params, many, context):
        self.sql.append((sql, params))
        return execute(sql, params, many, context)


def seeded() -> dict | None:
    """What an earlier run left (`keep`), to measure again without seeding again (`reuse`)."""
    from danchu.cases.models import Case
    from danchu.decisions.models import Contribution, Matter
    from danchu.disclosures.models import Disclosure
    from danchu.movements.models import GoodPractice

    counts = {"cases": Case.objects.filter(idempotency_key__startswith=f"{MARK}-").count(),
              "disclosures": Disclosure.objects.filter(title=f"{MARK} công khai").count(),
              "matters": Matter.objects.filter(title=f"{MARK} việc").count(),
              "contributions": Contribution.objects.filter(note=MARK).count(),
              "good_practices": GoodPractice.objects.filter(title=f"{MARK} mô hình").count()}
    if not counts["cases"]:
        return None
    return {"records": sum(counts.values()), **counts, "seconds": 0.0, "reused": True}


def _month_floor_sql(province, lo: dt.date, hi: dt.date, main_lo: dt.date, main_hi: dt.date) -> list[tuple[str, list]]:
    """The province's figures straight from the month table in plain SQL: the scope by the units' path
    (today's units under the province: the month rows of former units are already keyed by them), sums
    per indicator and month over the span of the three periods, sums per unit over the year (the ranking)."""
    from danchu.units.models import Unit

    from .models import RollupMonth

    t, u = (connection.ops.quote_name(m._meta.db_table) for m in (RollupMonth, Unit))
    scope = f"r.unit_id IN (SELECT id FROM {u} WHERE path LIKE %s)"  # noqa: S608 - fixed table names
    like = province.path + "%"
    return [(f"SELECT r.indicator, r.month, SUM(r.value) FROM {t} r WHERE r.month >= %s AND r.month <= %s "  # noqa: S608
             f"AND {scope} GROUP BY r.indicator, r.month", [lo, hi, like]),
            (f"SELECT r.unit_id, r.indicator, SUM(r.value) FROM {t} r WHERE r.month >= %s AND r.month <= %s "  # noqa: S608
             f"AND {scope} GROUP BY r.unit_id, r.indicator", [main_lo, main_hi, like])]


def run(*, records: int = 200_000, keep: bool = False, seed_value: int = 1, log=print, samples: int = 15,
        reuse: bool = False) -> dict:
    from danchu.accounts.models import RoleGrant, User
    from danchu.core.roles import Role
    from danchu.units.models import Unit

    from .models import RollupDay, RollupMonth
    from .periods import parse_period
    from .rollup import compute, refresh, scope_for, split_months
    from .selectors import build_dashboard
    from .services import render_report_as_system

    rng = random.Random(seed_value)
    out: dict = {}
    user = None
    try:
        out["seed"] = (reuse and seeded()) or seed(records=records, rng=rng, log=log)
        from .models import RollupRefresh
        from .rollup import months_ready

        done = RollupRefresh.objects.filter(start__lte=START, end__gte=END).first() if out["seed"].get("reused") else None
        if done is not None and months_ready():  # the kept run's roll-up of the two years is still valid
            out["refresh_all"] = {"seconds": done.seconds, "rows": done.rows, "month_rows": RollupMonth.objects.count(),
                                  "reused": True}
        else:
            t = time.perf_counter()
            r = refresh(start=START, end=END)
            out["refresh_all"] = {"seconds": round(time.perf_counter() - t, 2), "rows": r.rows,
                                  "month_rows": RollupMonth.objects.count()}
        if connection.vendor == "postgresql":
            # What autovacuum does after a bulk load: statistics and the visibility map, so that the
            # dashboards' sums are index-only scans of the covering indexes.
            # VACUUM cannot run inside a transaction (a test's): ANALYZE alone there.
            with connection.cursor() as cur:
                verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
                for m in (RollupDay, RollupMonth):
                    cur.execute(f"{verb} {m._meta.db_table}")  # noqa: S608
        log(f"reports bench: roll-up of two years {out['refresh_all']}")
        # The largest province by number of communes.
        from django.db.models import Count

        pcode = (Unit.objects.filter(level="commune").exclude(valid_to__lt=timezone.localdate())
                 .values("province_code").annotate(n=Count("id")).order_by("-n").first()["province_code"])
        province = Unit.objects.get(code=pcode)
        year = parse_period("2025")
        scope = scope_for(province)
        out["province"] = {"code": province.code, "name": province.name, "scope_units": len(scope.ids)}

        # 1. Province annual figures, all indicators, as reports and dashboards get them: from the month
        # roll-up (kept incrementally), against the same figures summed by plain SQL from that table.
        periods = [year, year.previous(), year.last_year()]
        whole = [split_months(p)[0] for p in periods]
        floor_sql = _month_floor_sql(province, min(w[0] for w in whole), max(w[1] for w in whole), *whole[0])

        def figures_rollup():
            build_dashboard(unit=province, period=year, source="rollup")

        def month_floor():
            with connection.cursor() as cur:
                for sql, params in floor_sql:
                    cur.execute(sql, params)
                    cur.fetchall()

        figures_rollup()
        served, bare = [], []
        for _ in range(9):
            t = time.perf_counter()
            figures_rollup()
            served.append(time.perf_counter() - t)
            t = time.perf_counter()
            month_floor()
            bare.append(time.perf_counter() - t)
        out["province_rollup"] = {"seconds": min(served), "floor": min(bare), "floor_queries": len(floor_sql)}
        log(f"reports bench: province figures from the month roll-up {out['province_rollup']}")

        # 1b. The same, counted directly from the records, vs the same SQL raw (for reference).
        def figures_direct():  # what the report and the dashboard compute: three periods, every indicator
            build_dashboard(unit=province, period=year, source="direct")

        cap = _Capture()
        with connection.execute_wrapper(cap):
            figures_direct()

        def floor():
            with connection.cursor() as cur:
                for sql, params in cap.sql:
                    cur.execute(sql, params)
                    cur.fetchall()

        direct, raw = [], []
        for _ in range(3):
            t = time.perf_counter()
            figures_direct()
            direct.append(time.perf_counter() - t)
            t = time.perf_counter()
            floor()
            raw.append(time.perf_counter() - t)
        out["province_direct"] = {"seconds": min(direct), "floor": min(raw), "queries": len(cap.sql)}
        log(f"reports bench: province figures direct {out['province_direct']}")

        # The whole DOCX of the province, figures from the roll-up table.
        with override_settings(DANCHU_REPORTS_ROLLUP=True, ALLOWED_HOSTS=["testserver", "127.0.0.1", "localhost"]):
            times = []
            for _ in range(3):
                t = time.perf_counter()
                data = render_report_as_system(unit=province, period=year, fmt="docx")
                times.append(time.perf_counter() - t)
            out["province_docx"] = {"seconds": min(times), "bytes": len(data)}
            t = time.perf_counter()
            render_report_as_system(unit=province, period=year, fmt="docx", source="direct")
            out["province_docx_direct"] = {"seconds": time.perf_counter() - t}
            log(f"reports bench: province DOCX {out['province_docx']} direct {out['province_docx_direct']}")

            # 2. Dashboard page of the province.
            user = User.objects.create_user(username=f"{MARK}-bcd", password=None)
            RoleGrant.objects.create(user=user, role=Role.STEERING_MEMBER, unit=province)
            client = Client()
            client.force_login(user)
            url = f"/bao-cao/{province.code}/?ky=2025"
            client.get(url)
            page = []
            for _ in range(samples):
                t = time.perf_counter()
                resp = client.get(url)
                page.append(time.perf_counter() - t)
                assert resp.status_code == 200, resp.status_code
            out["dashboard"] = {"p95_ms": round(_p95(page) * 1000, 1), "median_ms": round(sorted(page)[len(page) // 2] * 1000, 1)}
            log(f"reports bench: dashboard {out['dashboard']}")

            # 3. The national report.
            times = []
            for _ in range(2):
                t = time.perf_counter()
                render_report_as_system(unit=None, period=year, fmt="docx")
                times.append(time.perf_counter() - t)
            out["national_docx"] = {"seconds": min(times)}
            t = time.perf_counter()
            compute(scope=scope_for(None), period=year, source="direct")
            out["national_direct_figures"] = {"seconds": time.perf_counter() - t}
            log(f"reports bench: national {out['national_docx']} direct figures {out['national_direct_figures']}")

        # 4. One day's new records, then the refresh of that day.
        today = timezone.localdate()
        per_day = max(1, records // ((END - START).days + 1))
        # A fresh generator when the records were reused: the kept run's generator made other tracking codes.
        day_rng = random.Random(time.time_ns()) if out["seed"].get("reused") else rng
        seed(records=per_day, rng=day_rng, log=lambda *_: None, day=today)
        t = time.perf_counter()
        r = refresh(start=today, end=today)
        out["refresh_day"] = {"seconds": time.perf_counter() - t, "records": per_day, "rows": r.rows}
        log(f"reports bench: refresh one day {out['refresh_day']}")
    finally:
        if user is not None:
            RoleGrant.objects.filter(user=user).delete()
            user.delete()
        if not keep:
            cleanup(log=log)
    return out
