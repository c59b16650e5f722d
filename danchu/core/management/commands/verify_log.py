"""`danchu verify-log`: recompute the transparency log's chain and check it.

    danchu verify-log                          the local database, with the local signing key
    danchu verify-log --url http://host:8000   a running server, through its public /log/ JSON only
    danchu verify-log --url ... --public-key B64   pin the key instead of trusting /log/key/

Exit status 0 when everything verifies, 1 when a problem is found (each printed with the
entry it breaks), 2 when the server cannot be read.
"""

import json
import time
import urllib.error
import urllib.parse
import urllib.request

from django.core.management.base import BaseCommand, CommandError

from danchu.core import transparency


def _get(url: str, timeout: float = 30.0) -> dict:
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        raise CommandError(f"only http(s) URLs are supported: {url}", returncode=2)
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "danchu-verify-log"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
            return json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, ValueError, TimeoutError) as exc:
        raise CommandError(f"cannot read {url}: {exc}", returncode=2) from exc


def _pages(first_url: str, key: str):
    url = first_url
    while url:
        data = _get(url)
        yield from data[key]
        url = data.get("next")


def verify_remote(base: str, *, public_key: str | None = None, check_records: bool = True) -> transparency.VerifyReport:
    base = base.rstrip("/")
    summary = _get(f"{base}/log/")
    key = public_key or summary["key"]["public_key"]
    verifier = transparency.Verifier()
    cps = list(_pages(f"{base}/log/checkpoints/?after=0&limit=1000", "checkpoints"))
    verifier.want_hashes_at(c["seq"] for c in cps)
    for e in _pages(f"{base}/log/entries/?after=0&limit=1000", "entries"):
        verifier.entry(seq=e["seq"], at=e["at"], kind=e["kind"], object_type=e["object_type"], object_id=e["object_id"],
                       payload_text=transparency.canonical_json(e["payload"]), payload_sha256=e["payload_sha256"],
                       prev_hash=e["prev_hash"], hash=e["hash"])
    verifier.checkpoints(cps, {transparency.key_id_of(key): key})
    if check_records:
        for otype in summary.get("subjects", []):
            verifier.records(otype, _pages(f"{base}/log/records/{otype}/?after=0&limit=1000", "records"))
    return verifier.report


class Command(BaseCommand):
    help = "Kiểm tra nhật ký minh bạch (chuỗi băm, chữ ký, nội dung hiện hành) / verify the transparency log."

    def add_arguments(self, parser):
        parser.add_argument("--url", help="base URL of a running server (uses only its public /log/ endpoints)")
        parser.add_argument("--public-key", help="base64 Ed25519 public key to trust instead of the server's /log/key/")
        parser.add_argument("--no-records", action="store_true", help="check the chain only, not the records' current content")

    def handle(self, *args, url=None, public_key=None, no_records=False, **options):
        started = time.perf_counter()
        if url:
            report = verify_remote(url, public_key=public_key, check_records=not no_records)
        else:
            report = transparency.verify_local(check_records=not no_records, public_key=public_key)
        elapsed = time.perf_counter() - started
        for problem in report.problems:
            self.stdout.write(str(problem))
        summary = (f"{report.entries} entries, {report.checkpoints} checkpoints, {report.records} records "
                   f"checked in {elapsed:.2f} s")
        if report.ok:
            self.stdout.write(f"OK: {summary}")
            return
        raise CommandError(f"{len(report.problems)} problem(s) found; {summary}", returncode=1)
