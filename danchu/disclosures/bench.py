"""Benchmarks, for `danchu bench` to call (not a timed test).

    data = seed(commune_size=..., total=...)     bulk data: one commune with `commune_size` published
                                                 disclosures, the rest spread over other communes,
                                                 each with its log entry (a valid chain)
    commune_list_p95(data)                       GET /u/<code>/cong-khai/ in-process (Django test client)
    search_p95(data)                             GET /cong-khai/?q=... (diacritics-free queries)
    verify_log_seconds()                         core.transparency.verify_local over the whole log
    cleanup(data)                                removes what seed() made (log entries, their Merkle
                                                 tree nodes and signed tree heads included)
    run(...)                                     all of the above → dict of figures

Targets: with 10,000 disclosures in one commune and 1,000,000 nationwide on PostgreSQL,
list p95 < 50 ms, search p95 < 100 ms, verify-log over 1,000,000 entries < 60 s. Defaults are
small (runs in about a minute); pass the target sizes above for the real figures.

seed() writes to the transparency log, which is append-only: run it on a database made for
benchmarking. It refuses to run when the log already has entries unless `allow_existing_log`. The
entries are bulk-loaded, then given their Merkle tree nodes and one signed tree head
(core.transparency.tree_head_create), as a log of appends would have: verify-log finds no gap.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from danchu.core.models import LogCheckpoint, LogEntry
from danchu.core.text import query_words, search_words
from danchu.core.transparency import (
    GENESIS_HASH,
    canonical_json,
    entry_hash,
    format_at,
    sha256_hex,
    tree_head_create,
    verify_local,
)
from danchu.units.models import Level, Unit

from .models import Disclosure, DisclosureCategory, DisclosureVersion, Status
from .selectors import disclosure_log_payload

PREFIX = "BENCHD"
# Realistic titles: a kind of document, a subject, sometimes a hamlet, a year. A citizen types a
# few words of a subject ("ke hoach su dung dat"), which matches a small share of the rows
# (about 1 in 60 subjects × the kinds it goes with), not half the table.
KINDS = ["Kế hoạch", "Quyết định phê duyệt", "Thông báo", "Báo cáo", "Danh sách", "Tờ trình", "Công khai",
         "Kết quả", "Dự thảo", "Phương án"]
SUBJECTS = [
    "sử dụng đất", "dự toán ngân sách", "quyết toán ngân sách", "hỗ trợ nhà ở người có công", "thu hồi đất",
    "bồi thường, hỗ trợ, tái định cư", "quỹ phòng, chống thiên tai", "hộ nghèo, hộ cận nghèo", "cấp thẻ bảo hiểm y tế",
    "gọi công dân nhập ngũ", "thu phí chợ", "xây dựng đường giao thông nông thôn", "thanh tra việc quản lý đất công",
    "lấy ý kiến nhân dân về quy hoạch", "quản lý tài sản công", "đầu tư công trung hạn", "chuyển đổi cơ cấu cây trồng",
    "kiên cố hóa kênh mương", "nước sạch nông thôn", "vệ sinh môi trường", "điện chiếu sáng công cộng",
    "trợ cấp xã hội hằng tháng", "hỗ trợ học sinh khó khăn", "giải quyết khiếu nại", "tiếp công dân định kỳ",
    "đấu giá quyền sử dụng đất", "giao đất làm nhà ở", "cấp giấy chứng nhận quyền sử dụng đất", "quy hoạch chung xã",
    "chương trình mục tiêu quốc gia xây dựng nông thôn mới", "giảm nghèo bền vững", "phát triển kinh tế - xã hội",
    "thu, chi quỹ vì người nghèo", "đóng góp của nhân dân", "sửa chữa trường mầm non", "nhà văn hóa thôn",
    "phòng chống dịch bệnh gia súc", "tiêm chủng mở rộng", "an toàn thực phẩm", "bảo vệ rừng", "khai thác cát sỏi",
    "cải tạo chợ trung tâm", "nghĩa trang nhân dân", "thủy lợi nội đồng", "dồn điền đổi thửa", "mốc giới đất",
    "hỗ trợ sản xuất nông nghiệp", "vay vốn ngân hàng chính sách", "xét tuyển công chức", "thi đua khen thưởng",
    "kết quả thực hiện quy chế dân chủ", "tổ chức hội nghị đối thoại", "giám sát đầu tư của cộng đồng",
    "ban thanh tra nhân dân", "hòa giải ở cơ sở", "phòng cháy, chữa cháy", "an ninh trật tự", "bầu trưởng thôn",
    "sáp nhập thôn, tổ dân phố", "đổi tên đường",
]
HAMLETS = ["thôn Đông", "thôn Tây", "thôn Nam", "thôn Bắc", "thôn Thượng", "thôn Hạ", "thôn Trung", "thôn Đồng Tâm",
           "thôn An Lạc", "thôn Phú Xuân", "thôn Hòa Bình", "thôn Tân Lập", "thôn Đoài", "thôn Cầu", "thôn Chợ"]
FILLER = ["theo quy định", "của Ủy ban nhân dân xã", "trên địa bàn", "đề nghị nhân dân", "thời gian thực hiện",
          "kinh phí", "triệu đồng", "các hộ gia đình", "niêm yết công khai", "mọi ý kiến góp ý", "gửi về bộ phận một cửa",
          "trước ngày", "căn cứ Luật Thực hiện dân chủ ở cơ sở", "Mặt trận Tổ quốc", "các đoàn thể", "trưởng thôn"]
# What citizens type: subjects without diacritics, sometimes with a kind, a year or a hamlet.
QUERIES = ["ke hoach su dung dat", "du toan ngan sach 2025", "ho ngheo", "thu hoi dat", "the bao hiem y te",
           "nhap ngu", "phi cho", "tai san cong", "thanh tra dat cong", "quyet toan ngan sach", "dau gia dat",
           "nong thon moi", "duong giao thong thon dong", "tro cap xa hoi", "nha van hoa"]


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


def _text(rnd: random.Random, k: int) -> tuple[str, str]:
    subject = rnd.choice(SUBJECTS)
    year = 2020 + k % 7
    where = f" {rnd.choice(HAMLETS)}" if rnd.random() < 0.3 else ""
    title = f"{rnd.choice(KINDS)} {subject}{where} năm {year}"
    body = ". ".join(
        " ".join(rnd.choice(FILLER) for _ in range(4)) + (f" {rnd.choice(SUBJECTS)}" if rnd.random() < 0.3 else "")
        for _ in range(4)
    ) + f". {title}."
    return title, body


def _copy_rows(model, fields: list[str], rows: list[tuple]) -> None:
    """PostgreSQL COPY of many rows (ten times faster than INSERTs)."""
    table = model._meta.db_table
    columns = ", ".join(model._meta.get_field(f).column for f in fields)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _next_ids(model, n: int) -> list[int]:
    """Reserve n primary keys (so that COPY rows and the log payloads agree on ids)."""
    if connection.vendor != "postgresql":
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        return list(range(last + 1, last + 1 + n))
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)", [n])  # noqa: S608
        return [r[0] for r in cursor.fetchall()]


def seed(*, commune_size: int = 2000, total: int = 10000, communes: int = 20, batch: int = 5000,
         allow_existing_log: bool = False, seed: int = 1, progress=None) -> BenchData:
    """Bulk-create published disclosures with their log entries (a valid chain), fast: COPY on
    PostgreSQL, bulk_create elsewhere. The log payload is made by the application's own
    `disclosure_log_payload`, so verify-log checks real content."""
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
    base = timezone.now().replace(microsecond=0) - dt.timedelta(days=900)
    pg = connection.vendor == "postgresql"
    channels = sorted(["notice_commune", "notice_hamlet", "website"])
    made = 0
    while made < total:
        n = min(batch, total - made)
        with transaction.atomic():
            ids = _next_ids(Disclosure, n)
            vids = _next_ids(DisclosureVersion, n)
            ds, vs = [], []
            for i in range(n):
                k = made + i
                unit = units[0] if k < commune_size else others[k % len(others)]
                cat = cats[k % len(cats)]
                title, body = _text(rnd, k)
                day = start + dt.timedelta(days=(k * 900) // max(total, 1))
                at = base + dt.timedelta(seconds=k * 60)  # published one after another, newest last
                d = Disclosure(
                    pk=ids[i], unit=unit, category=cat, status=Status.PUBLISHED, unit_path=unit.path,
                    province_code=unit.province_code, title=title, search_title=search_words(title),
                    search_text=search_words(f"{title} {body}", distinct=True), published_at=at, published_on=day,
                    posted_until=day + dt.timedelta(days=30), decision_date=day, due_on=day, on_time=True,
                    created_at=at,
                )
                v = DisclosureVersion(pk=vids[i], disclosure=d, number=1, title=title, body=body, channels=channels,
                                      published_at=at, created_at=at)
                ds.append(d)
                vs.append(v)
            entries = []
            for d, v in zip(ds, vs, strict=True):
                v._prefetched_objects_cache = {"attachments": [], "people": []}
                text = canonical_json(disclosure_log_payload(d, versions=[v]))
                seq += 1
                psha = sha256_hex(text)
                h = entry_hash(seq=seq, at=format_at(d.published_at), kind="disclosure.publish",
                               object_type="disclosure", object_id=str(d.pk), payload_sha256=psha, prev_hash=prev)
                entries.append(LogEntry(seq=seq, at=d.published_at, kind="disclosure.publish", object_type="disclosure",
                                        object_id=str(d.pk), payload=text, payload_sha256=psha, prev_hash=prev, hash=h))
                prev = h
            if pg:
                dfields = ["id", "unit", "category", "status", "unit_path", "province_code", "current_version", "title",
                           "search_title", "search_text", "published_at", "published_on", "posted_until", "decision_date",
                           "due_on", "on_time", "withdrawn_reason", "created_at"]
                _copy_rows(Disclosure, dfields, [
                    (d.pk, d.unit_id, d.category_id, d.status, d.unit_path, d.province_code, 1, d.title, d.search_title,
                     d.search_text, d.published_at, d.published_on, d.posted_until, d.decision_date, d.due_on, True, "",
                     d.created_at) for d in ds])
                vfields = ["id", "disclosure", "number", "title", "body", "channels", "decision_ref", "correction_note",
                           "published_at", "created_at"]
                chan = json.dumps(channels)
                _copy_rows(DisclosureVersion, vfields, [
                    (v.pk, v.disclosure_id, 1, v.title, v.body, chan, "", "", v.published_at, v.created_at) for v in vs])
                efields = ["seq", "at", "kind", "object_type", "object_id", "payload", "payload_sha256", "prev_hash", "hash"]
                _copy_rows(LogEntry, efields, [tuple(getattr(e, f) for f in efields) for e in entries])
            else:
                Disclosure.objects.bulk_create(ds)
                for v in vs:
                    v.disclosure_id = v.disclosure.pk
                DisclosureVersion.objects.bulk_create(vs)
                LogEntry.objects.bulk_create(entries)
        made += n
        if progress:
            progress(made, total)
    data.counts = {"commune": min(commune_size, total), "total": total}
    t0 = time.perf_counter()
    tree_head_create()  # the Merkle tree nodes of the loaded entries, and a signed head covering them
    data.counts["tree_seconds"] = round(time.perf_counter() - t0, 1)
    _analyze()
    return data


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def existing() -> BenchData | None:
    """The data of an earlier `seed(..., keep)` run, to measure again without seeding."""
    province = Unit.objects.filter(code__startswith=PREFIX, level=Level.PROVINCE).order_by("-pk").first()
    if province is None:
        return None
    units = list(Unit.objects.filter(parent=province).order_by("code"))
    first = LogEntry.objects.order_by("seq").values_list("seq", flat=True).first() or 1
    data = BenchData(province, units, units[0], first)
    data.counts = {"commune": Disclosure.objects.filter(unit=units[0]).count(),
                   "total": Disclosure.objects.filter(unit_path__startswith=province.path).count()}
    return data


def _client() -> Client:
    return Client(HTTP_HOST="localhost")


def _timed_get(client: Client, url: str) -> float:
    t0 = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - t0) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return elapsed


def _figures(times: list[float]) -> dict:
    return {"p50_ms": round(_percentile(times, 50), 1), "p95_ms": round(_percentile(times, 95), 1),
            "samples": len(times)}


def _captured(client: Client, url: str) -> list[str]:
    """The SQL statements a page runs, as the database received them."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return [q["sql"] for q in ctx.captured_queries
            if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT"))]


