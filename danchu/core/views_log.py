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

People who follow a link get a page instead (Vietnamese first): /log/, /log/entries/, one entry and
one record's history answer HTML when the request prefers text/html (a browser's Accept), JSON
otherwise — a monitor (`danchu verify-log --url`, which sends Accept: application/json) sees the
same JSON at the same URLs as before. `?format=json` (the pages' "Dữ liệu gốc (JSON)" link) and
`?format=html` choose explicitly. Both carry `Vary: Accept`.
"""

import json
import re

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from . import transparency

MAX_LIMIT = 1000


def _json(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=10"
    patch_vary_headers(response, ["Accept"])
    return response


def _wants_html(request) -> bool:
    """A person's browser (Accept prefers text/html) gets the page; anything else the JSON."""
    chosen = request.GET.get("format")
    if chosen in ("json", "html"):
        return chosen == "html"
    return request.get_preferred_type(["application/json", "text/html"]) == "text/html"


def _page(request, template: str, context: dict, status: int = 200):
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "private, no-cache"  # the page carries the visitor's session (sign-in, CSRF)
    patch_vary_headers(response, ["Accept"])
    return response


def _raw(request) -> str:
    """The same URL asking for the JSON: the pages' "Dữ liệu gốc (JSON)" link."""
    query = request.GET.copy()
    query["format"] = "json"
    return f"{request.path}?{query.urlencode()}"


# What each kind of logged record is, in words, and where the public sees it. core cannot import the
# area apps; their public pages are reached by URL name, from what the entry itself says (its unit,
# its id). An organization's internal record has no public page (Law 10/2022 Arts. 46-48, 64-66).
SUBJECT_LABELS = {
    "disclosure": _("Thông tin công khai"),
    "decision": _("Việc nhân dân bàn và quyết định"),
    "decision_contribution": _("Khoản đóng góp của nhân dân"),
    "consultation": _("Báo cáo tiếp thu ý kiến góp ý"),
    "case": _("Phản ánh, kiến nghị, kết luận tố cáo"),
    "dialogue_commitment": _("Cam kết tại hội nghị đối thoại"),
    "dialogue_answer": _("Trả lời tại hội nghị đối thoại"),
    "movement_practice": _("Mô hình “Dân vận khéo”"),
    "oversight_inspection": _("Cuộc kiểm tra của Ban thanh tra nhân dân"),
    "oversight_supervision": _("Cuộc giám sát"),
    "oversight_recommendation": _("Kiến nghị của ban giám sát, kiểm tra"),
    "oversight_criticism": _("Phản biện xã hội"),
    "oversight_project": _("Công trình cộng đồng giám sát"),
}


def _public_url(object_type: str, payload) -> str | None:
    if not isinstance(payload, dict) or payload.get("organization") is not None:
        return None
    unit, pk = payload.get("unit"), payload.get("id")
    if not isinstance(unit, str) or not unit:
        return None
    routes = {
        "disclosure": lambda: reverse("disclosures:detail", args=[unit, pk]),
        "decision": lambda: reverse("decisions:public_detail", args=[unit, pk]),
        "decision_contribution": lambda: reverse("decisions:public_detail", args=[unit, payload["matter"]]),
        "consultation": lambda: reverse("consultations:detail", args=[pk]),
        "dialogue_commitment": lambda: reverse("dialogues:public_detail", args=[unit, payload["dialogue"]]),
        "dialogue_answer": lambda: reverse("dialogues:public_detail", args=[unit, payload["dialogue"]]),
        "movement_practice": lambda: reverse("movements:detail", args=[pk]),
        "case": lambda: (f"{reverse('cases:track')}?code={payload['tracking_code']}"
                         if payload.get("tracking_code") else None),
    }
    route = routes.get(object_type)
    if route is None and object_type.startswith("oversight_"):
        route = lambda: reverse("oversight:public", args=[unit])  # noqa: E731
    if route is None:
        return None
    try:
        return route()
    except (NoReverseMatch, KeyError, TypeError):
        return None


def _subject(object_type: str) -> str:
    return SUBJECT_LABELS.get(object_type, object_type)


def _int(request, name: str, default: int, lo: int, hi: int) -> int:
    try:
        value = int(request.GET.get(name, default))
    except (TypeError, ValueError):
        value = default
    return max(lo, min(hi, value))


@require_GET
def log_index(request):
    data = transparency.log_summary()
    if _wants_html(request):
        size = data["size"]
        return _page(request, "core/log_index.html", {
            "s": data, "raw": _raw(request), "latest_after": max(0, size - HTML_LIMIT),
            "subjects": [(t, _subject(t)) for t in data["subjects"]],
        })
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


HTML_LIMIT = 50  # entries on one page for people


@require_GET
def log_entries(request):
    if _wants_html(request):
        return _entries_page(request)
    after = _int(request, "after", 0, 0, 2**62)
    limit = _int(request, "limit", 500, 1, MAX_LIMIT)
    items = transparency.entries_page(after=after, limit=limit)
    nxt = None
    if len(items) == limit:
        nxt = request.build_absolute_uri(f"{reverse('log:entries')}?after={items[-1]['seq']}&limit={limit}")
    return _json({"entries": items, "next": nxt})


def _entries_page(request):
    """Entries in order, HTML_LIMIT a page; without ?after= the newest ones."""
    size = transparency.log_summary()["size"]
    limit = _int(request, "limit", HTML_LIMIT, 1, MAX_LIMIT)
    after = _int(request, "after", max(0, size - limit), 0, 2**62)
    items = transparency.entries_page(after=after, limit=limit)
    for item in items:
        item["subject"] = _subject(item["object_type"])
    return _page(request, "core/log_entries.html", {
        "entries": items, "size": size, "raw": _raw(request), "limit": limit,
        "newer": items[-1]["seq"] if items and items[-1]["seq"] < size else None,
        "older": max(0, after - limit) if after > 0 else None,
    })


@require_GET
def log_entry(request, seq: int):
    item = transparency.entry_get(seq)
    if item is None:
        raise Http404
    if _wants_html(request):
        return _entry_page(request, item)
    return _json(item)


def _entry_page(request, item: dict):
    seq = item["seq"]
    leaf = transparency.leaf_hash(transparency.header_bytes(
        seq=seq, at=item["at"], kind=item["kind"], object_type=item["object_type"], object_id=item["object_id"],
        payload_sha256=item["payload_sha256"], prev_hash=item["prev_hash"])).hex()
    head = transparency.latest_tree_head()
    path = None
    if head is not None and seq <= head["tree_size"]:
        try:
            path = [h.hex() for h in transparency.inclusion_proof(seq - 1, head["tree_size"])[1]]
        except transparency.TreeIncomplete:
            path = None
    size = transparency.log_summary()["size"]
    return _page(request, "core/log_entry.html", {
        "e": item, "subject": _subject(item["object_type"]), "raw": _raw(request), "leaf_hash": leaf,
        "leaf_index": seq - 1, "head": head, "inclusion_path": path,
        "public_url": _public_url(item["object_type"], item["payload"]),
        "payload_text": json.dumps(item["payload"], ensure_ascii=False, indent=2, sort_keys=True),
        "previous": seq - 1 if seq > 1 else None, "next": seq + 1 if seq < size else None,
        "proof_url": f"{reverse('log:proof_inclusion')}?seq={seq}",
    })


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
    entries = transparency.entries_for_object(object_type, object_id)
    if _wants_html(request):
        return _page(request, "core/log_object.html", {
            "object_type": object_type, "object_id": object_id, "subject": _subject(object_type), "entries": entries,
            "raw": _raw(request), "public_url": _public_url(object_type, entries[-1]["payload"]) if entries else None,
        })
    return _json({"object_type": object_type, "object_id": object_id, "entries": entries})


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
