"""The one shape of every API error: {code, message (Vietnamese), message_en, details?}."""

from django.http import JsonResponse


def error_body(code: str, message: str, message_en: str = "", **extra) -> dict:
    body = {"code": code, "message": message}
    if message_en:
        body["message_en"] = message_en
    body.update({k: v for k, v in extra.items() if v not in (None, [], "")})
    return body


def json_error(status: int, code: str, message: str, message_en: str = "", **extra) -> JsonResponse:
    """For responses made outside a ninja operation (unknown path, wrong method, docs assets)."""
    return JsonResponse(error_body(code, message, message_en, **extra), status=status,
                        content_type="application/json; charset=utf-8", json_dumps_params={"ensure_ascii": False})


def not_found() -> JsonResponse:
    return json_error(404, "not_found", "Không tìm thấy.", "Not found.")
