"""Keys kept outside the database: given by the environment, else generated once into the data dir.

Shared by the transparency log's signing key and the denouncer-identity key, so both follow one
rule: base64 in settings wins; otherwise a file created with O_EXCL and mode 0600, so that two
processes starting together never overwrite each other's key.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from pathlib import Path


def key_bytes(*, configured: str, path: Path, generate: Callable[[], bytes]) -> bytes:
    if configured:
        return base64.b64decode(configured)
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
