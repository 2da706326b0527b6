"""The Django side of ``bench/pages.py``: run with the benchmark's environment (production
settings, the benchmark database, Redis), it prints one JSON object with every page to measure
(path, session cookie, expected text), each page's query count on a warm cache, and the CPU
cost of rendering a certificate PDF. With ``--profile`` it adds a cProfile summary per page.

    .venv/bin/python bench/probe.py [--profile N]
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.production")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import subjects  # noqa: E402

HEADERS = {"X-Forwarded-Proto": "https"}


def pages() -> list[dict]:
    """Every measured page: name, path, the person logged in (or None), expected text."""
    from courses.models import CourseModulePage
    from lms.accounts.models import Organisation
    from lms.certificates.models import Certificate
    from lms.enrolment.models import CourseRun

    module = CourseModulePage.objects.live().filter(slug__startswith="bench-module-").first()
    institution = module.get_parent()
    verified = Certificate.objects.exclude(enrolment__run__code=subjects.CERTIFICATE_RUN).first()
    stored = Certificate.objects.get(enrolment__run__code=subjects.CERTIFICATE_RUN)
    run200 = CourseRun.objects.get(code=subjects.RUN_200)
    organisation = Organisation.objects.get(name=subjects.ORGANISATION)
    return [
        dict(name="bare view", path="/bench/bare/", who=None, text="bare view"),
        dict(name="home", path="/", who=None, text="Gebiedsschool"),
        dict(name="catalogue", path="/opleidingen/", who=None, text="modules"),
        dict(
            name="catalogue filtered",
            path="/opleidingen/?theme=financiering&format=online",
            who=None,
            text="modules",
        ),
        dict(name="catalogue search", path="/opleidingen/?q=transformatie", who=None, text=""),
        dict(name="module page", path=module.url, who=None, text=module.title),
        dict(
            name="certificate verification",
            path=verified.get_verify_path(),
            who=None,
            text=verified.holder_name,
        ),
        dict(
            name="my learning (50 enrolments)", path="/mijn/", who=subjects.LEARNER, text="BENCH-"
        ),
        dict(
            name="certificate PDF (stored)",
            path=stored.get_download_url(),
            who=subjects.LEARNER,
            text="%PDF",
        ),
        dict(
            name="organisation portal (200)",
            path=f"/mijn/organisatie/{organisation.pk}/",
            who=subjects.CONTACT,
            text=subjects.ORGANISATION,
        ),
        dict(
            name="admin participants (200)",
            path=f"/beheer/runs/{run200.pk}/deelnemers/",
            who=subjects.ADMIN,
            text="@example.org",
        ),
        dict(
            name="admin explorer (institution)",
            path=f"/beheer/pages/{institution.pk}/",
            who=subjects.ADMIN,
            text=module.title,
        ),
        dict(
            name="results dashboard (team)",
            path="/beheer/resultaten/",
            who=subjects.TEAM,
            text="section-",
        ),
    ]


def store_certificate_pdf() -> int:
    """Render the learner's certificate into this run's private storage; returns its size."""
    from lms.certificates.models import Certificate
    from lms.certificates.services import ensure_pdf

    certificate = Certificate.objects.get(enrolment__run__code=subjects.CERTIFICATE_RUN)
    Certificate.objects.filter(pk=certificate.pk).update(pdf="")
    certificate = ensure_pdf(certificate)
    return certificate.pdf.size


def render_cost(times: int = 10) -> float:
    """CPU milliseconds to render the learner's certificate PDF (median of ``times``)."""
    from lms.certificates.models import Certificate
    from lms.certificates.rendering import render_pdf

    certificate = Certificate.objects.get(enrolment__run__code=subjects.CERTIFICATE_RUN)
    render_pdf(certificate)
    costs = []
    for _ in range(times):
        start = time.process_time()
        render_pdf(certificate)
        costs.append((time.process_time() - start) * 1000)
    return sorted(costs)[len(costs) // 2]


def client_for(who, sessions: dict) -> Client:
    client = Client(HTTP_HOST="127.0.0.1", headers=HEADERS)
    if who:
        client.cookies["sessionid"] = sessions[who]
    return client


def count_queries(page: dict, sessions: dict) -> dict:
    """Queries of the second request (warm cache), and how many of them read the session."""
    client = client_for(page["who"], sessions)
    first = client.get(page["path"])
    if first.status_code != 200:
        raise SystemExit(f"FAIL {page['path']}: status {first.status_code}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page["path"])
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    sql = [q["sql"] for q in queries.captured_queries]
    return {"queries": len(sql), "session_queries": sum("django_session" in q for q in sql)}


def profile(page: dict, sessions: dict, top: int) -> str:
    """cProfile summary of one warm request: the ``top`` functions by cumulative time."""
    client = client_for(page["who"], sessions)
    client.get(page["path"])
    profiler = cProfile.Profile()
    profiler.enable()
    response = client.get(page["path"])
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    site = str(Path(django.__file__).parents[1]) + "/"
    return out.getvalue().replace(site, "").replace(str(ROOT) + "/", "")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", type=int, default=0, help="top N functions per page")
    args = parser.parse_args()
    cache.clear()  # this database's pages and sessions only
    people = {p["who"] for p in pages() if p["who"]}
    sessions = {who: subjects.login_session(who) for who in sorted(people)}
    result = {
        "pages": pages(),
        "sessions": sessions,
        "session_engine": django.conf.settings.SESSION_ENGINE,
        "certificate_pdf_bytes": store_certificate_pdf(),
        "certificate_render_cpu_ms": render_cost(),
    }
    for page in result["pages"]:
        page.update(count_queries(page, sessions))
        if args.profile:
            page["profile"] = profile(page, sessions, args.profile)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
