"""The public transparency log: append-only, hash-chained, in a Merkle tree with a signed tree head
after every append (Certificate Transparency, RFC 9162, is the model).

Any kind of record can be logged (a disclosure published, later a decision's result or a
case's answer). The caller gives the record's canonical content as a JSON object; the log
stores the exact canonical text it hashed, so anyone can recompute every hash from the
public JSON at /log/ alone.

    payload_sha256 = SHA-256(canonical_json(payload))
    header         = canonical_json({"seq", "at", "kind", "object_type", "object_id",
                                     "payload_sha256", "prev_hash"}) in UTF-8 (the entry's bytes)
    hash           = SHA-256(header)
    prev_hash      = hash of entry seq-1 ("0" * 64 for the first entry)

Canonical JSON: UTF-8, keys sorted, no spaces, non-ASCII kept as is; only objects, arrays,
strings, integers, booleans and null (no floats: their text form is not canonical across
languages — give amounts as integers, dates as ISO strings).

The Merkle tree (RFC 9162 §2.1): leaf i (0-based, entry seq = i + 1) is SHA-256(0x00 || header),
an inner node SHA-256(0x01 || left || right), the tree of n leaves split at the largest power of
two below n. Every complete subtree is stored (LogTreeNode, ~2 rows per entry), so the next root,
an inclusion proof (§2.1.3) or a consistency proof (§2.1.4) reads O(log n) rows, never the entries.

Signed tree heads: every append signs, in the same transaction, the canonical JSON
{"log", "root_hash", "timestamp", "tree_size", "type": "tree_head"} with the Ed25519 key that
lives outside the database (DANCHU_LOG_SIGNING_KEY in the environment, else a file in the data
directory generated on first use, like SECRET_KEY). So every committed entry is covered by a
signed head: someone who can write to the database but has not the key can neither rewrite any
entry nor add a head for a rewritten log. What the database alone cannot show — heads and
entries removed together, the whole log replaced — a monitor sees: `danchu verify-log --state
FILE` keeps the last head it verified and checks that the new head extends it (a consistency
proof over HTTP, a recomputation locally). docs/transparency.md tells outside parties how.

Checkpoints (LogCheckpoint, every DANCHU_LOG_CHECKPOINT_EVERY entries or when the last one is
older than DANCHU_LOG_CHECKPOINT_SECONDS: the chain's head (seq, hash) signed) are the log's
first anchor; they are still written and verified, the tree head is the anchor now.

What is verified (`danchu verify-log`, locally or against /log/ of a running server):
the sequence has no gap (a deleted entry), each payload hashes to its payload_sha256 (an
UPDATE of a payload), each header hashes to its hash, each prev_hash is the previous hash
(an entry removed or rewritten), every checkpoint's signature and hash, the latest tree head's
signature and its root recomputed from the entries, that no head or checkpoint lies beyond the
last entry (a truncated log) and no entry after the latest head (heads removed), the stored tree
nodes (locally), the saved head of a state file (rewrite, truncation, fork since then), and every
record registered by an app (its current content as the application shows it) equals its last log
entry (an UPDATE of the record itself behind the application's back).

Apps register the kinds of record they log with `register_subject` in their AppConfig.ready
(core cannot import them): every kind of record the public sees, its payload being what the public
page shows (an organization's internal record: the SHA-256 of it); docs/transparency.md lists them.
Appending is done by the app's service, inside its transaction, so that a change that does not
commit leaves no entry (and no head); `log_record` appends only when the record's public content
differs from its last entry, so a service calls it after every step. verify-log compares each
record's current content with its last entry and names the fields that differ; against a server it
hashes the content served at /log/records/<type>/?content=1 itself.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from json.encoder import encode_basestring as _encode_basestring  # the C escaper json.dumps uses
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .keys import key_bytes
from .models import LogCheckpoint, LogEntry, LogTreeHead, LogTreeNode

logger = logging.getLogger(__name__)

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


def header_bytes(*, seq: int, at: str, kind: str, object_type: str, object_id: str, payload_sha256: str,
                 prev_hash: str) -> bytes:
    """The entry's canonical bytes: canonical_json of the header in UTF-8 (what `hash` is the SHA-256
    of, and the leaf data of the Merkle tree). Built directly (keys already in sorted order, each
    string escaped as json.dumps does with ensure_ascii=False): byte for byte what
    canonical_json(header) gives — a test holds it to that — at a fraction of the cost, which
    matters when verify-log rehashes a million entries."""
    if type(seq) is not int or not all(type(v) is str for v in (at, kind, object_type, object_id, payload_sha256,
                                                                 prev_hash)):
        header = {"seq": seq, "at": at, "kind": kind, "object_type": object_type, "object_id": object_id,
                  "payload_sha256": payload_sha256, "prev_hash": prev_hash}
        return canonical_json(header).encode("utf-8")  # the general rules (and their errors)
    enc = _encode_basestring
    text = (f'{{"at":{enc(at)},"kind":{enc(kind)},"object_id":{enc(object_id)},"object_type":{enc(object_type)},'
            f'"payload_sha256":{enc(payload_sha256)},"prev_hash":{enc(prev_hash)},"seq":{seq}}}')
    return text.encode("utf-8")


def entry_hash(*, seq: int, at: str, kind: str, object_type: str, object_id: str, payload_sha256: str,
               prev_hash: str) -> str:
    """SHA-256 (hex) of the entry's canonical header bytes."""
    return hashlib.sha256(header_bytes(seq=seq, at=at, kind=kind, object_type=object_type, object_id=object_id,
                                       payload_sha256=payload_sha256, prev_hash=prev_hash)).hexdigest()


def checkpoint_message(*, seq: int, hash: str, at: str) -> bytes:
    return canonical_json({"log": LOG_ID, "seq": seq, "hash": hash, "at": at}).encode("utf-8")


