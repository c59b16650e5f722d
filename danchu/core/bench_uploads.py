"""How much a worker grows when it is sent large uploads (core.uploads): the figures behind "an anonymous
POST of 8 × 60 MB does not grow a worker by more than 30 MB and is refused with 413, nothing saved".

Two ways to run it:

- in-process (default): the request goes through the WSGI handler of this very process — every
  middleware, the multipart parser, the upload handlers — with a body generated as it is read (never
  held in memory by the sender). Peak resident memory is read from /proc/self/status (VmHWM, reset
  through /proc/self/clear_refs before each case) and Python's own allocations with tracemalloc.

      DJANGO_SETTINGS_MODULE=danchu.config.settings.base python -m danchu.core.bench_uploads
      danchu bench --only uploads --yes          # the same cases, as entries of the benchmark suite

- against a running server (`danchu runserver`, `danchu serve`): `--url` and `--pid` of the worker to
  watch (its VmRSS/VmHWM before and after):

      python -m danchu.core.bench_uploads --url http://127.0.0.1:8000/u/T0A/phan-anh/gui/ --pid 12345

The cases: 8 × 60 MB with a Content-Length (refused before the body is read); the same with the total
limit raised above it, so that only the per-file limit applies while the files stream in; and one file
just under the per-file limit (accepted by the parser, kept on disk: above FILE_UPLOAD_MAX_MEMORY_SIZE).
Linux only (/proc). Measures; asserts nothing.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
import tracemalloc
from dataclasses import dataclass

MB = 1024 * 1024
BOUNDARY = "danchuBenchBoundary7MA4YWxkTrZu0gW"
CSRF = "b" * 32


@dataclass
class Result:
    case: str
    status: int
    seconds: float
    rss_before_mb: float
    peak_growth_mb: float  # VmHWM after − VmRSS before
    python_peak_mb: float  # tracemalloc peak (in-process only)
    answer: str

    def line(self) -> str:
        py = f", Python allocations peak {self.python_peak_mb:.1f} MB" if self.python_peak_mb >= 0 else ""
        return (f"{self.case}: HTTP {self.status} in {self.seconds:.1f} s; resident memory {self.rss_before_mb:.0f} MB "
                f"before, grew by at most {self.peak_growth_mb:.1f} MB{py}. {self.answer}")


def _status_kb(field: str, pid: int | str = "self") -> int:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


def _reset_peak(pid: int | str = "self") -> bool:
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as fh:
            fh.write("5")  # reset VmHWM to the current RSS (Linux ≥ 4.0)
        return True
    except OSError:
        return False


class MultipartBody(io.RawIOBase):
    """A multipart/form-data body of `files` parts of `size` bytes each, produced as it is read."""

    def __init__(self, *, files: int, size: int, fields: dict[str, str] | None = None):
        self.parts: list[bytes | tuple[int]] = []
        for name, value in (fields or {}).items():
            self.parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
                              .encode())
        for i in range(files):
            self.parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; '
                              f'filename="tep-{i + 1}.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode())
            self.parts.append((size,))
            self.parts.append(b"\r\n")
        self.parts.append(f"--{BOUNDARY}--\r\n".encode())
        self.length = sum(p[0] if isinstance(p, tuple) else len(p) for p in self.parts)
        self._index, self._offset = 0, 0
        self._pushback = b""

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        out = bytearray(self._pushback[:n] if n is not None and n >= 0 else self._pushback)
        self._pushback = self._pushback[len(out):]
        want = self.length if n is None or n < 0 else n
        while len(out) < want and self._index < len(self.parts):
            part = self.parts[self._index]
            size = part[0] if isinstance(part, tuple) else len(part)
            take = min(want - len(out), size - self._offset)
            if isinstance(part, tuple):  # file content: "%PDF-1.4" then zeros
                head = b"%PDF-1.4\n"[self._offset:self._offset + take] if self._offset < 9 else b""
                piece = head + b"0" * (take - len(head))
            else:
                piece = part[self._offset:self._offset + take]
            out += piece
            self._offset += take
            if self._offset >= size:
                self._index, self._offset = self._index + 1, 0
        return bytes(out)

    def readline(self, limit: int = -1) -> bytes:
        """As a WSGI server's input does it (gunicorn, wsgiref): up to the line break or `limit` bytes,
        held in memory meanwhile."""
        out = bytearray()
        while limit is None or limit < 0 or len(out) < limit:
            chunk = self.read(65536 if limit is None or limit < 0 else min(65536, limit - len(out)))
            if not chunk:
                break
            at = chunk.find(b"\n")
            if at >= 0:
                out += chunk[:at + 1]
                self._pushback = chunk[at + 1:] + self._pushback
                break
            out += chunk
        return bytes(out)


def _environ(path: str, body: MultipartBody) -> dict:
    return {
        "REQUEST_METHOD": "POST", "PATH_INFO": path, "SCRIPT_NAME": "", "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1", "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        # A browser's CSRF cookie and header, so that an upload within the limits reaches the view.
        "HTTP_COOKIE": f"csrftoken={CSRF}", "HTTP_X_CSRFTOKEN": CSRF,
        "CONTENT_LENGTH": str(body.length), "wsgi.input": body, "wsgi.errors": sys.stderr, "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http", "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
    }


def _answer_text(status: int, content: bytes) -> str:
    text = content.decode("utf-8", "replace")
    for marker in ("Tệp “", "Dữ liệu gửi lên quá lớn", '"message": "'):
        at = text.find(marker)
        if at >= 0:
            return text[at:at + 140].split("<")[0].split('",')[0].replace('"message": "', "")
    return f"({len(content)} bytes)"


def post_in_process(path: str, *, files: int, size: int, fields: dict[str, str] | None = None, case: str = "",
                    settings_overrides: dict | None = None) -> Result:
    """One POST through this process's WSGI handler; memory measured around it."""
    import django
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    django.setup()
    handler = WSGIHandler()
    # The pages' static files by name (no collectstatic manifest needed to measure uploads).
    plain = {"STORAGES": {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}}
    with override_settings(**plain):
        _call(handler, MultipartBody(files=0, size=0, fields={"warm": "up"}), path)  # imports, first-call costs
    body = MultipartBody(files=files, size=size, fields=fields)
    rss = _status_kb("VmRSS")
    _reset_peak()
    tracemalloc.start()
    started = time.perf_counter()
    with override_settings(**plain, **(settings_overrides or {})):
        status, content = _call(handler, body, path)
    seconds = time.perf_counter() - started
    _, py_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak = _status_kb("VmHWM")
    return Result(case or f"{files} × {size // MB} MB", status, seconds, rss / 1024, max(0, peak - rss) / 1024,
                  py_peak / MB, _answer_text(status, content))


