from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from danchu.core.pillars import PILLARS


@require_GET
def home(request):
    return render(request, "core/home.html", {"pillars": PILLARS})


def _error(request, status: int, title: str, message: str):
    return render(request, "core/error.html", {"title": title, "message": message}, status=status)


def bad_request(request, exception=None, status: int = 400):
    """Django's 400 page, and the page for a refused input (core.inputs): a DomainError shows its own
    Vietnamese message."""
    from danchu.core.errors import DomainError

    if isinstance(exception, DomainError):
        title = _("Dữ liệu gửi lên quá lớn") if status == 413 else _("Yêu cầu không hợp lệ")
        return _error(request, status, title, exception.message)
    return _error(request, 400, _("Yêu cầu không hợp lệ"), _("Yêu cầu gửi lên không hợp lệ. Vui lòng kiểm tra và thử lại."))


def permission_denied(request, exception=None):
    # A refusal with its own reason (core.access / a service's finer rule) shows that reason.
    reason = str(exception) if exception is not None and str(exception) else ""
    return _error(request, 403, _("Không có quyền"), reason or _("Bạn không có quyền xem hoặc thực hiện thao tác này."))


def page_not_found(request, exception=None):
    return _error(request, 404, _("Không tìm thấy"), _("Trang hoặc dữ liệu bạn tìm không tồn tại, hoặc bạn không có quyền xem."))


def server_error(request):
    return _error(request, 500, _("Lỗi hệ thống"), _("Đã xảy ra lỗi. Thao tác chưa được ghi nhận; vui lòng thử lại sau."))
