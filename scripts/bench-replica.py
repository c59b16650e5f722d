#!/usr/bin/env python3
# ruff: noqa: S603, S607 - a developer's tool running fixed local programs (wrk, psql, gunicorn, danchu)
"""Public-page throughput with reads on a streaming replica versus on the primary, in one run.

    .venv/bin/python scripts/bench-replica.py --database danchu_bench [--prepare] [--runs 5] [--duration 10]

What it does:
1. (--prepare) migrates the database, imports the official units and seeds the demo — on the primary;
2. `scripts/replica.sh start DB`: a streaming replica of the primary and PgBouncer (transaction mode)
   in front of both;
3. two gunicorn servers (`gunicorn danchu.config.wsgi`, the pinned gunicorn, production settings) with
   the same code path: "primary" has DATABASE_REPLICA_URL pointed at the primary (through PgBouncer),
   "replica" at the replica — only the server answering the public reads differs;
4. for each page and each run, wrk (Debian's package; a Python client when wrk is missing) against both
   servers in turn (alternating, so a drift of the shared machine hits both);
5. proves the routing: one more short load per server, then the committed transactions that each
   PostgreSQL node counted for the database meanwhile (pg_stat_database, read after its 10-second flush);
6. prints the medians over the runs of requests per second and of the p50 / p95 / p99 latencies,
   writes them to <DANCHU_DATA_DIR>/replica-bench.json, and stops everything (--keep leaves the
   replica running).

Everything runs on one machine: the replica competes with the primary, gunicorn and wrk for the same
cores. The figures measure the routing's cost and the replica's capacity on this machine, not the gain
of a replica on its own server.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "replica.sh"
LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"duration_us":%d,"errors":%d,"non2xx":%d,"p50":%d,"p95":%d,"p99":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def danchu_env(data_dir: Path, database_url: str, replica_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DANCHU_", "DATABASE_", "DJANGO_SETTINGS"))}
    env.update(DJANGO_SETTINGS_MODULE="danchu.config.settings.base", DANCHU_DATA_DIR=str(data_dir),
               DATABASE_URL=database_url, ALLOWED_HOSTS="127.0.0.1", DANCHU_LOG_LEVEL="WARNING")
    if replica_url:
        env.update(DATABASE_REPLICA_URL=replica_url, DANCHU_PGBOUNCER="1")
    return env


def run(argv: list[str], env: dict | None = None) -> None:
    subprocess.run(argv, cwd=REPO, env=env, check=True)


def start_server(name: str, env: dict, workers: int, threads: int, logs: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = (logs / f"gunicorn-{name}.log").open("w")
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "gunicorn", "danchu.config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread", "--timeout", "60",
         "--keep-alive", "5", "--error-logfile", "-", "--no-control-socket"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310 - our local server
            return proc, base
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"gunicorn ({name}) did not start: see {log.name}") from None
            time.sleep(0.25)
    raise SystemExit(f"gunicorn ({name}) did not answer")


def warm(url: str, count: int) -> None:
    """`count` requests at once, each waited for (a cold worker answers its first one in seconds)."""
    def one():
        try:
            urllib.request.urlopen(url, timeout=120).read()  # noqa: S310 - our local server
        except OSError as exc:
            print(f"warm-up {url}: {exc}", file=sys.stderr)

    pool = [threading.Thread(target=one) for _ in range(count)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()


def wrk(url: str, *, duration: int, connections: int, threads: int, lua: Path) -> dict:
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
                          "-s", str(lua), url], capture_output=True, text=True, check=True).stdout
    line = next((ln for ln in out.splitlines() if ln.startswith("WRKJSON ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no figures:\n{out}")
    data = json.loads(line[len("WRKJSON "):])
    return {"rps": data["requests"] / (data["duration_us"] / 1e6), "p50_ms": data["p50"] / 1000,
            "p95_ms": data["p95"] / 1000, "p99_ms": data["p99"] / 1000, "errors": data["errors"] + data["non2xx"],
            "requests": data["requests"]}


def python_load(url: str, *, duration: int, connections: int, **_) -> dict:
    """The same measure without wrk: `connections` threads, each one keep-alive connection."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    stop = time.monotonic() + duration
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        mine = []
        while time.monotonic() < stop:
            t = time.perf_counter()
            try:
                conn.request("GET", parts.path)
                r = conn.getresponse()
                r.read()
                if r.status != 200:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                continue
            mine.append(time.perf_counter() - t)
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    pool = [threading.Thread(target=client) for _ in range(connections)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    elapsed = time.monotonic() - started
    q = statistics.quantiles(latencies, n=100)
    return {"rps": len(latencies) / elapsed, "p50_ms": q[49] * 1000, "p95_ms": q[94] * 1000, "p99_ms": q[98] * 1000,
            "errors": errors[0], "requests": len(latencies)}


def node_commits(port: str, database: str, user: str) -> int:
    """Transactions committed in `database` as this node counts them (a standby counts its own reads)."""
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", port, "-U", user, "-d", "postgres", "-Atc",
                          "SELECT datname, xact_commit FROM pg_stat_database WHERE datname IS NOT NULL"],
                         capture_output=True, text=True, check=True).stdout
    counts = dict(line.split("|", 1) for line in out.splitlines() if "|" in line)
    return int(counts.get(database, 0))


