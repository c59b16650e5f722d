"""`danchu verify-log`: recompute the transparency log's chain and Merkle tree and check them.

    danchu verify-log                          the local database, with the local signing key
    danchu verify-log --url http://host:8000   a running server, through its public /log/ JSON only
    danchu verify-log --url ... --public-key B64   pin the key instead of trusting /log/key/
    danchu verify-log --url ... --state monitor.json   also check that the log still extends the
                                               signed tree head saved by the previous run, then save
                                               the new one (a monitor run from cron)
    danchu verify-log --url ... --state monitor.json --quick   only the signed heads and the proofs
                                               (a few small requests, whatever the log's size)

Locally the Merkle root is recomputed from every entry and compared with the latest signed tree
head (and with the saved head's root at its size). Against a server, the new head must be
signed, and proven consistent (RFC 9162 §2.1.4) with the saved one; without --quick every entry
is also downloaded and the root recomputed. The state file pins the public key the first time
(trust on first use) unless --public-key is given.

Exit status 0 when everything verifies (the state file is then updated), 1 when a problem is
found (each printed with the entry it breaks, in Vietnamese and English; the state file is left
as it was), 2 when the server or the state file cannot be read.
"""

import datetime as dt
import json
import os
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from danchu.core import transparency

STATE_VERSION = 1
_HEX = frozenset("0123456789abcdef")


def _get(url: str, timeout: float = 30.0) -> dict:
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        raise CommandError(f"chỉ hỗ trợ địa chỉ http(s) / only http(s) URLs are supported: {url}", returncode=2)
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "danchu-verify-log"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
            return json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, ValueError, TimeoutError) as exc:
        raise CommandError(f"không đọc được / cannot read {url}: {exc}", returncode=2) from exc


def _pages(first_url: str, key: str):
    url = first_url
    while url:
        data = _get(url)
        yield from data[key]
        url = data.get("next")


def _hex32(value) -> bytes | None:
    if not isinstance(value, str) or len(value) != 64 or not set(value) <= _HEX:
        return None
    return bytes.fromhex(value)


def _valid_head(head) -> bool:
    return (isinstance(head, dict) and type(head.get("tree_size")) is int and head["tree_size"] >= 1
            and _hex32(head.get("root_hash")) is not None
            and all(isinstance(head.get(k), str) for k in ("timestamp", "key_id", "signature")))


def _consistency(verifier, base: str, saved: dict, head: dict) -> bool | None:
    """Fetch and check the consistency proof from the saved head to `head`; None when not needed."""
    first, second = saved["tree_size"], head["tree_size"]
    if first >= second:
        return None
    try:
        data = _get(f"{base}/log/proof/consistency?first={first}&second={second}")
        path = [_hex32(h) for h in data["consistency_path"]]
    except (CommandError, KeyError, TypeError) as exc:
        verifier.problem("proof_unavailable", first,
                         f"the server gives no consistency proof from {first} to {second} entries ({exc})",
                         f"máy chủ không cấp bằng chứng nhất quán từ {first} đến {second} mục ({exc})")
        return None
    if any(h is None for h in path):
        return False
    return transparency.verify_consistency(first=first, second=second, first_root=bytes.fromhex(saved["root_hash"]),
                                           second_root=bytes.fromhex(head["root_hash"]), path=path)


def _check_last_inclusion(verifier, base: str, head: dict, leaf: bytes | None = None) -> None:
    """The last entry of the head is proven to be in it (the proof service is checked too)."""
    size = head["tree_size"]
    try:
        if leaf is None:
            e = _get(f"{base}/log/entries/{size}/")
            leaf = transparency.leaf_hash(transparency.header_bytes(
                seq=e["seq"], at=e["at"], kind=e["kind"], object_type=e["object_type"], object_id=e["object_id"],
                payload_sha256=e["payload_sha256"], prev_hash=e["prev_hash"]))
        data = _get(f"{base}/log/proof/inclusion?index={size - 1}&size={size}")
        path = [_hex32(h) for h in data["inclusion_path"]]
    except (CommandError, KeyError, TypeError) as exc:
        verifier.problem("proof_unavailable", size, f"the server gives no inclusion proof for entry #{size} ({exc})",
                         f"máy chủ không cấp bằng chứng bao hàm cho mục #{size} ({exc})")
        return
    if any(h is None for h in path) or not transparency.verify_inclusion(
            index=size - 1, size=size, leaf=leaf, path=path, root=bytes.fromhex(head["root_hash"])):
        verifier.problem("inclusion_invalid", size,
                         f"the inclusion proof of entry #{size} does not verify against the signed tree head",
                         f"bằng chứng bao hàm của mục #{size} không khớp với đầu cây đã ký")


