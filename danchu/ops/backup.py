"""Backups that restore: `danchu backup DEST` and `danchu restore ARCHIVE`.

One archive (tar, gzip-compressed unless DEST ends in `.tar`) holds everything an instance is made of
outside its code:

    manifest.json              format, versions, the applied migrations, every file's sha256 and size,
                               every table's row count and checksum, the keys' fingerprints
    database/postgres.dump     PostgreSQL: `pg_dump --format=custom`, taken in the same snapshot as the
                               table checksums (pg_export_snapshot), so the two describe one state
    database/sqlite3.db        SQLite: a copy made with SQLite's online backup API (consistent while the
                               site keeps writing)
    media/...                  uploaded files of the default storage (local disk only; object storage is
                               backed up with its provider's tools and the manifest says so)
    keys/identity_key          the AES-256 key of filers' identities and sealed documents
    keys/log_signing_key       the Ed25519 seed that signs the transparency log's tree heads
    keys/secret_key            Django's SECRET_KEY when it is a file (sessions, password-reset links)

A key given in the environment (DANCHU_IDENTITY_KEY, DANCHU_LOG_SIGNING_KEY, SECRET_KEY) is not copied:
it lives in the operator's secrets store. Its fingerprint is recorded, and `restore` refuses a target
whose environment holds another key. What is lost without each key is written in docs/deploy.md.

`restore` verifies every file against the manifest before it touches anything, refuses a target that is
not empty (database tables, uploaded files, key files) unless --force, restores, then recomputes every
table's checksum and compares it with the manifest.

Uploads in an S3-compatible bucket (DANCHU_STORAGE=s3) are not copied into the archive: a bucket can be
far larger than the database and than the disk the archive is written to, and the bucket's own
versioning and replication (with a retention rule) keep every version, also of a file deleted or
overwritten between two nightly backups, which a copy made once a night does not. The manifest records
the bucket, its endpoint and prefix (media.bucket, media.endpoint_url, media.location), `backup` says
so in Vietnamese and English, and `restore` says which bucket the restored rows point into. The
documents there stay sealed with the identity key, which the archive does hold.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections

FORMAT = "danchu-backup"
VERSION = 1
ARCHIVE_PREFIX = "danchu-backup-"
MANIFEST = "manifest.json"
PG_DUMP = "database/postgres.dump"
SQLITE_DB = "database/sqlite3.db"
CHUNK = 1024 * 1024
# Tables whose content is a cache, not the instance's state: counted (rows may differ between the backup
# and a check made later), never compared.
VOLATILE_TABLES = frozenset({"danchu_ratelimit"})


class BackupError(Exception):
    """A refusal or failure, in Vietnamese then English (the commands print both)."""

    def __init__(self, message: str, message_en: str):
        super().__init__(f"{message} ({message_en})")
        self.message, self.message_en = message, message_en


# --- keys ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeySpec:
    """One key of the instance: where this configuration keeps it and how it is fingerprinted."""

    name: str  # the archive's file name under keys/
    configured: str  # the value given in the environment ("" when the key is a file)
    path: Path | None  # the file this configuration reads (None: environment only)
    source: str  # environment | file | generated
    fingerprint_of: Callable[[str], str]

    def present(self) -> bool:
        return bool(self.configured) or (self.path is not None and self.path.is_file())

    def text(self) -> str | None:
        if self.configured:
            return self.configured
        if self.path is not None and self.path.is_file():
            return self.path.read_text().strip()
        return None

    def fingerprint(self) -> str | None:
        text = self.text()
        return self.fingerprint_of(text) if text else None


def _identity_fingerprint(text: str) -> str:
    # The identity key's id as danchu.cases.crypto computes it and stores it with every ciphertext.
    return hashlib.sha256(base64.b64decode(text)).hexdigest()[:16]


def _log_fingerprint(text: str) -> str:
    # The log key's id as the transparency log's checkpoints and tree heads carry it.
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    public = Ed25519PrivateKey.from_private_bytes(base64.b64decode(text)).public_key().public_bytes_raw()
    return hashlib.sha256(public).hexdigest()[:16]


def _secret_fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def key_specs() -> list[KeySpec]:
    """The instance's keys as the settings name them, never generating a missing one."""
    data_dir = Path(settings.DATA_DIR)
    origin = getattr(settings, "SECRET_KEY_SOURCE", "generated")
    if origin == "environment":
        secret_path, secret_value = None, settings.SECRET_KEY
    elif origin == "file" and os.environ.get("SECRET_KEY_FILE"):
        secret_path, secret_value = Path(os.environ["SECRET_KEY_FILE"]), ""
    else:
        secret_path, secret_value = data_dir / "secret_key", ""
    return [
        KeySpec("identity_key", settings.DANCHU_IDENTITY_KEY or "", Path(settings.DANCHU_IDENTITY_KEY_FILE),
                "environment" if settings.DANCHU_IDENTITY_KEY else settings.DANCHU_IDENTITY_KEY_SOURCE,
                _identity_fingerprint),
        KeySpec("log_signing_key", settings.DANCHU_LOG_SIGNING_KEY or "", Path(settings.DANCHU_LOG_KEY_FILE),
                "environment" if settings.DANCHU_LOG_SIGNING_KEY else settings.DANCHU_LOG_KEY_SOURCE,
                _log_fingerprint),
        KeySpec("secret_key", secret_value, secret_path, origin, _secret_fingerprint),
    ]


