"""The public transparency log: append-only, hash-chained, with Ed25519-signed checkpoints.

Any kind of record can be logged (a disclosure published, later a decision's result or a
case's answer). The caller gives the record's canonical content as a JSON object; the log
stores the exact canonical text it hashed, so anyone can recompute every hash from the
public JSON at /log/ alone.

    payload_sha256 = SHA-256(canonical_json(payload))
    hash           = SHA-256(canonical_json({"seq", "at", "kind", "object_type", "object_id",
                                             "payload_sha256", "prev_hash"}))
    prev_hash      = hash of entry seq-1 ("0" * 64 for the first entry)

Canonical JSON: UTF-8, keys sorted, no spaces, non-ASCII kept as is; only objects, arrays,
strings, integers, booleans and null (no floats: their text form is not canonical across
languages — give amounts as integers, dates as ISO strings).

Checkpoints: every DANCHU_LOG_CHECKPOINT_EVERY entries (or when the last one is older than
DANCHU_LOG_CHECKPOINT_SECONDS) the head (seq, hash) is signed with an Ed25519 key that lives
outside the database (DANCHU_LOG_SIGNING_KEY in the environment, else a file in the data
directory generated on first use, like SECRET_KEY). Someone who can write to the database
but has not the key cannot rewrite the chain up to a checkpoint.

What is verified (`danchu verify-log`, locally or against /log/ of a running server):
the sequence has no gap (a deleted entry), each payload hashes to its payload_sha256 (an
UPDATE of a payload), each header hashes to its hash, each prev_hash is the previous hash
(an entry removed or rewritten), every checkpoint's signature and hash, no checkpoint lies
beyond the last entry (a truncated log), and every record registered by an app (its current
content as the application shows it) equals its last log entry (an UPDATE of the record
itself behind the application's back).

Apps register the kinds of record they log with `register_subject` in their AppConfig.ready
(core cannot import them). Appending is done by the app's service, inside its transaction,
so that a change that does not commit leaves no entry.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from json.encoder import encode_basestring as _encode_basestring  # the C escaper json.dumps uses
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .keys import key_bytes
from .models import LogCheckpoint, LogEntry

GENESIS_HASH = "0" * 64
LOG_ID = "danchu-transparency-log/v1"
_PG_LOCK_KEY = 0x64616E63  # "danc": one advisory lock serializes appends on PostgreSQL


# --- canonical form and hashes --------------------------------------------------------------


def _check_canonical(value, path: str = "$") -> None:
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return
    if isinstance(value, float):
        raise TypeError(f"{path}: floats are not allowed in log payloads (use an integer or a string)")
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check_canonical(item, f"{path}[{i}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path}: object keys must be strings")
            _check_canonical(item, f"{path}.{key}")
        return
    raise TypeError(f"{path}: {type(value).__name__} is not allowed in log payloads")


def canonical_json(value) -> str:
    _check_canonical(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(data: str | bytes) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def format_at(at: dt.datetime) -> str:
    if at.utcoffset() != _ZERO:
        at = at.astimezone(dt.UTC)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_ZERO = dt.timedelta(0)


def entry_hash(*, seq: int, at: str, kind: str, object_type: str, object_id: str, payload_sha256: str,
               prev_hash: str) -> str:
    """SHA-256 of the canonical JSON of the header. Built directly (keys already in sorted order,
    each string escaped as json.dumps does with ensure_ascii=False): byte for byte what
    canonical_json(header) gives — a test holds it to that — at a fraction of the cost, which
    matters when verify-log rehashes a million entries."""
    if type(seq) is not int or not all(type(v) is str for v in (at, kind, object_type, object_id, payload_sha256,
                                                                 prev_hash)):
        header = {"seq": seq, "at": at, "kind": kind, "object_type": object_type, "object_id": object_id,
                  "payload_sha256": payload_sha256, "prev_hash": prev_hash}
        return sha256_hex(canonical_json(header))  # the general rules (and their errors)
    enc = _encode_basestring
    text = (f'{{"at":{enc(at)},"kind":{enc(kind)},"object_id":{enc(object_id)},"object_type":{enc(object_type)},'
            f'"payload_sha256":{enc(payload_sha256)},"prev_hash":{enc(prev_hash)},"seq":{seq}}}')
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def checkpoint_message(*, seq: int, hash: str, at: str) -> bytes:
    return canonical_json({"log": LOG_ID, "seq": seq, "hash": hash, "at": at}).encode("utf-8")


# --- the signing key (outside the database) ----------------------------------------------------


def _key_file() -> Path:
    return Path(getattr(settings, "DANCHU_LOG_KEY_FILE", Path(settings.DATA_DIR) / "log_signing_key"))


def _private_key():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    seed = key_bytes(configured=getattr(settings, "DANCHU_LOG_SIGNING_KEY", "") or "", path=_key_file(),
                     generate=lambda: Ed25519PrivateKey.generate().private_bytes_raw())
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_b64() -> str:
    return base64.b64encode(_private_key().public_key().public_bytes_raw()).decode("ascii")


def key_id_of(public_b64: str) -> str:
    return sha256_hex(base64.b64decode(public_b64))[:16]


def verify_signature(*, public_b64: str, message: bytes, signature_b64: str) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public_b64)).verify(
            base64.b64decode(signature_b64), message
        )
    except (InvalidSignature, ValueError):
        return False
    return True


# --- append-only on PostgreSQL -------------------------------------------------------------------

LOG_TABLES = ("core_logentry", "core_logcheckpoint")
APPEND_ONLY_TRIGGER = "danchu_log_append_only"


@contextlib.contextmanager
def log_tables_writable():
    """Switch off the append-only trigger of the log tables for the current transaction's work
    (a benchmark's cleanup, a test simulating an edit behind the application's back). Needs the
    table owner's rights — which the application's role should not have in production."""
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("log_tables_writable must be used inside transaction.atomic()")
    with connection.cursor() as cursor:
        for table in LOG_TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for table in LOG_TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


# --- writing ----------------------------------------------------------------------------------


def log_append(*, kind: str, object_type: str, object_id: str | int, payload: dict) -> LogEntry:
    """Append an entry. Must run inside the caller's transaction (the change and its entry commit
    together or not at all)."""
    if not connection.in_atomic_block:
        raise RuntimeError("log_append must be called inside transaction.atomic()")
    text = canonical_json(payload)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
    # SQLite: the settings open write transactions IMMEDIATE, so appends are already serial.
    last = LogEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    at = timezone.now()
    payload_sha = sha256_hex(text)
    entry = LogEntry.objects.create(
        seq=seq, at=at, kind=kind, object_type=object_type, object_id=str(object_id), payload=text,
        payload_sha256=payload_sha, prev_hash=prev,
        hash=entry_hash(seq=seq, at=format_at(at), kind=kind, object_type=object_type, object_id=str(object_id),
                        payload_sha256=payload_sha, prev_hash=prev),
    )
    _maybe_checkpoint(entry)
    return entry


def _maybe_checkpoint(entry: LogEntry) -> None:
    every = int(getattr(settings, "DANCHU_LOG_CHECKPOINT_EVERY", 100))
    max_age = int(getattr(settings, "DANCHU_LOG_CHECKPOINT_SECONDS", 3600))
    last = LogCheckpoint.objects.order_by("-seq").values_list("seq", "at").first()
    if last is None or entry.seq - last[0] >= every or (entry.at - last[1]).total_seconds() >= max_age:
        _sign(entry)


def _sign(entry: LogEntry) -> LogCheckpoint:
    key = _private_key()
    public_b64 = base64.b64encode(key.public_key().public_bytes_raw()).decode("ascii")
    at = timezone.now()
    signature = key.sign(checkpoint_message(seq=entry.seq, hash=entry.hash, at=format_at(at)))
    return LogCheckpoint.objects.create(
        seq=entry.seq, hash=entry.hash, at=at, key_id=key_id_of(public_b64),
        signature=base64.b64encode(signature).decode("ascii"),
    )


def checkpoint_create() -> LogCheckpoint | None:
    """Sign the current head now (a periodic task calls this); None when there is nothing new."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
        head = LogEntry.objects.order_by("-seq").first()
        if head is None or LogCheckpoint.objects.filter(seq=head.seq).exists():
            return None
        return _sign(head)


