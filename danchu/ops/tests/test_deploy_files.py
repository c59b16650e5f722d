"""deploy/: the nginx site checked by Debian's nginx (`nginx -t`) and then run in front of a small
upstream that echoes what it receives (proxy headers, body limit, static cache, uploads not served);
the systemd units checked by `systemd-analyze verify`; every command and setting they name exists.
Under CI=true a missing nginx fails instead of skipping (.ci/run installs it); the units are verified
wherever systemd-analyze is installed."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings

from danchu.core.clients import client_address

REPO = Path(__file__).resolve().parents[3]
DEPLOY = REPO / "deploy"
SITE = DEPLOY / "nginx" / "danchu.conf"
UNITS = sorted((DEPLOY / "systemd").glob("danchu-*"))
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")


def _need(tool: str | None, what: str) -> str:
    if tool:
        return tool
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required under CI=true (.ci/run installs it)")
    pytest.skip(f"{what} not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _self_signed(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "danchu.example.gov.vn")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    crt, pem = directory / "fullchain.pem", directory / "privkey.pem"
    crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))
    return crt, pem


class _Echo(http.server.BaseHTTPRequestHandler):
    """The application's place: answers every request with the headers and body size it received."""

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = json.dumps({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                           "length": length}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


def _render(tmp: Path, *, http_port: int, https_port: int, upstream: int) -> Path:
    """The site with this test's ports, certificate and directories, inside a complete nginx.conf."""
    crt, pem = _self_signed(tmp)
    (tmp / "static").mkdir()
    (tmp / "static" / "app.3f2a.css").write_text("body{}")
    (tmp / "media").mkdir()
    (tmp / "media" / "private.pdf").write_text("%PDF secret")
    site = SITE.read_text()
    for old, new in [
        ("listen 80;", f"listen 127.0.0.1:{http_port};"), ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"), ("listen [::]:443 ssl http2;", ""),
        ("/etc/letsencrypt/live/danchu.example.gov.vn/fullchain.pem", str(crt)),
        ("/etc/letsencrypt/live/danchu.example.gov.vn/privkey.pem", str(pem)),
        ("/var/lib/danchu/static/", f"{tmp}/static/"), ("/var/lib/danchu/media/", f"{tmp}/media/"),
        ("/var/log/nginx/", f"{tmp}/"), ("/var/www/letsencrypt", f"{tmp}/acme"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};"),
    ]:
        assert old in site, old  # the file still has what the documentation says to replace
        site = site.replace(old, new)
    (tmp / "danchu.conf").write_text(site)
    temp = "\n".join(f"    {d}_temp_path {tmp}/{d};" for d in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = tmp / "nginx.conf"
    # (workers as root: the test's files sit in root's own temporary directory; a server runs them as
    # www-data, a member of the danchu group — docs/deploy.md)
    main.write_text(f"""
user root;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
{temp}
    include {tmp}/danchu.conf;
}}
""")
    return main


@pytest.fixture
def nginx(tmp_path):
    binary = _need(NGINX, "nginx (apt-get install nginx)")
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    http_port, https_port = _free_port(), _free_port()
    conf = _render(tmp_path, http_port=http_port, https_port=https_port, upstream=upstream.server_address[1])
    test = subprocess.run([binary, "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True,
                          check=False)
    assert test.returncode == 0, test.stderr
    assert "syntax is ok" in test.stderr and "test is successful" in test.stderr
    proc = subprocess.Popen([binary, "-c", str(conf), "-p", str(tmp_path), "-g", "daemon off;"])
    try:
        for _ in range(80):
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.05)
        yield {"https": f"https://127.0.0.1:{https_port}", "http": f"http://127.0.0.1:{http_port}"}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        upstream.shutdown()


_TLS = ssl.create_default_context()
_TLS.check_hostname = False
_TLS.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _fetch(url: str, *, headers: dict | None = None, data: bytes | None = None):
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=_TLS), _NoRedirect())
    request = urllib.request.Request(url, data=data,  # noqa: S310 - the test's local nginx
                                     headers={"Host": "danchu.example.gov.vn", **(headers or {})})
    try:
        with opener.open(request, timeout=20) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_the_nginx_site_passes_nginx_t_and_proxies_as_danchu_expects(nginx):
    # The client's own X-Forwarded-For is kept on the left; nginx appends the address it saw.
    status, _, body = _fetch(nginx["https"] + "/u/13504/", headers={"X-Forwarded-For": "203.0.113.66"})
    seen = json.loads(body)
    assert status == 200 and seen["path"] == "/u/13504/"
    assert seen["headers"]["x-forwarded-for"] == "203.0.113.66, 127.0.0.1"
    assert seen["headers"]["x-forwarded-proto"] == "https"
    assert seen["headers"]["host"] == "danchu.example.gov.vn"
    assert re.fullmatch(r"[0-9a-f]{32}", seen["headers"]["x-request-id"])
    # What danchu makes of it with one trusted proxy: the address nginx saw, never the client's claim.
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": seen["headers"]["x-forwarded-for"]}
    with override_settings(DANCHU_TRUSTED_PROXIES=1):
        assert client_address(RequestFactory().get("/", **meta)) == "127.0.0.1"

    status, headers, _ = _fetch(nginx["http"] + "/u/13504/?q=1")
    assert status == 301 and headers["Location"] == "https://danchu.example.gov.vn/u/13504/?q=1"

    status, headers, body = _fetch(nginx["https"] + "/static/app.3f2a.css")
    assert status == 200 and body == b"body{}"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"

    status, _, body = _fetch(nginx["https"] + "/media/private.pdf")
    assert status == 404 and b"secret" not in body  # uploads only through danchu's permission checks

    limit = settings.DANCHU_UPLOAD_MAX_REQUEST_BYTES
    status, _, body = _fetch(nginx["https"] + "/u/13504/phan-anh/gui/", data=b"x" * (limit - 4096))
    assert status == 200 and json.loads(body)["length"] == limit - 4096
    status, _, _ = _fetch(nginx["https"] + "/u/13504/phan-anh/gui/", data=b"x" * (limit + 1))
    assert status == 413


