"""Public reads on a streaming replica behind PgBouncer (scripts/replica.sh, danchu.config.routers),
through a real server (gunicorn) on the test database: an officer's write is on the officer's page at
once and on the public page after replication; the writer reads the primary (read-your-own-writes); the
public pages keep being served when the replica is down, and go back to it when it returns.

One replica for the whole session. PostgreSQL only; needs root (the servers run as "postgres") and
Debian's postgresql-15 and pgbouncer — under CI=true a missing piece fails instead of skipping."""

from __future__ import annotations

import http.cookiejar
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from danchu.accounts.tests.factories import PASSWORD
from danchu.units.services.hamlets import hamlet_create

REPO = Path(__file__).resolve().parents[3]
SCRIPT = REPO / "scripts" / "replica.sh"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
_N = int(_WORKER[2:]) if _WORKER[2:].isdigit() else 0
REPLICA_PORT, BOUNCER_PORT = 5533 + _N, 6533 + _N

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL replica: the PostgreSQL run only"),
    pytest.mark.django_db(transaction=True),
]


def _missing() -> str | None:
    if os.geteuid() != 0:
        return "needs root (PostgreSQL and PgBouncer are started as the postgres user)"
    for tool in ("pg_basebackup", "pg_ctl", "psql"):
        if not (PG_BIN / tool).exists():
            return f"{PG_BIN / tool} missing (apt-get install postgresql-15)"
    if not (shutil.which("pgbouncer") or Path("/usr/sbin/pgbouncer").exists()):
        return "pgbouncer missing (apt-get install pgbouncer)"
    return None