def _floor(client: Client, urls: list[str], samples: int) -> dict:
    """The floor: the same statements each page runs, replayed as raw SQL through the driver
    (no ORM, no template) — what the database alone costs per page view."""
    statements = [_captured(client, url) for url in urls]
    times = []
    with connection.cursor() as cursor:
        for i in range(samples):
            t0 = time.perf_counter()
            for sql in statements[i % len(statements)]:
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()
            times.append((time.perf_counter() - t0) * 1000)
    return _figures(times)


def commune_list_p95(data: BenchData, *, samples: int = 100) -> dict:
    """p95 of the commune's public list page (first pages and filtered pages), in ms, in-process."""
    client = _client()
    code = data.commune.code
    urls = [f"/u/{code}/cong-khai/", f"/u/{code}/cong-khai/?page=2", f"/u/{code}/cong-khai/?category=commune-11-3",
            f"/u/{code}/cong-khai/?year=2025", f"/u/{code}/cong-khai/?page=50"]
    _timed_get(client, urls[0])  # warm up
    times = [_timed_get(client, urls[i % len(urls)]) for i in range(samples)]
    return {**_figures(times), "floor_sql": _floor(client, urls, samples)}


def _search_urls() -> list[str]:
    return ["/cong-khai/?q=" + q.replace(" ", "+") for q in QUERIES]