def tree_head_message(*, tree_size: int, root_hash: str, timestamp: str) -> bytes:
    """What a signed tree head signs (UTF-8 canonical JSON): the log's name, the number of entries the
    tree covers, its Merkle tree hash (hex) and when it was signed."""
    return canonical_json({"log": LOG_ID, "type": "tree_head", "tree_size": tree_size, "root_hash": root_hash,
                           "timestamp": timestamp}).encode("utf-8")


# --- the Merkle tree (RFC 9162 §2.1) -------------------------------------------------------------
#
# Hashes are raw 32-byte values here (hex in JSON). `get(pos)` gives the stored hash of a complete
# subtree by its flat-tree position (see LogTreeNode): the proof functions take it as a parameter,
# so the same code runs over the database, a dict in a test, or anything else.

_sha256 = hashlib.sha256
EMPTY_ROOT = _sha256(b"").digest()  # MTH({}) (RFC 9162 §2.1.1)


def leaf_hash(data: bytes) -> bytes:
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return _sha256(b"\x01" + left + right).digest()


def node_pos(level: int, index: int) -> int:
    """Flat-tree position of the complete subtree of 2^level leaves starting at leaf index·2^level."""
    return (index << (level + 1)) + (1 << level) - 1


def pos_leaves(pos: int) -> tuple[int, int]:
    """The leaves [first, last] (0-based, inclusive) under the node at `pos`."""
    level = ((pos + 1) & -(pos + 1)).bit_length() - 1
    first = ((pos + 1) >> (level + 1)) << level
    return first, first + (1 << level) - 1


def frontier_positions(size: int) -> list[int]:
    """The complete subtrees a tree of `size` leaves decomposes into, largest (leftmost) first: the
    root is their hashes folded from the right; the next leaf merges with the trailing ones."""
    out, start = [], 0
    for level in range(size.bit_length() - 1, -1, -1):
        if size >> level & 1:
            out.append(node_pos(level, start >> level))
            start += 1 << level
    return out


def _split(n: int) -> int:
    """The largest power of two smaller than n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def subtree_hash(lo: int, hi: int, get: Callable[[int], bytes]) -> bytes:
    """MTH(D[lo:hi]) from stored complete subtrees: O(log n) of them."""
    n = hi - lo
    if n <= 0:
        return EMPTY_ROOT
    if n & (n - 1) == 0 and lo % n == 0:
        level = n.bit_length() - 1
        return get(node_pos(level, lo >> level))
    k = _split(n)
    return node_hash(subtree_hash(lo, lo + k, get), subtree_hash(lo + k, hi, get))


def inclusion_path(index: int, size: int, get: Callable[[int], bytes]) -> list[bytes]:
    """PATH(index, D[0:size]) of RFC 9162 §2.1.3.1 (the audit path), bottom first."""
    if not 0 <= index < size:
        raise ValueError("index out of range")
    path, lo, hi = [], 0, size
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            path.append(subtree_hash(lo + k, hi, get))
            hi = lo + k
        else:
            path.append(subtree_hash(lo, lo + k, get))
            lo += k
    path.reverse()
    return path


def consistency_path(first: int, second: int, get: Callable[[int], bytes]) -> list[bytes]:
    """PROOF(first, D[0:second]) of RFC 9162 §2.1.4.1, bottom first (empty when first == second)."""
    if not 0 < first <= second:
        raise ValueError("sizes out of range")
    path, lo, hi, m, whole = [], 0, second, first, True
    while True:
        n = hi - lo
        if m == n:
            if not whole:
                path.append(subtree_hash(lo, hi, get))
            break
        k = _split(n)
        if m <= k:
            path.append(subtree_hash(lo + k, hi, get))
            hi = lo + k
        else:
            path.append(subtree_hash(lo, lo + k, get))
            lo += k
            m -= k
            whole = False
    path.reverse()
    return path


def verify_inclusion(*, index: int, size: int, leaf: bytes, path: list[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2: does `path` prove that `leaf` is leaf `index` of the tree of `size` with `root`?"""
    if not 0 <= index < size or any(len(p) != 32 for p in path):
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(*, first: int, second: int, first_root: bytes, second_root: bytes, path: list[bytes]) -> bool:
    """RFC 9162 §2.1.4.2: does `path` prove that the tree of `first` leaves with `first_root` is a
    prefix of the tree of `second` leaves with `second_root`?"""
    if not 0 < first <= second or any(len(p) != 32 for p in path):
        return False
    if first == second:
        return not path and first_root == second_root
    if not path:
        return False
    if first & (first - 1) == 0:
        path = [first_root, *path]
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


class MerkleBuilder:
    """The tree grown one leaf at a time with O(log n) memory (its frontier): what an append, a
    catch-up and verify-log use. When `nodes` is a list, every complete subtree is appended to it
    as (pos, hash) as it forms (the leaf first); `roots_at` are sizes whose root is kept in `roots`
    as they pass."""

    __slots__ = ("nodes", "roots", "roots_at", "size", "stack")

    def __init__(self, *, size: int = 0, frontier: Iterable[bytes] = (), nodes: list | None = None,
                 roots_at: Iterable[int] = ()):
        self.size = size
        self.stack = list(frontier)
        if len(self.stack) != size.bit_count():
            raise ValueError("the frontier does not match the size")
        self.nodes = nodes
        self.roots_at = set(roots_at)
        self.roots: dict[int, bytes] = {}

    def add(self, leaf: bytes) -> None:
        idx = self.size
        nodes = self.nodes
        if nodes is not None:
            nodes.append((idx << 1, leaf))
        stack, h, level = self.stack, leaf, 0
        while idx & 1:
            h = _sha256(b"\x01" + stack.pop() + h).digest()
            idx >>= 1
            level += 1
            if nodes is not None:
                nodes.append(((idx << (level + 1)) + (1 << level) - 1, h))
        stack.append(h)
        self.size += 1
        if self.size in self.roots_at:
            self.roots[self.size] = self.root()

    def root(self) -> bytes:
        stack = self.stack
        if not stack:
            return EMPTY_ROOT
        r = stack[-1]
        for h in reversed(stack[:-1]):
            r = node_hash(h, r)
        return r


