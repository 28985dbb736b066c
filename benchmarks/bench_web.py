"""The web app under load: the check API and the Today page, 50 clients at once.

    .venv/bin/python benchmarks/bench_web.py [--seconds 30] [--clients 50] [--workers 1]
        [--databases sqlite,postgresql]

For each database (a fresh SQLite file; a throwaway PostgreSQL on 127.0.0.1, started as
tests/pg_server.py does), the app runs in server mode under uvicorn in a subprocess on
127.0.0.1. One person signs up through the pages; her journal gets a month of check-ins.
Then, each for --seconds with --clients open connections, signed in as her:

    GET  /api/v1/health   the baseline: a constant answer from the same app, same run
    POST /api/v1/check    a message checked by the fast engine (with the X-CSRF-Token)
    GET  /today           the Today page, rendered from her journal

The load comes from wrk (Debian's `wrk`, C and epoll: on a 2-core machine the generator
must take as little CPU from the server as possible); without wrk, a small asyncio + httpx
generator runs instead and the table says so. Reported: requests/s, p50 and p95 latency,
errors (connection errors, timeouts and non-2xx/3xx answers), and requests/s as a ratio to
the health endpoint. A markdown table for BENCHMARKS.md is printed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MESSAGE = "I miss you. Could we take a slow walk on Sunday, just the two of us?"
PASSWORD = "a long walk by the river"  # a benchmark account
WRK_SCRIPT = """
wrk.method = "{method}"
wrk.body = {body}
{headers}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nRESULT {{"requests": %d, "duration_us": %d, "errors": %d, "p50_us": %d, "p95_us": %d}}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95)))
end
"""


@dataclass
class Result:
    database: str
    name: str
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p95_ms: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class Target:
    name: str
    method: str
    path: str
    body: str | None = None


TARGETS = (
    Target("GET /api/v1/health (baseline)", "GET", "/api/v1/health"),
    Target("POST /api/v1/check", "POST", "/api/v1/check", json.dumps({"text": MESSAGE})),
    Target("GET /today", "GET", "/today"),
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_app(home: Path, url: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "DRAWCLOSER_HOME": str(home),
        "DRAWCLOSER_DATABASE_URL": url,
        "DRAWCLOSER_ENGINE": "fast",
    }
    cmd = [
        sys.executable, "-m", "uvicorn", "drawcloser.web.app:create_server_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--log-level", "warning", "--no-access-log", "--no-server-header",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the app exited with {proc.returncode} before answering")
        try:
            if httpx.get(base + "/api/v1/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the app did not start within 60 s")


def sign_up(base: str) -> dict[str, str]:
    """Her session, as headers: the cookie (Secure, so read from Set-Cookie by hand: this is
    plain http on 127.0.0.1) and the CSRF token."""
    import httpx

    with httpx.Client(base_url=base) as client:
        page = client.get("/signup")
        cookie = re.search(r"dc_session=([^;]+)", page.headers["set-cookie"])
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert cookie and token, "no session on the sign-up page"
        response = client.post(
            "/signup",
            data={"name": "Bench", "password": PASSWORD, "again": PASSWORD, "csrf": token[1]},
            headers={"Cookie": f"dc_session={cookie[1]}"},
        )
        assert response.status_code == 303, response.text[:200]
        signed = re.search(r"dc_session=([^;]+)", response.headers["set-cookie"])
        assert signed
        headers = {"Cookie": f"dc_session={signed[1]}"}
        csrf = client.get("/api/v1/session", headers=headers).json()["csrf"]
    return {**headers, "X-CSRF-Token": csrf}


def seed(url: str) -> None:
    """A month of check-ins and a few things to remember, so Today has something to show."""
    from sqlalchemy import select

    from drawcloser.practice import checkins, remember
    from drawcloser.practice.journal import Journal
    from drawcloser.store.database import open_database
    from drawcloser.store.schema import User

    db = open_database(url)
    with db.read() as s:
        uid = s.scalar(select(User.id).where(User.name == "Bench"))
    assert uid is not None
    j = Journal(db, uid)
    start = datetime.now().replace(microsecond=0) - timedelta(days=30)
    for day in range(30):
        checkins.add(
            j, warmth=day % 5 - 2, openness=(day * 3) % 5 - 2, at=start + timedelta(days=day),
            happened="We cooked together after work", said=MESSAGE, response="He laughed",
        )  # fmt: skip
    for text in ("The way he hums while cooking", "Our first trip to the coast"):
        remember.add(j, "memory", text)
    db.dispose()


def run_wrk(
    base: str, target: Target, headers: dict[str, str], seconds: int, clients: int
) -> Result:
    all_headers = dict(headers)
    if target.body is not None:
        all_headers["Content-Type"] = "application/json"
    lines = "\n".join(
        f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in all_headers.items()
    )
    body = json.dumps(target.body) if target.body is not None else "nil"
    script = WRK_SCRIPT.format(method=target.method, body=body, headers=lines)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script)
    try:
        out = subprocess.run(
            ["wrk", "-t1", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s",
             "-s", fh.name, base + target.path],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    finally:
        os.unlink(fh.name)
    found = re.search(r"^RESULT (\{.*\})$", out, re.M)
    assert found, out
    data = json.loads(found[1])
    return Result(
        "", target.name, data["requests"], data["duration_us"] / 1e6, data["errors"],
        data["p50_us"] / 1000, data["p95_us"] / 1000,
    )  # fmt: skip


def run_httpx(
    base: str, target: Target, headers: dict[str, str], seconds: int, clients: int
) -> Result:
    import httpx

    latencies: list[float] = []
    errors = 0

    async def one_client(client: httpx.AsyncClient, stop: float) -> None:
        nonlocal errors
        while time.perf_counter() < stop:
            began = time.perf_counter()
            try:
                response = await client.request(
                    target.method, target.path, content=target.body,
                    headers={**headers, "Content-Type": "application/json"},
                )  # fmt: skip
                if response.status_code >= 400:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            latencies.append(time.perf_counter() - began)

    async def main() -> float:
        limits = httpx.Limits(max_connections=clients)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10) as client:
            began = time.perf_counter()
            stop = began + seconds
            await asyncio.gather(*(one_client(client, stop) for _ in range(clients)))
            return time.perf_counter() - began

    elapsed = asyncio.run(main())
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return Result(
        "", target.name, len(latencies), elapsed, errors, cuts[49] * 1000, cuts[94] * 1000
    )


def check_targets(base: str, headers: dict[str, str]) -> None:
    """One request each first: a misconfigured run (403, 303 to /signin) must not be timed."""
    import httpx

    for target in TARGETS:
        response = httpx.request(
            target.method, base + target.path, content=target.body,
            headers={**headers, "Content-Type": "application/json"}, follow_redirects=False,
        )  # fmt: skip
        if response.status_code != 200:
            raise SystemExit(f"{target.name}: {response.status_code} {response.text[:200]}")


def bench_database(
    name: str, url: str, home: Path, args: argparse.Namespace, use_wrk: bool
) -> list[Result]:
    proc, base = start_app(home, url, args.workers)
    try:
        headers = sign_up(base)
        seed(url)
        check_targets(base, headers)
        results = []
        for target in TARGETS:
            run = run_wrk if use_wrk else run_httpx
            result = run(base, target, headers, args.seconds, args.clients)
            result.database = name
            results.append(result)
            print(
                f"{name:<10} {result.name:<32} {result.rate:8.1f} req/s"
                f"  p50 {result.p50_ms:7.1f} ms  p95 {result.p95_ms:7.1f} ms"
                f"  errors {result.errors}",
                file=sys.stderr,
                flush=True,
            )
        return results
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


def table(
    results: list[Result], generator: str, args: argparse.Namespace, load_before: float
) -> str:
    rows = [
        f"Web under load: {args.clients} concurrent clients, {args.seconds} s per endpoint, "
        f"{args.workers} uvicorn worker(s), server mode, load from {generator}; "
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        f"load average {load_before:.2f} before the run (the machine is shared: other "
        "processes' CPU shows up in the tail).",
        "",
        "| Database | Endpoint | Requests/s | p50 (ms) | p95 (ms) | Errors "
        "| Throughput vs health |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for database in dict.fromkeys(r.database for r in results):
        mine = [r for r in results if r.database == database]
        baseline = mine[0].rate or 1.0
        for r in mine:
            rows.append(
                f"| {database} | {r.name} | {r.rate:,.0f} | {r.p50_ms:.1f} | {r.p95_ms:.1f} "
                f"| {r.errors} of {r.requests:,} | {r.rate / baseline:.2f} |"
            )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=30, help="per endpoint (default 30)")
    parser.add_argument("--clients", type=int, default=50, help="open connections (default 50)")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers (default 1)")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--no-wrk", action="store_true", help="use the asyncio+httpx generator")
    args = parser.parse_args()
    use_wrk = shutil.which("wrk") is not None and not args.no_wrk
    generator = "wrk 4.1 (Debian)" if use_wrk else "asyncio + httpx (wrk not found)"
    load_before = os.getloadavg()[0]
    results: list[Result] = []
    for database in args.databases.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp)
            if database == "sqlite":
                results += bench_database(
                    "SQLite", f"sqlite:///{home / 'journal.db'}", home, args, use_wrk
                )
            elif database == "postgresql":
                from tests.pg_server import start_server

                try:
                    server = start_server()
                except (FileNotFoundError, OSError, subprocess.CalledProcessError) as exc:
                    print(f"PostgreSQL skipped: {exc}", file=sys.stderr)
                    continue
                try:
                    url = server.create_database("bench_web")
                    results += bench_database("PostgreSQL", url, home, args, use_wrk)
                finally:
                    server.stop()
            else:
                raise SystemExit(f"unknown database {database!r}: sqlite or postgresql")
    print(table(results, generator, args, load_before))


if __name__ == "__main__":
    main()
