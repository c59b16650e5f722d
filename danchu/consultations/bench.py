"""Benchmarks, for `danchu bench` to call (not a timed test).

    run(participants=20_000, comments=5_000, votes=500_000, samples=200, seed_value=1, keep=False) -> dict

- seed: one published consultation of one commune (a 40-article draft), `participants` accounts, the
  first `comments` of them each with one opinion (texts drawn from five themes), `votes` agree /
  disagree / pass votes with three planted opinion groups (each participant votes on about
  votes/participants opinions, never their own); counters set as the services keep them;
- opinion map: `opinion_map.compute` (SVD + k-means + silhouette, pyvi + TF-IDF topics, the PNG,
  stored) in a fresh Python process, so that its peak RSS (ru_maxrss) is the map's own, not the
  seeding's; the share of participants put back into their planted group is reported;
- page p95: GET /gop-y/<id>/ in-process (Django test client) as a signed-in participant, cycling through
  the first page, a section, page 2, the "most agreed" order and a search.

Targets: map < 30 s with < 1 GB, page p95 < 100 ms. Seeded rows are removed at the end unless `keep`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import time

import numpy as np
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from danchu.accounts.models import RoleGrant, User
from danchu.core.roles import Role
from danchu.core.text import fold
from danchu.units.models import Level, Unit

from .models import Consultation, Kind, Opinion, OpinionMap, Participant, Section, Status, Vote

PREFIX = "bench-gy-"
THEMES = [
    ["Đề nghị bê tông hóa đường giao thông {w} trước mùa mưa", "Đường {w} xuống cấp, cần mở rộng mặt đường",
     "Nên làm rãnh thoát nước dọc đường {w}"],
    ["Giá bồi thường đất nông nghiệp {w} quá thấp", "Đề nghị công khai mức bồi thường, hỗ trợ tái định cư {w}",
     "Khu tái định cư {w} cần có trường học, trạm y tế"],
    ["Điểm tập kết rác {w} gần khu dân cư, gây ô nhiễm", "Cần thu gom rác thải sinh hoạt {w} hằng ngày",
     "Đề nghị xử lý nước thải chăn nuôi {w}"],
    ["Nhà văn hóa {w} cần sân thể thao cho thanh niên", "Đề nghị sửa chữa trường mầm non {w}",
     "Cần thêm lớp học bơi cho trẻ em {w}"],
    ["Thời gian lấy ý kiến nên kéo dài để bà con {w} kịp góp ý", "Cần họp thôn {w} để người cao tuổi được biết",
     "Đề nghị thông báo trên loa truyền thanh {w}"],
]
PLACES = ["thôn Đồng Quê", "thôn An Nội", "xóm Giữa", "thôn Thượng", "thôn Hạ", "xóm Bắc", "khu trung tâm", "ven sông"]


def _p95(samples: list[float]) -> float:
    s = sorted(samples)
    return round(s[max(0, int(np.ceil(len(s) * 0.95)) - 1)] * 1000, 2)


def _draft(articles: int = 40) -> str:
    out = ["DỰ THẢO ĐỀ ÁN PHÁT TRIỂN KINH TẾ - XÃ HỘI", "Chương I", "QUY ĐỊNH CHUNG"]
    for i in range(1, articles + 1):
        out.append(f"Điều {i}. Nội dung số {i}")
        out += [f"{k}. Khoản {k} của Điều {i}: bố trí nguồn lực cho công trình số {i}." for k in (1, 2)]
    return "\n".join(out)


def seed(*, participants: int, comments: int, votes: int, seed_value: int = 1, log=print) -> dict:
    from .splitter import split_draft

    started = time.perf_counter()
    rng = np.random.default_rng(seed_value)
    prng = random.Random(seed_value)
    commune = Unit.objects.filter(level=Level.COMMUNE).order_by("code").first()
    if commune is None:
        raise RuntimeError("no commune: import the official units first")
    officer = User.objects.create(username=f"{PREFIX}officer", full_name="Cán bộ phép đo", password="!")  # noqa: S106
    RoleGrant.objects.create(user=officer, role=Role.COMMUNE_OFFICER, unit=commune)
    text = _draft()
    now = timezone.now()
    with transaction.atomic():
        c = Consultation.objects.create(
            unit=commune, kind=Kind.SOCIO_ECONOMIC, title=f"{PREFIX}Đề án phát triển kinh tế - xã hội (phép đo)",
            status=Status.OPEN, opens_at=now - dt.timedelta(days=5), closes_at=now + dt.timedelta(days=25),
            published_at=now - dt.timedelta(days=5), answer_due=(now + dt.timedelta(days=45)).date(), draft_text=text,
            created_by=officer)
        Section.objects.bulk_create([Section(consultation=c, position=i, kind=p.kind, number=p.number, heading=p.heading,
                                             ref=p.ref, depth=p.depth, text=p.text)
                                     for i, p in enumerate(split_draft(text), 1)])
    section_ids = list(Section.objects.filter(consultation=c).values_list("pk", flat=True))
    users = [User(username=f"{PREFIX}{i:06d}", full_name=f"Người tham gia {i}", password="!") for i in range(participants)]  # noqa: S106
    User.objects.bulk_create(users, batch_size=5000)
    user_ids = np.array(User.objects.filter(username__startswith=PREFIX).exclude(pk=officer.pk).order_by("username")
                        .values_list("pk", flat=True), dtype=np.int64)
    RoleGrant.objects.bulk_create([RoleGrant(user_id=int(u), role=Role.CITIZEN, unit=commune) for u in user_ids],
                                  batch_size=5000)
    Participant.objects.bulk_create([Participant(consultation=c, user_id=int(u)) for u in user_ids], batch_size=5000)
    log(f"    {participants} người tham gia ({time.perf_counter() - started:.1f} s)")
    # opinions: one by each of the first `comments` participants
    ops = []
    themes = rng.integers(0, len(THEMES), size=comments)
    for i in range(comments):
        t = prng.choice(THEMES[themes[i]]).format(w=prng.choice(PLACES))
        ops.append(Opinion(consultation=c, author_id=int(user_ids[i % participants]), text=t, search_text=fold(t),
                           section_id=prng.choice(section_ids) if prng.random() < 0.7 else None,
                           created_at=now - dt.timedelta(minutes=comments - i)))
    Opinion.objects.bulk_create(ops, batch_size=5000)
    op_rows = list(Opinion.objects.filter(consultation=c).order_by("pk").values_list("pk", "author_id"))
    op_ids = np.array([p for p, _ in op_rows], dtype=np.int64)
    op_author = np.array([a for _, a in op_rows], dtype=np.int64)
    # votes: three planted groups with their own stance on each opinion, 10% noise, 5% pass
    groups = rng.integers(0, 3, size=participants)
    stance = rng.choice(np.array([-1, 1], dtype=np.int8), size=(3, comments))
    per = max(1, votes // participants)
    voter_idx = np.repeat(np.arange(participants), per)
    col = np.concatenate([rng.choice(comments, size=per, replace=False) for _ in range(participants)])
    val = stance[groups[voter_idx], col]
    flip = rng.random(len(val)) < 0.10
    val = np.where(flip, -val, val)
    val = np.where(rng.random(len(val)) < 0.05, 0, val).astype(np.int8)
    keep = op_author[col] != user_ids[voter_idx]
    voter_idx, col, val = voter_idx[keep], col[keep], val[keep]
    log(f"    {len(ops)} ý kiến, đang ghi {len(val)} lượt bày tỏ…")
    t0 = time.perf_counter()
    _insert_votes(c.pk, op_ids[col], user_ids[voter_idx], val, now)
    log(f"    đã ghi lượt bày tỏ ({time.perf_counter() - t0:.1f} s)")
    # the counters the services keep
    agree = np.bincount(col[val == 1], minlength=comments)
    disagree = np.bincount(col[val == -1], minlength=comments)
    passes = np.bincount(col[val == 0], minlength=comments)
    with transaction.atomic():
        rows = Opinion.objects.filter(consultation=c).order_by("pk")
        objs = list(rows)
        for j, o in enumerate(objs):
            o.agree, o.disagree, o.passes = int(agree[j]), int(disagree[j]), int(passes[j])
        Opinion.objects.bulk_update(objs, ["agree", "disagree", "passes"], batch_size=2000)
        per_section: dict[int, int] = {}
        for o in objs:
            if o.section_id:
                per_section[o.section_id] = per_section.get(o.section_id, 0) + 1
        for sid, n in per_section.items():
            Section.objects.filter(pk=sid).update(opinions_count=n)
        Consultation.objects.filter(pk=c.pk).update(participants_count=participants, opinions_count=comments,
                                                    votes_count=len(val))
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            for model in (Vote, Opinion, Participant, Section, Consultation, User):
                cur.execute("ANALYZE " + connection.ops.quote_name(model._meta.db_table))
    truth = {int(user_ids[i]): int(groups[i]) for i in range(participants)}
    return {"consultation": c.pk, "officer": officer.pk, "votes": int(len(val)), "truth": truth,
            "seconds": round(time.perf_counter() - started, 2), "participant": int(user_ids[-1])}


def _insert_votes(consultation_id: int, opinion_ids, voter_ids, values, now) -> None:
    table = connection.ops.quote_name(Vote._meta.db_table)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur, cur.connection.cursor().copy(
                f"COPY {table} (consultation_id, opinion_id, voter_id, value, created_at, updated_at) FROM STDIN") as cp:
            for o, u, v in zip(opinion_ids.tolist(), voter_ids.tolist(), values.tolist(), strict=True):
                cp.write_row((consultation_id, o, u, v, now, now))
        return
    # SQLite: plain executemany in one transaction (what bulk_create writes, without building 500,000 objects).
    sql = (f"INSERT INTO {table} (consultation_id, opinion_id, voter_id, value, created_at, updated_at) "  # noqa: S608
           "VALUES (%s, %s, %s, %s, %s, %s)")
    stamp = connection.ops.adapt_datetimefield_value(now)
    batch = 50_000
    with transaction.atomic(), connection.cursor() as cur:
        for i in range(0, len(values), batch):
            cur.executemany(sql, [(consultation_id, o, u, v, stamp, stamp) for o, u, v in zip(
                opinion_ids[i:i + batch].tolist(), voter_ids[i:i + batch].tolist(), values[i:i + batch].tolist(),
                strict=True)])


def _child(consultation_id: int) -> None:
    """Run in a fresh process: compute the map, print timing and peak RSS as JSON."""
    import resource

    from .models import OpinionMap
    from .opinion_map import compute

    started = time.perf_counter()
    data = compute(consultation_id)
    seconds = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    m = OpinionMap.objects.get(consultation_id=consultation_id)
    print(json.dumps({"seconds": seconds, "peak_rss_mb": rss_mb, "k": data["k"], "parts": data["seconds"],
                      "topics": len(data["topics"]), "png_bytes": len(bytes(m.png))}))


def map_in_child(consultation_id: int) -> dict:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "danchu.config.settings.base")
    code = f"import django; django.setup(); from danchu.consultations.bench import _child; _child({int(consultation_id)})"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False,  # noqa: S603
                         timeout=600)
    if out.returncode != 0:
        raise RuntimeError(f"opinion map process failed: {out.stderr.strip()[-500:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def map_in_process(consultation_id: int) -> dict:
    import resource

    from .opinion_map import compute

    started = time.perf_counter()
    data = compute(consultation_id)
    return {"seconds": time.perf_counter() - started, "k": data["k"], "parts": data["seconds"], "topics": len(data["topics"]),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "in_process": True}


def recovered(consultation_id: int, truth: dict[int, int]) -> float:
    """Share of grouped participants whose group's majority planted group is their own."""
    from .opinion_map import cluster_votes

    triples = np.array(list(Vote.objects.filter(consultation_id=consultation_id).values_list("voter_id", "opinion_id", "value")),
                       dtype=np.int64)
    voters, rows = np.unique(triples[:, 0], return_inverse=True)
    ops, cols = np.unique(triples[:, 1], return_inverse=True)
    g = cluster_votes(rows, cols, triples[:, 2], len(voters), len(ops))
    planted = np.array([truth[int(v)] for v in voters])
    total = 0
    for lab in set(g.labels.tolist()) - {-1}:
        total += np.bincount(planted[g.labels == lab]).max()
    return round(total / max(1, int((g.labels >= 0).sum())), 4)


