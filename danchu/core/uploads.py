"""Uploads read with their limits applied while they arrive, so that a large or abusive request never
fills a worker's memory and nothing of it is saved.

Three layers, cheapest first:

1. `core.middleware.InputGuardMiddleware` refuses a request whose Content-Length is over
   DANCHU_UPLOAD_MAX_REQUEST_BYTES before reading a byte of it (413), and a multipart body without a
   boundary (400).
2. `QuotaUploadHandler`, first in FILE_UPLOAD_HANDLERS, counts the bytes of each file as Django's
   parser streams them (64 KB chunks) and stops the upload as soon as one file passes the per-file
   limit (the larger of DANCHU_ATTACHMENT_MAX_BYTES and DANCHU_MAX_UPLOAD_BYTES) or all files together
   pass DANCHU_UPLOAD_MAX_REQUEST_BYTES. The middleware answers 413 naming the file, and the view
   never runs.
3. FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) sends everything above it to a temporary file on disk
   (Django's TemporaryFileUploadHandler, after this one), and DATA_UPLOAD_MAX_NUMBER_FILES caps the
   count (Django answers 400).

In both refusals the rest of the body is read and thrown away 64 KB at a time (`discard_body`), so
that the client receives the answer, and neither the WSGI server nor Django reads it into memory
(Django's development server reads whatever is left in one piece when the answer is sent).

What passes is then checked by `core.attachments.check_upload` (type by content, per-file size).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

REFUSAL_ATTRIBUTE = "_danchu_upload_refused"


def size_text(n: int) -> str:
    """20971520 → "20 MB", 2621440 → "2,5 MB", 409600 → "400 KB" (Vietnamese decimal comma)."""
    if n < 1048576:
        return f"{n // 1024} KB"
    mb = n / 1048576
    return f"{mb:.0f} MB" if mb == int(mb) else f"{mb:.1f} MB".replace(".", ",")


def per_file_limit() -> int:
    return max(settings.DANCHU_ATTACHMENT_MAX_BYTES, settings.DANCHU_MAX_UPLOAD_BYTES)


def request_limit() -> int:
    return settings.DANCHU_UPLOAD_MAX_REQUEST_BYTES


@dataclass(frozen=True)
class Refusal:
    """Why an upload was stopped: one file over the per-file limit (`file_name` given) or the request
    as a whole over the total."""

    limit: int
    file_name: str = ""

    @property
    def message(self) -> str:
        mb = size_text(self.limit)
        if self.file_name:
            return f"Tệp “{self.file_name[:200]}” quá lớn: mỗi tệp tối đa {mb}. Không có gì được lưu."
        return f"Dữ liệu gửi lên quá lớn: tổng các tệp trong một lần gửi tối đa {mb}. Không có gì được lưu."

    @property
    def message_en(self) -> str:
        if self.file_name:
            return f"A file is larger than the limit of {self.limit} bytes per file. Nothing was saved."
        return f"The upload is larger than the limit of {self.limit} bytes per request. Nothing was saved."


class QuotaUploadHandler(FileUploadHandler):
    """Stops an upload as soon as a file or the whole request passes its limit (see the module)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.file_limit = per_file_limit()
        self.total_limit = request_limit()
        self.file_bytes = 0
        self.total_bytes = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file_bytes = 0

    def _refuse(self, refusal: Refusal):
        if self.request is not None:
            setattr(self.request, REFUSAL_ATTRIBUTE, refusal)
        # connection_reset=True: Django's own discarding of the rest reads it line by line, and a body
        # without line breaks would then be read into memory whole (gunicorn's readline buffers up to
        # the limit it is given). The middleware discards the rest in fixed-size reads instead.
        raise StopUpload(connection_reset=True)

    def receive_data_chunk(self, raw_data, start):
        self.file_bytes += len(raw_data)
        self.total_bytes += len(raw_data)
        if self.file_bytes > self.file_limit:
            self._refuse(Refusal(self.file_limit, self.file_name or "tep"))
        if self.total_bytes > self.total_limit:
            self._refuse(Refusal(self.total_limit))
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers (memory or temporary file) keep the data


def discard_body(request, chunk: int = 64 * 1024) -> None:
    """Read what is left of the request body and drop it, a chunk at a time."""
    try:
        while request.read(chunk):
            pass
    except OSError:
        pass  # the client went away


def refusal_of(request) -> Refusal | None:
    return getattr(request, REFUSAL_ATTRIBUTE, None)
