"""The transparency log: chain, checkpoints, public JSON, and verify-log catching edits behind the app's back.

The Merkle tree, its signed heads, proofs and the state file have their own files (test_log_*.py)."""

import base64

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from danchu.core import transparency
from danchu.core.models import AuditEvent, LogCheckpoint, LogEntry
from danchu.core.transparency import GENESIS_HASH, canonical_json, log_append, verify_local


def _append(n=1, **kw):
    entries = []
    for i in range(n):
        with transaction.atomic():
            entries.append(log_append(kind=kw.get("kind", "test.publish"), object_type=kw.get("object_type", "thing"),
                                      object_id=kw.get("object_id", i + 1), payload={"title": f"Tiêu đề {i}", "n": i}))
    return entries


def _sql(statement, params=()):
    """An edit behind the application's back. On the log's own tables that takes the table owner
    (on PostgreSQL the append-only trigger is switched off first, as only an owner can): verify-log
    must still catch it."""
    with transaction.atomic(), transparency.log_tables_writable(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def _codes(report):
    return sorted({p.code for p in report.problems})


@pytest.fixture
def audit_subject(db):
    """AuditEvent rows as a stand-in kind of record (core cannot import area apps)."""

    def records(after, limit):
        rows = AuditEvent.objects.filter(pk__gt=after).order_by("pk")[:limit]
        return [(r.pk, {"action": r.action, "object_id": r.object_id}) for r in rows]

    transparency.register_subject("audit-test", records)
    yield
    transparency._SUBJECTS.pop("audit-test", None)


def test_canonical_json_is_sorted_compact_utf8_and_refuses_floats():
    assert canonical_json({"b": 1, "a": ["Đắk Lắk", None, True]}) == '{"a":["Đắk Lắk",null,true],"b":1}'
    with pytest.raises(TypeError):
        canonical_json({"amount": 1.5})


def test_entries_chain_and_verify(db):
    e1, e2, e3 = _append(3)
    assert [e1.seq, e2.seq, e3.seq] == [1, 2, 3]
    assert e1.prev_hash == GENESIS_HASH and e2.prev_hash == e1.hash and e3.prev_hash == e2.hash
    assert e1.payload == '{"n":0,"title":"Tiêu đề 0"}'
    assert e1.payload_sha256 == transparency.sha256_hex(e1.payload)
    report = verify_local()
    assert report.ok, report.problems
    assert (report.entries, report.checkpoints) == (3, 1)  # the first entry is always checkpointed
    assert report.tree_head["tree_size"] == 3 and not report.warnings  # and every append signs a tree head


@pytest.mark.django_db(transaction=True)
def test_append_needs_the_callers_transaction():
    with pytest.raises(RuntimeError):
        log_append(kind="x", object_type="thing", object_id=1, payload={})
    assert LogEntry.objects.count() == 0


def test_a_change_that_does_not_commit_leaves_no_entry(db):
    _append(1)

    def failing_service():
        with transaction.atomic():
            log_append(kind="test.publish", object_type="thing", object_id=9, payload={"x": 1})
            raise ValueError("the service failed after appending")

    with pytest.raises(ValueError):
        failing_service()
    assert LogEntry.objects.count() == 1
    assert _append(1)[0].seq == 2
    assert verify_local().ok


def test_sql_update_of_a_payload_is_reported_with_its_entry(db):
    _append(3)
    _sql("UPDATE core_logentry SET payload = %s WHERE seq = 2", ['{"n":1,"title":"Đã sửa"}'])
    report = verify_local()
    assert _codes(report) == ["payload_altered"]
    assert report.problems[0].seq == 2
    with pytest.raises(CommandError) as exc:
        call_command("verify_log")
    assert exc.value.returncode == 1


def test_sql_update_of_payload_and_its_hash_breaks_the_header_hash(db):
    _append(3)
    text = '{"n":1,"title":"Đã sửa"}'
    _sql("UPDATE core_logentry SET payload = %s, payload_sha256 = %s WHERE seq = 2", [text, transparency.sha256_hex(text)])
    report = verify_local()
    # The header no longer hashes to its hash, nor the tree to its signed root (nor to its stored nodes).
    assert _codes(report) == ["entry_altered", "head_root_mismatch", "tree_node_altered"]
    assert report.problems[0].seq == 2


def test_deleted_entry_is_reported(db):
    _append(4)
    _sql("DELETE FROM core_logentry WHERE seq = 2")
    report = verify_local()
    # The chain breaks at #3; the tree of the 3 remaining entries is not the signed one, nor the
    # one stored, and the last head was signed for 4 entries.
    assert _codes(report) == ["chain_broken", "entry_missing", "head_root_mismatch", "log_truncated",
                              "tree_node_altered"]
    assert {p.seq for p in report.problems if p.code in {"chain_broken", "entry_missing"}} == {3}


def test_rewriting_the_chain_is_caught_by_the_signed_checkpoint(db, settings):
    settings.DANCHU_LOG_CHECKPOINT_EVERY = 1
    _append(3)
    # Someone with database access rewrites entry 2 and recomputes every hash after it.
    rows = list(LogEntry.objects.order_by("seq"))
    prev = rows[0].hash
    for row in rows[1:]:
        if row.seq == 2:
            row.payload = '{"n":1,"title":"Giả mạo"}'
            row.payload_sha256 = transparency.sha256_hex(row.payload)
        row.prev_hash = prev
        row.hash = transparency.entry_hash(seq=row.seq, at=transparency.format_at(row.at), kind=row.kind,
                                           object_type=row.object_type, object_id=row.object_id,
                                           payload_sha256=row.payload_sha256, prev_hash=prev)
        _sql("UPDATE core_logentry SET payload=%s, payload_sha256=%s, prev_hash=%s, hash=%s WHERE seq=%s",
             [row.payload, row.payload_sha256, row.prev_hash, row.hash, row.seq])
        prev = row.hash
    report = verify_local()
    assert _codes(report) == ["checkpoint_mismatch", "head_root_mismatch", "tree_node_altered"]
    assert {p.seq for p in report.problems if p.code == "checkpoint_mismatch"} == {2, 3}


def test_truncated_log_is_caught_by_a_later_checkpoint(db, settings):
    settings.DANCHU_LOG_CHECKPOINT_EVERY = 1
    _append(3)
    _sql("DELETE FROM core_logentry WHERE seq = 3")
    report = verify_local()
    assert _codes(report) == ["log_truncated", "tree_beyond_log"]  # the checkpoint, the head and the tree reach #3


def test_checkpoints_verify_only_with_the_right_key(db, settings):
    _append(1)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    other = base64.b64encode(Ed25519PrivateKey.generate().public_key().public_bytes_raw()).decode()
    assert _codes(verify_local(public_key=other)) == ["checkpoint_unknown_key", "head_unknown_key"]
    cp = LogCheckpoint.objects.get()
    forged = base64.b64encode(bytes(64)).decode()
    _sql("UPDATE core_logcheckpoint SET signature = %s WHERE id = %s", [forged, cp.pk])
    assert _codes(verify_local()) == ["checkpoint_bad_signature"]


def test_signing_key_from_the_environment(db, settings):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    settings.DANCHU_LOG_SIGNING_KEY = base64.b64encode(key.private_bytes_raw()).decode()
    assert transparency.public_key_b64() == base64.b64encode(key.public_key().public_bytes_raw()).decode()
    _append(1)
    assert verify_local().ok


def test_records_are_checked_against_their_last_entry(db, audit_subject):
    a = AuditEvent.objects.create(action="publish", object_type="x", object_id="1")
    b = AuditEvent.objects.create(action="publish", object_type="x", object_id="2")
    with transaction.atomic():
        for ev in (a, b):
            log_append(kind="test", object_type="audit-test", object_id=ev.pk,
                       payload={"action": ev.action, "object_id": ev.object_id})
    assert verify_local().ok
    _sql("UPDATE core_auditevent SET action = 'sửa ngầm' WHERE id = %s", [a.pk])
    report = verify_local()
    assert _codes(report) == ["record_altered"]
    assert report.problems[0].seq == 1
    _sql("DELETE FROM core_auditevent WHERE id = %s", [b.pk])
    AuditEvent.objects.create(action="never logged", object_type="x", object_id="3")
    assert _codes(verify_local()) == ["record_altered", "record_missing", "record_not_logged"]


def test_public_json(client, db):
    _append(3)
    summary = client.get("/log/").json()
    assert summary["size"] == 3
    assert summary["head"] == LogEntry.objects.get(seq=3).hash
    assert summary["tree_head"]["tree_size"] == 3 and transparency.tree_head_signature_ok(
        summary["tree_head"], transparency.public_key_b64())
    assert summary["key"]["algorithm"] == "Ed25519"
    assert summary["latest_checkpoint"]["seq"] == 1
    page = client.get("/log/entries/?after=0&limit=2").json()
    assert [e["seq"] for e in page["entries"]] == [1, 2]
    assert page["entries"][0]["payload"] == {"n": 0, "title": "Tiêu đề 0"}
    assert page["next"].endswith("/log/entries/?after=2&limit=2")
    last = client.get("/log/entries/?after=2&limit=2").json()
    assert [e["seq"] for e in last["entries"]] == [3] and last["next"] is None
    assert client.get("/log/entries/2/").json()["seq"] == 2
    assert client.get("/log/entries/99/").status_code == 404
    assert client.get("/log/key/").json()["public_key"] == transparency.public_key_b64()
    assert len(client.get("/log/checkpoints/").json()["checkpoints"]) == 1
    assert [e["seq"] for e in client.get("/log/objects/thing/2/").json()["entries"]] == [2]
    assert client.post("/log/").status_code == 405


def test_verify_log_against_a_running_server(live_server, audit_subject, capsys):
    ev = AuditEvent.objects.create(action="publish", object_type="x", object_id="1")
    with transaction.atomic():
        log_append(kind="test", object_type="audit-test", object_id=ev.pk, payload={"action": "publish", "object_id": "1"})
    _append(2)
    call_command("verify_log", url=live_server.url)
    assert "OK: 3 entries, 1 checkpoints, 1 records, tree head 3" in capsys.readouterr().out
    _sql("UPDATE core_auditevent SET action = 'sửa ngầm' WHERE id = %s", [ev.pk])
    _sql("DELETE FROM core_logentry WHERE seq = 2")
    with pytest.raises(CommandError) as exc:
        call_command("verify_log", url=live_server.url)
    assert exc.value.returncode == 1
    out = capsys.readouterr().out
    assert "[entry_missing] #3" in out and "[record_altered] #1" in out


def test_verify_log_unreachable_server_exits_2(db):
    with pytest.raises(CommandError) as exc:
        call_command("verify_log", url="http://127.0.0.1:9/")
    assert exc.value.returncode == 2


def test_cli_spells_the_command_with_a_hyphen(capsys):
    from danchu.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["danchu", "verify-log", "--help"])
    assert exc.value.code == 0
    assert "--url" in capsys.readouterr().out


