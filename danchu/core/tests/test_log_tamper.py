"""What someone with write access to the database (the log tables' owner: PostgreSQL's append-only
trigger switched off) can do to the transparency log, and how `danchu verify-log` catches it: in
the database, and through the public JSON of a running server, with and without a state file
(`--state`: the signed tree head saved by the previous run, as an outside monitor keeps it).

    (a) delete the checkpoints and heads, rewrite entries #3–#33 and re-hash everything after
    (b) rewrite the last entries (in the old design: the ones after the last checkpoint)
    (c) delete the last entry (alone, or with its head and tree nodes)
    (d) a fork: whoever holds the signing key signs a different head for a size already seen

Each must fail if its protection is removed (no head per append, no root recomputation, no
saved-head comparison, no consistency proof)."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from danchu.core import transparency as t
from danchu.core.models import LogCheckpoint, LogEntry, LogTreeHead, LogTreeNode

from .test_transparency import _append


def _run(state=None, **kw) -> tuple[int, str, list[str]]:
    """verify-log as a monitor runs it: (exit status, output, problem codes)."""
    out = io.StringIO()
    if state is not None:
        kw["state"] = str(state)
    try:
        call_command("verify_log", stdout=out, **kw)
        code, text = 0, out.getvalue()
    except CommandError as exc:
        code, text = exc.returncode, out.getvalue() + str(exc)
    return code, text, sorted(set(re.findall(r"^\[(\w+)\]", text, re.MULTILINE)))


def _tamper(fn) -> None:
    with transaction.atomic(), t.log_tables_writable():
        fn()


def _rewrite(first: int, last: int) -> None:
    """Change the payloads of entries first..last and re-hash the chain from `first` to the end,
    so that the chain itself (prev_hash, hash) still verifies."""
    def run():
        prev = LogEntry.objects.get(seq=first - 1).hash if first > 1 else t.GENESIS_HASH
        rows = list(LogEntry.objects.filter(seq__gte=first).order_by("seq"))
        for row in rows:
            if row.seq <= last:
                row.payload = t.canonical_json({"title": "Giả mạo", "seq": row.seq})
                row.payload_sha256 = t.sha256_hex(row.payload)
            row.prev_hash = prev
            row.hash = t.entry_hash(seq=row.seq, at=t.format_at(row.at), kind=row.kind, object_type=row.object_type,
                                    object_id=row.object_id, payload_sha256=row.payload_sha256, prev_hash=prev)
            prev = row.hash
        LogEntry.objects.bulk_update(rows, ["payload", "payload_sha256", "prev_hash", "hash"])
    _tamper(run)


def _rebuild_tree() -> None:
    """The attacker makes the stored tree match the rewritten entries."""
    def run():
        LogTreeNode.objects.all().delete()
        t.tree_catch_up()
    _tamper(run)


def _delete_heads(*, from_size: int = 1) -> None:
    _tamper(lambda: LogTreeHead.objects.filter(tree_size__gte=from_size).delete())


def _resign_all() -> None:
    """Whoever holds the signing key (the operator, or a thief of the key) signs heads for the
    rewritten log: a fork of the log that the saved head tells from the original."""
    def run():
        LogTreeHead.objects.all().delete()
        size = LogEntry.objects.count()
        for n in range(1, size + 1):
            t._sign_tree_head(n, t.tree_root(n))
        seqs = list(LogCheckpoint.objects.values_list("seq", flat=True))
        LogCheckpoint.objects.all().delete()
        for entry in LogEntry.objects.filter(seq__in=seqs):
            t._sign(entry)
    _tamper(run)


def _delete_last_entry(*, with_head_and_nodes: bool) -> None:
    def run():
        last = LogEntry.objects.order_by("-seq").first()
        last.delete()
        if with_head_and_nodes:
            LogTreeHead.objects.filter(tree_size=last.seq).delete()
            LogTreeNode.objects.filter(pos__gte=2 * (last.seq - 1)).delete()
            LogTreeNode.objects.filter(pos__in=[p for p in range(2 * last.seq)
                                                if t.pos_leaves(p)[1] >= last.seq - 1]).delete()
    _tamper(run)


# --- in the database -------------------------------------------------------------------------


@pytest.fixture
def log40(db, tmp_path, settings):
    settings.DANCHU_LOG_CHECKPOINT_EVERY = 10
    _append(40)
    state = tmp_path / "monitor.json"
    code, out, _ = _run(state)
    assert code == 0, out
    saved = json.loads(state.read_text())
    assert saved["tree_head"]["tree_size"] == 40 and saved["public_key"] == t.public_key_b64()
    return state


def test_a_delete_checkpoints_and_heads_and_rehash_3_to_33(log40):
    before = log40.read_bytes()
    _tamper(lambda: LogCheckpoint.objects.all().delete())
    _delete_heads()
    _rewrite(3, 33)
    _rebuild_tree()
    # The database alone cannot show it any more (no signature is left to contradict it): only a
    # warning. That is what the saved head is for.
    code, out, problems = _run()
    assert code == 0 and problems == [] and "no_tree_head" in out
    code, out, problems = _run(log40)
    assert code == 1
    assert problems == ["state_rewritten", "state_truncated"]
    assert "#40: " in out and "đã bị viết lại" in out and "were rewritten" in out
    assert log40.read_bytes() == before  # the saved head is kept for the next run


def test_a_delete_only_the_heads_and_checkpoints(log40):
    """Nothing rewritten, every signature removed: the entries alone still chain, so the database
    shows only a warning; the monitor's saved head shows the signed history went back to nothing."""
    _tamper(lambda: LogCheckpoint.objects.all().delete())
    _delete_heads()
    code, out, problems = _run()
    assert code == 0 and problems == [] and "no_tree_head" in out
    code, out, problems = _run(log40)
    assert code == 1 and problems == ["state_truncated"] and "#40: " in out


