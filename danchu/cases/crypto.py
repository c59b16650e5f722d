"""Encryption of a filer's identity at rest (AES-256-GCM), the key outside the database.

The key comes from DANCHU_IDENTITY_KEY (base64 of 32 bytes) or, when absent, from the file
DANCHU_IDENTITY_KEY_FILE (default DATA_DIR/identity_key), generated on first use with mode 0600
like the log signing key. The tracking code is bound as associated data, so a ciphertext copied
onto another case does not decrypt.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings


def _key_file() -> Path:
    return Path(getattr(settings, "DANCHU_IDENTITY_KEY_FILE", Path(settings.DATA_DIR) / "identity_key"))


def _key() -> bytes:
    raw = getattr(settings, "DANCHU_IDENTITY_KEY", "") or ""
    if raw:
        key = base64.b64decode(raw)
    else:
        path = _key_file()
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass
            else:
                with os.fdopen(fd, "w") as fh:
                    fh.write(base64.b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii") + "\n")
        key = base64.b64decode(path.read_text().strip())
    if len(key) != 32:
        raise RuntimeError("DANCHU_IDENTITY_KEY must be 32 bytes (base64)")
    return key


def key_id() -> str:
    return hashlib.sha256(_key()).hexdigest()[:16]


def encrypt(data: dict, *, aad: str) -> tuple[bytes, bytes, str]:
    nonce = os.urandom(12)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return nonce, AESGCM(_key()).encrypt(nonce, text, aad.encode("ascii")), key_id()


def decrypt(*, nonce: bytes, ciphertext: bytes, aad: str) -> dict:
    text = AESGCM(_key()).decrypt(bytes(nonce), bytes(ciphertext), aad.encode("ascii"))
    return json.loads(text.decode("utf-8"))
