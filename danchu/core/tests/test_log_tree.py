"""The transparency log's stored Merkle tree and signed tree heads: one head per append, written in
the append's transaction; proofs from the stored nodes (O(log n) rows); the public proof endpoints
and their validation (400 JSON in Vietnamese and English, never 500); a log from before the tree."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from danchu.core import transparency as t
from danchu.core.models import LogEntry, LogTreeHead, LogTreeNode
from danchu.core.tasks import log_checkpoint

from .test_log_merkle import ref_mth, ref_path, ref_subproof
from .test_transparency import _append, _sql

pytestmark = pytest.mark.django_db


def _leaf_data():
    """The entries' canonical header bytes, as anyone rebuilds them from /log/entries/."""
    return [t.header_bytes(seq=e.seq, at=t.format_at(e.at), kind=e.kind, object_type=e.object_type,
                           object_id=e.object_id, payload_sha256=e.payload_sha256, prev_hash=e.prev_hash)
            for e in LogEntry.objects.order_by("seq")]


def test_every_append_signs_a_tree_head_in_its_transaction():
    _append(5)
    heads = list(LogTreeHead.objects.order_by("tree_size"))
    assert [h.tree_size for h in heads] == [1, 2, 3, 4, 5]
    data = _leaf_data()
    key = t.public_key_b64()
    for head in heads:
        assert head.root_hash == ref_mth(data[:head.tree_size]).hex()
        assert t.tree_head_signature_ok(t.tree_head_as_dict(head), key)
        assert head.key_id == t.key_id_of(key)
    assert LogTreeNode.objects.count() == 2 * 5 - 1 - 1  # every complete subtree of 5 leaves: 5 + 2 + 1
    assert t.tree_root(5).hex() == heads[-1].root_hash
    message = t.tree_head_message(tree_size=5, root_hash=heads[-1].root_hash, timestamp=t.format_at(heads[-1].at))
    assert message.decode() == (f'{{"log":"{t.LOG_ID}","root_hash":"{heads[-1].root_hash}",'
                                f'"timestamp":"{t.format_at(heads[-1].at)}","tree_size":5,"type":"tree_head"}}')


def test_a_failed_transaction_leaves_no_node_and_no_head():
    _append(2)

    def failing_service():
        with transaction.atomic():
            t.log_append(kind="k", object_type="thing", object_id=9, payload={})
            raise ValueError("the service failed after appending")

    with pytest.raises(ValueError):
        failing_service()
    assert LogTreeHead.objects.count() == 2 and LogTreeNode.objects.count() == 3
    _append(1)
    assert t.verify_local().ok


def test_several_appends_in_one_transaction_each_get_a_head():
    with transaction.atomic():
        for i in range(3):
            t.log_append(kind="k", object_type="thing", object_id=i, payload={"i": i})
    assert list(LogTreeHead.objects.values_list("tree_size", flat=True)) == [1, 2, 3]
    assert t.verify_local().ok


def test_an_append_reads_a_bounded_number_of_rows():
    _append(37)
    with CaptureQueriesContext(connection) as ctx, transaction.atomic():
        t.log_append(kind="k", object_type="thing", object_id=1, payload={})
    tree_queries = [q["sql"] for q in ctx.captured_queries if "logtree" in q["sql"].lower()]
    assert len(tree_queries) == 3, tree_queries  # the frontier, the new nodes, the head
    assert "core_logentry" not in tree_queries[0]


def test_proofs_from_the_database_match_the_rfc_definitions():
    _append(21)
    data = _leaf_data()
    for size in range(1, 22):
        for index in range(size):
            leaf, path = t.inclusion_proof(index, size)
            assert leaf == t.leaf_hash(data[index]) and path == ref_path(index, data[:size])
        for first in range(1, size + 1):
            expected = ref_subproof(first, data[:size], True) if first < size else []
            assert t.consistency_proof(first, size) == expected


def test_a_proof_reads_one_query_of_nodes():
    _append(45)
    with CaptureQueriesContext(connection) as ctx:
        t.inclusion_proof(17, 45)
        t.consistency_proof(13, 45)
    assert len(ctx.captured_queries) == 2


def test_proof_endpoints(client):
    _append(13)
    data = _leaf_data()
    summary = client.get("/log/").json()
    head = summary["tree_head"]
    assert head["tree_size"] == 13 and head["root_hash"] == ref_mth(data).hex()
    assert "{index}" in summary["links"]["inclusion_proof"]
    for url in ("/log/proof/inclusion?index=4&size=11", "/log/proof/inclusion/?seq=5&size=11"):
        got = client.get(url)
        assert got.status_code == 200, url
        body = got.json()
        assert (body["leaf_index"], body["seq"], body["tree_size"]) == (4, 5, 11)
        path = [bytes.fromhex(h) for h in body["inclusion_path"]]
        assert t.verify_inclusion(index=4, size=11, leaf=t.leaf_hash(data[4]), path=path, root=ref_mth(data[:11]))
        assert body["leaf_hash"] == t.leaf_hash(data[4]).hex()
        assert body["tree_head"]["tree_size"] == 11
    body = client.get("/log/proof/inclusion?index=12").json()  # the size defaults to the latest head
    assert body["tree_size"] == 13 and body["tree_head"] == head
    body = client.get("/log/proof/consistency?first=6&second=13").json()
    path = [bytes.fromhex(h) for h in body["consistency_path"]]
    assert t.verify_consistency(first=6, second=13, first_root=ref_mth(data[:6]), second_root=ref_mth(data), path=path)
    assert body["first_tree_head"]["tree_size"] == 6 and body["second_tree_head"] == head
    assert client.get("/log/proof/consistency/?first=13&second=13").json()["consistency_path"] == []
    assert client.post("/log/proof/inclusion?index=1").status_code == 405