# --- the database ---------------------------------------------------------------------------------


def _settings_dict(using: str) -> dict:
    """The connection to back up or restore. DANCHU_BACKUP_DATABASE_URL points at PostgreSQL itself when
    the site goes through PgBouncer in transaction mode (pg_dump needs a session of its own)."""
    import dj_database_url

    override = os.environ.get("DANCHU_BACKUP_DATABASE_URL", "")
    return dj_database_url.parse(override) if override else dict(connections[using].settings_dict)


def engine(using: str = "default") -> str:
    e = _settings_dict(using)["ENGINE"]
    if e.endswith("postgresql"):
        return "postgresql"
    if e.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu {e}.", f"Backups of {e} are not supported.")


def _pg_params(sd: dict) -> dict:
    params = {"dbname": sd["NAME"], "user": sd.get("USER") or None, "password": sd.get("PASSWORD") or None,
              "host": sd.get("HOST") or None, "port": str(sd["PORT"]) if sd.get("PORT") else None}
    for key in ("sslmode", "sslrootcert", "sslcert", "sslkey", "service", "passfile"):
        if (sd.get("OPTIONS") or {}).get(key):
            params[key] = sd["OPTIONS"][key]
    return {k: v for k, v in params.items() if v is not None}


def _pg_env(sd: dict) -> dict:
    """libpq's environment for pg_dump / pg_restore: the password never appears on a command line."""
    names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD", "host": "PGHOST", "port": "PGPORT",
             "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
             "service": "PGSERVICE", "passfile": "PGPASSFILE"}
    env = {k: v for k, v in os.environ.items() if k not in names.values()}
    env.update({names[k]: v for k, v in _pg_params(sd).items()})
    return env


def _pg_connect(sd: dict):
    import psycopg

    return psycopg.connect(**_pg_params(sd), autocommit=False, prepare_threshold=None)


_PG_SESSION = ("SET LOCAL TimeZone = 'UTC'", "SET LOCAL DateStyle = 'ISO, YMD'", "SET LOCAL IntervalStyle = 'postgres'",
               "SET LOCAL extra_float_digits = 3", "SET LOCAL bytea_output = 'hex'")


