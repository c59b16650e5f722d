"""Keys outside the database (core.keys): a key file the operator named must exist; only the demo's
default path is generated on first use."""

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured

from danchu.core.keys import key_bytes


def test_a_named_key_file_that_is_missing_is_an_error_not_a_new_key(tmp_path):
    path = tmp_path / "keys" / "identty_key"  # a typo in DANCHU_IDENTITY_KEY_FILE
    with pytest.raises(ImproperlyConfigured, match="identty_key"):
        key_bytes(configured="", path=path, generate=lambda: b"k" * 32, named=True)
    assert not path.exists() and not path.parent.exists()


def test_the_default_path_is_generated_once_with_mode_0600(tmp_path):
    path = tmp_path / "identity_key"
    first = key_bytes(configured="", path=path, generate=lambda: b"a" * 32)
    again = key_bytes(configured="", path=path, generate=lambda: b"b" * 32)
    assert first == again == b"a" * 32 and path.stat().st_mode & 0o777 == 0o600


def test_a_key_in_the_environment_wins(tmp_path):
    assert key_bytes(configured=base64.b64encode(b"c" * 32).decode(), path=tmp_path / "x",
                     generate=lambda: b"d" * 32, named=True) == b"c" * 32