def verify_remote(base: str, *, public_key: str | None = None, check_records: bool = True,
                  saved_head: dict | None = None, quick: bool = False,
                  pinned_key: str | None = None) -> transparency.VerifyReport:
    """`public_key`: the key to trust (else the server's); `pinned_key`: the one a state file pinned
    (used when no public_key is given; a server showing another one is reported)."""
    base = base.rstrip("/")
    summary = _get(f"{base}/log/")
    served = (summary.get("key") or {}).get("public_key")
    key = public_key or pinned_key or served
    keys = {transparency.key_id_of(key): key}
    verifier = transparency.Verifier()
    verifier.report.public_key = key
    if not public_key and pinned_key and served != pinned_key:
        verifier.problem(
            "key_changed", None,
            "the server's signing key differs from the one pinned in the state file: if the operator announced a "
            "new key through an official channel, run again with --public-key NEW_KEY",
            "khoá ký của máy chủ khác với khoá đã ghim trong tệp trạng thái: nếu đơn vị vận hành đã công bố khoá "
            "mới qua kênh chính thức, chạy lại với --public-key KHOÁ_MỚI")
    head = summary.get("tree_head")
    if head is not None and not _valid_head(head):
        verifier.problem("head_malformed", None, "the server's tree head is malformed",
                         "đầu cây máy chủ trả về bị sai định dạng")
        head = None
    head_ok = head is not None and verifier.head_signature_ok(head, keys)
    if head is None and summary.get("size"):
        verifier.warning("no_tree_head", None, "the server shows no signed tree head",
                         "máy chủ không đưa ra đầu cây nào đã ký")
    consistent = None
    if saved_head is not None and head_ok:
        consistent = _consistency(verifier, base, saved_head, head)
    if quick:
        if head_ok:
            _check_last_inclusion(verifier, base, head)
    else:
        cps = list(_pages(f"{base}/log/checkpoints/?after=0&limit=1000", "checkpoints"))
        verifier.want_hashes_at(c["seq"] for c in cps)
        verifier.want_roots_at([head["tree_size"] if head else 0, saved_head["tree_size"] if saved_head else 0])
        for e in _pages(f"{base}/log/entries/?after=0&limit=1000", "entries"):
            verifier.entry(seq=e["seq"], at=e["at"], kind=e["kind"], object_type=e["object_type"], object_id=e["object_id"],
                           payload_text=transparency.canonical_json(e["payload"]), payload_sha256=e["payload_sha256"],
                           prev_hash=e["prev_hash"], hash=e["hash"])
        verifier.checkpoints(cps, keys)
        verifier.report.tree_size = verifier.tree.size
        # Entries appended after /log/ was read are fine: the head covers a prefix.
        if head_ok and verifier.check_head(head, None):
            _check_last_inclusion(verifier, base, head)
        if check_records:
            # The records' current public content, hashed here (not the server's word for the hash);
            # a record that differs from its entry is named with the fields that changed.
            for otype in summary.get("subjects", []):
                verifier.records(otype, _pages(f"{base}/log/records/{otype}/?after=0&limit=1000&content=1", "records"),
                                 logged=lambda seq: _get(f"{base}/log/entries/{seq}/").get("payload"))
    if saved_head is not None and (head is None or head_ok):  # a head that does not verify is reported already
        verifier.check_saved(saved_head, current=head, recomputed=not quick, consistent=consistent)
    if head_ok:
        verifier.report.tree_head = {k: head[k] for k in ("tree_size", "root_hash", "timestamp", "key_id", "signature")}
    return verifier.report