# --- the signing key (outside the database) ----------------------------------------------------


def _key_file() -> Path:
    return Path(getattr(settings, "DANCHU_LOG_KEY_FILE", Path(settings.DATA_DIR) / "log_signing_key"))


def _private_key():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    seed = key_bytes(configured=getattr(settings, "DANCHU_LOG_SIGNING_KEY", "") or "", path=_key_file(),
                     generate=lambda: Ed25519PrivateKey.generate().private_bytes_raw(),
                     named=getattr(settings, "DANCHU_LOG_KEY_SOURCE", "") == "file")
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

LOG_TABLES = ("core_logentry", "core_logcheckpoint", "core_logtreenode", "core_logtreehead")
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


class LogIntegrityError(RuntimeError):
    """The log's tables disagree with each other (rows removed or rewritten behind the application's
    back): appending stops rather than build on them; `danchu verify-log` says what is wrong."""


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
    # SQLite: the settings open write transactions IMMEDIATE, so appends are already serial.


def log_append(*, kind: str, object_type: str, object_id: str | int, payload: dict) -> LogEntry:
    """Append an entry, its Merkle tree nodes and a signed tree head. Must run inside the caller's
    transaction (the change, its entry and the head commit together or not at all)."""
    if not connection.in_atomic_block:
        raise RuntimeError("log_append must be called inside transaction.atomic()")
    text = canonical_json(payload)
    _lock()
    last = LogEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    at = timezone.now()
    payload_sha = sha256_hex(text)
    header = header_bytes(seq=seq, at=format_at(at), kind=kind, object_type=object_type, object_id=str(object_id),
                          payload_sha256=payload_sha, prev_hash=prev)
    entry = LogEntry.objects.create(
        seq=seq, at=at, kind=kind, object_type=object_type, object_id=str(object_id), payload=text,
        payload_sha256=payload_sha, prev_hash=prev, hash=hashlib.sha256(header).hexdigest(),
    )
    _tree_append(seq, leaf_hash(header))
    _maybe_checkpoint(entry)
    return entry


def log_record(*, kind: str, object_type: str, object_id: str | int, payload: dict) -> LogEntry | None:
    """Append an entry for a public record when its canonical content differs from the last one
    logged for it (or it has none): what a service calls after every change that may touch what the
    public sees, so that each change of the public content is an entry and a step that changes
    nothing public adds none. Inside the caller's transaction, like `log_append`; the caller holds
    the record's row lock, so two changes of one record cannot both see the same last entry."""
    if not connection.in_atomic_block:
        raise RuntimeError("log_record must be called inside transaction.atomic()")
    digest = sha256_hex(canonical_json(payload))
    last = (LogEntry.objects.filter(object_type=object_type, object_id=str(object_id)).order_by("-seq")
            .values_list("payload_sha256", flat=True).first())
    if last == digest:
        return None
    return log_append(kind=kind, object_type=object_type, object_id=object_id, payload=payload)


def _tree_append(seq: int, leaf: bytes) -> LogTreeHead:
    """Add leaf seq-1 to the stored tree and sign the head of size seq: one read of the frontier
    (at most log2(n) rows), one bulk insert, one signature."""
    index = seq - 1
    wanted = frontier_positions(index)
    rows = {p: bytes(h) for p, h in LogTreeNode.objects.filter(pos__in=[*wanted, index << 1]).values_list("pos", "hash")}
    if index << 1 in rows:
        raise LogIntegrityError(
            f"the Merkle tree already has a leaf for entry #{seq}: entries were deleted behind the application's "
            "back (run `danchu verify-log`)")
    if len(rows) < len(wanted):  # entries written without the tree (before it existed, or bulk-loaded)
        builder = tree_catch_up()
        if builder.size != seq:
            raise LogIntegrityError(f"the Merkle tree covers {builder.size} entries, the log {seq}")
        return _sign_tree_head(seq, builder.root())
    builder = MerkleBuilder(size=index, frontier=[rows[p] for p in wanted], nodes=[])
    builder.add(leaf)
    LogTreeNode.objects.bulk_create([LogTreeNode(pos=p, hash=h) for p, h in builder.nodes])
    return _sign_tree_head(seq, builder.root())


def _sign_tree_head(tree_size: int, root: bytes) -> LogTreeHead:
    key = _private_key()
    public_b64 = base64.b64encode(key.public_key().public_bytes_raw()).decode("ascii")
    at = timezone.now()
    signature = key.sign(tree_head_message(tree_size=tree_size, root_hash=root.hex(), timestamp=format_at(at)))
    return LogTreeHead.objects.create(tree_size=tree_size, root_hash=root.hex(), at=at, key_id=key_id_of(public_b64),
                                      signature=base64.b64encode(signature).decode("ascii"))


