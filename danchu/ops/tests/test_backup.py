"""`danchu backup` / `danchu restore`: a populated instance backed up, restored into an empty one (another
database and data dir, run as its own process like an operator would), every table compared, the log
verified, identities and uploads readable — on the engine the suite runs on (SQLite, PostgreSQL)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from danchu.cases.tests.factories import DENOUNCER, file_case
from danchu.core.attachments import Upload
from danchu.disclosures.catalogue import sync_catalogue
from danchu.disclosures.tests.factories import PDF, published
from danchu.ops import backup

REPO = Path(__file__).resolve().parents[3]
PG = connection.vendor == "postgresql"
pytestmark = pytest.mark.django_db(transaction=True)


# --- an instance of its own: keys, uploads and secret key in a temporary data dir -----------------


@pytest.fixture
def source(tmp_path, settings, tree, officer_a):
    src = tmp_path / "src"
    src.mkdir()
    settings.DATA_DIR = src
    settings.DANCHU_IDENTITY_KEY, settings.DANCHU_IDENTITY_KEY_FILE = "", src / "identity_key"
    settings.DANCHU_LOG_SIGNING_KEY, settings.DANCHU_LOG_KEY_FILE = "", src / "log_signing_key"
    settings.DANCHU_IDENTITY_KEY_SOURCE = settings.DANCHU_LOG_KEY_SOURCE = settings.SECRET_KEY_SOURCE = "generated"
    (src / "secret_key").write_text(settings.SECRET_KEY)
    settings.MEDIA_ROOT = src / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(src / "media")}}}
    sync_catalogue()  # a transactional test starts from flushed tables
    d = published(officer_a, tree["a"], files=[Upload(name="ke-hoach.pdf", content=PDF)])
    published(officer_a, tree["a"], title="Dự toán ngân sách xã năm 2026")
    case = file_case(tree["a"], "denunciation", files=[Upload("don-to-cao.pdf", PDF)])
    file_case(tree["a"], "feedback", title="Đường ngập nước ở thôn Đồng Quê")
    return {"dir": src, "disclosure": d, "case": case}


def _db_url(name: str) -> str:
    sd = connection.settings_dict
    auth = sd["USER"] + (f":{sd['PASSWORD']}" if sd["PASSWORD"] else "")
    return f"postgres://{auth}@{sd['HOST'] or '127.0.0.1'}:{sd['PORT'] or 5432}/{name}"


def _pg_admin(sql: str) -> None:
    import psycopg

    sd = connection.settings_dict
    with psycopg.connect(dbname="postgres", user=sd["USER"], password=sd["PASSWORD"] or None,
                         host=sd["HOST"] or None, port=sd["PORT"] or None, autocommit=True) as c:
        c.execute(sql)


@pytest.fixture
def target(tmp_path):
    """An empty instance: a data dir and (PostgreSQL) an empty database of its own."""
    dst = tmp_path / "dst"
    dst.mkdir()
    if PG:
        name = f"{connection.settings_dict['NAME']}_restore"
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _pg_admin(f'CREATE DATABASE "{name}"')
        yield {"dir": dst, "url": _db_url(name), "name": name}
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield {"dir": dst, "url": f"sqlite:///{dst / 'danchu.sqlite3'}", "name": str(dst / "danchu.sqlite3")}


def danchu(target: dict, *args: str, **extra: str) -> subprocess.CompletedProcess:
    """`danchu ARGS` as the target instance runs it: its own process, environment and settings."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DANCHU_", "DATABASE_", "SECRET_KEY", "REDIS_URL", "DJANGO_SETTINGS_MODULE"))}
    env.update(DANCHU_DATA_DIR=str(target["dir"]), DATABASE_URL=target["url"], DANCHU_DB_POOL_MAX="0",
               DJANGO_SETTINGS_MODULE="danchu.config.settings.base", **extra)
    return subprocess.run([sys.executable, "-m", "danchu", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


# --- every table, row by row: computed here, independently of danchu.ops.backup ------------------


def _digest(rows) -> str:
    return hashlib.sha256("\n".join(sorted(repr(tuple(r)) for r in rows)).encode()).hexdigest()


def _sqlite_tables(conn: sqlite3.Connection) -> dict[str, str]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {n: _digest(conn.execute(f'SELECT * FROM "{n}"').fetchall()) for n in names}  # noqa: S608 - catalogue names


def _pg_tables(dbname: str) -> dict[str, str]:
    import psycopg

    sd = connection.settings_dict
    with psycopg.connect(dbname=dbname, user=sd["USER"], password=sd["PASSWORD"] or None, host=sd["HOST"] or None,
                         port=sd["PORT"] or None) as c:
        c.execute("SET TimeZone = 'UTC'")
        names = [r[0] for r in c.execute("SELECT table_name FROM information_schema.tables "
                                         "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")]
        out = {n: _digest(c.execute(f'SELECT t::text FROM "{n}" t').fetchall()) for n in names}  # noqa: S608
        sequences = c.execute("SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public'")
        for (n,) in sequences.fetchall():
            out[f"seq:{n}"] = str(c.execute(f'SELECT last_value FROM "{n}"').fetchone()[0])  # noqa: S608
        return out


def source_tables() -> dict[str, str]:
    if PG:
        return _pg_tables(connection.settings_dict["NAME"])
    connection.ensure_connection()
    plain = sqlite3.connect(":memory:")
    connection.connection.backup(plain)
    return _sqlite_tables(plain)


def target_tables(target: dict) -> dict[str, str]:
    if PG:
        return _pg_tables(target["name"])
    with sqlite3.connect(target["name"]) as c:
        return _sqlite_tables(c)


CHECK = """
import json
from django.conf import settings
from danchu.cases.models import Case, CaseAttachment
from danchu.cases import crypto
from danchu.disclosures.models import Attachment
c = Case.objects.get(tracking_code="{code}")
row = c.identity
try:
    name = crypto.decrypt(nonce=row.nonce, ciphertext=row.ciphertext, aad=c.tracking_code)["full_name"]
except Exception as exc:
    name = "unreadable: " + type(exc).__name__
a = Attachment.objects.get()
print(json.dumps({{"name": name, "pdf": a.file.open("rb").read().decode("latin-1"),
                  "case_files": CaseAttachment.objects.filter(case=c).count(), "secret": settings.SECRET_KEY}}))
"""


def _check(target: dict, case) -> dict:
    done = danchu(target, "shell", "-c", CHECK.format(code=case.tracking_code))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the round trip -----------------------------------------------------------------------------------


def test_backup_then_restore_into_an_empty_instance(source, target, settings, tmp_path):
    before = source_tables()
    out = io.StringIO()
    call_command("backup", str(tmp_path / "backups") + "/", stdout=out)
    archive = next((tmp_path / "backups").glob("danchu-backup-*.tar.gz"))
    assert archive.stat().st_mode & 0o077 == 0  # it holds the keys: the owner alone reads it
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert names[0] == "manifest.json"
    assert {"keys/identity_key", "keys/log_signing_key", "keys/secret_key",
            backup.PG_DUMP if PG else backup.SQLITE_DB} <= set(names)
    assert sum(n.startswith("media/") for n in names) == 2  # the disclosure's PDF and the sealed petition
    assert manifest["files"]["keys/identity_key"]["sha256"] == hashlib.sha256(
        (source["dir"] / "identity_key").read_bytes()).hexdigest()
    assert manifest["database"]["tables"]["core_logentry"]["rows"] == 2

    done = danchu(target, "restore", str(archive))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "tables match their checksums" in done.stdout
    after = target_tables(target)
    assert after == before  # every table, row for row (and every sequence on PostgreSQL)
    for key in ("identity_key", "log_signing_key", "secret_key"):
        assert (target["dir"] / key).read_bytes() == (source["dir"] / key).read_bytes()

    verify = danchu(target, "verify-log")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "Hợp lệ / OK: 2 entries" in verify.stdout
    seen = _check(target, source["case"])
    assert seen["name"] == DENOUNCER.full_name  # the identity key came back with the ciphertexts
    assert seen["pdf"] == PDF.decode("latin-1") and seen["case_files"] == 1
    assert seen["secret"] == settings.SECRET_KEY  # sessions stay valid

    # Restoring again is refused: the target is not empty any more, and nothing changes.
    again = danchu(target, "restore", str(archive))
    assert again.returncode == 1 and "--force" in again.stderr and "already has tables" in again.stderr
    assert target_tables(target) == after
    forced = danchu(target, "restore", str(archive), "--force")
    assert forced.returncode == 0, forced.stderr
    assert target_tables(target) == before


def test_a_backup_without_its_keys_loses_identities_and_the_log_signature(source, target, tmp_path):
    archive = tmp_path / "no-keys.tar.gz"
    call_command("backup", str(archive), "--no-keys", stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        assert not [n for n in tar.getnames() if n.startswith("keys/")]
    done = danchu(target, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert "identity_key" in done.stdout and "can never be read again" in done.stdout
    assert "log_signing_key" in done.stdout and "do not verify" in done.stdout
    verify = danchu(target, "verify-log")
    assert verify.returncode == 1  # the log's heads were signed with the key that was not kept
    assert _check(target, source["case"])["name"].startswith("unreadable")


def test_restore_refuses_a_target_whose_environment_holds_another_identity_key(source, target, tmp_path):
    import base64

    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    other = base64.b64encode(os.urandom(32)).decode()
    done = danchu(target, "restore", str(archive), "--force", DANCHU_IDENTITY_KEY=other)
    assert done.returncode == 1 and "identity_key in the environment is not the backup's key" in done.stderr
    assert sorted(p.name for p in target["dir"].iterdir()) == ["secret_key", "static"]
    if PG:
        assert _pg_tables(target["name"]) == {}
    else:
        assert not Path(target["name"]).exists()
    # The same key in the environment: restored, the key file not written (the environment holds it).
    key = (source["dir"] / "identity_key").read_text().strip()
    done = danchu(target, "restore", str(archive), DANCHU_IDENTITY_KEY=key)
    assert done.returncode == 0, done.stderr
    assert not (target["dir"] / "identity_key").exists()


@pytest.mark.skipif(not PG, reason="roles: PostgreSQL")
def test_restore_as_the_databases_owner_not_a_superuser(source, tmp_path):
    """Production restores as danchu's own role, owner of an empty database whose extensions a superuser
    made: nothing in the dump may need more (`COMMENT ON EXTENSION` would)."""
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    name = f"{connection.settings_dict['NAME']}_owned"
    role = f"{name}_role"
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _pg_admin(f'DROP ROLE IF EXISTS "{role}"')
    _pg_admin(f'CREATE ROLE "{role}" LOGIN')
    _pg_admin(f'CREATE DATABASE "{name}" OWNER "{role}"')
    try:
        import psycopg

        sd = connection.settings_dict
        with psycopg.connect(dbname=name, user=sd["USER"], password=sd["PASSWORD"] or None, host=sd["HOST"] or None,
                             port=sd["PORT"] or None, autocommit=True) as c:
            c.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            c.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        url = _db_url(name).replace(f"//{sd['USER']}", f"//{role}", 1)
        dst = tmp_path / "owned"
        dst.mkdir()
        done = danchu({"dir": dst, "url": url}, "restore", str(archive))
        assert done.returncode == 0, done.stderr
        assert "tables match their checksums" in done.stdout
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _pg_admin(f'DROP ROLE IF EXISTS "{role}"')


def _rewrite(archive: Path, out: Path, *, member: str | None = None, data: bytes = b"", manifest_edit=None) -> None:
    """A copy of `archive` with one member's bytes replaced, or its manifest edited."""
    with tarfile.open(archive) as src, tarfile.open(out, "w:gz") as dst:
        for m in src.getmembers():
            content = src.extractfile(m).read()
            if m.name == member:
                content = data
            if m.name == "manifest.json" and manifest_edit:
                content = json.dumps(manifest_edit(json.loads(content))).encode()
            m.size = len(content)
            dst.addfile(m, io.BytesIO(content))


def test_an_altered_archive_is_refused_before_anything_changes(source, tmp_path):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(archive) as tar:
        media = next(n for n in tar.getnames() if n.startswith("media/disclosures/"))
    _rewrite(archive, bad, member=media, data=PDF.replace(b"1.4", b"1.7"))
    before = source_tables()
    with pytest.raises(CommandError, match="sha256"):
        call_command("restore", str(bad), stdout=io.StringIO())
    with pytest.raises(CommandError, match="sha256"):
        call_command("restore", str(bad), "--check", stdout=io.StringIO())
    assert source_tables() == before
    assert (source["dir"] / "media").exists()
    out = io.StringIO()
    call_command("restore", str(archive), "--check", stdout=out)
    assert "files match their sha256" in out.getvalue()

    escape = tmp_path / "escape.tar.gz"
    _rewrite(archive, escape, manifest_edit=lambda m: {**m, "files": {**m["files"], "../x": {"sha256": "", "size": 0}}})
    with pytest.raises(CommandError, match="not a valid|lacks"):
        call_command("restore", str(escape), "--check", stdout=io.StringIO())
    with pytest.raises(CommandError, match="not a valid danchu backup"):
        call_command("restore", str(_junk(tmp_path)), "--check", stdout=io.StringIO())


def _junk(tmp_path: Path) -> Path:
    p = tmp_path / "junk.tar.gz"
    p.write_bytes(b"not an archive")
    return p


def test_restore_compares_every_table_with_the_backup(source, target, tmp_path):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    lying = tmp_path / "lying.tar.gz"

    def edit(m):
        m["database"]["tables"]["cases_case"]["checksum"] = "0" * 8  # the dump no longer matches it
        return m

    _rewrite(archive, lying, manifest_edit=edit)
    done = danchu(target, "restore", str(lying))
    assert done.returncode == 1 and "cases_case" in done.stderr and "differ from the backup" in done.stderr


def test_restore_refuses_a_target_with_data_and_changes_nothing(source, tmp_path):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    before = source_tables()
    keys = {p.name: p.read_bytes() for p in source["dir"].iterdir() if p.is_file()}
    with pytest.raises(CommandError) as err:
        call_command("restore", str(archive), stdout=io.StringIO())
    assert "already has tables" in str(err.value) and "--force" in str(err.value)
    assert source_tables() == before
    assert {p.name: p.read_bytes() for p in source["dir"].iterdir() if p.is_file()} == keys


def test_keep_prunes_the_oldest_dated_archives(source, tmp_path):
    import datetime as dt

    folder = tmp_path / "nightly"
    for day in (1, 2, 3):
        backup.create_backup(f"{folder}/", keep=2, now=dt.datetime(2026, 5, day, 2, 0, tzinfo=dt.UTC))
    assert sorted(p.name for p in folder.iterdir()) == ["danchu-backup-20260502T020000Z.tar.gz",
                                                        "danchu-backup-20260503T020000Z.tar.gz"]
