"""Large-dataset generator for the benchmarks.

    DJANGO_SETTINGS_MODULE=lms.settings.dev DATABASE_URL=postgres://... \
        .venv/bin/python bench/generate_data.py --scale 1 [--seed 42]

Builds N × (20 institutions, 200 modules, 1,000 runs, 25,000 users, 50,000 enrolments,
20,000 certificate records) with theme tags, on top of the programme content. Pages go through
the real page tree (``add_child``); other rows are bulk-inserted exactly as the services would
write them (states, prices and snapshots; no PDFs). Deterministic for a given seed. Also creates
the benchmark's fixed subjects: ``bench-user@example.org`` with 50 enrolments and one run with
200 participants (code ``BENCH-200``). Prints progress; running it twice adds nothing twice
(it refuses when generated data already exists).
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from courses.models import AudienceLevel, CourseIndexPage, CourseModulePage, InstitutionPage  # noqa: E402
from courses.programme import ProgrammeLoader  # noqa: E402
from lms.accounts.models import User  # noqa: E402
from lms.certificates.codes import new_code  # noqa: E402
from lms.certificates.models import Certificate  # noqa: E402
from lms.enrolment.models import CourseRun, Enrolment, Session  # noqa: E402

PER_SCALE = {
    "institutions": 20,
    "modules": 200,
    "runs": 1_000,
    "users": 25_000,
    "enrolments": 50_000,
    "certificates": 20_000,
}
THEMES = [
    "gebiedstransformatie",
    "financiering",
    "grondbeleid",
    "omgevingswet",
    "procesmanagement",
    "publiek-private samenwerking",
    "participatie",
    "bestuur",
    "binnenstedelijk bouwen",
    "transformatie kantoren",
    "pilotprojecten",
    "marktpartijen",
]
WORDS = [
    "Gebiedsontwikkeling",
    "Transformatie",
    "Stedelijke vernieuwing",
    "Grondexploitatie",
    "Samenwerking",
    "Participatie",
    "Omgevingsvisie",
    "Businesscase",
    "Procesregie",
    "Binnenstedelijk bouwen",
    "Kostenverhaal",
    "Leegstand",
    "Herontwikkeling",
]
FIRST = ["Anneke", "Bram", "Zoë", "Łukasz", "Fatima", "Jeroen", "Sanne", "Mehmet", "Eva", "Daan"]
LAST = ["de Vries", "Jansen", "Çelik", "Nowak-Ørsted", "Bakker", "Visser", "El Amrani", "Smit"]
BATCH = 5_000


class Generator:
    def __init__(self, scale: int, seed: int):
        self.scale = scale
        self.rng = random.Random(seed)
        self.now = timezone.now().replace(microsecond=0)
        self.started = time.monotonic()

    def log(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:7.1f}s] {text}", flush=True)

    def n(self, key: str) -> int:
        return PER_SCALE[key] * self.scale

    def run(self) -> None:
        if User.objects.filter(email="bench-user@example.org").exists():
            sys.exit("Generated data already exists; use a fresh database.")
        ProgrammeLoader(log=lambda line: None).load()
        self.log("programme content present")
        modules = self.pages()
        runs = self.runs(modules)
        users = self.users()
        enrolments = self.enrolments(runs, users)
        self.certificates(enrolments, runs)
        self.bench_subjects(runs, modules)
        self.analyse()
        self.log("done")

    def analyse(self) -> None:
        """Refresh the planner's statistics after bulk inserts (PostgreSQL), as autovacuum
        would later: without them the first benchmark runs measure bad query plans."""
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            self.log("statistics refreshed (VACUUM ANALYZE)")

    def pages(self) -> list:
        catalogue = CourseIndexPage.objects.get()
        levels = list(AudienceLevel.objects.all())
        institutions = []
        for i in range(self.n("institutions")):
            page = InstitutionPage(
                title=f"Kennisinstelling {i + 1:04d}",
                slug=f"bench-instelling-{i + 1:04d}",
                code=f"B{i + 1:04d}"[:8],
                intro="Een kennisinstelling in de benchmarkdataset.",
                live=True,
            )
            catalogue.add_child(instance=page)
            institutions.append(page)
        self.log(f"{len(institutions)} institutions")
        modules = []
        for i in range(self.n("modules")):
            parent = institutions[i % len(institutions)]
            words = self.rng.sample(WORDS, 2)
            module = CourseModulePage(
                title=f"{words[0]} en {words[1].lower()} {i + 1:05d}",
                slug=f"bench-module-{i + 1:05d}",
                summary="Een module over " + words[0].lower() + " in binnenstedelijke gebieden.",
                delivery_format=self.rng.choice(["classroom", "online", "blended"]),
                study_load_hours=Decimal(self.rng.choice([8, 16, 24, 32])),
                pe_points=Decimal(self.rng.choice([4, 8, 12, 16])),
                live=True,
            )
            module.tags.add(*self.rng.sample(THEMES, 3))
            module.audience_levels = self.rng.sample(levels, 2)
            parent.add_child(instance=module)
            modules.append(module)
            if (i + 1) % 200 == 0:
                self.log(f"{i + 1} modules")
        return modules

    @transaction.atomic
    def runs(self, modules) -> list:
        runs, sessions = [], []
        for i in range(self.n("runs")):
            module = modules[i % len(modules)]
            past = i % 5 < 3  # 60 % of runs lie in the past, 40 % are upcoming
            offset = -self.rng.randint(10, 700) if past else self.rng.randint(7, 300)
            runs.append(
                CourseRun(
                    module=module,
                    code=f"BENCH-{i + 1:06d}",
                    place=self.rng.choice(["Delft", "Utrecht", "Den Haag", "Online"]),
                    capacity=60,
                    price=Decimal(self.rng.choice(["0.00", "395.00", "795.00", "1250.00"])),
                    status=CourseRun.Status.PUBLISHED,
                    created_at=self.now,
                )
            )
            runs[-1].offset = offset
        CourseRun.objects.bulk_create(runs, batch_size=BATCH)
        for run in runs:
            for day in range(2):
                start = self.now + dt.timedelta(days=run.offset + 7 * day)
                sessions.append(
                    Session(
                        run=run,
                        title=f"Dag {day + 1}",
                        starts_at=start,
                        ends_at=start + dt.timedelta(hours=6),
                    )
                )
        Session.objects.bulk_create(sessions, batch_size=BATCH)
        self.log(f"{len(runs)} runs, {len(sessions)} sessions")
        return runs

    @transaction.atomic
    def users(self) -> list:
        password = make_password("bench-password")
        users = [
            User(
                email=f"deelnemer{i + 1:07d}@example.org",
                password=password,
                first_name=self.rng.choice(FIRST),
                last_name=self.rng.choice(LAST),
                email_verified_at=self.now,
                language="nl",
            )
            for i in range(self.n("users"))
        ]
        User.objects.bulk_create(users, batch_size=BATCH)
        self.log(f"{len(users)} users")
        return users

    @transaction.atomic
    def enrolments(self, runs, users) -> list:
        """50 places per run on average, one per person per run, never above capacity."""
        enrolments, pairs = [], set()
        target = self.n("enrolments")
        while len(enrolments) < target:
            run = runs[len(enrolments) % len(runs)]
            user = users[self.rng.randrange(len(users))]
            if (run.pk, user.pk) in pairs:
                continue
            pairs.add((run.pk, user.pk))
            if run.offset < 0:
                state = self.rng.choices(
                    ["completed", "not_passed", "no_show", "cancelled"], [8, 1, 1, 1]
                )[0]
            else:
                state = self.rng.choices(["confirmed", "cancelled"], [9, 1])[0]
            enrolments.append(
                Enrolment(
                    run=run,
                    user=user,
                    state=state,
                    price=run.price,
                    payer="participant",
                    created_at=self.now + dt.timedelta(days=min(run.offset, 0) - 30),
                    cancelled_at=self.now if state == "cancelled" else None,
                    completed_at=self.now + dt.timedelta(days=run.offset + 8)
                    if state == "completed"
                    else None,
                )
            )
        Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
        self.log(f"{len(enrolments)} enrolments")
        return enrolments

    @transaction.atomic
    def certificates(self, enrolments, runs) -> None:
        completed = [e for e in enrolments if e.state == "completed"][: self.n("certificates")]
        institution_titles = dict(InstitutionPage.objects.values_list("path", "title"))
        certificates = []
        for enrolment in completed:
            module = enrolment.run.module
            certificates.append(
                Certificate(
                    code=new_code(),
                    user=enrolment.user,
                    enrolment=enrolment,
                    module=module,
                    holder_name=enrolment.user.get_full_name(),
                    module_title=module.title,
                    institution_name=institution_titles.get(module.path[:-4], ""),
                    completion_date=timezone.localdate(enrolment.completed_at),
                    study_load_hours=module.study_load_hours,
                    pe_points=module.pe_points,
                    language="nl",
                )
            )
        Certificate.objects.bulk_create(certificates, batch_size=BATCH)
        self.log(f"{len(certificates)} certificates")

    @transaction.atomic
    def bench_subjects(self, runs, modules) -> None:
        user = User.objects.create_user(
            email="bench-user@example.org",
            password="bench-password",
            first_name="Bench",
            last_name="Gebruiker",
            email_verified_at=self.now,
        )
        upcoming = [r for r in runs if r.offset > 0]
        Enrolment.objects.bulk_create(
            Enrolment(run=run, user=user, state="confirmed", price=run.price, created_at=self.now)
            for run in self.rng.sample(upcoming, 50)
        )
        big = CourseRun.objects.create(
            module=modules[0],
            code="BENCH-200",
            place="Utrecht",
            capacity=220,
            price=Decimal("495.00"),
            status=CourseRun.Status.PUBLISHED,
        )
        Session.objects.bulk_create(
            Session(
                run=big,
                starts_at=self.now + dt.timedelta(days=20 + 7 * d),
                ends_at=self.now + dt.timedelta(days=20 + 7 * d, hours=6),
            )
            for d in range(3)
        )
        people = User.objects.filter(email__startswith="deelnemer").order_by("pk")[:200]
        Enrolment.objects.bulk_create(
            Enrolment(run=big, user=p, state="confirmed", price=big.price, created_at=self.now)
            for p in people
        )
        User.objects.create_superuser(email="bench-admin@example.org", password="bench-password")
        self.log("bench user with 50 enrolments, run BENCH-200 with 200 participants, bench admin")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    Generator(args.scale, args.seed).run()


if __name__ == "__main__":
    main()