def tree_catch_up(*, entry_model=LogEntry, node_model=LogTreeNode, batch: int = 5000) -> MerkleBuilder:
    """Store the tree nodes of the entries that have none yet (a log from before the tree — the
    migration calls this —, or entries bulk-loaded by a benchmark), and return the tree's builder
    at the log's end. Reads only the entries after the last stored leaf. The model parameters let a
    migration pass its historical models."""
    last_pos = node_model.objects.order_by("-pos").values_list("pos", flat=True).first()
    stored = 0 if last_pos is None else last_pos // 2 + 1
    if last_pos is not None and last_pos % 2:
        raise LogIntegrityError(f"the last stored Merkle tree node ({last_pos}) is not a leaf")
    wanted = frontier_positions(stored)
    rows = {p: bytes(h) for p, h in node_model.objects.filter(pos__in=wanted).values_list("pos", "hash")}
    if len(rows) != len(wanted):
        raise LogIntegrityError(f"Merkle tree nodes are missing under the first {stored} entries")
    pending: list = []
    builder = MerkleBuilder(size=stored, frontier=[rows[p] for p in wanted], nodes=pending)
    qs = entry_model.objects.order_by("seq").values_list("seq", "at", "kind", "object_type", "object_id",
                                                          "payload_sha256", "prev_hash")
    after = stored
    while True:
        page = list(qs.filter(seq__gt=after)[:batch])
        if not page:
            break
        for seq, at, kind, otype, oid, psha, prev in page:
            if seq != builder.size + 1:
                raise LogIntegrityError(f"entry #{builder.size + 1} is missing (run `danchu verify-log`)")
            builder.add(leaf_hash(header_bytes(seq=seq, at=format_at(at), kind=kind, object_type=otype, object_id=oid,
                                               payload_sha256=psha, prev_hash=prev)))
        node_model.objects.bulk_create([node_model(pos=p, hash=h) for p, h in pending], batch_size=2000)
        pending.clear()
        after = page[-1][0]
    if builder.size > stored:
        logger.warning("transparency log: Merkle tree nodes built for entries #%s–#%s", stored + 1, builder.size)
    return builder


def tree_head_create() -> LogTreeHead | None:
    """Sign a tree head for the log's current size when it has none (a log from before tree heads,
    or entries bulk-loaded: every append signs its own head). None when there is nothing to sign.
    Refuses (LogIntegrityError) when the stored tree no longer gives the latest signed head's root."""
    with transaction.atomic():
        _lock()
        size = LogEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        if not size or LogTreeHead.objects.filter(tree_size=size).exists():
            return None
        latest = LogTreeHead.objects.order_by("-tree_size").first()
        if latest is not None and latest.tree_size > size:
            raise LogIntegrityError(f"a tree head was signed for {latest.tree_size} entries, the log has {size}")
        if latest is not None and tree_root(latest.tree_size).hex() != latest.root_hash:
            raise LogIntegrityError(f"the stored Merkle tree no longer gives the signed head of size {latest.tree_size}")
        builder = tree_catch_up()
        if builder.size != size:
            raise LogIntegrityError(f"the Merkle tree covers {builder.size} entries, the log {size}")
        return _sign_tree_head(size, builder.root())


def tree_drop_beyond(size: int) -> None:
    """Remove the signed tree heads and the Merkle tree nodes that cover entries after the first
    `size` (a benchmark's cleanup, after it removed its own entries: the log left behind verifies).
    The caller removes the entries, inside `log_tables_writable()`. A node at flat position p covers
    leaves [first, last] with p = first + last: those from position 2·size − 1 on all end after
    `size`, and below it only the O(log n) nodes that straddle leaf `size` do."""
    LogTreeHead.objects.filter(tree_size__gt=size).delete()
    straddling = [node_pos(level, size >> level) for level in range(max(size, 1).bit_length() + 1)
                  if (size >> level) << level < size]
    LogTreeNode.objects.filter(pos__gte=max(2 * size - 1, 0)).delete()
    LogTreeNode.objects.filter(pos__in=straddling).delete()


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
        _lock()
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


def records_page(object_type: str, *, after: int = 0, limit: int = 500, content: bool = False) -> list[dict]:
    """Current content hashes of one kind of record, as the application shows it now; with
    `content`, each record's canonical public content too (`payload`: what /log/records/ serves, so
    that a monitor hashes it itself and sees what changed)."""
    fast = _HASHES.get(object_type)
    if fast is not None and not content:
        return [{"object_id": str(pk), "payload_sha256": h} for pk, h in fast(after, limit)]
    fn = _SUBJECTS.get(object_type)
    if fn is None:
        return []
    if content:
        return [{"object_id": str(pk), "payload_sha256": sha256_hex(canonical_json(p)), "payload": p}
                for pk, p in fn(after, limit)]
    return [{"object_id": str(pk), "payload_sha256": sha256_hex(canonical_json(p))} for pk, p in fn(after, limit)]


def record_content(object_type: str, object_id: str | int) -> dict | None:
    """One record's current canonical content (None when it is not a public record of that kind)."""
    fn = _SUBJECTS.get(object_type)
    try:
        pk = int(object_id)
    except (TypeError, ValueError):
        return None
    if fn is None:
        return None
    rows = fn(pk - 1, 1)
    return rows[0][1] if rows and rows[0][0] == pk else None


def payload_differences(logged, current, path: str = "", limit: int = 8) -> list[str]:
    """The paths (`current.title`, `attachments[1].sha256`) where two canonical payloads differ, at
    most `limit` of them: what verify-log names when a record no longer matches its entry."""
    out: list[str] = []

    def walk(a, b, where: str) -> None:
        if len(out) >= limit or a == b:
            return
        if isinstance(a, dict) and isinstance(b, dict):
            for key in sorted(set(a) | set(b)):
                walk(a.get(key, _ABSENT), b.get(key, _ABSENT), f"{where}.{key}" if where else key)
            return
        if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for i, (x, y) in enumerate(zip(a, b, strict=True)):
                walk(x, y, f"{where}[{i}]")
            return
        out.append(where or "$")

    walk(logged, current, path)
    return out


_ABSENT = object()


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
            "signed_message": "canonical JSON {\"log\", \"seq\", \"hash\", \"at\"} in UTF-8",
            "tree_head_message": "canonical JSON {\"log\", \"root_hash\", \"timestamp\", \"tree_size\", "
                                 "\"type\": \"tree_head\"} in UTF-8"}


def tree_head_as_dict(head: LogTreeHead) -> dict:
    return {"tree_size": head.tree_size, "root_hash": head.root_hash, "timestamp": format_at(head.at),
            "key_id": head.key_id, "signature": head.signature}


def latest_tree_head() -> dict | None:
    head = LogTreeHead.objects.order_by("-tree_size").first()
    return tree_head_as_dict(head) if head else None