# --- records registered by apps -----------------------------------------------------------------

# records(after_pk, limit) -> [(pk, payload)] ordered by pk: every record of this type that must
# match its last log entry (e.g. every disclosure that is not a draft).
RecordsFn = Callable[[int, int], list[tuple[int, dict]]]
# hashes(after_pk, limit) -> iterator of (pk, SHA-256 of canonical_json(payload)) ordered by pk, the
# same records computed in bulk (optional: verify-log over a million records needs it).
HashesFn = Callable[[int, int | None], Iterable[tuple[int, str]]]
_SUBJECTS: dict[str, RecordsFn] = {}
_HASHES: dict[str, HashesFn] = {}


def register_subject(object_type: str, records: RecordsFn, hashes: HashesFn | None = None) -> None:
    _SUBJECTS[object_type] = records
    if hashes is not None:
        _HASHES[object_type] = hashes
    else:
        _HASHES.pop(object_type, None)


def subjects() -> list[str]:
    return sorted(_SUBJECTS)


def records_page(object_type: str, *, after: int = 0, limit: int = 500) -> list[dict]:
    """Current content hashes of one kind of record, as the application shows it now."""
    fast = _HASHES.get(object_type)
    if fast is not None:
        return [{"object_id": str(pk), "payload_sha256": h} for pk, h in fast(after, limit)]
    fn = _SUBJECTS.get(object_type)
    if fn is None:
        return []
    return [{"object_id": str(pk), "payload_sha256": sha256_hex(canonical_json(p))} for pk, p in fn(after, limit)]