def pg_table_checksums(cursor) -> dict[str, dict]:
    """Every table's row count and an order-independent checksum of its rows (the sum of each row's md5,
    in two 64-bit halves, computed by the server: constant memory whatever the table's size), and every
    sequence's position. Run inside one transaction: the caller's snapshot."""
    from psycopg import sql

    for statement in _PG_SESSION:
        cursor.execute(statement)
    cursor.execute("""
        SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\\_toast%%' AND n.nspname NOT LIKE 'pg\\_temp%%'
        ORDER BY 1, 2""")
    out: dict[str, dict] = {}
    for schema, name, kind in cursor.fetchall():
        ident = sql.Identifier(schema, name)
        label = name if schema == "public" else f"{schema}.{name}"
        if kind == "S":
            cursor.execute(sql.SQL("SELECT last_value, is_called FROM {}").format(ident))
            last, called = cursor.fetchone()
            out[f"sequence:{label}"] = {"rows": 1, "checksum": f"{last}:{called}"}
            continue
        cursor.execute(sql.SQL(
            "SELECT count(*), coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint::numeric), 0), "
            "coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint::numeric), 0) "
            "FROM (SELECT md5(t::text) AS h FROM {} t) s").format(ident))
        rows, a, b = cursor.fetchone()
        out[label] = {"rows": rows, "checksum": f"{a}:{b}"}
    return out


def sqlite_table_checksums(conn: sqlite3.Connection) -> dict[str, dict]:
    """Every table's row count and an order-independent checksum (the sum of each row's sha256 modulo
    2^256), read through one connection."""
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    out: dict[str, dict] = {}
    for name in names:
        total, rows = 0, 0
        quoted = '"' + name.replace('"', '""') + '"'
        for row in conn.execute(f"SELECT * FROM {quoted}"):  # noqa: S608 - a table name from sqlite_master
            total = (total + int.from_bytes(hashlib.sha256(repr(tuple(row)).encode("utf-8")).digest(), "big")) % (1 << 256)
            rows += 1
        out[name] = {"rows": rows, "checksum": f"{total:064x}"}
    return out


def table_checksums(using: str = "default") -> dict[str, dict]:
    """The checksums of the database `using` as it is now (one transaction on PostgreSQL)."""
    if engine(using) == "postgresql":
        with _pg_connect(_settings_dict(using)) as conn, conn.cursor() as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return pg_table_checksums(cur)
    # A plain sqlite3 connection: Django's converts values (dates, decimals) on the way out.
    conn = connections[using]
    conn.ensure_connection()
    plain = sqlite3.connect(":memory:")
    try:
        conn.connection.backup(plain)
        return sqlite_table_checksums(plain)
    finally:
        plain.close()


def compare_checksums(expected: dict[str, dict], actual: dict[str, dict]) -> list[str]:
    """The tables that differ (missing, extra, other rows), cache tables left out."""
    names = sorted(set(expected) | set(actual))
    return [n for n in names if n not in VOLATILE_TABLES and expected.get(n) != actual.get(n)]


def _dump_postgres(using: str, target: Path) -> tuple[dict, list[str], str]:
    """pg_dump in the snapshot the checksums are computed in: both describe the same state."""
    sd = _settings_dict(using)
    with _pg_connect(sd) as conn, conn.cursor() as cur:
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cur.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, server = cur.fetchone()
        checksums = pg_table_checksums(cur)
        migrations = _applied_migrations(cur)
        _run([shutil.which("pg_dump") or "pg_dump", "--format=custom", "--no-owner", "--no-privileges",
              f"--snapshot={snapshot}", f"--file={target}"], env=_pg_env(sd))
        conn.rollback()
    return checksums, migrations, server


def _backup_sqlite(using: str, target: Path) -> tuple[dict, list[str], str]:
    conn = connections[using]
    conn.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        conn.connection.backup(copy)  # SQLite's online backup API: a consistent copy while others write
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        checksums = sqlite_table_checksums(copy)
        migrations = _applied_migrations(copy.cursor())
    finally:
        copy.close()
    return checksums, migrations, sqlite3.sqlite_version


