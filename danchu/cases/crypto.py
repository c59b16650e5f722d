"""Encryption of a filer's identity and documents at rest (AES-256-GCM), the key outside the database.

The key comes from DANCHU_IDENTITY_KEY (base64 of 32 bytes) or, when absent, from the file
DANCHU_IDENTITY_KEY_FILE (default DATA_DIR/identity_key), generated on first use with mode 0600
like the log signing key. The tracking code is bound as associated data, so a ciphertext copied
onto another case does not decrypt.

`seal`/`unseal` do the same for bytes (a case's documents and their names); `digest` is a keyed
hash (HMAC-SHA256 under a key derived from the same key, RFC 2104, RFC 5869) for values that must be
matched but never read back: which account filed a denunciation, an idempotency key's scope and
payload. Without the key nobody can tell whose account a digest stands for (Law on Denunciations
Arts. 9(1), 47, 56).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from danchu.core.keys import key_bytes


def _key_file() -> Path:
    return Path(getattr(settings, "DANCHU_IDENTITY_KEY_FILE", Path(settings.DATA_DIR) / "identity_key"))


def _key() -> bytes:
    key = key_bytes(configured=getattr(settings, "DANCHU_IDENTITY_KEY", "") or "", path=_key_file(),
                    generate=lambda: AESGCM.generate_key(bit_length=256),
                     named=getattr(settings, "DANCHU_IDENTITY_KEY_SOURCE", "") == "file")
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


NONCE_BYTES = 12


def seal(data: bytes, *, aad: str) -> bytes:
    """nonce ‖ ciphertext of `data`, bound to `aad` (a ciphertext moved elsewhere does not open)."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(_key()).encrypt(nonce, data, aad.encode("utf-8"))


def unseal(blob: bytes, *, aad: str) -> bytes:
    blob = bytes(blob)
    return AESGCM(_key()).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad.encode("utf-8"))


def _digest_key() -> bytes:
    # A separate key for the keyed hashes (RFC 5869), so the AES key is never used as an HMAC key.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"danchu cases digest v1").derive(_key())


def digest(text: str) -> str:
    """HMAC-SHA256 (RFC 2104) of `text` under the derived key, hex."""
    return hmac.new(_digest_key(), text.encode("utf-8"), hashlib.sha256).hexdigest()


def filer_ref(user_pk: int) -> str:
    """Which account filed a denunciation, as only the holder of the key can tell: the citizen's own
    list finds their denunciations by it; no page, export or admin shows it."""
    return digest(f"filer\n{user_pk}")