# --- reading (public JSON) ------------------------------------------------------------------------


def entry_as_dict(entry: LogEntry) -> dict:
    return {
        "seq": entry.seq, "at": format_at(entry.at), "kind": entry.kind, "object_type": entry.object_type,
        "object_id": entry.object_id, "payload": json.loads(entry.payload), "payload_sha256": entry.payload_sha256,
        "prev_hash": entry.prev_hash, "hash": entry.hash,
    }


def checkpoint_as_dict(cp: LogCheckpoint) -> dict:
    return {"seq": cp.seq, "hash": cp.hash, "at": format_at(cp.at), "key_id": cp.key_id, "signature": cp.signature}


def entries_page(*, after: int = 0, limit: int = 500) -> list[dict]:
    return [entry_as_dict(e) for e in LogEntry.objects.filter(seq__gt=after).order_by("seq")[:limit]]


def entry_get(seq: int) -> dict | None:
    entry = LogEntry.objects.filter(seq=seq).first()
    return entry_as_dict(entry) if entry else None


def entries_for_object(object_type: str, object_id: str | int) -> list[dict]:
    qs = LogEntry.objects.filter(object_type=object_type, object_id=str(object_id)).order_by("seq")
    return [entry_as_dict(e) for e in qs]


def checkpoints_page(*, after: int = 0, limit: int = 500) -> list[dict]:
    return [checkpoint_as_dict(c) for c in LogCheckpoint.objects.filter(seq__gt=after).order_by("seq")[:limit]]


def public_key_info() -> dict:
    public_b64 = public_key_b64()
    return {"algorithm": "Ed25519", "public_key": public_b64, "key_id": key_id_of(public_b64),
            "signed_message": "canonical JSON {\"log\", \"seq\", \"hash\", \"at\"} in UTF-8"}


def log_summary() -> dict:
    head = LogEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    last_cp = LogCheckpoint.objects.order_by("-seq").first()
    return {
        "log": LOG_ID,
        "size": head[0] if head else 0,
        "head": head[1] if head else GENESIS_HASH,
        "latest_checkpoint": checkpoint_as_dict(last_cp) if last_cp else None,
        "key": public_key_info(),
        "subjects": subjects(),
    }


