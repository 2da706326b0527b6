"""Page benchmark: throughput, latency, CPU per request and queries of the real stack.

    .venv/bin/python bench/pages.py --database-url postgres://.../gs_bench1 \\
        [--database-url postgres://.../gs_bench10] [--runs 3] [--seconds 5] [--profile 25]

For each database (made by ``bench/generate_data.py``) it starts gunicorn with the production
settings, Redis as the cache and session cache (REDIS_URL, default redis://127.0.0.1:6379/15)
and WhiteNoise, logs the benchmark's people in (``bench/subjects.py``) and measures every page
with wrk (requests carry X-Forwarded-Proto: https). Per page it prints requests per second,
p50/p95 latency, the ratio to a bare Django view served by the same stack in the same run, the
gunicorn workers' CPU per request (user + system, from /proc) and the page's query count on a
warm cache (``bench/probe.py``, in-process). Each figure is the median of ``--runs`` runs.

Slow pages still get a figure: a first timed request decides the connections (fewer for slow
pages), the window (long enough for several requests per connection) and wrk's timeout; a page
that answers anything but 200, or lacks its expected text, fails the benchmark. The
certificate row compares serving the stored PDF with rendering it (CPU per render, measured
in-process). With two databases the last columns show the growth (second ÷ first).
"""

