"""Public, read-only JSON of the transparency log at /log/ (no sign-in; verifiable offline).

    /log/                              summary: the latest signed tree head, size, chain head hash,
                                       latest checkpoint, public key, subjects
    /log/entries/?after=N&limit=M      entries with seq > N, in order (keyset pagination)
    /log/entries/<seq>/                one entry
    /log/checkpoints/?after=N&limit=M  signed checkpoints (the chain's first anchor)
    /log/key/                          the Ed25519 public key
    /log/records/<type>/?after=N       current content hashes of one kind of record (its public
                                       records, as the application shows them now); &content=1
                                       adds each record's canonical public content (`payload`)
    /log/objects/<type>/<id>/          every entry about one record (its history)
    /log/proof/inclusion?index=I&size=N      audit path of leaf I (0-based; entry seq I+1, or
                                             ?seq=S instead of index) in the tree of N entries
                                             (N defaults to the latest signed head's size)
    /log/proof/consistency?first=M&second=N  consistency proof between the trees of M and N entries

Proofs follow RFC 9162 §2.1.3–2.1.4 (hashes hex); sizes go up to the latest signed tree head.
A bad parameter gets 400 with {"code", "message" (Vietnamese), "message_en", "field"}.
"""

import re

from django.http import Http404, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import transparency

MAX_LIMIT = 1000