def _applied_migrations(cursor) -> list[str]:
    try:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    except Exception:  # noqa: BLE001 - a database never migrated has no table
        return []
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _run(argv: list[str], *, env: dict | None = None) -> None:
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - fixed tools
    except FileNotFoundError as exc:
        raise BackupError(f"Không tìm thấy chương trình {argv[0]} (cài postgresql-client).",
                          f"{argv[0]} not found (install postgresql-client).") from exc
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip()[-2000:]
        raise BackupError(f"{Path(argv[0]).name} thất bại: {tail}", f"{Path(argv[0]).name} failed: {tail}")


# --- files ----------------------------------------------------------------------------------------


def _default_storage():
    from django.core.files.storage import storages

    return storages["default"]


def media_root() -> Path | None:
    """The directory of uploaded files, when the default storage is the local disk."""
    from django.core.files.storage import FileSystemStorage

    storage = _default_storage()
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def _storage_name() -> str:
    cls = type(_default_storage())
    return f"{cls.__module__}.{cls.__qualname__}"


def object_storage() -> dict | None:
    """The bucket, endpoint and prefix of the default storage when it is S3 (django-storages), else None."""
    storage = _default_storage()
    bucket = getattr(storage, "bucket_name", None)
    if not bucket:
        return None
    return {"bucket": bucket, "endpoint_url": getattr(storage, "endpoint_url", None) or "",
            "location": getattr(storage, "location", "") or ""}


def _where(bucket: dict) -> str:
    """`bucket/prefix` at the endpoint, for a message."""
    name = f"{bucket['bucket']}/{bucket['location']}".rstrip("/")
    return f"{name} ({bucket['endpoint_url']})" if bucket.get("endpoint_url") else name


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _sha256(path: Path) -> tuple[str, int]:
    h, size = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


# --- backup -------------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    notes: list[tuple[str, str]] = field(default_factory=list)  # (Vietnamese, English)


def archive_path(dest: str | Path, now: dt.datetime) -> Path:
    """DEST itself, or a dated file inside DEST when it is a directory (or ends with a slash)."""
    if Path(dest).is_dir() or str(dest).endswith(("/", os.sep)):
        return Path(dest) / f"{ARCHIVE_PREFIX}{now:%Y%m%dT%H%M%SZ}.tar.gz"
    return Path(dest)