# --- verification -------------------------------------------------------------------------------


@dataclass
class Problem:
    code: str
    seq: int | None
    message: str

    def __str__(self) -> str:
        where = f"#{self.seq}: " if self.seq is not None else ""
        return f"[{self.code}] {where}{self.message}"


@dataclass
class VerifyReport:
    entries: int = 0
    checkpoints: int = 0
    records: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class Verifier:
    """Recomputes the chain from any source (the local database or the public JSON).

    Feed entries in seq order with `entry()`, then call `finish()` with the checkpoints, the
    public key(s) to trust and the current record hashes.
    """

    def __init__(self, *, max_problems: int = 1000):
        self.report = VerifyReport()
        self.expected_seq = 1
        self.prev = GENESIS_HASH
        self.hash_at: dict[int, str] = {}
        self.wanted: set[int] = set()
        self.latest: dict[tuple[str, str], tuple[int, str]] = {}
        self.max_problems = max_problems

    def problem(self, code: str, seq: int | None, message: str) -> None:
        if len(self.report.problems) < self.max_problems:
            self.report.problems.append(Problem(code, seq, message))

    def want_hashes_at(self, seqs: Iterable[int]) -> None:
        self.wanted = set(seqs)

    def entry(self, *, seq: int, at: str, kind: str, object_type: str, object_id: str, payload_text: str,
              payload_sha256: str, prev_hash: str, hash: str) -> None:
        self.report.entries += 1
        if seq != self.expected_seq:
            if seq > self.expected_seq:
                missing = f"#{self.expected_seq}" if seq == self.expected_seq + 1 else f"#{self.expected_seq}–#{seq - 1}"
                self.problem("entry_missing", seq, f"entries {missing} are missing (deleted?)")
            else:
                self.problem("entry_order", seq, f"sequence goes back (expected #{self.expected_seq})")
        real_payload_sha = sha256_hex(payload_text)
        if real_payload_sha != payload_sha256:
            self.problem("payload_altered", seq,
                         f"content of {object_type}:{object_id} does not match its recorded SHA-256 (changed after logging)")
        if prev_hash != self.prev:
            self.problem("chain_broken", seq, "prev_hash is not the hash of the previous entry (an entry was removed or rewritten)")
        real_hash = entry_hash(seq=seq, at=at, kind=kind, object_type=object_type, object_id=object_id,
                               payload_sha256=real_payload_sha, prev_hash=prev_hash)
        if real_hash != hash and real_payload_sha == payload_sha256:
            self.problem("entry_altered", seq, "the entry's header does not hash to its recorded hash")
        if seq in self.wanted:
            self.hash_at[seq] = hash
        self.latest[(object_type, object_id)] = (seq, real_payload_sha)
        self.expected_seq = seq + 1
        self.prev = hash

    def checkpoints(self, checkpoints: Iterable[dict], trusted_keys: dict[str, str]) -> None:
        """`trusted_keys`: key_id → base64 public key."""
        last_seq = self.expected_seq - 1
        for cp in checkpoints:
            self.report.checkpoints += 1
            key = trusted_keys.get(cp["key_id"])
            if key is None:
                self.problem("checkpoint_unknown_key", cp["seq"], f"checkpoint signed by an unknown key {cp['key_id']}")
            elif not verify_signature(public_b64=key, message=checkpoint_message(seq=cp["seq"], hash=cp["hash"], at=cp["at"]),
                                      signature_b64=cp["signature"]):
                self.problem("checkpoint_bad_signature", cp["seq"], "checkpoint signature does not verify")
            if cp["seq"] > last_seq:
                self.problem("log_truncated", cp["seq"],
                             f"a checkpoint was signed at #{cp['seq']} but the log ends at #{last_seq} (entries removed)")
            elif self.hash_at.get(cp["seq"]) != cp["hash"]:
                self.problem("checkpoint_mismatch", cp["seq"],
                             "the entry's hash differs from the signed checkpoint (the chain was rewritten)")

    def records(self, object_type: str, rows: Iterable[dict]) -> None:
        """Current content of every record of this type, as the application shows it now."""
        seen: set[str] = set()
        for row in rows:
            self.report.records += 1
            oid = row["object_id"]
            seen.add(oid)
            last = self.latest.get((object_type, oid))
            if last is None:
                self.problem("record_not_logged", None, f"{object_type}:{oid} is public but has no log entry")
            elif last[1] != row["payload_sha256"]:
                self.problem("record_altered", last[0],
                             f"{object_type}:{oid} differs from its last log entry #{last[0]} (changed outside the application?)")
        for (otype, oid), (seq, _) in self.latest.items():
            if otype == object_type and oid not in seen:
                self.problem("record_missing", seq, f"{object_type}:{oid} was logged but no longer exists (deleted?)")