@pytest.mark.parametrize("object_id", ["1", "Đắk Lắk \"x\" \\ \u2028 \x00 \U0001f600", ""])
def test_fast_entry_hash_is_the_canonical_json_of_the_header(object_id):
    header = {"seq": 12345678901, "at": "2026-01-02T03:04:05.000000Z", "kind": "disclosure.publish",
              "object_type": "disclosure", "object_id": object_id, "payload_sha256": "a" * 64, "prev_hash": "0" * 64}
    assert transparency.entry_hash(**header) == transparency.sha256_hex(canonical_json(header))
    with pytest.raises(TypeError):
        transparency.entry_hash(**{**header, "object_id": 1.5})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only")
@pytest.mark.parametrize(("_case", "statement"), [
    ("update entry", "UPDATE core_logentry SET payload = '{}' WHERE seq = 1"),
    ("delete entry", "DELETE FROM core_logentry WHERE seq = 1"),
    ("update checkpoint", "UPDATE core_logcheckpoint SET signature = 'x'"),
    ("delete checkpoint", "DELETE FROM core_logcheckpoint"),
    ("update tree node", "UPDATE core_logtreenode SET hash = hash WHERE pos = 0"),
    ("delete tree node", "DELETE FROM core_logtreenode"),
    ("update tree head", "UPDATE core_logtreehead SET root_hash = 'x'"),
    ("delete tree head", "DELETE FROM core_logtreehead WHERE tree_size = 2"),
])
def test_postgresql_refuses_updates_and_deletes_of_the_log(db, _case, statement):
    from django.db.utils import DatabaseError

    _append(2)
    before = list(LogEntry.objects.values_list("seq", "hash")) + list(LogCheckpoint.objects.values_list("seq", "signature"))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LogEntry.objects.filter(seq=1).update(kind="x")
    after = list(LogEntry.objects.values_list("seq", "hash")) + list(LogCheckpoint.objects.values_list("seq", "signature"))
    assert after == before and verify_local().ok
    _append(1)  # appending still works
    assert LogEntry.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_records_checked_in_a_second_process_on_postgresql(audit_subject, monkeypatch):
    """A large log on PostgreSQL has its records checked in a forked process reading the chain's
    snapshot: the same problems, reported the same way."""
    if connection.vendor != "postgresql":
        pytest.skip("the parallel check is for PostgreSQL")
    monkeypatch.setattr(transparency, "PARALLEL_RECORDS_MIN_ENTRIES", 1)
    calls = []
    parallel = transparency._verify_local_parallel
    monkeypatch.setattr(transparency, "_verify_local_parallel", lambda *a: calls.append(1) or parallel(*a))
    a = AuditEvent.objects.create(action="publish", object_type="x", object_id="1")
    b = AuditEvent.objects.create(action="publish", object_type="x", object_id="2")
    with transaction.atomic():
        for ev in (a, b):
            log_append(kind="test", object_type="audit-test", object_id=ev.pk,
                       payload={"action": ev.action, "object_id": ev.object_id})
    _append(2)
    report = verify_local()
    assert report.ok and (report.entries, report.records) == (4, 2) and calls
    _sql("UPDATE core_auditevent SET action = 'sửa ngầm' WHERE id = %s", [a.pk])
    _sql("DELETE FROM core_auditevent WHERE id = %s", [b.pk])
    AuditEvent.objects.create(action="never logged", object_type="x", object_id="3")
    _sql("UPDATE core_logentry SET payload = '{}' WHERE seq = 4")
    report = verify_local()
    assert _codes(report) == ["payload_altered", "record_altered", "record_missing", "record_not_logged"]
    assert {(p.code, p.seq) for p in report.problems} >= {("record_altered", 1), ("record_missing", 2),
                                                          ("payload_altered", 4)}
    assert len(calls) == 2
    with transaction.atomic():  # inside a transaction another connection would not see its rows
        assert _codes(verify_local()) == _codes(report)
    assert len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_records_checked_in_a_second_process_with_the_connection_pool(audit_subject, monkeypatch):
    """Production settings pool PostgreSQL connections (DANCHU_DB_POOL_MAX): verify-log then drops
    the pool for its own process and still checks the records in the forked process."""
    if connection.vendor != "postgresql":
        pytest.skip("the parallel check is for PostgreSQL")
    monkeypatch.setattr(transparency, "PARALLEL_RECORDS_MIN_ENTRIES", 1)
    ev = AuditEvent.objects.create(action="publish", object_type="x", object_id="1")
    with transaction.atomic():
        log_append(kind="test", object_type="audit-test", object_id=ev.pk,
                   payload={"action": ev.action, "object_id": ev.object_id})
    options = connection.settings_dict.setdefault("OPTIONS", {})
    connection.close()
    options["pool"] = {"min_size": 1, "max_size": 2, "timeout": 10}
    try:
        assert connection.pool is not None and AuditEvent.objects.count() == 1  # served by the pool
        report = verify_local()
        assert report.ok and report.records == 1
        assert "pool" not in connection.settings_dict["OPTIONS"]
    finally:
        options.pop("pool", None)
        if connection.pool is not None:
            connection.close_pool()