def _call(handler, body: MultipartBody, path: str) -> tuple[int, bytes]:
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"] = int(status.split()[0])

    chunks = handler(_environ(path, body), start_response)
    try:
        content = b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    return captured["status"], content


def post_to_server(url: str, *, files: int, size: int, pid: int | None) -> Result:
    """The same body sent to a running server over HTTP; the worker `pid`'s memory read around it."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    body = MultipartBody(files=files, size=size)
    rss = _status_kb("VmRSS", pid) if pid else 0
    reset = _reset_peak(pid) if pid else False
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=600)
    started = time.perf_counter()
    conn.putrequest("POST", parts.path or "/")
    conn.putheader("Content-Type", f"multipart/form-data; boundary={BOUNDARY}")
    conn.putheader("Content-Length", str(body.length))
    conn.endheaders()
    status, content = 0, b""
    try:
        while chunk := body.read(MB):
            conn.send(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered before the end of the body and closed
    try:
        response = conn.getresponse()
        status, content = response.status, response.read()
    except (http.client.HTTPException, OSError) as exc:
        content = f"(no answer: {type(exc).__name__})".encode()
    seconds = time.perf_counter() - started
    after = (_status_kb("VmHWM", pid) if reset else _status_kb("VmRSS", pid)) if pid else 0
    return Result(f"{files} × {size // MB} MB → {url}", status, seconds, rss / 1024, max(0, after - rss) / 1024, -1,
                  _answer_text(status, content))


def in_process_cases(path: str = "/u/KHONG-CO/phan-anh/gui/") -> list[Result]:
    """The three cases of the module docstring, in this process. The path needs no database row: the
    limits act before the view (an unknown unit's page is fine)."""
    from django.conf import settings

    from danchu.core.uploads import per_file_limit

    per_file = per_file_limit()
    return [
        post_in_process(path, files=8, size=60 * MB, case="8 × 60 MB, anonymous"),
        post_in_process(path, files=8, size=60 * MB, case="8 × 60 MB, total limit raised (per-file limit only)",
                        settings_overrides={"DANCHU_UPLOAD_MAX_REQUEST_BYTES": 1024 * MB}),
        post_in_process(path, files=1, size=per_file - MB,
                        case=f"1 × {(per_file - MB) // MB} MB (under the limits; FILE_UPLOAD_MAX_MEMORY_SIZE "
                             f"{settings.FILE_UPLOAD_MAX_MEMORY_SIZE / MB:.1f} MB)"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="POST to this running server instead of in-process")
    parser.add_argument("--pid", type=int, help="the server worker's process id (its memory is read)")
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--size-mb", type=int, default=60)
    parser.add_argument("--path", default="/u/KHONG-CO/phan-anh/gui/", help="in-process: the page posted to")
    args = parser.parse_args(argv)
    if args.url:
        print(post_to_server(args.url, files=args.files, size=args.size_mb * MB, pid=args.pid).line())
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danchu.config.settings.base")
    for result in in_process_cases(args.path):
        print(result.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