def _script(env: dict, *args: str) -> None:
    done = subprocess.run(["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, f"replica.sh {' '.join(args)}: {done.stdout}{done.stderr}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _replica_sql(sql: str):
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=REPLICA_PORT, user="postgres", dbname="postgres",
                         autocommit=True) as c:
        return c.execute(sql).fetchone()


@pytest.fixture(scope="session")
def stack(django_db_setup, tmp_path_factory):
    """The replica of the test database, PgBouncer in front of both, gunicorn reading through it."""
    missing = _missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the replica tests cannot run under CI=true: {missing}")
        pytest.skip(missing)
    sd = connection.settings_dict
    name = sd["NAME"]
    work = tmp_path_factory.mktemp("replica")
    env = {**os.environ, "DANCHU_PRIMARY_HOST": sd["HOST"] or "127.0.0.1", "DANCHU_PRIMARY_PORT": str(sd["PORT"] or 5432),
           "DANCHU_PRIMARY_USER": sd["USER"] or "postgres", "DANCHU_REPLICA_PORT": str(REPLICA_PORT),
           "DANCHU_PGBOUNCER_PORT": str(BOUNCER_PORT), "DANCHU_REPLICA_DIR": tempfile.mkdtemp(prefix=f"danchu-replica-{REPLICA_PORT}-")}
    # (a directory the postgres user can reach: pytest's own temporary directories are root's alone)
    try:
        _script(env, "start", name)
    except AssertionError:
        _script(env, "stop")
        raise
    port = _free_port()
    server_env = {k: v for k, v in os.environ.items() if not k.startswith(("DANCHU_", "DATABASE_", "REDIS_URL"))}
    server_env.update(
        DJANGO_SETTINGS_MODULE="danchu.config.settings.test",  # the test database's users and hashes
        DATABASE_URL=f"postgres://{sd['USER'] or 'postgres'}@127.0.0.1:{BOUNCER_PORT}/{name}",
        DATABASE_REPLICA_URL=f"postgres://{sd['USER'] or 'postgres'}@127.0.0.1:{BOUNCER_PORT}/{name}_replica",
        DANCHU_PGBOUNCER="1", DANCHU_REPLICA_RETRY_SECONDS="1", DANCHU_REPLICA_PIN_SECONDS="60",
        DANCHU_DATA_DIR=str(work), ALLOWED_HOSTS="127.0.0.1")
    log = (work / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "gunicorn", "danchu.config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--threads", "4", "--worker-class", "gthread", "--timeout", "60"],
        cwd=REPO, env=server_env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310 - a local test server
                break
            except OSError:
                if server.poll() is not None:
                    raise AssertionError((work / "gunicorn.log").read_text()) from None
                time.sleep(0.25)
        yield {"base": base, "env": env, "log": work / "gunicorn.log"}
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        _script(env, "stop")


class Browser:
    """A person's browser: cookies kept, CSRF token sent back with forms."""

    def __init__(self, base: str):
        self.base, self.jar = base, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _open(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = None
        if data is not None:
            token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(self.base + path, data=body,  # noqa: S310 - http://127.0.0.1 only
                                         headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=30) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")

    def get(self, path: str) -> tuple[int, str]:
        return self._open(path)

    def post(self, path: str, data: dict) -> tuple[int, str]:
        return self._open(path, data)

    def login(self, username: str) -> None:
        self.get("/tai-khoan/dang-nhap/")
        status, text = self.post("/tai-khoan/dang-nhap/", {"identifier": username, "password": PASSWORD})
        assert status == 200 and "dang-xuat" in text, text[:500]


def _until(check, seconds: float = 30.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.2)
    return False


def _shows(browser: Browser, path: str, text: str) -> bool:
    status, body = browser.get(path)
    assert status == 200, (status, body[:300])
    return text in body


def _replicated(stack, tree) -> None:
    """The test's rows (committed on the primary) have reached the replica."""
    anonymous = Browser(stack["base"])
    assert _until(lambda: anonymous.get(f"/u/{tree['a'].code}/")[0] == 200), "the replica never got the test data"


def test_a_write_shows_on_the_officers_page_at_once_and_on_the_public_page_after_replication(
        stack, tree, officer_a):
    _replicated(stack, tree)
    code = tree["a"].code
    officer, anonymous = Browser(stack["base"]), Browser(stack["base"])
    officer.login("officer_a")
    _replica_sql("SELECT pg_wal_replay_pause()")  # WAL still arrives; what the replica serves stops moving
    try:
        status, page = officer.post(f"/quan-ly/{code}/thon/",
                                    {"action": "create", "name": "Thôn Mới Lập", "division_type": "thôn"})
        assert status == 200 and "Thôn Mới Lập" in page  # the officer's page (primary), right after the step
        assert _shows(officer, f"/u/{code}/", "Thôn Mới Lập")  # the writer reads the primary: its own write
        # Anyone else reads the replica, whose replay is paused: not there yet — so the read went there.
        assert not _shows(anonymous, f"/u/{code}/", "Thôn Mới Lập")
    finally:
        _replica_sql("SELECT pg_wal_replay_resume()")
    assert _until(lambda: _shows(anonymous, f"/u/{code}/", "Thôn Mới Lập")), "never replicated"


def test_public_pages_are_served_by_the_primary_while_the_replica_is_down(stack, tree, officer_a):
    _replicated(stack, tree)
    code = tree["a"].code
    anonymous = Browser(stack["base"])
    _script(stack["env"], "stop-replica")
    try:
        hamlet_create(actor=officer_a, commune=tree["a"], name="Thôn Bến Đò", division_type="thôn")
        for path in (f"/u/{code}/", "/log/", f"/u/{code}/cong-khai/", "/"):
            status, _ = anonymous.get(path)
            assert status == 200, path
        assert _shows(anonymous, f"/u/{code}/", "Thôn Bến Đò")  # from the primary, with the newest write
    finally:
        _script(stack["env"], "start-replica")
    # Back on the replica once it answers again: a write made while its replay is paused stays unseen.
    assert _until(lambda: _replica_sql("SELECT NOT pg_is_wal_replay_paused() AND pg_is_in_recovery()")[0])
    time.sleep(1.2)  # DANCHU_REPLICA_RETRY_SECONDS=1 for this server
    assert _until(lambda: _shows(anonymous, f"/u/{code}/", "Thôn Bến Đò"))
    _replica_sql("SELECT pg_wal_replay_pause()")
    try:
        hamlet_create(actor=officer_a, commune=tree["a"], name="Thôn Sau Khôi Phục", division_type="thôn")
        time.sleep(1.2)
        assert not _shows(anonymous, f"/u/{code}/", "Thôn Sau Khôi Phục")
    finally:
        _replica_sql("SELECT pg_wal_replay_resume()")
    assert _until(lambda: _shows(anonymous, f"/u/{code}/", "Thôn Sau Khôi Phục"))
    log = stack["log"].read_text()
    assert "replica unavailable" in log  # the fallback was logged...
    # ...and noticed before the requests (the probe), not by a page failing first and being re-run.
    assert "Internal Server Error" not in log and "Traceback" not in log, log[-4000:]