@pytest.mark.parametrize(("query", "field"), [
    ("", "index"),
    ("index=", "index"),
    ("index=abc", "index"),
    ("index=-1", "index"),
    ("index=1.5", "index"),
    ("index=%201", "index"),
    ("index=+1", "index"),
    ("index=1&seq=2", "index"),
    ("seq=0", "seq"),
    ("index=13", "index"),
    ("index=5&size=5", "index"),
    ("index=0&size=0", "size"),
    ("index=0&size=14", "size"),
    ("index=0&size=99999999999999999999999", "size"),
    ("index=0&size=１２", "size"),
])
def test_inclusion_proof_refuses_bad_parameters(client, query, field):
    _append(13)
    got = client.get(f"/log/proof/inclusion?{query}")
    assert got.status_code == 400 and got["Content-Type"].startswith("application/json")
    body = got.json()
    assert body["code"] == "invalid_parameter" and body["field"] == field
    assert body["message"] != body["message_en"] and any(c in body["message"] for c in "ốểảầơ")


@pytest.mark.parametrize(("query", "field"), [
    ("", "first"),
    ("first=1", "second"),
    ("first=x&second=2", "first"),
    ("first=0&second=3", "first"),
    ("first=4&second=3", "first"),
    ("first=1&second=14", "second"),
    ("first=1&second=0", "second"),
    ("first=1&second=1e3", "second"),
])
def test_consistency_proof_refuses_bad_parameters(client, query, field):
    _append(13)
    got = client.get(f"/log/proof/consistency?{query}")
    assert got.status_code == 400
    body = got.json()
    assert body["code"] == "invalid_parameter" and body["field"] == field and body["message_en"]


def test_proofs_of_an_empty_log(client):
    got = client.get("/log/proof/inclusion?index=0&size=1")
    assert got.status_code == 404 and got.json()["code"] == "no_tree_head"
    assert client.get("/log/").json()["tree_head"] is None


def test_proofs_when_nodes_are_missing_answer_503_not_500(client):
    _append(6)
    _sql("DELETE FROM core_logtreenode WHERE pos = 2")  # leaf 1: the sibling of leaf 0
    got = client.get("/log/proof/inclusion?index=0&size=6")
    assert got.status_code == 503 and got.json()["code"] == "tree_unavailable"
    assert "tree_node_missing" in {p.code for p in t.verify_local().problems}


def _bulk_load(n):
    """Entries written without the application (a benchmark's bulk load, a log from before the tree)."""
    last = LogEntry.objects.order_by("-seq").first()
    seq, prev = (last.seq, last.hash) if last else (0, t.GENESIS_HASH)
    rows, at = [], timezone.now()
    for _ in range(n):
        seq += 1
        psha = t.sha256_hex("{}")
        h = t.entry_hash(seq=seq, at=t.format_at(at), kind="bulk", object_type="thing", object_id=str(seq),
                         payload_sha256=psha, prev_hash=prev)
        rows.append(LogEntry(seq=seq, at=at, kind="bulk", object_type="thing", object_id=str(seq), payload="{}",
                             payload_sha256=psha, prev_hash=prev, hash=h))
        prev = h
    LogEntry.objects.bulk_create(rows)


def test_a_log_from_before_the_tree_is_caught_up():
    _bulk_load(10)
    report = t.verify_local()
    assert report.ok and {w.code for w in report.warnings} == {"no_tree_head", "tree_node_missing"}
    assert log_checkpoint.call() == 10  # the periodic task signs the first head (and the chain checkpoint)
    assert LogTreeHead.objects.get().tree_size == 10 and LogTreeNode.objects.count() == 18
    report = t.verify_local()
    assert report.ok and not report.warnings and report.tree_head["tree_size"] == 10
    assert t.tree_head_create() is None  # nothing new
    _bulk_load(3)  # more entries behind the application's back: now an unsigned tail...
    assert [p.code for p in t.verify_local().problems] == ["entries_unsigned", "tree_node_missing"]
    _append(1)  # ...which the next append builds on (the entries are public anyway)
    assert t.verify_local().ok and LogTreeHead.objects.order_by("-tree_size").first().tree_size == 14


def test_the_migration_builds_the_tree_of_existing_entries():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("danchu.core.migrations.0005_log_merkle_tree")
    _bulk_load(7)
    migration.build_tree(apps, None)
    assert LogTreeNode.objects.count() == 2 * 7 - 3
    assert t.tree_root(7) == ref_mth(_leaf_data())


def test_appending_after_entries_were_deleted_is_refused():
    _append(4)
    _sql("DELETE FROM core_logentry WHERE seq = 4")
    with pytest.raises(t.LogIntegrityError, match="already has a leaf"), transaction.atomic():
        t.log_append(kind="k", object_type="thing", object_id=1, payload={})
    assert t.tree_head_create() is None and LogTreeHead.objects.count() == 4  # signs nothing over it


def test_the_task_refuses_to_sign_over_a_rewritten_tree():
    _append(4)
    _bulk_load(1)
    _sql("UPDATE core_logtreenode SET hash = %s WHERE pos = 3", [bytes(32)])  # the subtree of entries #1–#4
    with pytest.raises(t.LogIntegrityError, match="no longer gives"):
        t.tree_head_create()
    assert not LogTreeHead.objects.filter(tree_size=5).exists()