def match_counts(queries: list[str] = QUERIES) -> dict:
    """How many public disclosures hold every word of each query (the share a query selects)."""
    out = {}
    for q in queries:
        qs = Disclosure.objects.filter(organization__isnull=True).exclude(status=Status.DRAFT)
        for word in query_words(q):
            qs = qs.filter(search_text__contains=f" {word} ")
        out[q] = qs.count()
    return out


def search_p95(data: BenchData | None = None, *, samples: int = 100) -> dict:
    """p95 of the public search page for diacritics-free queries, in ms, in-process."""
    client = _client()
    urls = _search_urls()
    _timed_get(client, urls[0])
    times = [_timed_get(client, urls[i % len(urls)]) for i in range(samples)]
    return {**_figures(times), "floor_sql": _floor(client, urls, samples)}


def verify_log_seconds(*, check_records: bool = True) -> dict:
    t0 = time.perf_counter()
    report = verify_local(check_records=check_records)
    elapsed = time.perf_counter() - t0
    return {"seconds": round(elapsed, 2), "entries": report.entries, "records": report.records, "ok": report.ok,
            "tree_size": report.tree_size, "problems": [str(p) for p in report.problems[:5]],
            "warnings": [str(w) for w in report.warnings[:5]]}


def cleanup(data: BenchData) -> None:
    """Remove what seed() created, log entries included (a benchmark database only: on PostgreSQL
    the log's append-only trigger is switched off for this transaction's tables and back on)."""
    from danchu.core.transparency import log_tables_writable, tree_drop_beyond

    with transaction.atomic(), log_tables_writable():
        LogCheckpoint.objects.filter(seq__gte=data.first_seq).delete()
        LogEntry.objects.filter(seq__gte=data.first_seq).delete()
        tree_drop_beyond(data.first_seq - 1)  # the heads and tree nodes of the removed entries
        DisclosureVersion.objects.filter(disclosure__unit_path__startswith=data.province.path).delete()
        Disclosure.objects.filter(unit_path__startswith=data.province.path).delete()
        Unit.objects.filter(path__startswith=data.province.path, level=Level.COMMUNE).delete()
        data.province.delete()


def run(*, commune_size: int = 2000, total: int = 10000, communes: int = 20, samples: int = 100, keep: bool = False,
        allow_existing_log: bool = False, reuse: bool = False, verify: bool = True, progress=None) -> dict:
    """Seed (or `reuse` an earlier kept seed), measure, clean up (unless `keep`)."""
    t0 = time.perf_counter()
    data = existing() if reuse else None
    if data is None:
        data = seed(commune_size=commune_size, total=total, communes=communes, allow_existing_log=allow_existing_log,
                    progress=progress)
    seeded = time.perf_counter() - t0
    try:
        figures = {
            "database": connection.vendor,
            "sizes": data.counts,
            "seed_seconds": round(seeded, 1),
            "commune_list": commune_list_p95(data, samples=samples),
            "search": search_p95(data, samples=samples),
            "search_matches": match_counts(),
        }
        if verify:
            figures["verify_log"] = verify_log_seconds()
            figures["verify_log_chain_only"] = verify_log_seconds(check_records=False)
        figures["targets"] = {"commune_list_p95_ms": 50, "search_p95_ms": 100, "verify_log_1m_seconds": 60}
        return figures
    finally:
        if not keep:
            cleanup(data)
