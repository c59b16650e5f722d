"""The development SMS and e-mail backends print no phone number, no e-mail address and no message
body (a body names the case by its tracking code); the gateway's outbox file is private."""

import json
import logging
import stat

import pytest
from django.core.mail import send_mail

from danchu.cases import notify, services

from .factories import DENOUNCER, file_case

pytestmark = pytest.mark.django_db


def test_masks():
    assert notify.mask_phone("0912345678") == "09xx xxx 678"
    assert notify.mask_phone("+84 912 345 678") == "84xx xxx 678"
    assert notify.mask_phone("12") == "xx"
    assert notify.mask_email("bimat@example.vn") == "b***@example.vn"
    assert notify.mask_email("not an address") == "***"
    assert notify.mask_text("Hồ sơ ABCD-EFGH-JK gửi bimat@example.vn, 0912345678") == (
        "Hồ sơ xxxx-xxxx-xx gửi b***@example.vn, 09xx xxx 678")


def test_console_sms_prints_a_masked_number_and_no_body(capsys):
    notify.ConsoleSms().send("0912345678", "Hồ sơ ABCD-EFGH-JK đã được thụ lý. Nguyễn Văn Bímá")
    out = capsys.readouterr().out
    assert "09xx xxx 678" in out
    for secret in ("0912345678", "ABCD", "Nguyễn Văn Bímá", "thụ lý"):
        assert secret not in out


def test_console_email_prints_a_masked_address_and_no_body(settings, capsys):
    settings.EMAIL_BACKEND = "danchu.cases.notify.ConsoleEmailBackend"
    assert send_mail("Hồ sơ ABCD-EFGH-JK đã được thụ lý", "Kính gửi Nguyễn Văn Bímá, 0912345678", None,
                     ["bimat@example.vn"]) == 1
    out = capsys.readouterr().out
    assert "b***@example.vn" in out and "xxxx-xxxx-xx" in out
    for secret in ("bimat@example.vn", "ABCD-EFGH-JK", "Nguyễn Văn Bímá", "0912345678"):
        assert secret not in out


def test_the_default_email_backend_is_the_masked_one():
    """Without EMAIL_BACKEND in the environment (the demo), e-mail goes to the masked console."""
    from danchu.config.settings import base

    assert base.EMAIL_BACKEND == "danchu.cases.notify.ConsoleEmailBackend"


def test_a_case_step_told_on_the_console_reveals_nobody(tree, officer_a, settings, capsys, caplog,
                                                         django_capture_on_commit_callbacks):
    settings.DANCHU_SMS_BACKEND = "console"
    settings.EMAIL_BACKEND = "danchu.cases.notify.ConsoleEmailBackend"
    caplog.set_level(logging.DEBUG)
    case = file_case(tree["a"], "denunciation")
    with django_capture_on_commit_callbacks(execute=True):
        services.case_accept(actor=officer_a, case=case)
    out = capsys.readouterr().out
    assert "[sms] 09xx xxx 678" in out and "[email] b***@example.vn" in out
    for secret in (DENOUNCER.phone, DENOUNCER.email, DENOUNCER.full_name, case.tracking_code,
                   services.format_code(case.tracking_code), case.title):
        assert secret not in out, secret
        assert secret not in caplog.text, secret


def test_the_file_outbox_is_private(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    notify.FileSms().send("0912345678", "Hồ sơ đã được thụ lý")
    path = tmp_path / "outbox" / "sms.jsonl"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text(encoding="utf-8")) == {"to": "0912345678", "text": "Hồ sơ đã được thụ lý"}