def test_nginx_body_limit_is_danchus_request_limit():
    size = re.search(r"^\s*client_max_body_size (\d+)m;", SITE.read_text(), re.MULTILINE)
    assert size and int(size.group(1)) * 1024 * 1024 == settings.DANCHU_UPLOAD_MAX_REQUEST_BYTES
    env = (DEPLOY / "danchu.env.example").read_text()
    assert f"DANCHU_UPLOAD_MAX_REQUEST_BYTES={settings.DANCHU_UPLOAD_MAX_REQUEST_BYTES}" in env


@pytest.mark.skipif(SYSTEMD_ANALYZE is None, reason="systemd-analyze is not installed (checked where available)")
def test_the_systemd_units_verify(tmp_path):
    analyze = SYSTEMD_ANALYZE
    danchu = Path(sys.executable).parent / "danchu"
    for unit in UNITS:
        text = unit.read_text()
        assert "/opt/danchu/.venv/bin/danchu" in text or unit.suffix == ".timer"
        (tmp_path / unit.name).write_text(text.replace("/opt/danchu/.venv/bin/danchu", str(danchu)))
    done = subprocess.run([analyze, "verify", *sorted(p.name for p in tmp_path.iterdir())], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr
    for timer in tmp_path.glob("*.timer"):
        assert timer.with_suffix(".service").exists()


def test_the_units_run_commands_that_exist():
    from django.core.management import get_commands

    commands = set(get_commands())
    started = {}
    for unit in UNITS:
        for line in unit.read_text().splitlines():
            if line.startswith("ExecStart=/opt/danchu/.venv/bin/danchu "):
                name = line.split()[1]
                started[unit.name] = name
                assert name.replace("-", "_") in commands, f"{unit.name}: danchu {name}"
    assert started == {"danchu-web.service": "serve", "danchu-worker.service": "worker",
                       "danchu-schedule.service": "schedule", "danchu-backup.service": "backup",
                       "danchu-monitor.service": "verify-log"}


def test_every_setting_of_the_environment_file_is_read_by_danchu():
    sources = "\n".join(p.read_text() for p in (REPO / "danchu").rglob("*.py") if "tests" not in p.parts)
    names = re.findall(r"^#?([A-Z][A-Z0-9_]+)=", (DEPLOY / "danchu.env.example").read_text(), re.MULTILINE)
    assert "DANCHU_TRUSTED_PROXIES" in names and "DANCHU_IDENTITY_KEY_FILE" in names
    unread = [n for n in names if f'"{n}"' not in sources]
    assert unread == []
