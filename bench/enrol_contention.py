"""Enrolment under contention: the real server on PostgreSQL, N concurrent enrol requests.

Scenario "one run": N people enrol at the same moment in one run with CAPACITY seats (they
all queue on that run's row lock). Scenario "N runs": N people enrol at the same moment,
each in their own run (no shared lock). Prints the throughput of both, their ratio and the
invariants: seats taken <= capacity, waiting-list positions 1..k without gaps, one
enrolment per person, no server errors.

Usage (creates and migrates the database named in DATABASE_URL if needed)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gs_wt3_bench \\
        .venv/bin/python bench/enrol_contention.py [-n 40] [--capacity 10] [--port 9030]

Each request is a logged-in session (real login through the login form) that first GETs the
enrol page for its CSRF token, then POSTs. Requests go to gunicorn (``--workers``
processes x ``--threads`` threads, each thread its own database connection), so figures include
Django's full request cycle.
"""

import argparse
import http.cookiejar
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "bench-Password-123"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (the point is its row locks).")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_data(n: int, capacity: int):
    """A module, one contended run, n single runs and n verified users (fresh each time)."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone
    from wagtail.models import Page

    from courses.models import CourseIndexPage, CourseModulePage, InstitutionPage
    from lms.accounts.models import User
    from lms.enrolment.models import CourseRun, Session

    stamp = str(int(time.time()))
    root = Page.get_first_root_node()
    parent = root.get_children().first() or root
    catalogue = CourseIndexPage(title=f"Bench {stamp}", slug=f"bench-{stamp}")
    parent.add_child(instance=catalogue)
    institution = InstitutionPage(title="Bench", slug="bench", code=f"B{stamp[-6:]}", intro="")
    catalogue.add_child(instance=institution)
    module = CourseModulePage(
        title="Bench module",
        slug="bench-module",
        summary="Bench",
        delivery_format="classroom",
        study_load_hours=Decimal("8"),
        pe_points=Decimal("4"),
    )
    institution.add_child(instance=module)
    module.save_revision().publish()
    start = timezone.now() + dt.timedelta(days=30)

    def run(code, seats):
        r = CourseRun.objects.create(
            module=module,
            code=code,
            capacity=seats,
            price=Decimal("0.00"),
            status=CourseRun.Status.PUBLISHED,
        )
        Session.objects.create(run=r, starts_at=start, ends_at=start + dt.timedelta(hours=4))
        return r

    contended = run(f"BENCH-{stamp}-ONE", capacity)
    singles = [run(f"BENCH-{stamp}-{i:03d}", capacity) for i in range(n)]
    users = [
        User.objects.create_user(
            email=f"bench-{stamp}-{i}@example.org",
            password=PASSWORD,
            email_verified_at=timezone.now(),
            language="en",
        )
        for i in range(2 * n)
    ]
    return contended, singles, users


class Session:
    """One browser: a cookie jar, logged in through the login form."""

    def __init__(self, base: str, email: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )
        self.email = email

    def csrf_from(self, path: str) -> str:
        html = self.opener.open(self.base + path, timeout=60).read().decode()
        return CSRF_FIELD.search(html).group(1)

    def post(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, data=body, method="POST")
        request.add_header("Referer", self.base + path)
        try:
            return self.opener.open(request, timeout=120).status
        except urllib.error.HTTPError as error:
            return error.code

    def login(self, login_path: str):
        token = self.csrf_from(login_path)
        status = self.post(
            login_path,
            {"csrfmiddlewaretoken": token, "username": self.email, "password": PASSWORD},
        )
        if status != 302:
            raise SystemExit(f"login failed for {self.email}: HTTP {status}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp


def fire(sessions_and_paths) -> tuple[float, list[int]]:
    """Get every CSRF token first, then release all POSTs at once; returns (seconds, codes)."""
    prepared = [(s, p, s.csrf_from(p)) for s, p in sessions_and_paths]
    barrier = threading.Barrier(len(prepared) + 1)
    codes = [0] * len(prepared)

    def worker(i, session, path, token):
        barrier.wait()
        codes[i] = session.post(path, {"csrfmiddlewaretoken": token})

    threads = [threading.Thread(target=worker, args=(i, *item)) for i, item in enumerate(prepared)]
    for thread in threads:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, codes


def invariants(run) -> dict:
    from lms.enrolment import seats
    from lms.enrolment.models import Enrolment

    run.refresh_from_db()
    waiting = list(seats.waiting_list(run))
    positions = [seats.waiting_position(e) for e in waiting]
    per_person = run.enrolments.values("user").distinct().count() == run.enrolments.count()
    return {
        "capacity": run.capacity,
        "seats_taken": seats.seats_taken(run),
        "confirmed": run.enrolments.filter(state=Enrolment.State.CONFIRMED).count(),
        "waitlisted": len(waiting),
        "seats_ok": seats.seats_taken(run) <= run.capacity,
        "positions_gap_free": positions == list(range(1, len(waiting) + 1)),
        "one_per_person": per_person,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=40, help="concurrent requests (default 40)")
    parser.add_argument("--capacity", type=int, default=10)
    parser.add_argument("--port", type=int, default=9030)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=16, help="threads per process")
    args = parser.parse_args()
    setup_django()
    from django.urls import reverse

    contended, singles, users = build_data(args.n, args.capacity)
    env = {**os.environ, "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    env.setdefault("DEBUG", "0")
    # gunicorn with threads: the dev server's listen backlog (10) resets bursts of connects.
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "lms.wsgi",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--bind",
            f"127.0.0.1:{args.port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + reverse("accounts:login"), timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        login = reverse("accounts:login")
        sessions = [Session(base, u.email) for u in users]
        for session in sessions:
            session.login(login)
        one, many = sessions[: args.n], sessions[args.n :]
        one_path = reverse("enrolment:enrol", args=[contended.pk])
        t_one, codes_one = fire([(s, one_path) for s in one])
        t_many, codes_many = fire(
            [
                (s, reverse("enrolment:enrol", args=[r.pk]))
                for s, r in zip(many, singles, strict=True)
            ]
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    n = args.n
    print(f"requests per scenario: {n}; seats in the contended run: {args.capacity}")
    print(f"one run : {t_one:6.2f} s  {n / t_one:7.1f} enrolments/s  HTTP {sorted(set(codes_one))}")
    print(
        f"{n} runs: {t_many:6.2f} s  {n / t_many:7.1f} enrolments/s  HTTP {sorted(set(codes_many))}"
    )
    print(f"ratio one run / N runs throughput: {(n / t_one) / (n / t_many):.2f}")
    print(f"invariants, contended run: {invariants(contended)}")
    singles_ok = all(invariants(r)["seats_ok"] for r in singles)
    print(f"invariants, single runs: seats_ok={singles_ok}")
    errors = [c for c in codes_one + codes_many if c >= 500]
    print(f"server errors: {len(errors)}")


if __name__ == "__main__":
    main()
