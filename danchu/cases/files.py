"""A case's documents at rest: encrypted with the identity key (crypto.seal, AES-256-GCM), bound to the
case's tracking code and the document's SHA-256, stored under a random name readable by the server's
own user only (mode 0600 where the storage is a file system). A denunciation's own documents keep
their file name encrypted as well: a name like "don-cua-nguyen-van-a.pdf" says who sent it (Law on
Denunciations Arts. 9(1), 47, 56). Opening a document is decided by the services and selectors;
this module only stores and reads."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from . import crypto

PRIVATE_MODE = 0o600
NEUTRAL_NAME = "tai-lieu"  # what lists show of a denouncer's document; the real name is sealed
EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx"}


@dataclass(frozen=True)
class OpenedFile:
    name: str
    kind: str
    content_type: str
    content: bytes


def _aad(att, what: str) -> str:
    return f"case-{what}:{att.case.tracking_code}:{att.sha256}"


def _neutral(name: str, kind: str) -> str:
    suffix = PurePath(name).suffix.lower()
    if kind in EXTENSIONS:
        suffix = EXTENSIONS[kind]
    return f"{NEUTRAL_NAME}{suffix[:8]}"


def _restrict(field_file) -> None:
    """Readable by the server's own user only, where the storage is the local file system (a storage
    in memory or an object store has no file mode)."""
    if isinstance(field_file.storage, FileSystemStorage):
        os.chmod(field_file.path, PRIVATE_MODE)


def store(att, *, content: bytes, seal_name: bool) -> None:
    """Encrypt and save `content` for the unsaved attachment `att` (case, name, sha256 set), then save
    the row. With `seal_name` the original name is encrypted and `name` becomes neutral."""
    att.sealed, att.key_id = True, crypto.key_id()
    if seal_name:
        att.sealed_name = crypto.seal(att.name.encode("utf-8"), aad=_aad(att, "name"))
        att.name = _neutral(att.name, att.kind)
    att.file.save(f"{secrets.token_hex(16)}.bin", ContentFile(crypto.seal(content, aad=_aad(att, "file"))), save=False)
    _restrict(att.file)
    att.save()


def display_name(att) -> str:
    """The document's real name: decrypted when sealed (for whom the caller already allowed)."""
    if att.sealed_name:
        return crypto.unseal(att.sealed_name, aad=_aad(att, "name")).decode("utf-8")
    return att.name


def read(att) -> OpenedFile:
    """The document's content and real name, decrypted (for whom the caller already allowed)."""
    att.file.open("rb")
    try:
        data = att.file.read()
    finally:
        att.file.close()
    if att.sealed:
        data = crypto.unseal(data, aad=_aad(att, "file"))
    return OpenedFile(name=display_name(att), kind=att.kind, content_type=att.content_type, content=data)