def test_a_rehash_with_the_heads_left_in_place(log40):
    _tamper(lambda: LogCheckpoint.objects.all().delete())
    _rewrite(3, 33)
    _rebuild_tree()
    code, _, problems = _run()  # without state: the signed head no longer matches the entries
    assert code == 1 and problems == ["head_root_mismatch"]
    assert _run(log40)[2] == ["head_root_mismatch", "state_rewritten"]


def test_b_rewrite_the_last_entries(log40):
    _rewrite(38, 40)
    code, _, problems = _run()
    assert code == 1 and problems == ["head_root_mismatch", "tree_node_altered"]
    assert _run(log40)[2] == ["head_root_mismatch", "state_rewritten", "tree_node_altered"]


def test_b_rewrite_the_last_entries_and_delete_their_heads(log40):
    _rewrite(38, 40)
    _delete_heads(from_size=38)
    _rebuild_tree()
    code, out, problems = _run()  # every append signs a head: entries without one are a deletion
    assert code == 1 and problems == ["entries_unsigned"] and "#38–#40" in out
    assert _run(log40)[2] == ["entries_unsigned", "state_rewritten", "state_truncated"]


def test_c_delete_the_last_entry(log40):
    _delete_last_entry(with_head_and_nodes=False)
    code, out, problems = _run()  # the latest signed head covers 40 entries, the tree has a node for #40
    assert code == 1 and problems == ["log_truncated", "tree_beyond_log"]
    assert "state_truncated" in _run(log40)[2]


def test_c_delete_the_last_entry_with_its_head_and_nodes(log40):
    _delete_last_entry(with_head_and_nodes=True)
    assert _run()[0] == 0  # a consistent log of 39 entries, as it was before #40 was appended...
    code, out, problems = _run(log40)  # ...but the monitor saw 40
    assert code == 1 and problems == ["state_truncated"]
    assert "39" in out and "40" in out and "quay lui" in out


def test_d_a_fork_of_the_same_size(log40):
    _rewrite(5, 5)
    _rebuild_tree()
    _resign_all()
    assert _run()[0] == 0  # self-consistent, signed with the right key
    code, out, problems = _run(log40)
    assert code == 1 and problems == ["state_fork", "state_rewritten"]
    assert "rẽ nhánh" in out and "forked" in out


def test_a_monitor_follows_a_growing_log(log40):
    _append(7)
    code, out, _ = _run(log40)
    assert code == 0 and "tree head 47" in out
    assert json.loads(log40.read_text())["tree_head"]["tree_size"] == 47
    assert _run(log40)[0] == 0  # the same head again


def test_state_file_problems(log40, tmp_path):
    log40.write_text("{not json")
    assert _run(log40)[0] == 2
    log40.write_text(json.dumps({"version": 1, "public_key": t.public_key_b64(), "tree_head": {"tree_size": 3}}))
    assert _run(log40)[0] == 2
    head = t.latest_tree_head()
    forged = {**head, "root_hash": "0" * 64}  # a state file edited by hand does not verify
    log40.write_text(json.dumps({"version": 1, "public_key": t.public_key_b64(), "tree_head": forged}))
    code, out, _ = _run(log40)
    assert code == 2 and "state file" in out
    fresh = tmp_path / "sub" / "new.json"
    assert _run(fresh)[0] == 0 and json.loads(fresh.read_text())["tree_head"] == head


def test_state_pins_the_key(log40):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    state = json.loads(log40.read_text())
    other = Ed25519PrivateKey.generate()
    import base64

    state["public_key"] = base64.b64encode(other.public_key().public_bytes_raw()).decode()
    state["tree_head"] = None
    log40.write_text(json.dumps(state))
    code, _, problems = _run(log40)  # the local key is not the pinned one
    assert code == 1 and "head_unknown_key" in problems