def create_backup(dest: str | Path, *, using: str = "default", include_keys: bool = True, include_media: bool = True,
                  keep: int | None = None, now: dt.datetime | None = None) -> BackupResult:
    now = now or dt.datetime.now(dt.UTC)
    path = archive_path(dest, now)
    path.parent.mkdir(parents=True, exist_ok=True)
    kind = engine(using)
    notes: list[tuple[str, str]] = []
    stage = Path(tempfile.mkdtemp(prefix=".danchu-backup-", dir=path.parent))
    try:
        members: list[tuple[str, Path]] = []
        db_file = stage / "db"
        if kind == "postgresql":
            checksums, migrations, server = _dump_postgres(using, db_file)
            members.append((PG_DUMP, db_file))
        else:
            checksums, migrations, server = _backup_sqlite(using, db_file)
            members.append((SQLITE_DB, db_file))
        media: dict = {"included": False, "storage": _storage_name(), "files": 0}
        root = media_root()
        bucket = object_storage()
        if bucket is not None:
            media.update(bucket)
        if not include_media:
            notes.append(("Không gồm tệp tải lên (--no-media).", "Uploaded files left out (--no-media)."))
        elif bucket is not None:
            notes.append((f"Tệp tải lên nằm trong bucket {_where(bucket)}, không nằm trong bản sao lưu này: hãy sao "
                          "lưu chúng bằng tính năng lưu phiên bản (versioning) hoặc nhân bản (replication) của chính "
                          "bucket đó. Tài liệu niêm phong ở đó chỉ đọc được với khóa identity_key.",
                          f"Uploaded files live in the bucket {_where(bucket)} and are not in this backup: back them "
                          "up with the bucket's own versioning or replication. The sealed documents there can be "
                          "read only with the identity_key."))
        elif root is None:
            notes.append((f"Tệp tải lên nằm ở kho {media['storage']}: sao lưu bằng công cụ của kho đó.",
                          f"Uploads are in {media['storage']}: back them up with that storage's own tools."))
        else:
            files = _media_files(root)
            members += [(f"media/{p.relative_to(root).as_posix()}", p) for p in files]
            media.update(included=True, files=len(files))
        keys: dict = {}
        for spec in key_specs():
            entry = {"source": spec.source, "fingerprint": spec.fingerprint(), "included": False}
            if spec.source != "environment" and spec.path is not None and spec.path.is_file():
                if include_keys:
                    members.append((f"keys/{spec.name}", spec.path))
                    entry["included"] = True
                else:
                    notes.append((f"Khóa {spec.name} không nằm trong bản sao lưu (--no-keys): cất giữ riêng.",
                                  f"The key {spec.name} is not in this backup (--no-keys): keep it elsewhere."))
            elif spec.source == "environment":
                notes.append((f"Khóa {spec.name} lấy từ biến môi trường: nó không nằm trong bản sao lưu, hãy giữ "
                              "nó trong kho bí mật.",
                              f"The key {spec.name} comes from the environment: it is not in the backup, keep it "
                              "in your secrets store."))
            keys[spec.name] = entry
        files = {}
        for name, src in members:
            digest, size = _sha256(src)
            files[name] = {"sha256": digest, "size": size}
        manifest = {
            "format": FORMAT, "version": VERSION, "created_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "danchu_version": _danchu_version(),
            "database": {"engine": kind, "file": members[0][0], "server_version": server, "migrations": migrations,
                         "tables": checksums},
            "media": media, "keys": keys, "files": files,
        }
        partial = path.with_name(path.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # keys inside: owner only
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w" if path.suffix == ".tar" else "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
            for name, src in members:
                info = tarfile.TarInfo(name)
                info.size, info.mtime, info.mode = src.stat().st_size, int(src.stat().st_mtime), 0o600
                with src.open("rb") as fh:
                    tar.addfile(info, fh)
        os.replace(partial, path)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    if keep:
        prune(path.parent, keep)
    return BackupResult(path=path, manifest=manifest, notes=notes)


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete the oldest dated archives of `directory` beyond the newest `keep`."""
    dated = sorted(p for p in directory.glob(f"{ARCHIVE_PREFIX}*.tar*") if not p.name.endswith(".partial"))
    gone = dated[:-keep] if keep > 0 else []
    for p in gone:
        p.unlink()
    return gone


def _danchu_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("danchu")
    except PackageNotFoundError:
        return "unknown"


# --- reading an archive ---------------------------------------------------------------------------


def _safe_name(name: str) -> bool:
    p = PurePosixPath(name)
    return (not p.is_absolute() and ".." not in p.parts and p.parts[:1] in {("database",), ("media",), ("keys",)}
            and len(p.parts) >= 2 and "\\" not in name)


def read_archive(archive: Path, into: Path) -> dict:
    """Extract `archive` into the directory `into`, checking every file against the manifest (sha256,
    size, nothing missing, nothing extra, no path outside). The manifest, or BackupError."""
    bad = BackupError(f"Tệp {archive} không phải bản sao lưu danchu hợp lệ.", f"{archive} is not a valid danchu backup.")
    try:
        tar = tarfile.open(archive, mode="r:*")  # noqa: SIM115 - closed by the `with tar` below
    except (OSError, tarfile.TarError) as exc:
        raise bad from exc
    with tar:
        try:
            first = tar.next()
            if first is None or first.name != MANIFEST or not first.isfile():
                raise bad
            manifest = json.loads(tar.extractfile(first).read().decode("utf-8"))
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise bad
            if manifest.get("version") != VERSION:
                raise BackupError(f"Bản sao lưu định dạng {manifest.get('version')}: phiên bản này không đọc được.",
                                  f"Backup format {manifest.get('version')} is not readable by this version.")
            expected = manifest["files"]
            seen: set[str] = set()
            for member in tar:
                if member.offset == first.offset:
                    continue  # the manifest, read above
                if member.name in seen or member.name not in expected or not member.isfile() or not _safe_name(member.name):
                    raise BackupError(f"Bản sao lưu có tệp lạ hoặc không an toàn: {member.name}.",
                                      f"The backup holds an unexpected or unsafe member: {member.name}.")
                seen.add(member.name)
                out = into / member.name
                out.parent.mkdir(parents=True, exist_ok=True)
                h, size = hashlib.sha256(), 0
                with tar.extractfile(member) as src, open(out, "wb") as dst:
                    while chunk := src.read(CHUNK):
                        h.update(chunk)
                        size += len(chunk)
                        dst.write(chunk)
                os.chmod(out, 0o600)
                if h.hexdigest() != expected[member.name]["sha256"] or size != expected[member.name]["size"]:
                    raise BackupError(f"Tệp {member.name} trong bản sao lưu đã bị hỏng hoặc bị sửa (sai sha256).",
                                      f"{member.name} in the backup is damaged or altered (sha256 mismatch).")
        except (tarfile.TarError, OSError, EOFError, ValueError, KeyError, TypeError) as exc:
            raise bad from exc
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"Bản sao lưu thiếu tệp: {', '.join(missing)}.", f"The backup lacks: {', '.join(missing)}.")
    return manifest


# --- restore --------------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    manifest: dict
    tables_checked: int = 0
    media_files: int = 0
    keys_written: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


def _sqlite_path(using: str) -> Path:
    name = str(_settings_dict(using)["NAME"])
    if name.startswith("file:") or name == ":memory:":
        raise BackupError("Không khôi phục được vào cơ sở dữ liệu SQLite trong bộ nhớ.",
                          "Cannot restore into an in-memory SQLite database.")
    return Path(name)


def database_is_empty(using: str = "default") -> bool:
    if engine(using) == "postgresql":
        with _pg_connect(_settings_dict(using)) as conn, conn.cursor() as cur:
            cur.execute("""SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                           WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                             AND n.nspname NOT LIKE 'pg\\_toast%%' AND n.nspname NOT LIKE 'pg\\_temp%%'""")
            return cur.fetchone()[0] == 0
    name = str(_settings_dict(using)["NAME"])
    if name.startswith("file:") or name == ":memory:":  # the test suite's database
        with connections[using].cursor() as cur:
            cur.execute("SELECT count(*) FROM sqlite_master")
            return cur.fetchone()[0] == 0
    path = Path(name)
    if not path.exists() or path.stat().st_size == 0:
        return True
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    finally:
        conn.close()


def target_problems(manifest: dict, using: str = "default") -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(What makes the target not empty — overridden by --force; what no --force may override)."""
    not_empty: list[tuple[str, str]] = []
    blocking: list[tuple[str, str]] = []
    kind = engine(using)
    if kind != manifest["database"]["engine"]:
        blocking.append((f"Bản sao lưu là của {manifest['database']['engine']}, nơi khôi phục là {kind}.",
                         f"The backup is of {manifest['database']['engine']}, the target is {kind}."))
    elif not database_is_empty(using):
        not_empty.append(("Cơ sở dữ liệu đích đã có bảng.", "The target database already has tables."))
    from django.db.migrations.loader import MigrationLoader

    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    newer = sorted(set(manifest["database"].get("migrations", [])) - known)
    if newer:
        blocking.append((f"Bản sao lưu do phiên bản danchu mới hơn tạo (migration lạ: {', '.join(newer[:5])}).",
                         f"The backup was made by a newer danchu (unknown migrations: {', '.join(newer[:5])})."))
    root = media_root()
    if manifest["media"]["included"] and root is not None and _media_files(root):
        not_empty.append((f"Thư mục tệp tải lên {root} đã có tệp.", f"The uploads directory {root} already has files."))
    for spec in key_specs():
        saved = manifest["keys"].get(spec.name, {})
        if spec.source == "environment":
            # Another SECRET_KEY only signs everybody out (reported after the restore); another identity or
            # log key would make the restored data unreadable or unverifiable.
            if spec.name != "secret_key" and saved.get("fingerprint") and spec.fingerprint() != saved["fingerprint"]:
                blocking.append((f"Khóa {spec.name} trong biến môi trường không phải khóa của bản sao lưu.",
                                 f"The {spec.name} in the environment is not the backup's key."))
        elif (saved.get("included") and spec.name != "secret_key" and spec.path is not None and spec.path.exists()
              and spec.fingerprint() != saved.get("fingerprint")):
            not_empty.append((f"Đã có tệp khóa khác ở {spec.path}.", f"Another key file exists at {spec.path}."))
    return not_empty, blocking


def _clear_postgres(sd: dict) -> None:
    with _pg_connect(sd) as conn, conn.cursor() as cur:
        cur.execute("DROP SCHEMA IF EXISTS public CASCADE")
        cur.execute("CREATE SCHEMA public")
        conn.commit()


def restore_backup(archive: Path, *, using: str = "default", force: bool = False, verify: bool = True) -> RestoreResult:
    archive = Path(archive)
    base = Path(settings.DATA_DIR)
    base.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".danchu-restore-", dir=base))
    try:
        manifest = read_archive(archive, stage)  # every byte checked before anything changes
        not_empty, blocking = target_problems(manifest, using)
        if blocking or (not_empty and not force):
            reasons = blocking + ([] if force else not_empty)
            extra = [] if blocking else [("Dùng --force để ghi đè.", "Use --force to overwrite.")]
            raise BackupError(" ".join(r[0] for r in reasons + extra), " ".join(r[1] for r in reasons + extra))
        result = RestoreResult(manifest=manifest)
        connections.close_all()
        _restore_database(manifest, stage, using, force=force)
        result.media_files = _restore_media(manifest, stage, force=force)
        result.keys_written, key_notes = _restore_keys(manifest, stage)
        result.notes += key_notes + _bucket_notes(manifest)
        if verify:
            differ = compare_checksums(manifest["database"]["tables"], table_checksums(using))
            if differ:
                raise BackupError(f"Sau khi khôi phục, các bảng không khớp bản sao lưu: {', '.join(differ[:10])}.",
                                  f"After the restore these tables differ from the backup: {', '.join(differ[:10])}.")
            result.tables_checked = len(manifest["database"]["tables"])
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return result