import argparse
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
TICKS = os.sysconf("SC_CLK_TCK")
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("P50=%d P95=%d N=%d ERR=%d\\n", latency:percentile(50),
    latency:percentile(95), summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.status + summary.errors.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def django_env(database_url: str, redis_url: str, private: str, static: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://127.0.0.1",
        "CONN_MAX_AGE": "60",
        "BENCH_BARE_VIEW": "1",
        "CERTIFICATE_VERIFY_EXEMPT_IPS": "127.0.0.1",
        # the fake payment provider: the benchmark pays nothing (production refuses it otherwise)
        "BILLING_PAYMENT_PROVIDER": "fake",
        "BILLING_ALLOW_FAKE_PROVIDER": "1",
        "LOG_LEVEL": "WARNING",
        "PRIVATE_MEDIA_ROOT": private,
        "STATIC_ROOT": static,
    }


def probe(env: dict, profile: int) -> dict:
    """Pages, sessions, query counts and the PDF render cost, from ``bench/probe.py``."""
    cmd = [PYTHON, ROOT / "bench" / "probe.py"] + (["--profile", str(profile)] if profile else [])
    out = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"probe failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check(base: str, path: str, cookie: str, expected: str) -> float:
    """One request: fail unless 200 with ``expected`` in the body; returns its seconds."""
    request = urllib.request.Request(
        base + path, headers={"X-Forwarded-Proto": "https", "Cookie": cookie}
    )
    start = time.monotonic()
    with urllib.request.build_opener(NoRedirect).open(request, timeout=600) as response:
        body = response.read()
        seconds = time.monotonic() - start
        if response.status != 200:
            raise SystemExit(f"FAIL {path}: status {response.status}")
        if expected.encode() not in body:
            raise SystemExit(f"FAIL {path}: expected text {expected!r} not found")
    return seconds


def worker_cpu(master: int) -> float:
    """CPU seconds (user + system) used so far by gunicorn's worker processes."""
    total = 0.0
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def plan(latency: float, seconds: int) -> tuple[int, int, int]:
    """Connections, window (s) and wrk timeout (s) for a page answering in ``latency`` s."""
    connections = 8 if latency < 0.05 else 4 if latency < 0.5 else 2
    window = max(seconds, math.ceil(latency * 4))
    timeout = max(10, math.ceil(latency * connections * 4))
    return connections, window, timeout


def wrk(base: str, path: str, cookie: str, shape: tuple, lua: str, master: int) -> tuple | None:
    """One wrk run: (requests/s, p50 ms, p95 ms, CPU ms per request); None when no request
    finished (only allowed in a warm-up)."""
    connections, window, timeout = shape
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{window}s", "--timeout", f"{timeout}s"]
    cmd += ["-s", lua, "-H", "X-Forwarded-Proto: https"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    cpu = worker_cpu(master)
    out = subprocess.run(cmd + [base + path], capture_output=True, text=True, check=True).stdout
    cpu = worker_cpu(master) - cpu
    m = re.search(r"P50=(\d+) P95=(\d+) N=(\d+) ERR=(\d+)", out)
    if int(m.group(4)) or "Non-2xx" in out:
        raise SystemExit(f"FAIL {path}: errors or non-2xx answers under load\n{out}")
    requests = int(m.group(3))
    if not requests:
        return None
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rps, int(m.group(1)) / 1000, int(m.group(2)) / 1000, cpu / requests * 1000


def start_server(env: dict, port: int, workers: int):
    cmd = [ROOT / ".venv/bin/gunicorn", "lms.wsgi", "-b", f"127.0.0.1:{port}"]
    cmd += ["-w", str(workers), "--timeout", "900", "--log-level", "warning"]
    return subprocess.Popen(cmd, env=env, cwd=ROOT, start_new_session=True)


def measure(database_url: str, redis_url: str, args) -> dict:
    runs, seconds, profile = args.runs, args.seconds, args.profile
    private = tempfile.mkdtemp(prefix="gs-private-")
    static = tempfile.mkdtemp(prefix="gs-static-")
    env = django_env(database_url, redis_url, private, static)
    for command in (["collectstatic"], ["migrate"]):  # production adds the task tables
        subprocess.run(
            [PYTHON, "manage.py", *command, "--noinput", "-v0"], env=env, cwd=ROOT, check=True
        )
    facts = probe(env, profile)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(env, port, args.workers)
    results = {"facts": facts, "pages": {}}
    lua = Path(tempfile.mkstemp(suffix=".lua")[1])
    lua.write_text(LUA)
    try:
        for _ in range(60):
            try:
                check(base, "/bench/bare/", "", "bare view")
                break
            except Exception:
                time.sleep(1)
        for page in facts["pages"]:
            cookie = f"sessionid={facts['sessions'][page['who']]}" if page["who"] else ""
            latency = min(check(base, page["path"], cookie, page["text"]) for _ in range(2))
            shape = plan(latency, seconds)
            if latency < 0.5:
                wrk(base, page["path"], cookie, (shape[0], 1, shape[2]), lua, server.pid)
            samples = [
                wrk(base, page["path"], cookie, shape, lua, server.pid)
                for _ in range(runs if latency < 5 else 1)
            ]
            if None in samples:
                raise SystemExit(f"FAIL {page['path']}: no request finished in {shape[1]} s")
            figures = tuple(statistics.median(x) for x in zip(*samples, strict=True))
            results["pages"][page["name"]] = (*figures, page["queries"], page["session_queries"])
            print(
                f"  {page['name']:32s} {figures[0]:8.1f} req/s {figures[3]:9.1f} ms CPU "
                f"{page['queries']:4d} queries  (c={shape[0]}, {shape[1]} s)",
                flush=True,
            )
        bare = facts["pages"][0]
        again = wrk(base, bare["path"], "", plan(0, seconds), lua, server.pid)
        first = results["pages"][bare["name"]]
        results["pages"][bare["name"]] = ((first[0] + again[0]) / 2, *first[1:])
        print(f"  bare view again: {again[0]:.1f} req/s; ratios use the mean", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        lua.unlink()
        shutil.rmtree(static, ignore_errors=True)
        shutil.rmtree(private, ignore_errors=True)
    return results


def report(names: list[str], tables: list[dict]) -> None:
    cols = " | ".join(
        f"{n[-14:] + ' req/s':>20s} {'p50 ms':>7s} {'p95 ms':>7s} {'÷bare':>6s} "
        f"{'CPU ms':>8s} {'queries':>7s}"
        for n in names
    )
    header = f"{'page':32s} | {cols}" + (" | CPU ×  queries" if len(tables) == 2 else "")
    print("\n" + header + "\n" + "-" * len(header))
    for page in tables[0]["pages"]:
        row = f"{page:32s}"
        for table in tables:
            rps, p50, p95, cpu, queries, _ = table["pages"][page]
            ratio = rps / table["pages"]["bare view"][0]
            row += f" | {rps:20.1f} {p50:7.1f} {p95:7.1f} {ratio:6.3f} {cpu:8.1f} {queries:7d}"
        if len(tables) == 2:
            first, second = tables[0]["pages"][page], tables[1]["pages"][page]
            row += f" | {second[3] / first[3]:5.2f} {first[4]:3d}→{second[4]:<3d}"
        print(row)
    for name, table in zip(names, tables, strict=True):
        facts = table["facts"]
        stored = table["pages"]["certificate PDF (stored)"][3]
        render = facts["certificate_render_cpu_ms"]
        sessions = sum(p[5] for p in table["pages"].values())
        print(
            f"\n{name}: rendering the certificate PDF costs {render:.1f} ms CPU in-process; "
            f"serving the stored one {stored:.1f} ms per request ({render / stored:.1f}× cheaper)."
            f"\n{name}: session engine {facts['session_engine']}; session queries on warm "
            f"requests, all pages together: {sessions}."
        )
        for page in facts["pages"]:
            if page.get("profile"):
                print(f"\n--- profile: {page['name']} ({name}) ---\n{page['profile']}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", action="append", required=True)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--profile", type=int, default=0, help="print a cProfile top N per page")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    print(f"load average before: {os.getloadavg()}", flush=True)
    tables = []
    for url in args.database_url:
        print(f"measuring {url.rsplit('/', 1)[-1]} …", flush=True)
        tables.append(measure(url, args.redis_url, args))
    report([u.rsplit("/", 1)[-1] for u in args.database_url], tables)
    print(f"\nload average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
