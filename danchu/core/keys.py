"""Keys kept outside the database: given by the environment, else generated once into the data dir.

Shared by the transparency log's signing key and the denouncer-identity key, so both follow one
rule: base64 in settings wins; then a file the operator named (`*_KEY_FILE`, a secrets manager's
mount), which must exist — a mistyped path is an error, never a fresh key that would seal data no
other server can open; otherwise (the demo) a file created in the data dir with O_EXCL and mode 0600,
so that two processes starting together never overwrite each other's key.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from pathlib import Path


def key_bytes(*, configured: str, path: Path, generate: Callable[[], bytes], named: bool = False) -> bytes:
    """`named`: the path was given by the operator (the settings' *_KEY_SOURCE is "file")."""
    if configured:
        return base64.b64decode(configured)
    if named and not path.exists():
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"Không có tệp khóa {path}. (The key file {path} does not exist.)")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first: read theirs
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(base64.b64encode(generate()).decode("ascii") + "\n")
    return base64.b64decode(path.read_text().strip())