def _restore_database(manifest: dict, stage: Path, using: str, *, force: bool) -> None:
    if manifest["database"]["engine"] == "postgresql":
        sd = _settings_dict(using)
        if force:
            _clear_postgres(sd)
        # --no-comments: `COMMENT ON EXTENSION` needs the extension's owner (a superuser made it), and
        # danchu's schema has no comments of its own.
        _run([shutil.which("pg_restore") or "pg_restore", "--no-owner", "--no-privileges", "--no-comments",
              "--single-transaction", "--exit-on-error", f"--dbname={sd['NAME']}", str(stage / PG_DUMP)],
             env=_pg_env(sd))
        with _pg_connect(sd) as conn:
            conn.autocommit = True
            conn.execute("ANALYZE")  # pg_restore leaves the planner without statistics
        return
    target = _sqlite_path(using)
    target.parent.mkdir(parents=True, exist_ok=True)
    source = stage / SQLITE_DB
    check = sqlite3.connect(source)
    try:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("Tệp SQLite trong bản sao lưu bị hỏng.", "The SQLite file in the backup is corrupt.")
    finally:
        check.close()
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(source, target)


def _bucket_notes(manifest: dict) -> list[tuple[str, str]]:
    """Where a backup's uploads are when they were in a bucket (not in the archive), and whether the
    target points there."""
    saved = manifest["media"]
    if not saved.get("bucket"):
        return []
    here = object_storage()
    notes = [(f"Tệp tải lên không nằm trong bản sao lưu: chúng ở bucket {_where(saved)}; khôi phục chúng từ "
              "phiên bản hoặc bản nhân của bucket đó nếu cần.",
              f"The uploads are not in the backup: they are in the bucket {_where(saved)}; restore them from that "
              "bucket's versions or replica if needed.")]
    if here is None or (here["bucket"], here["location"]) != (saved["bucket"], saved["location"]):
        target = _where(here) if here else "ổ đĩa / local disk"
        notes.append((f"Nơi khôi phục lưu tệp ở {target}, không phải bucket của bản sao lưu: đặt DANCHU_STORAGE=s3, "
                       "DANCHU_S3_BUCKET và DANCHU_S3_PREFIX trỏ vào bucket đó (hoặc bản nhân của nó), nếu không "
                       "các tệp đính kèm sẽ không mở được.",
                       f"The target keeps files in {target}, not in the backup's bucket: set DANCHU_STORAGE=s3, "
                       "DANCHU_S3_BUCKET and DANCHU_S3_PREFIX to that bucket (or its replica), or attachments will "
                       "not open."))
    return notes


