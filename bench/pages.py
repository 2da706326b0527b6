"""Page benchmark: throughput and latency of the real stack under a real load generator.

    .venv/bin/python bench/pages.py --database-url postgres://.../gs_bench1 \
        [--database-url postgres://.../gs_bench10] [--runs 3] [--seconds 5]

For each database (made by bench/generate_data.py) it starts gunicorn with the production
settings, Redis as the cache (REDIS_URL, default redis://127.0.0.1:6379/15) and WhiteNoise, then
measures every page with wrk (requests carry X-Forwarded-Proto: https). Each figure is the
median of --runs runs. A page that answers anything but 200, or lacks its expected text, fails
the whole benchmark. Throughput is printed as a ratio of a bare Django view served by the same
stack; with two databases, the second column set shows the cost of growth.
"""

import argparse
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


def django_env(database_url: str, redis_url: str) -> dict:
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
        "LOG_LEVEL": "WARNING",
    }


def subjects(env: dict) -> dict:
    """Ask Django for the URLs and session cookies the benchmark needs."""
    script = r"""
import django, json
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from courses.models import CourseModulePage
from lms.accounts.models import User
from lms.certificates.models import Certificate
from lms.enrolment.models import CourseRun

def session(email):
    user = User.objects.get(email=email)
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "lms.accounts.backends.EmailBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    return s.session_key

modules = CourseModulePage.objects.live().filter(runs__code__startswith="BENCH-")
module = modules.order_by("pk").first()
cert = Certificate.objects.order_by("pk").first()
print(json.dumps({
    "module": module.url,
    "module_title": module.title,
    "certificate": cert.get_verify_path(),
    "holder": cert.holder_name,
    "run200": CourseRun.objects.get(code="BENCH-200").pk,
    "user_session": session("bench-user@example.org"),
    "admin_session": session("bench-admin@example.org"),
}))
"""
    out = subprocess.run(
        [PYTHON, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])


def pages(s: dict) -> list[tuple[str, str, str, str]]:
    """(name, path, cookie, expected text) for every measured page."""
    user = f"sessionid={s['user_session']}"
    admin = f"sessionid={s['admin_session']}"
    return [
        ("bare view", "/bench/bare/", "", "bare view"),
        ("home", "/", "", "Gebiedsschool"),
        ("catalogue", "/opleidingen/", "", "modules"),
        ("catalogue filtered", "/opleidingen/?theme=financiering&format=online", "", "modules"),
        ("catalogue search", "/opleidingen/?q=transformatie", "", "modules"),
        ("module page", s["module"], "", s["module_title"]),
        ("verification", s["certificate"], "", s["holder"]),
        ("my learning (50 enrolments)", "/mijn/", user, "BENCH-"),
        (
            "admin participants (200)",
            f"/beheer/runs/{s['run200']}/deelnemers/",
            admin,
            "@example.org",
        ),
    ]


def check(base: str, path: str, cookie: str, expected: str) -> None:
    request = urllib.request.Request(
        base + path, headers={"X-Forwarded-Proto": "https", "Cookie": cookie}
    )
    opener = urllib.request.build_opener(NoRedirect)
    with opener.open(request, timeout=60) as response:
        body = response.read().decode()
        if response.status != 200:
            raise SystemExit(f"FAIL {path}: status {response.status}")
        if expected not in body:
            raise SystemExit(f"FAIL {path}: expected text {expected!r} not found")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wrk(base: str, path: str, cookie: str, seconds: int, lua: str) -> tuple[float, float, float]:
    cmd = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "10s", "-s", lua]
    cmd += ["-H", "X-Forwarded-Proto: https"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(cmd + [base + path], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    m = re.search(r"P50=(\d+) P95=(\d+) N=(\d+) ERR=(\d+)", out)
    if int(m.group(4)) or "Non-2xx" in out:
        raise SystemExit(f"FAIL {path}: errors or non-2xx answers under load\n{out}")
    return rps, int(m.group(1)) / 1000, int(m.group(2)) / 1000


def measure(database_url: str, redis_url: str, runs: int, seconds: int) -> dict:
    env = django_env(database_url, redis_url)
    static = tempfile.mkdtemp(prefix="gs-static-")
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        env={**env, "STATIC_ROOT": static},
        cwd=ROOT,
        check=True,
    )
    s = subjects(env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            ROOT / ".venv/bin/gunicorn",
            "lms.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "4",
            "--log-level",
            "warning",
        ],
        env={**env, "STATIC_ROOT": static},
        cwd=ROOT,
        start_new_session=True,
    )
    results = {}
    try:
        for _ in range(60):
            try:
                check(base, "/bench/bare/", "", "bare view")
                break
            except Exception:
                time.sleep(1)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(LUA)
        for name, path, cookie, expected in pages(s):
            check(base, path, cookie, expected)
            wrk(base, path, cookie, 1, f.name)  # warm-up
            samples = [wrk(base, path, cookie, seconds, f.name) for _ in range(runs)]
            results[name] = tuple(statistics.median(x) for x in zip(*samples, strict=True))
            print(f"  {name:30s} {results[name][0]:8.1f} req/s", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(static, ignore_errors=True)
    return results


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", action="append", required=True)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    tables = []
    for url in args.database_url:
        print(f"measuring {url.rsplit('/', 1)[-1]} …", flush=True)
        tables.append(measure(url, args.redis_url, args.runs, args.seconds))
    names = [u.rsplit("/", 1)[-1] for u in args.database_url]
    header = f"{'page':30s}" + "".join(
        f" | {n + ' req/s':>16s} {'p50 ms':>7s} {'p95 ms':>7s} {'÷bare':>6s}" for n in names
    )
    if len(tables) == 2:
        header += " | growth"
    print("\n" + header + "\n" + "-" * len(header))
    for page in tables[0]:
        row = f"{page:30s}"
        for table in tables:
            rps, p50, p95 = table[page]
            ratio = rps / table["bare view"][0]
            row += f" | {rps:16.1f} {p50:7.1f} {p95:7.1f} {ratio:6.2f}"
        if len(tables) == 2:
            before = tables[0][page][0]
            row += f" | {tables[1][page][0] / before:6.2f}" if before else " |    n/a"
        print(row)


if __name__ == "__main__":
    main()