# --- through a running server (the public JSON only) --------------------------------------------


@pytest.fixture
def served(live_server, tmp_path):
    _append(12)
    state = tmp_path / "monitor.json"
    for quick in (False, True):
        code, out, _ = _run(state, url=live_server.url, quick=quick)
        assert code == 0, out
    assert json.loads(state.read_text())["tree_head"]["tree_size"] == 12
    return live_server.url, state


@pytest.mark.django_db(transaction=True)
def test_url_rewrite(served):
    url, state = served
    _append(3)
    assert _run(state, url=url, quick=True)[0] == 0  # the new head extends the saved one: saved (15)
    _rewrite(5, 6)
    _rebuild_tree()  # the proofs are served from this tree
    code, out, problems = _run(url=url)  # without state: the signed head contradicts the entries
    assert code == 1 and problems == ["head_root_mismatch"]
    code, out, problems = _run(state, url=url, quick=True)  # a few requests: the proofs fail
    assert code == 1 and problems == ["inclusion_invalid"]
    _append(2)  # the application goes on appending over the rewritten entries
    code, out, problems = _run(state, url=url, quick=True)
    assert code == 1 and problems == ["state_inconsistent"], out
    code, out, problems = _run(state, url=url)
    # The new head was computed over the rewritten tree, so it matches it: only the saved head tells.
    assert code == 1 and problems == ["state_inconsistent", "state_rewritten"]
    assert json.loads(state.read_text())["tree_head"]["tree_size"] == 15


@pytest.mark.django_db(transaction=True)
def test_url_a_delete_checkpoints_and_heads_and_rehash(served):
    """(a) through the public JSON: the server shows a self-consistent log with no signature at
    all; only the saved head tells it was rewritten (and, --quick, that heads went missing)."""
    url, state = served
    before = state.read_bytes()
    _tamper(lambda: LogCheckpoint.objects.all().delete())
    _delete_heads()
    _rewrite(3, 9)
    _rebuild_tree()
    code, out, problems = _run(url=url)
    assert code == 0 and "no_tree_head" in out  # nothing signed left to contradict
    code, out, problems = _run(state, url=url, quick=True)
    assert code == 1 and problems == ["state_truncated"], out
    code, out, problems = _run(state, url=url)
    assert code == 1 and problems == ["state_rewritten", "state_truncated"], out
    assert state.read_bytes() == before


@pytest.mark.django_db(transaction=True)
def test_url_delete_the_heads_only(served):
    url, state = served
    _delete_heads(from_size=10)  # the last three heads: the proofs now stop at 9 entries
    code, out, problems = _run(state, url=url, quick=True)
    assert code == 1 and problems == ["state_truncated"], out
    code, out, problems = _run(state, url=url)
    assert code == 1 and "state_truncated" in problems


@pytest.mark.django_db(transaction=True)
def test_url_truncation(served):
    url, state = served
    _delete_last_entry(with_head_and_nodes=True)
    assert _run(url=url)[0] == 0  # a consistent 11-entry log to whoever did not see #12
    for quick in (True, False):
        code, out, problems = _run(state, url=url, quick=quick)
        assert code == 1 and problems == ["state_truncated"], out
    _delete_last_entry(with_head_and_nodes=False)  # #11 alone: its head stays
    code, out, problems = _run(url=url)
    assert code == 1 and "log_truncated" in problems


@pytest.mark.django_db(transaction=True)
def test_url_fork(served):
    url, state = served
    _rewrite(3, 3)
    _rebuild_tree()
    _resign_all()
    assert _run(url=url)[0] == 0  # signed with the right key, consistent in itself
    code, out, problems = _run(state, url=url, quick=True)
    assert code == 1 and problems == ["state_fork"]
    _append(1)
    _resign_all()
    code, out, problems = _run(state, url=url, quick=True)  # a larger forked head: no consistency proof
    assert code == 1 and problems == ["state_inconsistent"]
    assert _run(state, url=url)[2] == ["state_inconsistent", "state_rewritten"]


@pytest.mark.django_db(transaction=True)
def test_url_key_pinned_by_the_state_file(served):
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    url, state = served
    saved = json.loads(state.read_text())
    other = base64.b64encode(Ed25519PrivateKey.generate().public_key().public_bytes_raw()).decode()
    state.write_text(json.dumps({**saved, "public_key": other, "tree_head": None}))
    code, out, problems = _run(state, url=url, quick=True)  # the server signs with another key than the pinned one
    assert code == 1 and problems == ["head_unknown_key", "key_changed"] and "--public-key" in out
    code, out, problems = _run(state, url=url, quick=True, public_key=t.public_key_b64())  # a new key, announced
    assert code == 0 and json.loads(state.read_text())["public_key"] == t.public_key_b64()