def _restore_media(manifest: dict, stage: Path, *, force: bool) -> int:
    if not manifest["media"]["included"]:
        return 0
    root = media_root()
    if root is None:
        raise BackupError("Kho tệp của nơi khôi phục không phải ổ đĩa: chép thư mục media/ của bản sao lưu vào kho đó.",
                          "The target's storage is not a local disk: copy the backup's media/ into it yourself.")
    if force and root.is_dir():
        for p in _media_files(root):
            p.unlink()
    count = 0
    source = stage / "media"
    for p in _media_files(source):
        out = root / p.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(p, out)
        os.chmod(out, 0o640)
        count += 1
    return count


def _restore_keys(manifest: dict, stage: Path) -> tuple[list[str], list[tuple[str, str]]]:
    written, notes = [], []
    for spec in key_specs():
        saved = manifest["keys"].get(spec.name, {})
        src = stage / "keys" / spec.name
        if saved.get("included") and spec.source != "environment" and spec.path is not None:
            spec.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = spec.path.with_name(f".{spec.path.name}.restore")
            shutil.copyfile(src, tmp)
            os.chmod(tmp, 0o600)
            os.replace(tmp, spec.path)
            written.append(spec.name)
        elif saved.get("fingerprint") and spec.fingerprint() != saved["fingerprint"]:
            notes.append((f"Khóa {spec.name} (dấu {saved['fingerprint']}) không có trong bản sao lưu và chưa được cài: "
                          f"{LOSS[spec.name][0]}",
                          f"The key {spec.name} (fingerprint {saved['fingerprint']}) is not in the backup and not "
                          f"installed: {LOSS[spec.name][1]}"))
    return written, notes