def sql_format_at(field: str, *, whole_seconds: bool = False):
    """On PostgreSQL, an expression giving format_at(field) (of the value truncated to the second
    with `whole_seconds`) as the database's text, so that bulk reads skip parsing and formatting a
    datetime per row in Python; None elsewhere (format in Python)."""
    if connection.vendor != "postgresql":
        return None
    from django.db.models import F, Func, TextField

    fraction = '".000000Z"' if whole_seconds else '.US"Z"'
    return Func(F(field), template=f"to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS{fraction}')",
                output_field=TextField())


def _iter_local_entries(chunk: int = 5000) -> Iterator[tuple]:
    """Every entry in seq order, streamed (a server-side cursor on PostgreSQL), with `at` as
    format_at gives it."""
    fields = ("seq", "at", "kind", "object_type", "object_id", "payload", "payload_sha256", "prev_hash", "hash")
    at_text = sql_format_at("at")
    if at_text is not None:
        qs = LogEntry.objects.order_by("seq").annotate(at_text=at_text).values_list("seq", "at_text", *fields[2:])
        with transaction.atomic():  # a named cursor lives inside a transaction
            yield from qs.iterator(chunk_size=chunk)
        return
    # SQLite: keyset pages (a long-open read cursor would pin the WAL).
    qs = LogEntry.objects.order_by("seq").values_list(*fields)
    after = 0
    while True:
        rows = list(qs.filter(seq__gt=after)[:chunk])
        if not rows:
            return
        for row in rows:
            yield (row[0], format_at(row[1]), *row[2:])
        after = rows[-1][0]


def _iter_local_records(object_type: str, batch: int = 1000) -> Iterator[dict]:
    fast = _HASHES.get(object_type)
    if fast is not None:
        for pk, h in fast(0, None):
            yield {"object_id": str(pk), "payload_sha256": h}
        return
    after = 0
    while True:
        rows = records_page(object_type, after=after, limit=batch)
        if not rows:
            return
        yield from rows
        after = int(rows[-1]["object_id"])


# verify_local checks the records in a second process (its own connection, the same snapshot as
# the chain's) when the log has at least this many entries and PostgreSQL is the database: the two
# halves of the work then run side by side instead of one after the other.
PARALLEL_RECORDS_MIN_ENTRIES = 50_000


def verify_local(*, check_records: bool = True, public_key: str | None = None) -> VerifyReport:
    """Verify the log in the local database against the local signing key (or a given public key)."""
    verifier = Verifier()
    if check_records and _parallel_possible():
        return _verify_local_parallel(verifier, public_key)
    cps = [checkpoint_as_dict(c) for c in LogCheckpoint.objects.order_by("seq")]
    _verify_chain(verifier, cps, public_key)
    if check_records:
        for otype in subjects():
            verifier.records(otype, _iter_local_records(otype))
    return verifier.report