def page_p95(consultation_id: int, participant_id: int, samples: int = 200) -> dict:
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(pk=participant_id))
    section = Section.objects.filter(consultation_id=consultation_id, opinions_count__gt=0).order_by("position").first()
    urls = [f"/gop-y/{consultation_id}/", f"/gop-y/{consultation_id}/?phan={section.pk}",
            f"/gop-y/{consultation_id}/?trang=2", f"/gop-y/{consultation_id}/?xep=agree",
            f"/gop-y/{consultation_id}/?q=boi+thuong"]
    for u in urls * 2:
        assert client.get(u).status_code == 200
    times = []
    for i in range(samples):
        t = time.perf_counter()
        r = client.get(urls[i % len(urls)])
        times.append(time.perf_counter() - t)
        assert r.status_code == 200
    anon = Client(HTTP_HOST="localhost")
    anon_times = []
    for i in range(samples // 2):
        t = time.perf_counter()
        anon.get(urls[i % len(urls)])
        anon_times.append(time.perf_counter() - t)
    return {"page_p95_ms": _p95(times), "page_median_ms": round(float(np.median(times)) * 1000, 2),
            "anonymous_p95_ms": _p95(anon_times), "samples": samples}


def cleanup(consultation_id: int | None) -> None:
    from danchu.core.models import AuditEvent

    if consultation_id:
        with transaction.atomic():
            Vote.objects.filter(consultation_id=consultation_id)._raw_delete(connection.alias)
            OpinionMap.objects.filter(consultation_id=consultation_id).delete()
            Opinion.objects.filter(consultation_id=consultation_id)._raw_delete(connection.alias)
            Participant.objects.filter(consultation_id=consultation_id)._raw_delete(connection.alias)
            Section.objects.filter(consultation_id=consultation_id)._raw_delete(connection.alias)
            Consultation.objects.filter(pk=consultation_id).delete()
    with transaction.atomic():
        users = User.objects.filter(username__startswith=PREFIX)
        RoleGrant.objects.filter(user__in=users).delete()
        AuditEvent.objects.filter(actor_id__in=users.values("pk")).delete()
        users._raw_delete(connection.alias)


def run(*, participants: int = 20_000, comments: int = 5_000, votes: int = 500_000, samples: int = 200,
        seed_value: int = 1, keep: bool = False, isolated: bool = True, log=print) -> dict:
    cleanup(None)
    s = None
    try:
        s = seed(participants=participants, comments=comments, votes=votes, seed_value=seed_value, log=log)
        m = map_in_child(s["consultation"]) if isolated else map_in_process(s["consultation"])
        log(f"    bản đồ ý kiến: {m['seconds']:.1f} s, {m['peak_rss_mb']:.0f} MB")
        page = page_p95(s["consultation"], s["participant"], samples=samples)
        purity = recovered(s["consultation"], s["truth"])
        return {"seed_seconds": s["seconds"], "votes": s["votes"], "map": m, "page": page, "recovered": purity,
                "sizes": {"participants": participants, "comments": comments, "votes": s["votes"]}}
    finally:
        if not keep:
            cleanup(s["consultation"] if s else None)
