"""`danchu check --deploy`: what a province's server must have before it serves citizens.

Django's own deploy checks (security.W0xx) are warnings; these are errors, so the command fails
(exit 1) and names each problem in Vietnamese, then English. With the unit-path check of `danchu
check` (danchu.units.E001), which runs in every check, deploy or not.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Warning, register

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1", ""}


def _e(n: int, vi: str, en: str, hint: str = "") -> Error:
    return Error(f"{vi} ({en})", hint=hint or None, id=f"danchu.ops.E{n:03d}")


def _w(n: int, vi: str, en: str, hint: str = "") -> Warning:
    return Warning(f"{vi} ({en})", hint=hint or None, id=f"danchu.ops.W{n:03d}")


def _key_problem(*, source: str, value: str, path: Path, name: str, name_en: str, file_var: str, n: int) -> list:
    """A 32-byte key (base64) given by the environment or by a file; generated on this machine is refused."""
    if source == "generated":
        return [_e(n, f"Khóa {name} do máy tự sinh trong thư mục dữ liệu ({path}): mỗi máy một khóa khác, mất thư mục "
                      "là mất khóa.",
                   f"The {name_en} key was generated on this machine in the data directory: each server would have "
                   "its own, and losing the directory loses it.",
                   f"Đặt khóa qua biến môi trường hoặc tệp {file_var} do kho bí mật cung cấp, sao lưu riêng. "
                   f"(Give the key by environment or by {file_var} from a secrets manager; back it up.)")]
    if source == "file":
        try:
            value = path.read_text().strip()
        except OSError as exc:
            return [_e(n, f"Không đọc được tệp khóa {name} ({file_var}={path}): {exc.strerror}.",
                       f"Cannot read the {name_en} key file {file_var}={path}: {exc.strerror}.")]
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        return [_e(n, f"Khóa {name} phải là 32 byte mã hóa base64.", f"The {name_en} key must be 32 bytes, base64.")]
    out = []
    if source == "file" and path.stat().st_mode & 0o077:
        out.append(_w(n, f"Tệp khóa {name} ({path}) người khác trên máy đọc được; nên để quyền 0600.",
                      f"The {name_en} key file {path} is readable by other users; make it 0600."))
    return out


@register("danchu", deploy=True)
def deploy_settings(app_configs=None, **kwargs):
    out = []
    if settings.DEBUG:
        out.append(_e(1, "DEBUG đang bật: trang lỗi lộ mã nguồn và cấu hình.",
                      "DEBUG is on: error pages show code and settings.", "Bỏ biến DEBUG. (Unset DEBUG.)"))
    source = getattr(settings, "SECRET_KEY_SOURCE", "environment")
    if not settings.SECRET_KEY or source == "generated":
        out.append(_e(2, "SECRET_KEY do máy tự sinh trong thư mục dữ liệu (hoặc trống).",
                      "SECRET_KEY was generated on this machine in the data directory (or is empty).",
                      "Đặt SECRET_KEY hoặc SECRET_KEY_FILE. (Set SECRET_KEY or SECRET_KEY_FILE.)"))
    out += _key_problem(source=getattr(settings, "DANCHU_IDENTITY_KEY_SOURCE", "generated"),
                        value=settings.DANCHU_IDENTITY_KEY, path=Path(settings.DANCHU_IDENTITY_KEY_FILE),
                        name="mã hóa danh tính người tố cáo", name_en="identity", file_var="DANCHU_IDENTITY_KEY_FILE", n=3)
    out += _key_problem(source=getattr(settings, "DANCHU_LOG_KEY_SOURCE", "generated"),
                        value=settings.DANCHU_LOG_SIGNING_KEY, path=Path(settings.DANCHU_LOG_KEY_FILE),
                        name="ký nhật ký minh bạch", name_en="log-signing", file_var="DANCHU_LOG_KEY_FILE", n=4)
    hosts = [h.strip().lower() for h in settings.ALLOWED_HOSTS]
    if not hosts or "*" in hosts or all(h in LOOPBACK_HOSTS for h in hosts):
        out.append(_e(5, "ALLOWED_HOSTS chưa đặt tên miền của trang (chỉ có localhost, trống hoặc '*').",
                      "ALLOWED_HOSTS does not name the site's domain (only localhost, empty or '*').",
                      "Ví dụ ALLOWED_HOSTS=danchu.ninhbinh.gov.vn"))
    if not settings.CSRF_TRUSTED_ORIGINS:
        out.append(_e(6, "CSRF_TRUSTED_ORIGINS chưa đặt.", "CSRF_TRUSTED_ORIGINS is not set.",
                      "Ví dụ CSRF_TRUSTED_ORIGINS=https://danchu.ninhbinh.gov.vn"))
    tls = bool(getattr(settings, "DANCHU_HTTPS", False) or settings.SECURE_SSL_REDIRECT
               or settings.SECURE_PROXY_SSL_HEADER or settings.SESSION_COOKIE_SECURE)
    if not tls:
        out.append(_e(7, "Chưa cấu hình HTTPS: mật khẩu và phiếu biểu quyết đi qua mạng không mã hóa.",
                      "HTTPS is not configured: passwords and ballots would travel unencrypted.",
                      "Chạy sau proxy TLS, đặt DANCHU_HTTPS=1 và DANCHU_TRUSTED_PROXIES=1. (Serve behind a TLS proxy with DANCHU_HTTPS=1 and DANCHU_TRUSTED_PROXIES=1.)"))
    elif settings.SECURE_HSTS_SECONDS <= 0:
        out.append(_e(8, "Đang chạy sau HTTPS nhưng HSTS tắt: trình duyệt vẫn có thể bị hạ xuống HTTP.",
                      "Behind HTTPS with HSTS off: browsers can still be downgraded to HTTP.",
                      "Đặt SECURE_HSTS_SECONDS (ví dụ 31536000). (Set SECURE_HSTS_SECONDS, e.g. 31536000.)"))
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3") and int(getattr(settings, "DANCHU_WEB_WORKERS", 0)) > 1:
        out.append(_e(9, f"SQLite với {settings.DANCHU_WEB_WORKERS} tiến trình web: các lần ghi sẽ phải chờ nhau "
                         "(database is locked).",
                      f"SQLite with {settings.DANCHU_WEB_WORKERS} web workers: writes would queue and fail.",
                      "Dùng PostgreSQL (DATABASE_URL) hoặc DANCHU_WEB_WORKERS=1."))
    if getattr(settings, "DANCHU_STORAGE", "local") == "s3" and not getattr(settings, "DANCHU_S3_BUCKET", ""):
        out.append(_e(13, "DANCHU_STORAGE=s3 nhưng chưa đặt DANCHU_S3_BUCKET: tệp tải lên không lưu được.",
                      "DANCHU_STORAGE=s3 but DANCHU_S3_BUCKET is not set: uploads cannot be stored.",
                      "Đặt DANCHU_S3_BUCKET (một bucket riêng tư), hoặc bỏ DANCHU_STORAGE để lưu trên ổ đĩa. "
                      "(Set DANCHU_S3_BUCKET to a private bucket, or unset DANCHU_STORAGE to keep files on disk.)"))
    if getattr(settings, "SENTRY_DSN", "") and not getattr(settings, "SENTRY_ACTIVE", False):
        out.append(_w(1, "Đã đặt SENTRY_DSN nhưng chưa cài sentry-sdk: lỗi không được gửi đi.",
                      "SENTRY_DSN is set but sentry-sdk is not installed: errors are not sent.",
                      "pip install sentry-sdk"))
    metrics_open = [a for a in getattr(settings, "DANCHU_METRICS_ALLOW", []) if _is_wide(a)]
    if metrics_open:
        out.append(_w(2, f"/metrics mở cho cả mạng {', '.join(metrics_open)}.",
                      f"/metrics is open to the whole network {', '.join(metrics_open)}."))
    return out


def _is_wide(entry: str) -> bool:
    try:
        net = ipaddress.ip_network(entry, strict=False)
    except ValueError:
        return False
    return net.prefixlen == 0


@register("danchu", deploy=True)
def deploy_processes(app_configs=None, **kwargs):
    """The database answers, every migration is applied, and a task worker reported recently."""
    from django.db import DatabaseError, connection

    from danchu.core import health

    try:
        connection.ensure_connection()
        pending = health.unapplied_migrations()
    except DatabaseError as exc:
        return [_e(10, f"Không kết nối được cơ sở dữ liệu ({type(exc).__name__}).",
                   f"Cannot reach the database ({type(exc).__name__}).")]
    out = []
    if pending:
        out.append(_e(11, f"Còn {len(pending)} bước chuyển đổi cơ sở dữ liệu chưa chạy.",
                      f"{len(pending)} migrations are not applied.", "danchu migrate"))
        return out
    if health.worker_needed():
        age = health.heartbeat_age("worker")
        limit = health.heartbeat_max_age()
        if age is None or age > limit:
            seen = "chưa từng báo" if age is None else f"báo lần cuối {int(age)} giây trước"
            seen_en = "never reported" if age is None else f"last reported {int(age)} s ago"
            out.append(_e(12, f"Không có tiến trình chạy tác vụ nền ({seen}): báo cáo tạo trong nền sẽ chờ mãi.",
                          f"No task worker is alive ({seen_en}): background exports would wait forever.",
                          "Chạy `danchu worker` (và `danchu schedule`), rồi kiểm tra lại. "
                          "(Start `danchu worker` and `danchu schedule`, then check again.)"))
    return out

