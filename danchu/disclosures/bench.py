"""Benchmarks of issue 3, for `danchu bench` to call (not a timed test).

    data = seed(commune_size=..., total=...)     bulk data: one commune with `commune_size` published
                                                 disclosures, the rest spread over other communes,
                                                 each with its log entry (a valid chain)
    commune_list_p95(data)                       GET /u/<code>/cong-khai/ in-process (Django test client)
    search_p95(data)                             GET /cong-khai/?q=... (diacritics-free queries)
    verify_log_seconds()                         core.transparency.verify_local over the whole log
    cleanup(data)                                removes what seed() made (log entries included)
    run(...)                                     all of the above → dict of figures

Targets (issue 3): with 10,000 disclosures in one commune and 1,000,000 nationwide on PostgreSQL,
list p95 < 50 ms, search p95 < 100 ms, verify-log over 1,000,000 entries < 60 s. Defaults are
small (runs in about a minute); pass the issue's sizes for the real figures.

seed() writes to the transparency log, which is append-only: run it on a database made for
benchmarking. It refuses to run when the log already has entries unless `allow_existing_log`.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from danchu.core.models import LogCheckpoint, LogEntry
from danchu.core.text import fold
from danchu.core.transparency import (
    GENESIS_HASH,
    canonical_json,
    entry_hash,
    format_at,
    sha256_hex,
    verify_local,
)
from danchu.units.models import Level, Unit

from .models import Disclosure, DisclosureCategory, DisclosureVersion, Status
from .selectors import disclosure_log_payload

PREFIX = "BENCHD"
WORDS = [
    "kế hoạch sử dụng đất", "dự toán ngân sách", "hỗ trợ nhà ở", "thu hồi đất", "bồi thường tái định cư",
    "quỹ phòng chống thiên tai", "danh sách hộ nghèo", "thẻ bảo hiểm y tế", "nghĩa vụ quân sự", "phí chợ",
    "xây dựng đường giao thông", "kết quả thanh tra", "lấy ý kiến nhân dân", "tài sản công", "quyết toán",
]
QUERIES = ["ke hoach su dung dat", "du toan ngan sach", "ho tro nha o", "thu hoi dat", "the bao hiem y te",
           "nghia vu quan su", "phi cho", "tai san cong", "ket qua thanh tra", "quyet toan nam"]


@dataclass
class BenchData:
    province: Unit
    communes: list[Unit]
    commune: Unit
    first_seq: int
    counts: dict = field(default_factory=dict)


def _percentile(samples: list[float], p: float) -> float:
    s = sorted(samples)
    k = max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))
    return s[k]


def seed(*, commune_size: int = 2000, total: int = 10000, communes: int = 20, batch: int = 2000,
         allow_existing_log: bool = False, seed: int = 1) -> BenchData:
    """Bulk-create published disclosures with their log entries (a valid chain), fast."""
    if LogEntry.objects.exists() and not allow_existing_log:
        raise RuntimeError("the transparency log is not empty: benchmark on a database made for it "
                           "(or pass allow_existing_log=True)")
    rnd = random.Random(seed)
    stamp = timezone.now().strftime("%H%M%S")
    province = Unit.objects.create(code=f"{PREFIX}{stamp}", name="Tỉnh Đo Hiệu Năng", short_name="Đo Hiệu Năng",
                                   division_type="tỉnh", level=Level.PROVINCE, path=f"/{PREFIX}{stamp}/", depth=1,
                                   province_code=f"B{stamp}"[:8], search_name="tinh do hieu nang", is_official=False)
    units = [
        Unit.objects.create(code=f"{PREFIX}{stamp}-{i:03d}", name=f"Xã Đo {i}", short_name=f"Đo {i}", division_type="xã",
                            level=Level.COMMUNE, parent=province, path=f"{province.path}{PREFIX}{stamp}-{i:03d}/",
                            depth=2, province_code=province.province_code, search_name=f"xa do {i}", is_official=False)
        for i in range(max(1, communes))
    ]
    cats = list(DisclosureCategory.objects.filter(scope="commune", article=11))
    last = LogEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev = (last[0], last[1]) if last else (0, GENESIS_HASH)
    data = BenchData(province, units, units[0], seq + 1)
    others = units[1:] or units
    start = dt.date(2024, 1, 1)
    made = 0
    while made < total:
        n = min(batch, total - made)
        with transaction.atomic():
            now = timezone.now().replace(microsecond=0)
            ds, vs = [], []
            for i in range(n):
                k = made + i
                unit = units[0] if k < commune_size else others[k % len(others)]
                cat = cats[k % len(cats)]
                title = f"{rnd.choice(WORDS).capitalize()} {rnd.choice(WORDS)} số {k}"
                body = " ".join(rnd.choice(WORDS) for _ in range(12))
                day = start + dt.timedelta(days=k % 900)
                ds.append(Disclosure(
                    unit=unit, category=cat, status=Status.PUBLISHED, unit_path=unit.path, province_code=unit.province_code,
                    title=title, search_title=fold(title), search_text=fold(f"{title} {body}"), published_at=now,
                    published_on=day, posted_until=day + dt.timedelta(days=30), decision_date=day, due_on=day, on_time=True,
                ))
                vs.append((title, body, now))
            Disclosure.objects.bulk_create(ds)
            versions = [DisclosureVersion(disclosure=d, number=1, title=t, body=b, channels=sorted(
                ["notice_commune", "notice_hamlet", "website"]), published_at=at) for d, (t, b, at) in zip(ds, vs, strict=True)]
            DisclosureVersion.objects.bulk_create(versions)
            entries = []
            for d, v in zip(ds, versions, strict=True):
                v._prefetched_objects_cache = {"attachments": [], "people": []}
                text = canonical_json(disclosure_log_payload(d, versions=[v]))
                seq += 1
                psha = sha256_hex(text)
                h = entry_hash(seq=seq, at=format_at(now), kind="disclosure.publish", object_type="disclosure",
                               object_id=str(d.pk), payload_sha256=psha, prev_hash=prev)
                entries.append(LogEntry(seq=seq, at=now, kind="disclosure.publish", object_type="disclosure",
                                        object_id=str(d.pk), payload=text, payload_sha256=psha, prev_hash=prev, hash=h))
                prev = h
            LogEntry.objects.bulk_create(entries)
        made += n
    data.counts = {"commune": min(commune_size, total), "total": total}
    _analyze()
    return data


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _client() -> Client:
    return Client(HTTP_HOST="localhost")


def _timed_get(client: Client, url: str) -> float:
    t0 = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - t0) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return elapsed


def commune_list_p95(data: BenchData, *, samples: int = 100) -> dict:
    """p95 of the commune's public list page (first pages and filtered pages), in ms, in-process."""
    client = _client()
    code = data.commune.code
    urls = [f"/u/{code}/cong-khai/", f"/u/{code}/cong-khai/?page=2", f"/u/{code}/cong-khai/?category=commune-11-3",
            f"/u/{code}/cong-khai/?year=2025", f"/u/{code}/cong-khai/?page=50"]
    _timed_get(client, urls[0])  # warm up
    times = [_timed_get(client, urls[i % len(urls)]) for i in range(samples)]
    return {"p50_ms": round(_percentile(times, 50), 1), "p95_ms": round(_percentile(times, 95), 1), "samples": samples}


