"""Telling the citizen: e-mail (Django's mail backend) and an SMS/Zalo-ready interface.

DANCHU_SMS_BACKEND selects the text-message backend: "console" (stdout, development), "file"
(JSON lines in DATA_DIR/outbox/sms.jsonl, for a gateway to pick up) or "none". A real SMS or Zalo
OA gateway implements `send(to, text)` and is named here. Messages go out after the commit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail


class ConsoleSms:
    def send(self, to: str, text: str) -> None:
        sys.stdout.write(f"[sms] {to}: {text}\n")


class FileSms:
    def send(self, to: str, text: str) -> None:
        path = Path(settings.DATA_DIR) / "outbox" / "sms.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"to": to, "text": text}, ensure_ascii=False) + "\n")


class NoSms:
    def send(self, to: str, text: str) -> None:
        return None


def sms_backend():
    name = getattr(settings, "DANCHU_SMS_BACKEND", "console")
    return {"console": ConsoleSms, "file": FileSms}.get(name, NoSms)()


def notify(*, contact: dict, subject: str, text: str) -> None:
    if contact.get("email"):
        send_mail(subject, text, None, [contact["email"]], fail_silently=True)
    if contact.get("phone"):
        sms_backend().send(contact["phone"], f"{subject}. {text}"[:480])