def routing_proof(bases: dict, path: str, *, load, lua: Path, database: str, user: str, nodes: dict) -> dict:
    """For each server, a 5-second load on `path` and the transactions each node committed during it."""
    proof = {}
    for mode, base in bases.items():
        time.sleep(11)  # statistics of idle backends reach pg_stat_database within 10 s
        before = {name: node_commits(port, database, user) for name, port in nodes.items()}
        r = load(base + path, duration=5, connections=4, threads=1, lua=lua)
        time.sleep(11)
        after = {name: node_commits(port, database, user) for name, port in nodes.items()}
        proof[mode] = {"requests": r["requests"], **{f"commits_on_{n}": after[n] - before[n] for n in nodes}}
        print(f"routing: reads on {mode:8} {path}: {r['requests']} requests -> "
              + ", ".join(f"{after[n] - before[n]} transactions on the {n}" for n in nodes), flush=True)
    return proof


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database", default="danchu_bench", help="database on the primary (created by --prepare)")
    p.add_argument("--prepare", action="store_true", help="migrate, import units and seed the demo first")
    p.add_argument("--unit", default="13504", help="the commune whose public pages are read (demo: Xã Bình Lục)")
    p.add_argument("--paths", nargs="*", default=None)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--duration", type=int, default=10, help="seconds per run")
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--wrk-threads", type=int, default=2)
    p.add_argument("--workers", type=int, default=min(2 * (os.cpu_count() or 1) + 1, 8))
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--data-dir", default=None, help="DANCHU_DATA_DIR of the servers (default: a temporary one)")
    p.add_argument("--keep", action="store_true", help="leave the replica and PgBouncer running")
    a = p.parse_args()
    paths = a.paths or [f"/u/{a.unit}/", f"/u/{a.unit}/cong-khai/", f"/u/{a.unit}/ban-quyet/", "/log/"]

    bouncer = int(os.environ.get("DANCHU_PGBOUNCER_PORT", "6433"))
    host, port = os.environ.get("DANCHU_PRIMARY_HOST", "127.0.0.1"), os.environ.get("DANCHU_PRIMARY_PORT", "5432")
    user = os.environ.get("DANCHU_PRIMARY_USER", "postgres")
    direct = f"postgres://{user}@{host}:{port}/{a.database}"
    data = Path(a.data_dir) if a.data_dir else Path(tempfile.mkdtemp(prefix="danchu-replica-bench-"))
    data.mkdir(parents=True, exist_ok=True)
    if a.prepare:
        env = danchu_env(data, direct, None)
        subprocess.run(["psql", "-h", host, "-p", port, "-U", user, "-d", "postgres", "-c",
                        f'CREATE DATABASE "{a.database}"'], check=False)
        for cmd in (["migrate", "--noinput", "-v0"], ["units", "import"], ["seed", "--scale", "demo", "--quiet"]):
            run([sys.executable, "-m", "danchu", *cmd], env)
    run(["bash", str(SCRIPT), "start", a.database])
    servers: list[subprocess.Popen] = []
    try:
        pooled = f"postgres://{user}@127.0.0.1:{bouncer}/{a.database}"
        run([sys.executable, "-m", "danchu", "collectstatic", "--noinput", "-v0"], danchu_env(data, direct, None))
        modes = {"primary": pooled, "replica": f"{pooled}_replica"}
        bases = {}
        for mode, reads in modes.items():
            proc, base = start_server(mode, danchu_env(data, pooled, reads), a.workers, a.threads, data)
            servers.append(proc)
            bases[mode] = base
        load = wrk if shutil.which("wrk") else python_load
        lua = data / "report.lua"
        lua.write_text(LUA)
        for base in bases.values():  # warm-up: every worker's first requests import and connect
            for path in paths:
                warm(base + path, a.workers * a.threads * 2)
        results: dict = {path: {mode: [] for mode in bases} for path in paths}
        for i in range(a.runs):
            for path in paths:
                for mode in (("primary", "replica") if i % 2 == 0 else ("replica", "primary")):
                    r = load(bases[mode] + path, duration=a.duration, connections=a.connections,
                             threads=a.wrk_threads, lua=lua)
                    results[path][mode].append(r)
                    print(f"run {i + 1}/{a.runs} {mode:8} {path:28} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:6.1f} ms  "
                          f"p95 {r['p95_ms']:6.1f} ms  errors {r['errors']}", flush=True)
        proof = routing_proof(bases, paths[0], load=load, lua=lua, database=a.database, user=user,
                              nodes={"primary": port, "replica": os.environ.get("DANCHU_REPLICA_PORT", "5433")})
        summary = {}
        print(f"\nmedians of {a.runs} runs of {a.duration} s, {a.connections} connections, gunicorn {a.workers}×{a.threads}, "
              f"{os.cpu_count()} CPUs, load client: {load.__name__}")
        print(f"{'page':28} {'reads on':8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for path, by_mode in results.items():
            summary[path] = {}
            for mode, runs in by_mode.items():
                m = {k: statistics.median(r[k] for r in runs) for k in ("rps", "p50_ms", "p95_ms", "p99_ms")}
                m["errors"] = sum(r["errors"] for r in runs)
                summary[path][mode] = m
                print(f"{path:28} {mode:8} {m['rps']:8.1f} {m['p50_ms']:8.1f} {m['p95_ms']:8.1f} {m['p99_ms']:8.1f} "
                      f"{m['errors']:7d}")
        out = data / "replica-bench.json"
        out.write_text(json.dumps({"command": " ".join(sys.argv), "load": load.__name__, "cpus": os.cpu_count(),
                                   "workers": a.workers, "threads": a.threads, "runs": a.runs, "duration": a.duration,
                                   "connections": a.connections, "routing": proof, "summary": summary, "raw": results}, indent=2))
        print(f"\nwritten to {out}")
    finally:
        for proc in servers:
            proc.terminate()
        for proc in servers:
            proc.wait(timeout=120)
        if not a.keep:
            run(["bash", str(SCRIPT), "stop"])


if __name__ == "__main__":
    main()