# --- the state file ---------------------------------------------------------------------------------


def load_state(path: Path) -> dict | None:
    """The state saved by an earlier run; None when the file does not exist yet (the first run)."""
    if not path.exists():
        return None
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(f"không đọc được tệp trạng thái / cannot read the state file {path}: {exc}",
                           returncode=2) from exc
    head = state.get("tree_head") if isinstance(state, dict) else None
    key = state.get("public_key") if isinstance(state, dict) else None
    if (not isinstance(state, dict) or state.get("version") != STATE_VERSION or not isinstance(key, str)
            or (head is not None and not _valid_head(head))):
        raise CommandError(f"tệp trạng thái sai định dạng / the state file {path} is not one verify-log wrote",
                           returncode=2)
    if head is not None and not transparency.tree_head_signature_ok(head, key):
        raise CommandError(f"đầu cây trong tệp trạng thái không khớp chữ ký / the tree head in the state file {path} "
                           "does not verify with its public key", returncode=2)
    return state


def save_state(path: Path, *, source: str, report: transparency.VerifyReport) -> None:
    """Written only after a run that found nothing: atomically (a crash leaves the previous state)."""
    state = {
        "version": STATE_VERSION,
        "log": transparency.LOG_ID,
        "source": source,
        "checked_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "public_key": report.public_key,
        "key_id": transparency.key_id_of(report.public_key),
        "tree_head": report.tree_head,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(state, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = ("Kiểm tra nhật ký minh bạch (chuỗi băm, cây Merkle, đầu cây đã ký, nội dung hiện hành) / "
            "verify the transparency log (hash chain, Merkle tree, signed tree head, current content).")

    def add_arguments(self, parser):
        parser.add_argument("--url", help="base URL of a running server (uses only its public /log/ endpoints)")
        parser.add_argument("--public-key", help="base64 Ed25519 public key to trust instead of the server's /log/key/ "
                                                 "(or the one pinned in the state file)")
        parser.add_argument("--state", metavar="FILE",
                            help="JSON file keeping the last verified signed tree head: the log must extend it "
                                 "(no rewrite, truncation or fork since); updated when everything verifies")
        parser.add_argument("--quick", action="store_true",
                            help="with --url: check only the signed tree head and its proofs, not every entry")
        parser.add_argument("--no-records", action="store_true", help="check the chain only, not the records' current content")

    def handle(self, *args, url=None, public_key=None, state=None, quick=False, no_records=False, **options):
        if quick and not url:
            raise CommandError("--quick chỉ dùng với --url / --quick goes with --url", returncode=2)
        started = time.perf_counter()
        state_path = Path(state) if state else None
        saved = load_state(state_path) if state_path else None
        saved_head = saved["tree_head"] if saved else None
        pinned = saved["public_key"] if saved else None
        if url:
            report = verify_remote(url, public_key=public_key, pinned_key=pinned, check_records=not no_records,
                                   saved_head=saved_head, quick=quick)
        else:
            report = transparency.verify_local(check_records=not no_records, public_key=public_key or pinned,
                                               saved_head=saved_head)
        elapsed = time.perf_counter() - started
        for problem in report.problems:
            self.stdout.write(str(problem))
        for warning in report.warnings:
            self.stdout.write(f"[cảnh báo / warning] {warning}")
        head = report.tree_head
        tree = f"tree head {head['tree_size']} ({head['root_hash'][:16]}…)" if head else "no signed tree head"
        summary = (f"{report.entries} entries, {report.checkpoints} checkpoints, {report.records} records, {tree}, "
                   f"checked in {elapsed:.2f} s")
        if report.ok:
            if state_path:
                save_state(state_path, source=url or "database", report=report)
            self.stdout.write(f"Hợp lệ / OK: {summary}" + (f"; saved to {state_path}" if state_path else ""))
            return
        kept = f"; the state file {state_path} was left unchanged" if state_path else ""
        raise CommandError(f"Phát hiện {len(report.problems)} vấn đề / {len(report.problems)} problem(s) found; "
                           f"{summary}{kept}", returncode=1)