def tree_head_at(tree_size: int) -> dict | None:
    head = LogTreeHead.objects.filter(tree_size=tree_size).first()
    return tree_head_as_dict(head) if head else None


def tree_head_signature_ok(head: dict, public_b64: str) -> bool:
    try:
        message = tree_head_message(tree_size=head["tree_size"], root_hash=head["root_hash"], timestamp=head["timestamp"])
    except (KeyError, TypeError):
        return False
    return verify_signature(public_b64=public_b64, message=message, signature_b64=head.get("signature") or "")


class TreeIncomplete(LogIntegrityError):
    """Stored Merkle tree nodes needed for a proof are missing."""


_PLACEHOLDER = bytes(32)


def _from_store(compute: Callable[[Callable[[int], bytes]], object]):
    """Run `compute(get)` over the stored nodes with one query: a first pass only collects the
    positions it asks for (the algorithms' course does not depend on the hashes), then they are
    read and the second pass computes."""
    wanted: set[int] = set()
    compute(lambda pos: wanted.add(pos) or _PLACEHOLDER)
    rows = {p: bytes(h) for p, h in LogTreeNode.objects.filter(pos__in=wanted).values_list("pos", "hash")} if wanted else {}
    if len(rows) != len(wanted):
        raise TreeIncomplete(f"{len(wanted) - len(rows)} Merkle tree node(s) are missing")
    return compute(rows.__getitem__)


def tree_root(size: int) -> bytes:
    """The Merkle tree hash of the first `size` entries, from the stored nodes."""
    return _from_store(lambda get: subtree_hash(0, size, get))


def inclusion_proof(index: int, size: int) -> tuple[bytes, list[bytes]]:
    """(leaf hash, audit path) of leaf `index` (entry seq = index + 1) in the tree of `size` entries."""
    return _from_store(lambda get: (get(index << 1), inclusion_path(index, size, get)))


def consistency_proof(first: int, second: int) -> list[bytes]:
    return _from_store(lambda get: consistency_path(first, second, get))