# What is lost without each key (docs/deploy.md says the same).
LOSS = {
    "identity_key": ("không có nó, danh tính người tố cáo, người gửi và tài liệu niêm phong không đọc được nữa.",
                     "without it, filers' and denouncers' identities and sealed documents can never be read again."),
    "log_signing_key": ("không có nó, đầu cây đã ký của nhật ký không kiểm tra được bằng khóa mới và mọi người giám sát "
                        "sẽ báo đổi khóa.",
                        "without it, the log's signed tree heads do not verify with a new key and every monitor "
                        "reports a key change."),
    "secret_key": ("không có nó, mọi phiên đăng nhập và liên kết đặt lại mật khẩu mất hiệu lực.",
                   "without it, every session and password-reset link is invalid."),
}


def describe(manifest: dict) -> Iterable[str]:
    db = manifest["database"]
    uploads = (f"tệp tải lên ở bucket/uploads in the bucket {_where(manifest['media'])}"
               if manifest["media"].get("bucket") else f"{manifest['media']['files']} tệp tải lên/uploads")
    yield (f"{manifest['created_at']}: {db['engine']} {db['server_version']}, {len(db['tables'])} bảng/tables, "
           f"{uploads}, khóa/keys: "
           + ", ".join(f"{k} ({'có/in' if v['included'] else v['source']})" for k, v in sorted(manifest["keys"].items())))