def _json(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=10"
    return response


def _int(request, name: str, default: int, lo: int, hi: int) -> int:
    try:
        value = int(request.GET.get(name, default))
    except (TypeError, ValueError):
        value = default
    return max(lo, min(hi, value))


@require_GET
def log_index(request):
    data = transparency.log_summary()
    data["links"] = {
        "entries": request.build_absolute_uri(reverse("log:entries")),
        "checkpoints": request.build_absolute_uri(reverse("log:checkpoints")),
        "key": request.build_absolute_uri(reverse("log:key")),
        "inclusion_proof": request.build_absolute_uri(reverse("log:proof_inclusion")) + "?index={index}&size={size}",
        "consistency_proof": request.build_absolute_uri(reverse("log:proof_consistency")) + "?first={m}&second={n}",
    }
    data["about"] = (
        "Nhật ký minh bạch: chuỗi băm SHA-256 chỉ ghi thêm trong một cây Merkle (RFC 9162), đầu cây "
        "ký Ed25519 sau mỗi lần ghi. Theo dõi: danchu verify-log --url <địa chỉ máy chủ> --state monitor.json. "
        "Append-only SHA-256 hash chain in a Merkle tree (RFC 9162) with an Ed25519-signed tree head "
        "after every append."
    )
    return _json(data)


@require_GET
def log_entries(request):
    after = _int(request, "after", 0, 0, 2**62)
    limit = _int(request, "limit", 500, 1, MAX_LIMIT)
    items = transparency.entries_page(after=after, limit=limit)
    nxt = None
    if len(items) == limit:
        nxt = request.build_absolute_uri(f"{reverse('log:entries')}?after={items[-1]['seq']}&limit={limit}")
    return _json({"entries": items, "next": nxt})


@require_GET
def log_entry(request, seq: int):
    item = transparency.entry_get(seq)
    if item is None:
        raise Http404
    return _json(item)


@require_GET
def log_checkpoints(request):
    after = _int(request, "after", 0, 0, 2**62)
    limit = _int(request, "limit", 500, 1, MAX_LIMIT)
    items = transparency.checkpoints_page(after=after, limit=limit)
    nxt = None
    if len(items) == limit:
        nxt = request.build_absolute_uri(f"{reverse('log:checkpoints')}?after={items[-1]['seq']}&limit={limit}")
    return _json({"checkpoints": items, "next": nxt})


@require_GET
def log_key(request):
    return _json(transparency.public_key_info())


@require_GET
def log_records(request, object_type: str):
    if object_type not in transparency.subjects():
        raise Http404
    after = _int(request, "after", 0, 0, 2**62)
    limit = _int(request, "limit", 500, 1, MAX_LIMIT)
    content = request.GET.get("content") == "1"
    items = transparency.records_page(object_type, after=after, limit=limit, content=content)
    nxt = None
    if len(items) == limit:
        nxt = request.build_absolute_uri(
            f"{reverse('log:records', args=[object_type])}?after={items[-1]['object_id']}&limit={limit}"
            + ("&content=1" if content else "")
        )
    return _json({"object_type": object_type, "records": items, "next": nxt})


@require_GET
def log_object(request, object_type: str, object_id: str):
    return _json({"object_type": object_type, "object_id": object_id,
                  "entries": transparency.entries_for_object(object_type, object_id)})


# --- Merkle tree proofs (RFC 9162) ---------------------------------------------------------------

_INT = re.compile(r"[0-9]{1,18}")


class _BadParameter(Exception):
    def __init__(self, field: str, message: str, message_en: str, code: str = "invalid_parameter", status: int = 400):
        super().__init__(message_en)
        self.field, self.message, self.message_en, self.code, self.status = field, message, message_en, code, status

    def response(self) -> JsonResponse:
        response = _json({"code": self.code, "message": self.message, "message_en": self.message_en,
                          "field": self.field}, status=self.status)
        response["Cache-Control"] = "no-store"
        return response


def _param(request, name: str, *, required: bool = True) -> int | None:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        if not required:
            return None
        raise _BadParameter(name, f"Thiếu tham số {name} (một số nguyên không âm).",
                            f"Missing parameter {name} (a non-negative integer).")
    if not _INT.fullmatch(raw):
        raise _BadParameter(name, f"Tham số {name} phải là một số nguyên không âm (tối đa 18 chữ số).",
                            f"Parameter {name} must be a non-negative integer (at most 18 digits).")
    return int(raw)


def _size_bound() -> dict:
    head = transparency.latest_tree_head()
    if head is None:
        raise _BadParameter("size", "Nhật ký chưa có đầu cây nào được ký.", "The log has no signed tree head yet.",
                            code="no_tree_head", status=404)
    return head


def _tree_unavailable() -> JsonResponse:
    return _BadParameter("", "Cây Merkle của nhật ký chưa đầy đủ; xin thử lại sau.",
                         "The log's Merkle tree is incomplete; try again later.", code="tree_unavailable",
                         status=503).response()


@require_GET
def log_proof_inclusion(request):
    try:
        index = _param(request, "index", required=False)
        seq = _param(request, "seq", required=False)
        if (index is None) == (seq is None):
            raise _BadParameter("index", "Cần đúng một trong hai tham số index (từ 0) hoặc seq (từ 1).",
                                "Give exactly one of index (0-based leaf index) or seq (1-based entry number).")
        if seq is not None:
            if seq < 1:
                raise _BadParameter("seq", "Tham số seq phải từ 1 trở lên.", "Parameter seq must be at least 1.")
            index = seq - 1
        head = _size_bound()
        size = _param(request, "size", required=False)
        if size is None:
            size = head["tree_size"]
        if not 1 <= size <= head["tree_size"]:
            raise _BadParameter("size", f"Tham số size phải từ 1 đến {head['tree_size']} (cỡ của đầu cây đã ký mới nhất).",
                                f"Parameter size must be between 1 and {head['tree_size']} (the latest signed tree head).")
        if index >= size:
            raise _BadParameter("index", f"Chỉ số lá phải nhỏ hơn size ({size}): index từ 0 đến {size - 1}.",
                                f"The leaf index must be smaller than size ({size}): index 0 to {size - 1}.")
    except _BadParameter as exc:
        return exc.response()
    try:
        leaf, path = transparency.inclusion_proof(index, size)
    except transparency.TreeIncomplete:
        return _tree_unavailable()
    return _json({"leaf_index": index, "seq": index + 1, "tree_size": size, "leaf_hash": leaf.hex(),
                  "inclusion_path": [h.hex() for h in path],
                  "tree_head": head if size == head["tree_size"] else transparency.tree_head_at(size)})


@require_GET
def log_proof_consistency(request):
    try:
        first = _param(request, "first")
        second = _param(request, "second")
        head = _size_bound()
        if not 1 <= second <= head["tree_size"]:
            raise _BadParameter("second", f"Tham số second phải từ 1 đến {head['tree_size']} (cỡ của đầu cây đã ký mới nhất).",
                                f"Parameter second must be between 1 and {head['tree_size']} (the latest signed tree head).")
        if not 1 <= first <= second:
            raise _BadParameter("first", f"Tham số first phải từ 1 đến second ({second}).",
                                f"Parameter first must be between 1 and second ({second}).")
    except _BadParameter as exc:
        return exc.response()
    try:
        path = transparency.consistency_proof(first, second)
    except transparency.TreeIncomplete:
        return _tree_unavailable()
    return _json({"first": first, "second": second, "consistency_path": [h.hex() for h in path],
                  "first_tree_head": transparency.tree_head_at(first),
                  "second_tree_head": head if second == head["tree_size"] else transparency.tree_head_at(second)})