def _verify_chain(verifier: Verifier, cps: list[dict], public_key: str | None) -> None:
    verifier.want_hashes_at(c["seq"] for c in cps)
    entry = verifier.entry
    for seq, at, kind, otype, oid, payload, psha, prev, h in _iter_local_entries():
        entry(seq=seq, at=at, kind=kind, object_type=otype, object_id=oid, payload_text=payload,
              payload_sha256=psha, prev_hash=prev, hash=h)
    key = public_key or public_key_b64()
    verifier.checkpoints(cps, {key_id_of(key): key})


def _parallel_possible() -> bool:
    if connection.vendor != "postgresql" or connection.in_atomic_block or not subjects():
        return False  # inside a transaction: another connection would not see its rows
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    head = LogEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    return head >= PARALLEL_RECORDS_MIN_ENTRIES


_RECORDS_CHUNK = 20_000


def _records_worker(pipe, otypes: list[str]) -> None:
    """In the forked process: export a snapshot for the parent, then send every record's hash in
    chunks of (object_type, [(object_id, sha256), ...]); ("done", None) at the end."""
    from django.db import connections

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            pipe.send(("snapshot", cursor.fetchone()[0]))
            if pipe.recv() != "imported":  # keep the snapshot alive until the parent holds it
                return
            for otype in otypes:
                rows = []
                for row in _iter_local_records(otype):
                    rows.append((row["object_id"], row["payload_sha256"]))
                    if len(rows) >= _RECORDS_CHUNK:
                        pipe.send((otype, rows))
                        rows = []
                if rows:
                    pipe.send((otype, rows))
        pipe.send(("done", None))
    except BaseException as exc:  # noqa: BLE001 (reported to the parent, which raises)
        import traceback

        pipe.send(("error", "".join(traceback.format_exception(exc))))
    finally:
        connections.close_all()
        pipe.close()


def _drop_pool() -> None:
    """Plain connections for this process from now on (verify-log is a command, not a server): a
    pool's idle connections would be inherited by the forked process, and a connection handed out
    by the pool does not start its transaction clean enough for SET TRANSACTION SNAPSHOT."""
    if getattr(connection, "pool", None) is not None:
        connection.close_pool()
    connection.settings_dict.get("OPTIONS", {}).pop("pool", None)


def _verify_local_parallel(verifier: Verifier, public_key: str | None) -> VerifyReport:
    """The chain here, the records in a forked process, both reading one PostgreSQL snapshot (so a
    publish committed meanwhile is seen by neither half). The records' hashes are received by a
    thread while the chain is checked, then compared in the order the sequential form uses."""
    import multiprocessing
    import threading

    from django.db import connections

    otypes = subjects()
    _drop_pool()
    connections.close_all()  # the child opens its own connection (a shared socket would be fatal)
    ctx = multiprocessing.get_context("fork")
    parent_end, child_end = ctx.Pipe()
    proc = ctx.Process(target=_records_worker, args=(child_end, otypes), daemon=True)
    proc.start()
    child_end.close()
    received: dict[str, list[tuple[str, str]]] = {otype: [] for otype in otypes}
    failure: list[str] = []

    def receive() -> None:
        while True:
            try:
                tag, rows = parent_end.recv()
            except EOFError:
                failure.append("the records process ended without an answer")
                return
            if tag == "done":
                return
            if tag == "error":
                failure.append(rows)
                return
            received[tag].extend(rows)

    try:
        tag, snapshot = parent_end.recv()
        if tag != "snapshot":
            raise RuntimeError(f"verify-log: the records process failed:\n{snapshot}")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
            parent_end.send("imported")
            reader = threading.Thread(target=receive, daemon=True)
            reader.start()
            cps = [checkpoint_as_dict(c) for c in LogCheckpoint.objects.order_by("seq")]
            _verify_chain(verifier, cps, public_key)
        reader.join()
        proc.join()
    finally:
        if proc.is_alive():
            proc.kill()
            proc.join()
        parent_end.close()
    if failure:
        raise RuntimeError(f"verify-log: the records process failed:\n{failure[0]}")
    for otype in otypes:
        verifier.records(otype, ({"object_id": oid, "payload_sha256": h} for oid, h in received[otype]))
    return verifier.report