def log_summary() -> dict:
    head = LogEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    last_cp = LogCheckpoint.objects.order_by("-seq").first()
    return {
        "log": LOG_ID,
        "size": head[0] if head else 0,
        "head": head[1] if head else GENESIS_HASH,
        "tree_head": latest_tree_head(),
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
    message_vi: str = ""

    def __str__(self) -> str:
        where = f"#{self.seq}: " if self.seq is not None else ""
        text = f"{self.message_vi} / {self.message}" if self.message_vi else self.message
        return f"[{self.code}] {where}{text}"


@dataclass
class VerifyReport:
    entries: int = 0
    checkpoints: int = 0
    records: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    tree_size: int = 0  # entries whose Merkle tree was recomputed (0 when none were read)
    tree_head: dict | None = None  # the latest signed tree head, verified: what a state file keeps
    public_key: str = ""  # the key the heads were verified with

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
        self.tree = MerkleBuilder()

    def problem(self, code: str, seq: int | None, message: str, vi: str = "") -> None:
        if len(self.report.problems) < self.max_problems:
            self.report.problems.append(Problem(code, seq, message, vi))

    def warning(self, code: str, seq: int | None, message: str, vi: str = "") -> None:
        self.report.warnings.append(Problem(code, seq, message, vi))

    def has(self, code: str) -> bool:
        return any(p.code == code for p in self.report.problems)

    def want_hashes_at(self, seqs: Iterable[int]) -> None:
        self.wanted = set(seqs)

    def want_roots_at(self, sizes: Iterable[int]) -> None:
        """Tree sizes whose Merkle root is to be kept while the entries pass (a head to check)."""
        self.tree.roots_at = {s for s in sizes if s}

    def entry(self, *, seq: int, at: str, kind: str, object_type: str, object_id: str, payload_text: str,
              payload_sha256: str, prev_hash: str, hash: str) -> None:
        self.report.entries += 1
        if seq != self.expected_seq:
            if seq > self.expected_seq:
                missing = f"#{self.expected_seq}" if seq == self.expected_seq + 1 else f"#{self.expected_seq}–#{seq - 1}"
                self.problem("entry_missing", seq, f"entries {missing} are missing (deleted?)",
                             f"thiếu các mục {missing} (bị xoá?)")
            else:
                self.problem("entry_order", seq, f"sequence goes back (expected #{self.expected_seq})",
                             f"số thứ tự bị lùi (đáng lẽ là #{self.expected_seq})")
        real_payload_sha = sha256_hex(payload_text)
        if real_payload_sha != payload_sha256:
            self.problem("payload_altered", seq,
                         f"content of {object_type}:{object_id} does not match its recorded SHA-256 (changed after logging)",
                         f"nội dung của {object_type}:{object_id} không khớp SHA-256 đã ghi (bị sửa sau khi ghi nhật ký)")
        if prev_hash != self.prev:
            self.problem("chain_broken", seq, "prev_hash is not the hash of the previous entry (an entry was removed or rewritten)",
                         "prev_hash không phải mã băm của mục trước (có mục bị xoá hoặc bị viết lại)")
        # The header as recorded (with the recorded payload_sha256: a changed payload is reported above).
        header = header_bytes(seq=seq, at=at, kind=kind, object_type=object_type, object_id=object_id,
                              payload_sha256=payload_sha256, prev_hash=prev_hash)
        if real_payload_sha == payload_sha256 and _sha256(header).hexdigest() != hash:
            self.problem("entry_altered", seq, "the entry's header does not hash to its recorded hash",
                         "phần đầu của mục không cho ra mã băm đã ghi")
        self.tree.add(_sha256(b"\x00" + header).digest())
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
                self.problem("checkpoint_unknown_key", cp["seq"], f"checkpoint signed by an unknown key {cp['key_id']}",
                             f"điểm kiểm tra được ký bằng một khoá lạ {cp['key_id']}")
            elif not verify_signature(public_b64=key, message=checkpoint_message(seq=cp["seq"], hash=cp["hash"], at=cp["at"]),
                                      signature_b64=cp["signature"]):
                self.problem("checkpoint_bad_signature", cp["seq"], "checkpoint signature does not verify",
                             "chữ ký của điểm kiểm tra không hợp lệ")
            if cp["seq"] > last_seq:
                self.problem("log_truncated", cp["seq"],
                             f"a checkpoint was signed at #{cp['seq']} but the log ends at #{last_seq} (entries removed)",
                             f"có điểm kiểm tra ký ở #{cp['seq']} nhưng nhật ký dừng ở #{last_seq} (các mục đã bị xoá)")
            elif self.hash_at.get(cp["seq"]) != cp["hash"]:
                self.problem("checkpoint_mismatch", cp["seq"],
                             "the entry's hash differs from the signed checkpoint (the chain was rewritten)",
                             "mã băm của mục khác với điểm kiểm tra đã ký (chuỗi đã bị viết lại)")

    # --- signed tree heads ---

    def head_signature_ok(self, head: dict, trusted_keys: dict[str, str]) -> bool:
        size = head.get("tree_size")
        key = trusted_keys.get(head.get("key_id"))
        if key is None:
            self.problem("head_unknown_key", size, f"the tree head of size {size} is signed by an unknown key "
                         f"{head.get('key_id')}", f"đầu cây cỡ {size} được ký bằng một khoá lạ {head.get('key_id')}")
            return False
        if not tree_head_signature_ok(head, key):
            self.problem("head_bad_signature", size, f"the signature of the tree head of size {size} does not verify",
                         f"chữ ký của đầu cây cỡ {size} không hợp lệ")
            return False
        return True

    def check_head(self, head: dict, trusted_keys: dict[str, str] | None) -> bool:
        """Signature (unless `trusted_keys` is None: already checked), and the root recomputed from
        the entries fed (`want_roots_at` its size first unless it is the last one). False when
        something failed."""
        ok = trusted_keys is None or self.head_signature_ok(head, trusted_keys)
        size = head["tree_size"]
        if size > self.tree.size:
            self.problem("log_truncated", size,
                         f"a tree head was signed for {size} entries but the log has {self.tree.size} (entries removed)",
                         f"có đầu cây đã ký cho {size} mục nhưng nhật ký chỉ còn {self.tree.size} mục (các mục đã bị xoá)")
            return False
        root = self.tree.root() if size == self.tree.size else self.tree.roots.get(size)
        if root is None:
            raise RuntimeError(f"the root at size {size} was not kept (want_roots_at)")
        if root.hex() != head["root_hash"]:
            self.problem("head_root_mismatch", size,
                         f"the Merkle root recomputed from entries #1–#{size} differs from the signed tree head "
                         "(entries were rewritten)",
                         f"gốc cây Merkle tính lại từ các mục #1–#{size} khác với đầu cây đã ký (các mục đã bị viết lại)")
            return False
        return ok

    def check_saved(self, saved: dict, *, current: dict | None, recomputed: bool, same_size: dict | None = None,
                    consistent: bool | None = None, trusted_keys: dict[str, str] | None = None) -> None:
        """Compare with the head saved by an earlier run (a state file). `current`: the log's latest
        signed head now; `recomputed`: entries were fed (their roots were kept at the saved size);
        `same_size`: a signed head of the saved size found now; `consistent`: the outcome of the
        consistency proof from the saved head to `current` (None when none was checked)."""
        size, root = saved["tree_size"], saved["root_hash"]
        now = current["tree_size"] if current else 0
        when = saved.get("timestamp", "?")
        if recomputed and self.tree.size < size:
            self.problem("state_truncated", size,
                         f"the log has {self.tree.size} entries, fewer than the {size} of the head saved in the state "
                         f"file ({when}): entries were deleted or the log was rolled back",
                         f"nhật ký chỉ còn {self.tree.size} mục, ít hơn {size} mục của đầu cây đã lưu trong tệp trạng "
                         f"thái ({when}): các mục đã bị xoá hoặc nhật ký bị quay lui")
        elif now < size:
            self.problem("state_truncated", size,
                         f"the latest signed tree head covers {now} entries, fewer than the {size} of the head saved in "
                         f"the state file ({when}): heads or entries were deleted, or the log was rolled back",
                         f"đầu cây đã ký mới nhất chỉ gồm {now} mục, ít hơn {size} mục của đầu cây đã lưu trong tệp "
                         f"trạng thái ({when}): đầu cây hoặc các mục đã bị xoá, hoặc nhật ký bị quay lui")
        if recomputed and self.tree.size >= size:
            again = self.tree.root() if size == self.tree.size else self.tree.roots.get(size)
            if again is None:
                raise RuntimeError(f"the root at size {size} was not kept (want_roots_at)")
            if again.hex() != root:
                self.problem("state_rewritten", size,
                             f"entries #1–#{size} no longer give the root of the head saved in the state file ({when}): "
                             "they were rewritten since",
                             f"các mục #1–#{size} không còn cho ra gốc của đầu cây đã lưu trong tệp trạng thái ({when}): "
                             "chúng đã bị viết lại từ đó")
        fork = same_size if same_size is not None else (current if current and now == size else None)
        if fork is not None and fork["root_hash"] != root and (
                trusted_keys is None or self.head_signature_ok(fork, trusted_keys)):
            self.problem("state_fork", size,
                         f"two different signed tree heads for {size} entries: the saved one ({root[:16]}…, {when}) and "
                         f"{fork['root_hash'][:16]}… ({fork.get('timestamp')}): the log forked or was rewritten",
                         f"hai đầu cây đã ký khác nhau cho cùng {size} mục: đầu cây đã lưu ({root[:16]}…, {when}) và "
                         f"{fork['root_hash'][:16]}… ({fork.get('timestamp')}): nhật ký bị rẽ nhánh hoặc bị viết lại")
        if consistent is False:
            self.problem("state_inconsistent", size,
                         f"the consistency proof from the saved head ({size} entries, {when}) to the new head ({now} "
                         "entries) does not verify: the log was rewritten or forked since",
                         f"bằng chứng nhất quán từ đầu cây đã lưu ({size} mục, {when}) đến đầu cây mới ({now} mục) "
                         "không hợp lệ: nhật ký đã bị viết lại hoặc rẽ nhánh từ đó")

    @staticmethod
    def _changed_fields(seq: int, oid: str, content: dict | None, logged, current) -> list[str]:
        if logged is None:
            return []
        try:
            before = logged(seq)
            now = content if content is not None else (current(oid) if current is not None else None)
        except Exception:  # noqa: BLE001 (naming the fields is a courtesy: the problem is reported anyway)
            logger.warning("verify-log: could not compare the payloads of entry #%s", seq, exc_info=True)
            return []
        if before is None or now is None:
            return []
        return payload_differences(before, now)

    def records(self, object_type: str, rows: Iterable[dict], *, logged: Callable[[int], dict | None] | None = None,
                current: Callable[[str], dict | None] | None = None) -> None:
        """Current content of every record of this type, as the application shows it now: rows of
        {"object_id", "payload_sha256"} or {"object_id", "payload"} (the content itself, hashed here).
        `logged(seq)` and `current(object_id)` give the two payloads of a record that differs, to
        name what changed (optional: without them the record alone is named)."""
        seen: set[str] = set()
        for row in rows:
            self.report.records += 1
            oid = row["object_id"]
            seen.add(oid)
            content = row.get("payload")
            digest = sha256_hex(canonical_json(content)) if content is not None else row["payload_sha256"]
            last = self.latest.get((object_type, oid))
            if last is None:
                self.problem("record_not_logged", None, f"{object_type}:{oid} is public but has no log entry",
                             f"{object_type}:{oid} đang công khai nhưng không có mục nhật ký nào")
            elif last[1] != digest:
                fields = self._changed_fields(last[0], oid, content, logged, current)
                what, what_vi = (f": {', '.join(fields)} changed", f": đã sửa {', '.join(fields)}") if fields else ("", "")
                self.problem("record_altered", last[0],
                             f"{object_type}:{oid} differs from its last log entry #{last[0]}{what} (changed outside the "
                             "application?)",
                             f"{object_type}:{oid} khác với mục nhật ký cuối cùng #{last[0]}{what_vi} (bị sửa ngoài ứng dụng?)")
        for (otype, oid), (seq, _) in self.latest.items():
            if otype == object_type and oid not in seen:
                self.problem("record_missing", seq, f"{object_type}:{oid} was logged but no longer exists (deleted?)",
                             f"{object_type}:{oid} đã được ghi nhật ký nhưng không còn tồn tại (bị xoá?)")


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


class _NodeChecker:
    """Compares the stored tree nodes with the ones recomputed from the entries, a batch at a time
    (dict and set operations, one query of raw rows per batch: 2 nodes per entry add little to a
    million-entry run). A node is stored (in pos order) before its last leaf arrives, so stored
    nodes read ahead wait in `stored` — at most the O(log n) subtrees still open."""

    BATCH = 40_000  # computed nodes per comparison (about half as many entries)

    def __init__(self, builder: MerkleBuilder):
        self.builder = builder
        builder.nodes = self.computed = []
        self.stored: dict[int, bytes] = {}
        self.read_upto = -1
        self.missing = self.altered = 0
        self.first_missing = self.first_altered = None
        self.table = LogTreeNode._meta.db_table

    def _rows(self, after: int, upto: int) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT pos, hash FROM {self.table} WHERE pos > %s AND pos <= %s", [after, upto])  # noqa: S608
            return cursor.fetchall()

    def check(self) -> None:
        """Compare what was computed so far (every computed pos is at most the last leaf's)."""
        if self.builder.size == 0:
            return
        upto = 2 * (self.builder.size - 1)
        stored = self.stored
        if upto > self.read_upto:
            stored.update(self._rows(self.read_upto, upto))
            self.read_upto = upto
        computed = dict(self.computed)
        self.computed.clear()
        common = computed.keys() & stored.keys()
        altered = [p for p in common if computed[p] != stored[p]]
        if altered:
            self.altered += len(altered)
            first = min(altered)
            self.first_altered = first if self.first_altered is None else min(first, self.first_altered)
        for p in common:
            del stored[p]
        if len(common) < len(computed):
            missing = computed.keys() - common
            self.missing += len(missing)
            first = min(missing)
            self.first_missing = first if self.first_missing is None else min(first, self.first_missing)

    def finish(self, verifier: Verifier, *, entries_now: int, heads_exist: bool) -> None:
        """`entries_now`: the last seq, read after the entries (nodes of entries appended meanwhile are
        not stale). The last batch was checked before it was read."""
        self.builder.nodes = None
        if self.altered:
            first = pos_leaves(self.first_altered)[0] + 1
            verifier.problem("tree_node_altered", first,
                             f"{self.altered} stored Merkle tree node(s) differ from the ones recomputed from the entries "
                             "(the proofs served from them would not verify)",
                             f"{self.altered} nút cây Merkle đã lưu khác với nút tính lại từ các mục "
                             "(bằng chứng cấp từ chúng sẽ không hợp lệ)")
        if self.missing:
            first = pos_leaves(self.first_missing)[0] + 1
            message = f"{self.missing} Merkle tree node(s) are missing (from entry #{first} on)"
            vi = f"thiếu {self.missing} nút cây Merkle (từ mục #{first})"
            if heads_exist:
                verifier.problem("tree_node_missing", first, message + ": proofs cannot be served", vi + ": không cấp được bằng chứng")
            else:
                verifier.warning("tree_node_missing", first, message + " (run `danchu verify-log` after the next append)",
                                 vi)
        stale = [p for p in self.stored if pos_leaves(p)[1] >= entries_now]
        beyond = LogTreeNode.objects.filter(pos__gt=2 * (entries_now - 1)).order_by("pos").values_list("pos", flat=True)
        stale += list(beyond[:1])
        if stale:
            first = pos_leaves(min(stale))[1] + 1
            verifier.problem("tree_beyond_log", first,
                             f"the Merkle tree holds nodes for entries up to #{first} or later, but the log ends at "
                             f"#{entries_now} (entries removed)",
                             f"cây Merkle còn nút cho các mục tới #{first} trở đi nhưng nhật ký dừng ở #{entries_now} "
                             "(các mục đã bị xoá)")


@contextlib.contextmanager
def _read_snapshot():
    """On PostgreSQL one REPEATABLE READ transaction for the whole read (entries, nodes and heads
    seen at one instant; the server-side cursors live in it). SQLite reads keyset pages: the checks
    that compare tables read them in an order that an append committed meanwhile cannot fool."""
    if connection.vendor != "postgresql":
        yield
        return
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def verify_local(*, check_records: bool = True, public_key: str | None = None,
                 saved_head: dict | None = None) -> VerifyReport:
    """Verify the log in the local database against the local signing key (or a given public key),
    and against `saved_head` (a signed tree head saved by an earlier run) when given."""
    verifier = Verifier()
    if check_records and _parallel_possible():
        return _verify_local_parallel(verifier, public_key, saved_head)
    with _read_snapshot():
        cps = [checkpoint_as_dict(c) for c in LogCheckpoint.objects.order_by("seq")]
        _verify_chain(verifier, cps, public_key, saved_head)
    if check_records:
        for otype in subjects():
            verifier.records(otype, _iter_local_records(otype), **_local_payloads(otype))
    return verifier.report


def _logged_payload(seq: int) -> dict | None:
    text = LogEntry.objects.filter(seq=seq).values_list("payload", flat=True).first()
    return json.loads(text) if text is not None else None


def _local_payloads(object_type: str) -> dict:
    """The two payloads of a record that differs from its entry, read from the database."""
    return {"logged": _logged_payload, "current": lambda oid: record_content(object_type, oid)}


def _verify_chain(verifier: Verifier, cps: list[dict], public_key: str | None, saved_head: dict | None = None) -> None:
    key = public_key or public_key_b64()
    keys = {key_id_of(key): key}
    verifier.report.public_key = key
    first_head = latest_tree_head()  # read before the entries: they cannot end before it honestly
    verifier.want_hashes_at(c["seq"] for c in cps)
    verifier.want_roots_at([first_head["tree_size"] if first_head else 0, saved_head["tree_size"] if saved_head else 0])
    checker = _NodeChecker(verifier.tree)
    computed, batch, check = checker.computed, checker.BATCH, checker.check
    entry = verifier.entry
    for seq, at, kind, otype, oid, payload, psha, prev, h in _iter_local_entries():
        entry(seq=seq, at=at, kind=kind, object_type=otype, object_id=oid, payload_text=payload,
              payload_sha256=psha, prev_hash=prev, hash=h)
        if len(computed) >= batch:
            check()
    check()
    verifier.checkpoints(cps, keys)
    n = verifier.tree.size
    verifier.report.tree_size = n
    # Read after the entries, in this order: a head is committed with its entries, so one found
    # here for a size the stream did not reach, or an entry without its head, is not a race.
    at_end = tree_head_at(n) if n else None
    latest = latest_tree_head()
    entries_now = LogEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    heads_exist = bool(first_head or at_end or latest)
    if not heads_exist:
        if n:
            verifier.warning("no_tree_head", None,
                             "the log has no signed tree head yet (entries from before tree heads, or loaded behind the "
                             "application's back): only the chain and the checkpoints vouch for it",
                             "nhật ký chưa có đầu cây nào được ký (các mục có từ trước khi có cây Merkle, hoặc được nạp "
                             "ngoài ứng dụng): chỉ chuỗi băm và các điểm kiểm tra bảo đảm cho nó")
    else:
        checked = []
        for head in (first_head, at_end):
            if head is not None and head["tree_size"] not in checked:
                checked.append(head["tree_size"])
                if verifier.check_head(head, keys):
                    verifier.report.tree_head = head
        if at_end is None and n:
            below = (LogTreeHead.objects.filter(tree_size__lt=n).order_by("-tree_size")
                     .values_list("tree_size", flat=True).first() or 0)
            span = f"#{below + 1}" if below + 1 == n else f"#{below + 1}–#{n}"
            verifier.problem("entries_unsigned", below + 1,
                             f"entries {span} are not covered by any signed tree head (heads deleted, or entries "
                             "added behind the application's back)",
                             f"các mục {span} không thuộc đầu cây đã ký nào (đầu cây đã bị xoá, hoặc các mục được "
                             "thêm ngoài ứng dụng)")
        top = latest["tree_size"] if latest else 0
        if top > entries_now and not verifier.has("log_truncated"):
            verifier.problem("log_truncated", top,
                             f"a tree head was signed for {top} entries but the log ends at #{entries_now} (entries removed)",
                             f"có đầu cây đã ký cho {top} mục nhưng nhật ký dừng ở #{entries_now} (các mục đã bị xoá)")
    checker.finish(verifier, entries_now=entries_now, heads_exist=heads_exist)
    if saved_head is not None:
        verifier.check_saved(saved_head, current=latest, recomputed=True,
                             same_size=tree_head_at(saved_head["tree_size"]), trusted_keys=keys)


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


def _verify_local_parallel(verifier: Verifier, public_key: str | None, saved_head: dict | None = None) -> VerifyReport:
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
            _verify_chain(verifier, cps, public_key, saved_head)
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
        verifier.records(otype, ({"object_id": oid, "payload_sha256": h} for oid, h in received[otype]),
                         **_local_payloads(otype))
    return verifier.report
