"""Encryption of a filer's identity at rest (AES-256-GCM), the key outside the database.

The key comes from DANCHU_IDENTITY_KEY (base64 of 32 bytes) or, when absent, from the file
DANCHU_IDENTITY_KEY_FILE (default DATA_DIR/identity_key), generated on first use with mode 0600
like the log signing key. The tracking code is bound as associated data, so a ciphertext copied
onto another case does not decrypt.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from danchu.core.keys import key_bytes


def _key_file() -> Path:
    return Path(getattr(settings, "DANCHU_IDENTITY_KEY_FILE", Path(settings.DATA_DIR) / "identity_key"))


def _key() -> bytes:
    key = key_bytes(configured=getattr(settings, "DANCHU_IDENTITY_KEY", "") or "", path=_key_file(),
                    generate=lambda: AESGCM.generate_key(bit_length=256))
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