def search_p95(data: BenchData | None = None, *, samples: int = 100) -> dict:
    """p95 of the public search page for diacritics-free queries, in ms, in-process."""
    client = _client()
    _timed_get(client, "/cong-khai/?q=ke+hoach")
    times = [_timed_get(client, "/cong-khai/?q=" + QUERIES[i % len(QUERIES)].replace(" ", "+")) for i in range(samples)]
    return {"p50_ms": round(_percentile(times, 50), 1), "p95_ms": round(_percentile(times, 95), 1), "samples": samples}


def verify_log_seconds(*, check_records: bool = True) -> dict:
    t0 = time.perf_counter()
    report = verify_local(check_records=check_records)
    elapsed = time.perf_counter() - t0
    return {"seconds": round(elapsed, 2), "entries": report.entries, "records": report.records, "ok": report.ok,
            "problems": [str(p) for p in report.problems[:5]]}


def cleanup(data: BenchData) -> None:
    """Remove what seed() created, log entries included (a benchmark database only)."""
    with transaction.atomic():
        LogCheckpoint.objects.filter(seq__gte=data.first_seq).delete()
        LogEntry.objects.filter(seq__gte=data.first_seq).delete()
        DisclosureVersion.objects.filter(disclosure__unit_path__startswith=data.province.path).delete()
        Disclosure.objects.filter(unit_path__startswith=data.province.path).delete()
        Unit.objects.filter(path__startswith=data.province.path, level=Level.COMMUNE).delete()
        data.province.delete()


def run(*, commune_size: int = 2000, total: int = 10000, samples: int = 100, keep: bool = False,
        allow_existing_log: bool = False) -> dict:
    t0 = time.perf_counter()
    data = seed(commune_size=commune_size, total=total, allow_existing_log=allow_existing_log)
    seeded = time.perf_counter() - t0
    try:
        return {
            "database": connection.vendor,
            "sizes": data.counts,
            "seed_seconds": round(seeded, 1),
            "commune_list": commune_list_p95(data, samples=samples),
            "search": search_p95(data, samples=samples),
            "verify_log": verify_log_seconds(),
            "targets": {"commune_list_p95_ms": 50, "search_p95_ms": 100, "verify_log_1m_seconds": 60},
        }
    finally:
        if not keep:
            cleanup(data)
