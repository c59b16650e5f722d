"""Telling the citizen: e-mail (Django's mail backend) and an SMS/Zalo-ready interface.

DANCHU_SMS_BACKEND selects the text-message backend: "console" (development: a masked line on
stdout), "file" (JSON lines in DATA_DIR/outbox/sms.jsonl, mode 0600, for a gateway to pick up) or
"none". A real SMS or Zalo OA gateway implements `send(to, text)` and is named here. Messages go
out after the commit.

The development backends print neither a phone number, an e-mail address nor a message body: a
number shows as "09xx xxx 678", an address as "b***@example.vn", and a message only by its length,
because a body names a case by its tracking code (which opens the person's own tracking page) and a
server log is read by people who must not learn who wrote to the commune (Law on Denunciations
Arts. 9(1), 47; Law 10/2022 Art. 9(2)). `ConsoleEmailBackend` replaces Django's console backend for
the same reason (settings EMAIL_BACKEND).
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.core.mail.backends.base import BaseEmailBackend

_CODE = re.compile(r"\b[0-9A-Z]{4}-?[0-9A-Z]{4}-?[0-9A-Z]{2}\b")


def mask_phone(phone: str) -> str:
    """"0912345678" → "09xx xxx 678": enough to tell two numbers apart, not to call one."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if len(digits) < 6:
        return "x" * len(digits) or "-"
    return f"{digits[:2]}xx xxx {digits[-3:]}"


def mask_email(address: str) -> str:
    """"bimat@example.vn" → "b***@example.vn"."""
    local, at, domain = (address or "").strip().rpartition("@")
    if not at:
        return "***"
    return f"{local[:1]}***@{domain}"


def mask_text(text: str) -> str:
    """A subject for a log line: tracking codes, e-mail addresses and long digit runs masked."""
    text = re.sub(r"[^\s@<>,;]+@[^\s@<>,;]+", lambda m: mask_email(m.group(0)), text or "")
    text = re.sub(r"\+?\d[\d .-]{7,}\d", lambda m: mask_phone(m.group(0)), text)
    return _CODE.sub("xxxx-xxxx-xx", text)


class ConsoleSms:
    def send(self, to: str, text: str) -> None:
        sys.stdout.write(f"[sms] {mask_phone(to)}: {len(text)} ký tự (nội dung không ghi ra nhật ký)\n")


class FileSms:
    def send(self, to: str, text: str) -> None:
        path = Path(settings.DATA_DIR) / "outbox" / "sms.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)  # the gateway's outbox, not a log
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"to": to, "text": text}, ensure_ascii=False) + "\n")


class NoSms:
    def send(self, to: str, text: str) -> None:
        return None


def sms_backend():
    name = getattr(settings, "DANCHU_SMS_BACKEND", "console")
    return {"console": ConsoleSms, "file": FileSms}.get(name, NoSms)()


class ConsoleEmailBackend(BaseEmailBackend):
    """Development e-mail: one masked line per message on stdout (recipients masked, the subject with
    codes and addresses masked, the body by its length only), instead of Django's console backend,
    which prints every address and the whole message."""

    def __init__(self, *args, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout
        self._lock = threading.RLock()

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        sent = 0
        with self._lock:
            for message in email_messages:
                recipients = ", ".join(mask_email(a) for a in message.recipients()) or "-"
                self.stream.write(f"[email] {recipients}: {mask_text(str(message.subject))} — "
                                  f"{len(str(message.body))} ký tự (nội dung không ghi ra nhật ký)\n")
                sent += 1
            self.stream.flush()
        return sent


def notify(*, contact: dict, subject: str, text: str) -> None:
    if contact.get("email"):
        send_mail(subject, text, None, [contact["email"]], fail_silently=True)
    if contact.get("phone"):
        sms_backend().send(contact["phone"], f"{subject}. {text}"[:480])
