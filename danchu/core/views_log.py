"""Public, read-only JSON of the transparency log at /log/ (no sign-in; verifiable offline).

    /log/                              summary: size, head hash, latest checkpoint, public key, subjects
    /log/entries/?after=N&limit=M      entries with seq > N, in order (keyset pagination)
    /log/entries/<seq>/                one entry
    /log/checkpoints/?after=N&limit=M  signed checkpoints
    /log/key/                          the Ed25519 public key
    /log/records/<type>/?after=N       current content hashes of one kind of record
    /log/objects/<type>/<id>/          every entry about one record (its history)
"""

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
    }
    data["about"] = (
        "Nhật ký minh bạch: chuỗi băm SHA-256 chỉ ghi thêm, điểm kiểm tra ký Ed25519. "
        "Kiểm tra: danchu verify-log --url <địa chỉ máy chủ>. "
        "Append-only SHA-256 hash chain with Ed25519-signed checkpoints."
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
    items = transparency.records_page(object_type, after=after, limit=limit)
    nxt = None
    if len(items) == limit:
        nxt = request.build_absolute_uri(
            f"{reverse('log:records', args=[object_type])}?after={items[-1]['object_id']}&limit={limit}"
        )
    return _json({"object_type": object_type, "records": items, "next": nxt})


@require_GET
def log_object(request, object_type: str, object_id: str):
    return _json({"object_type": object_type, "object_id": object_id,
                  "entries": transparency.entries_for_object(object_type, object_id)})
